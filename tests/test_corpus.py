"""Files -> Document records: every format, encodings, ignore files, globs, --lines mode.

Documents are checked through what a user sees: the stored text, its blocks (heading,
paragraph, list item) and the sections derived from the headings. PDF and DOCX inputs are
generated on the fly with fpdf2 and python-docx.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kextract.corpus import BLOCK_SEPARATOR, CorpusReader, assemble, read_corpus, text_blocks
from kextract.errors import CorpusError
from kextract.model import BLOCK_KINDS, Document

DATA = Path(__file__).resolve().parent.parent / "data"


# -- helpers ------------------------------------------------------------------------------

def read_one(path, **kwargs) -> Document:
    docs, skipped = read_corpus([str(path)], **kwargs)
    assert skipped == [], skipped
    assert len(docs) == 1, [d.id for d in docs]
    return docs[0]


def blocks_of(doc: Document) -> list[tuple[str, str]]:
    """(kind, text) of every block, in document order."""
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def section_titles(doc: Document) -> list[str]:
    return [s.title for s in doc.sections]


def section_of(doc: Document, needle: str) -> str | None:
    s = doc.section_at(doc.text.index(needle))
    return s.title if s else None


def assert_well_formed(doc: Document) -> None:
    """The invariants every document of every format must satisfy."""
    assert doc.text, doc.id
    previous_end = -1
    for b in doc.blocks:
        piece = doc.text[b.start:b.end]
        assert piece, (doc.id, b)
        assert piece == piece.strip(), (doc.id, b)
        assert b.kind in BLOCK_KINDS, (doc.id, b)
        assert b.start > previous_end, f"{doc.id}: blocks overlap or are out of order"
        previous_end = b.end
    # the stored text is exactly the blocks joined by blank lines
    assert doc.text == BLOCK_SEPARATOR.join(doc.text[b.start:b.end] for b in doc.blocks)
    # sections derive from the heading blocks, one per heading, in order
    heads = [b for b in doc.blocks if b.kind == "heading"]
    assert [(s.title, s.start, s.level) for s in doc.sections] == \
        [(doc.text[h.start:h.end], h.start, h.level) for h in heads]
    for h in heads:
        assert doc.section_at(h.start).start == h.start
    for s in doc.sections:
        assert s.start < s.end <= len(doc.text)


def make_pdf(path: Path, pages: list[list[tuple[str, str]]]) -> Path:
    """A PDF with a text layer; each page is a list of (style, text), style 'h' or 'p'."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    for page in pages:
        pdf.add_page()
        for style, text in page:
            size = 16 if style == "h" else 11
            pdf.set_font("Helvetica", style="B" if style == "h" else "", size=size)
            pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
    pdf.output(str(path))
    return path


# -- plain text ---------------------------------------------------------------------------

PLAIN = """Pump Maintenance

The pump must be checked
every day before use and
after every repair.

- Check the oil level in the
  sight glass.
- Listen for unusual noise.
* Look for leaks.

1. Open the suction valve.
2) Start the motor.

## Faults

If the pump overheats, stop it at once.
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_txt_joins_hard_wrapped_lines_and_finds_bullets_and_headings(tmp_path, newline):
    f = tmp_path / "pump.txt"
    f.write_bytes(PLAIN.replace("\n", newline).encode("utf-8"))
    doc = read_one(f)
    assert (doc.id, doc.format, doc.source) == ("pump.txt", "txt", str(f))
    assert blocks_of(doc) == [
        ("heading", "Pump Maintenance"),
        ("paragraph", "The pump must be checked every day before use and after every repair."),
        ("list_item", "Check the oil level in the sight glass."),
        ("list_item", "Listen for unusual noise."),
        ("list_item", "Look for leaks."),
        ("list_item", "Open the suction valve."),
        ("list_item", "Start the motor."),
        ("heading", "Faults"),
        ("paragraph", "If the pump overheats, stop it at once."),
    ]
    assert "\r" not in doc.text
    assert doc.title == "Pump Maintenance"
    assert section_titles(doc) == ["Pump Maintenance", "Faults"]
    assert section_of(doc, "Listen for") == "Pump Maintenance"
    assert section_of(doc, "overheats") == "Faults"
    assert_well_formed(doc)


def test_txt_punctuated_or_long_lines_are_not_headings():
    blocks = text_blocks("Stop the pump.\n\nthe lower-case line\n\n"
                         + " ".join(["Word"] * 12) + "\n\nReady for use:")
    assert [b.kind for b in blocks] == ["paragraph"] * 4


def test_form_feed_separates_paragraphs():
    doc = assemble("x", text_blocks("Page one ends here.\fPage two starts here."),
                   source="-", fmt="txt")
    assert blocks_of(doc) == [("paragraph", "Page one ends here."),
                              ("paragraph", "Page two starts here.")]


def test_txt_stand_alone_numbered_heading_is_a_heading():
    # regression: numbered heading lines used to become list items, leaving numbered SOPs
    # (data/equipment/air_compressor_sop.txt) without any section
    text = ("Compressor SOP\n\n1. PURPOSE AND SCOPE\n\nThis procedure applies to every "
            "compressor.\n\n2. RESPONSIBILITIES\n\nThe supervisor keeps the log.\n")
    doc = assemble("sop.txt", text_blocks(text), source="-", fmt="txt")
    assert blocks_of(doc) == [
        ("heading", "Compressor SOP"),
        ("heading", "1. PURPOSE AND SCOPE"),
        ("paragraph", "This procedure applies to every compressor."),
        ("heading", "2. RESPONSIBILITIES"),
        ("paragraph", "The supervisor keeps the log."),
    ]
    assert section_of(doc, "every compressor") == "1. PURPOSE AND SCOPE"
    assert section_of(doc, "keeps the log") == "2. RESPONSIBILITIES"
    # sibling numbered headings have the same rank
    assert doc.sections[1].level == doc.sections[2].level
    assert_well_formed(doc)


def test_txt_title_line_followed_by_subtitle_gives_the_title():
    # regression: the title and subtitle lines used to be joined into one paragraph, so the
    # document was titled by a later heading ('Common causes')
    doc = read_one(DATA / "first_aid" / "choking.txt")
    assert doc.title == "Choking in Adults and Children Over One Year"
    assert blocks_of(doc)[0] == ("heading", "Choking in Adults and Children Over One Year")


# -- Markdown -----------------------------------------------------------------------------

MARKDOWN = """# Centrifugal Pumps

Pumps move liquids.

## Daily checks

- Check the oil level.
- Listen for noise.
  1. Nested step.

### Seal work

Replace the seal when it leaks.

```
code stays text
```
"""


def test_markdown_headings_become_sections_and_lists_become_items(tmp_path):
    f = tmp_path / "pumps.md"
    f.write_text(MARKDOWN, encoding="utf-8")
    doc = read_one(f)
    assert doc.format == "md" and doc.title == "Centrifugal Pumps"
    assert blocks_of(doc) == [
        ("heading", "Centrifugal Pumps"),
        ("paragraph", "Pumps move liquids."),
        ("heading", "Daily checks"),
        ("list_item", "Check the oil level."),
        ("list_item", "Listen for noise."),
        ("list_item", "Nested step."),
        ("heading", "Seal work"),
        ("paragraph", "Replace the seal when it leaks."),
        ("paragraph", "code stays text"),
    ]
    assert [s.level for s in doc.sections] == [1, 2, 3]
    assert "#" not in doc.text and "```" not in doc.text
    # a level-3 section sits inside its level-2 section, which runs to the end
    assert section_of(doc, "Replace the seal") == "Seal work"
    assert section_of(doc, "Listen") == "Daily checks"
    daily = doc.sections[1]
    assert daily.end == len(doc.text)
    assert_well_formed(doc)


def test_inline_markup_does_not_insert_spaces(tmp_path):
    # regression: inline elements were joined with spaces ('Warning : ... valve .')
    f = tmp_path / "inline.md"
    f.write_text("**Warning**: never open the [drain valve](http://x) under pressure, "
                 "it is *un*safe.\n", encoding="utf-8")
    assert read_one(f).text == ("Warning: never open the drain valve under pressure, "
                                "it is unsafe.")
    h = tmp_path / "inline.html"
    h.write_text("<p>Open the <b>main</b> valve, then <a href='x'>call</a>.</p>",
                 encoding="utf-8")
    assert read_one(h).text == "Open the main valve, then call."


# -- HTML ---------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>Boiler House B</title>
<style>p { color: red; } .hidden-css-marker {}</style>
<script>var secretScriptMarker = 1;</script></head>
<body>
<nav>Home | About | navigation-marker</nav>
<h1>Boiler operation</h1>
<p>Open the <b>main</b> steam valve slowly.</p>
<script>alert("inline-script-marker")</script>
<noscript>noscript-marker</noscript>
<h2>Limits</h2>
<ul><li>Never exceed 10 bar.</li>
    <li>Blow down every shift.<ul><li>Record each blowdown.</li></ul></li></ul>
<h2>Faults</h2>
<div>Call the engineer on a flame failure.</div>
</body></html>
"""


def test_html_drops_script_style_nav_and_keeps_structure(tmp_path):
    f = tmp_path / "boiler.html"
    f.write_text(HTML, encoding="utf-8")
    doc = read_one(f)
    for marker in ("secretScriptMarker", "inline-script-marker", "hidden-css-marker",
                   "color: red", "navigation-marker", "noscript-marker"):
        assert marker not in doc.text
    assert doc.format == "html"
    assert doc.title == "Boiler House B"  # from <title>, not from the first heading
    assert blocks_of(doc) == [
        ("heading", "Boiler operation"),
        ("paragraph", "Open the main steam valve slowly."),
        ("heading", "Limits"),
        ("list_item", "Never exceed 10 bar."),
        ("list_item", "Blow down every shift."),
        ("list_item", "Record each blowdown."),
        ("heading", "Faults"),
        ("paragraph", "Call the engineer on a flame failure."),
    ]
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Boiler operation", 1), ("Limits", 2), ("Faults", 2)]
    assert section_of(doc, "Record each") == "Limits"
    assert section_of(doc, "flame failure") == "Faults"
    assert_well_formed(doc)


def test_html_without_block_elements_falls_back_to_plain_text(tmp_path):
    f = tmp_path / "bare.html"
    f.write_text("<html><body>Keep the door shut.<br>Report any leak.</body></html>",
                 encoding="utf-8")
    doc = read_one(f)
    assert "Keep the door shut." in doc.text and "Report any leak." in doc.text
    assert_well_formed(doc)


TABLE_HTML = """<html><body><h2>Operating limits</h2>
<table><tr><th>Parameter</th><th>Limit</th></tr>
<tr><td>Steam pressure</td><td>8.5 bar</td></tr></table>
<h2>Next</h2><p>More text.</p></body></html>"""
TABLE_MD = """## Operating limits

| Parameter | Limit |
|---|---|
| Steam pressure | 8.5 bar |

## Next

More text.
"""


@pytest.mark.parametrize("name,content", [("limits.html", TABLE_HTML), ("limits.md", TABLE_MD)])
def test_tables_are_kept_one_block_per_row(tmp_path, name, content):
    # regression: <tr> rows (and so HTML and Markdown tables) used to vanish entirely
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    doc = read_one(f)
    assert blocks_of(doc) == [
        ("heading", "Operating limits"),
        ("paragraph", "Parameter | Limit"),
        ("paragraph", "Steam pressure | 8.5 bar"),
        ("heading", "Next"),
        ("paragraph", "More text."),
    ]
    assert section_of(doc, "Steam pressure") == "Operating limits"


def test_bundled_html_table_is_kept():
    doc = read_one(DATA / "equipment" / "boiler_operation.html")
    assert "Steam pressure | 7.0 to 8.5 bar |" in doc.text
    assert section_of(doc, "Steam pressure | 7.0") == "Operating limits"


# -- PDF ----------------------------------------------------------------------------------

PDF_PARAGRAPH = ("The operator must stop the pump if the bearing temperature exceeds eighty "
                 "degrees, and must report the fault to the shift supervisor before restarting "
                 "it. Spare bearings are kept in the store next to the workshop entrance, on "
                 "the second shelf from the top.")


def test_pdf_reflows_lines_into_paragraphs_and_finds_headings(tmp_path):
    f = make_pdf(tmp_path / "pump.pdf", [
        [("h", "Pump Safety"), ("p", PDF_PARAGRAPH), ("p", "- Wear safety glasses."),
         ("p", "- Keep the guards closed.")],
        [("h", "Maintenance"), ("p", "Check the mechanical seal every week.")],
    ])
    doc = read_one(f)
    assert doc.format == "pdf" and doc.id == "pump.pdf"
    # the wrapped paragraph is one block again, with single spaces and no line breaks
    assert ("paragraph", PDF_PARAGRAPH) in blocks_of(doc)
    assert ("list_item", "Wear safety glasses.") in blocks_of(doc)
    assert ("list_item", "Keep the guards closed.") in blocks_of(doc)
    assert section_titles(doc) == ["Pump Safety", "Maintenance"]
    assert section_of(doc, "mechanical seal") == "Maintenance"  # page 2
    assert section_of(doc, "bearing temperature") == "Pump Safety"
    assert doc.title == "Pump Safety"
    assert_well_formed(doc)


def test_pdf_without_text_layer_is_skipped_with_a_reason(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # drawing only, no text
    f = tmp_path / "scan.pdf"
    pdf.output(str(f))
    docs, skipped = read_corpus([str(f)])
    assert docs == []
    assert len(skipped) == 1 and skipped[0].path == str(f)
    assert "no text layer" in skipped[0].reason


# -- DOCX ---------------------------------------------------------------------------------

def make_docx(path: Path, *, table_after_first_section: bool = False) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Shock Guide"
    d.add_heading("Managing shock", level=1)
    d.add_paragraph("Shock is a life-threatening condition.")
    if table_after_first_section:
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "Sign", "Action"
        t.cell(1, 0).text, t.cell(1, 1).text = "Fainting", "Lay them down"
    d.add_heading("Signs", level=2)
    d.add_paragraph("pale, cold skin", style="List Bullet")
    d.add_paragraph("a rapid, weak pulse", style="List Number")
    d.add_paragraph("Call for help early.")
    if not table_after_first_section:
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "Sign", "Action"
        t.cell(1, 0).text, t.cell(1, 1).text = "Fainting", "Lay them down"
    d.save(str(path))
    return path


def test_docx_headings_lists_tables_and_core_title(tmp_path):
    doc = read_one(make_docx(tmp_path / "shock.docx"))
    assert doc.format == "docx"
    assert doc.title == "Shock Guide"  # core property wins over the first heading
    assert blocks_of(doc) == [
        ("heading", "Managing shock"),
        ("paragraph", "Shock is a life-threatening condition."),
        ("heading", "Signs"),
        ("list_item", "pale, cold skin"),
        ("list_item", "a rapid, weak pulse"),
        ("paragraph", "Call for help early."),
        ("paragraph", "Sign | Action"),
        ("paragraph", "Fainting | Lay them down"),
    ]
    assert [(s.title, s.level) for s in doc.sections] == [("Managing shock", 1), ("Signs", 2)]
    assert_well_formed(doc)


def test_docx_table_stays_in_its_section(tmp_path):
    doc = read_one(make_docx(tmp_path / "shock.docx", table_after_first_section=True))
    assert section_of(doc, "Fainting | Lay them down") == "Managing shock"


# -- JSONL and CSV ------------------------------------------------------------------------

JSONL = "\n".join([
    json.dumps({"id": "A1", "title": "Disk full", "service": "api", "tags": ["x"],
                "text": "If the disk is full, delete old logs."}),
    json.dumps({"id": "A2", "text": "Rotate the certificate\nbefore it expires."}),
    "this line is not JSON",
    json.dumps({"id": "A3", "title": "No text here"}),
    json.dumps([1, 2, 3]),
    "",
    json.dumps({"text": "Record without an id."}),
]) + "\n"


def test_jsonl_records_become_documents_and_bad_lines_are_reported(tmp_path):
    f = tmp_path / "runbooks.jsonl"
    f.write_text(JSONL, encoding="utf-8")
    docs, skipped = read_corpus([str(f)])
    by_id = {d.id: d for d in docs}
    assert list(by_id) == ["runbooks.jsonl#A1", "runbooks.jsonl#A2", "runbooks.jsonl#7"]
    a1 = by_id["runbooks.jsonl#A1"]
    assert a1.text == "If the disk is full, delete old logs."
    assert a1.title == "Disk full" and a1.format == "record" and a1.source == str(f)
    # scalar fields are kept as metadata; the text, the id and non-scalars are not
    assert dict(a1.metadata) == {"service": "api", "title": "Disk full"}
    assert by_id["runbooks.jsonl#A2"].text == "Rotate the certificate before it expires."
    assert by_id["runbooks.jsonl#7"].text == "Record without an id."  # id = line number

    # every bad line is reported with its path and line number, and reading goes on
    assert len(skipped) == 3, skipped
    assert all(s.path.startswith(f"{f}:") for s in skipped)
    by_line = {s.path[-1]: s.reason for s in skipped}
    assert "invalid JSON" in by_line["3"]
    assert "no text in field 'text'" in by_line["4"]
    assert "not a JSON object" in by_line["5"]
    for d in docs:
        assert_well_formed(d)


def test_csv_text_column_rows_become_documents(tmp_path):
    f = tmp_path / "rules.csv"
    f.write_text("id,title,text\nR1,Hands,Wash your hands before work.\nR2,Empty,\n"
                 ",No id,\"Keep raw meat below cooked food, always.\"\n", encoding="utf-8")
    docs, skipped = read_corpus([str(f)])
    assert [(d.id, d.title, d.text) for d in docs] == [
        ("rules.csv#R1", "Hands", "Wash your hands before work."),
        ("rules.csv#3", "No id", "Keep raw meat below cooked food, always."),
    ]
    assert [s.path for s in skipped] == [f"{f}:row 2"]
    assert "no text" in skipped[0].reason


def test_csv_without_text_column_is_skipped_unless_the_column_is_named(tmp_path):
    f = tmp_path / "notes.csv"
    f.write_text("id,body\n1,Close the valve after use.\n", encoding="utf-8")
    docs, skipped = read_corpus([str(f)])
    assert docs == []
    assert len(skipped) == 1 and skipped[0].path == str(f)
    assert "'text'" in skipped[0].reason and "body" in skipped[0].reason
    docs, skipped = read_corpus([str(f)], text_column="body")
    assert [(d.id, d.text) for d in docs] == [("notes.csv#1", "Close the valve after use.")]
    assert skipped == []


# -- encodings ----------------------------------------------------------------------------

WESTERN = ("Lumi\u00e8re kitchen rules\n\nKeep the pur\u00e9e below 5 \u00b0C and serve the "
           "cr\u00e8me br\u00fbl\u00e9e cold.\n")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_single_byte_encodings_are_detected(tmp_path, encoding):
    text = WESTERN
    if encoding == "cp1252":
        text += "A portion costs 5 \u20ac \u2013 \u201cfresh\u201d only.\n"
    f = tmp_path / "kitchen.txt"
    f.write_bytes(text.encode(encoding))
    doc = read_one(f)
    for word in ("Lumi\u00e8re", "pur\u00e9e", "5 \u00b0C", "cr\u00e8me br\u00fbl\u00e9e"):
        assert word in doc.text
    if encoding == "cp1252":
        assert "5 \u20ac \u2013 \u201cfresh\u201d" in doc.text


def test_bundled_latin1_file_decodes():
    doc = read_one(DATA / "food_safety" / "cleaning_and_sanitizing_latin1.txt")
    for word in ("Caf\u00e9", "Lumi\u00e8re", "pur\u00e9e", "\u00b0C", "cr\u00e8me br\u00fbl\u00e9e"):
        assert word in doc.text
    assert "\ufffd" not in doc.text


def test_utf8_bom_is_stripped_in_text_and_csv_headers(tmp_path):
    t = tmp_path / "bom.txt"
    t.write_bytes(b"\xef\xbb\xbf" + "Caf\u00e9 rules\n\nThe caf\u00e9 opens at 7.".encode())
    doc = read_one(t)
    assert doc.text.startswith("Caf\u00e9 rules") and "\ufeff" not in doc.text
    c = tmp_path / "excel.csv"  # spreadsheet exports start with a BOM before the header
    c.write_bytes(b"\xef\xbb\xbfid,text\r\n1,Label every container.\r\n")
    docs, skipped = read_corpus([str(c)])
    assert [(d.id, d.text) for d in docs] == [("excel.csv#1", "Label every container.")]


def test_binary_garbage_is_skipped_with_a_reason(tmp_path):
    import random

    rng = random.Random(7)
    with_nul = tmp_path / "blob.txt"
    with_nul.write_bytes(bytes(rng.randrange(256) for _ in range(3000)) + b"\x00\x00")
    no_nul = tmp_path / "noise.md"
    no_nul.write_bytes(bytes(rng.randrange(1, 256) for _ in range(3000)))
    good = tmp_path / "good.txt"
    good.write_text("Still read.", encoding="utf-8")
    docs, skipped = read_corpus([str(tmp_path)])
    assert [d.id for d in docs] == ["good.txt"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"blob.txt", "noise.md"}
    assert "binary" in reasons["blob.txt"]
    assert "encoding" in reasons["noise.md"]


def test_empty_file_is_skipped(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    docs, skipped = read_corpus([str(tmp_path)])
    assert docs == [] and len(skipped) == 1 and "empty" in skipped[0].reason


# -- directories, globs, ignore files -----------------------------------------------------

@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "corpus"
    for rel, text in {
        "top.txt": "Top level text.",
        "sub/guide.md": "# Sub guide\n\nText.",
        "sub/deep/deep.txt": "Deep text.",
        "sub/secret.txt": "Ignored by name.",
        "drafts/draft.txt": "Ignored by directory.",
        "notes/a.draft.txt": "Ignored by glob.",
        "notes/kept.txt": "Kept note.",
        ".hidden/h.txt": "Hidden directories are ignored.",
        "image.png": "not an image really",
        "README": "no suffix",
    }.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / ".kextractignore").write_text("# comment line\ndrafts/\nsecret.txt\n*.draft.txt\n\n",
                                          encoding="utf-8")
    return root


def test_directory_is_read_recursively_in_sorted_order_with_relative_ids(tree):
    docs, skipped = read_corpus([str(tree)])
    assert [d.id for d in docs] == ["notes/kept.txt", "sub/deep/deep.txt", "sub/guide.md",
                                    "top.txt"]
    assert docs[1].source == str(tree / "sub" / "deep" / "deep.txt")
    # unsupported files are reported, not read
    assert sorted((Path(s.path).name, s.reason) for s in skipped) == [
        ("README", "unsupported file type '(none)'"),
        ("image.png", "unsupported file type '.png'"),
    ]


def test_kextractignore_excludes_dirs_names_and_globs_but_not_other_files(tree):
    docs, _ = read_corpus([str(tree)])
    ids = {d.id for d in docs}
    assert not ids & {"drafts/draft.txt", "sub/secret.txt", "notes/a.draft.txt",
                      ".hidden/h.txt", ".kextractignore"}
    # without the ignore file, the same names are read
    (tree / ".kextractignore").unlink()
    docs, _ = read_corpus([str(tree)])
    assert {"drafts/draft.txt", "sub/secret.txt", "notes/a.draft.txt"} <= {d.id for d in docs}
    assert ".hidden/h.txt" not in {d.id for d in docs}


def test_bundled_corpus_ignore_file_excludes_readme_and_questions():
    docs, skipped = read_corpus([str(DATA)])
    sources = {Path(d.source).name for d in docs}
    assert not sources & {"README.md", "questions.txt", "questions_gold.tsv"}
    assert skipped == []
    assert len(sources) == 25  # 23 prose documents + the JSONL and CSV files


def test_globs_are_expanded_recursively_only_with_double_star(tree):
    docs, _ = read_corpus([str(tree / "**" / "*.txt")])
    assert {Path(d.source).relative_to(tree).as_posix() for d in docs} >= {
        "top.txt", "sub/deep/deep.txt", "notes/kept.txt"}
    docs, _ = read_corpus([str(tree / "*.txt")])
    assert [Path(d.source).name for d in docs] == ["top.txt"]
    docs, skipped = read_corpus([str(tree / "*.png")])
    assert docs == [] and [Path(s.path).name for s in skipped] == ["image.png"]


@pytest.mark.parametrize("missing", ["no_such_dir", "no_such_file.txt", "nothing/*.md"])
def test_nonexistent_input_raises_corpus_error(tmp_path, missing):
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    path = str(tmp_path / missing)
    with pytest.raises(CorpusError, match=r"^\[E010\]") as exc:
        read_corpus([str(tmp_path / "ok.txt"), path])
    assert path in str(exc.value)
    # raised before anything is read, so a build cannot half-succeed
    reader = CorpusReader([str(tmp_path / "ok.txt"), path])
    with pytest.raises(CorpusError):
        next(iter(reader))


# -- --lines mode and stdin ---------------------------------------------------------------

def test_lines_mode_one_document_per_line_numbered_from_one():
    stdin = io.StringIO("First line here.\n\n   Third line, indented.  \nFourth.\n")
    docs = list(CorpusReader(["-"], lines=True, stdin=stdin))
    assert [(d.id, d.text, d.source, d.format) for d in docs] == [
        ("1", "First line here.", "-", "line"),
        ("3", "Third line, indented.", "-", "line"),
        ("4", "Fourth.", "-", "line"),
    ]
    for d in docs:  # offsets are relative to the (stripped) line
        assert [(b.start, b.end) for b in d.blocks] == [(0, len(d.text))]


def test_lines_mode_reads_markup_files_as_raw_lines(tmp_path):
    f = tmp_path / "l.md"
    f.write_text("# Heading\n- item one\n", encoding="utf-8")
    docs = list(CorpusReader([str(f)], lines=True))
    assert [(d.id, d.text) for d in docs] == [("1", "# Heading"), ("2", "- item one")]


def test_lines_mode_ids_are_unique_across_files(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha one.\nAlpha two.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta one.\n", encoding="utf-8")
    docs = list(CorpusReader([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], lines=True))
    ids = [d.id for d in docs]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_stdin_without_lines_is_one_document():
    docs = list(CorpusReader(["-"], stdin=io.StringIO("Valve Care\n\nGrease the valve.\n")))
    assert [(d.id, d.source, d.format) for d in docs] == [("stdin", "-", "txt")]
    assert blocks_of(docs[0]) == [("heading", "Valve Care"), ("paragraph", "Grease the valve.")]


# -- invariants on the bundled corpus and on arbitrary text -------------------------------

def test_every_bundled_document_is_well_formed():
    docs, skipped = read_corpus([str(DATA)])
    assert skipped == []
    assert {d.format for d in docs} == {"txt", "md", "html", "pdf", "docx", "record"}
    for d in docs:
        assert_well_formed(d)
    assert len({d.id for d in docs}) == len(docs)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from(list("ab A.:-*#1)\n\n\t \r\x0c\u00a0\u2028\u0085"
                                          "\u2022\u2013e\u00e9")), max_size=300),
))
def test_text_blocks_and_assemble_never_raise_and_slices_match(text):
    raw = text_blocks(text)
    doc = assemble("h", raw, source="-", fmt="txt")
    kept = [b for b in raw if b.text.strip()]
    assert [b.kind for b in doc.blocks] == [b.kind for b in kept]
    for r, b in zip(kept, doc.blocks):
        assert doc.text[b.start:b.end] == r.text.strip()
    if doc.blocks:
        assert_well_formed(doc)
    else:
        assert doc.text == ""


def test_a_lost_character_shown_as_question_mark_ends_no_sentence(nlp):
    from kextract.corpus import assemble, text_blocks
    from kextract.nlp import make_doc, sentence_spans

    def sents(text):
        doc = nlp(make_doc(nlp, assemble("t", text_blocks(text), source="-", fmt="txt")))
        return [s.text for s in sentence_spans(doc)]

    # a "?" before a lower-case word or a digit is a character lost in conversion
    assert sents("If the anti ? static mat is worn , replace it .") == \
        ["If the anti ? static mat is worn , replace it ."]
    doc = make_doc(nlp, assemble("t", text_blocks("See Table 4 ? 3 now."), source="-",
                                 fmt="txt"))
    assert [t.is_sent_start for t in doc if t.i and doc[t.i - 1].text == "?"] == [False]
    # a real question still ends its sentence
    assert sents("Is the pump on? Then close the valve.") == \
        ["Is the pump on?", "Then close the valve."]
