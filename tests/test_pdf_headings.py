"""Numbered section headings of PDF text: a numbered line in title form that stands alone
and is followed by body text is a heading; numbered list items stay list items."""

from __future__ import annotations

from kextract.corpus import RawBlock, _reflow_lines, read_corpus

BODY = ("Before starting a machine, check that all guards are in place and that nobody is "
        "within")


def kinds(lines):
    return [(b.kind, b.text) for b in _reflow_lines(lines)]


def test_numbered_section_line_followed_by_body_is_a_heading():
    got = _reflow_lines(["5. Starting and stopping", BODY, "reach of moving parts.",
                         "5.1 Emergency stops", "Press the nearest emergency stop at once."])
    assert got[0] == RawBlock("heading", "Starting and stopping", 2)
    assert got[1].kind == "paragraph" and got[1].text.endswith("reach of moving parts.")
    assert got[2] == RawBlock("heading", "5.1 Emergency stops", 3)  # not a bullet: text kept


def test_lower_case_section_words_still_make_a_heading():
    # the old title-case test rejected "Clothing and personal protective equipment"
    assert kinds(["3. Clothing and personal protective equipment",
                  "Gloves must not be worn near rotating parts."])[0] == \
        ("heading", "Clothing and personal protective equipment")


def test_numbered_list_items_stay_list_items():
    got = kinds(["Do the following:", "1. Stop the line", "2. Isolate the drive",
                 "The supervisor signs the log."])
    assert ("list_item", "Stop the line") in got
    # the last item of a numbered list, followed by text, is not taken for a heading
    assert ("list_item", "Isolate the drive") in got
    assert all(k != "heading" for k, _ in got)


def test_item_with_final_punctuation_or_followed_by_lower_case_is_not_a_heading():
    assert kinds(["1. Stop the line.", "Then call the supervisor."])[0][0] == "list_item"
    assert kinds(["1. Check the seal", "and the bearing housing."])[0][0] == "list_item"


def test_dash_bullet_is_never_a_heading():
    assert kinds(["- Wear safety glasses", "Keep the guards closed."])[0][0] == "list_item"


def test_numbered_headings_of_a_real_pdf(tmp_path):
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ["Pump Safety Rules", "1. Scope", "These rules apply to all pumps on site.",
                 "2. Starting and stopping",
                 "Check the oil level before starting the pump. Never run it dry."]:
        pdf.multi_cell(0, 6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    f = tmp_path / "pump.pdf"
    pdf.output(str(f))
    (doc,), _ = read_corpus([f])
    headings = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Pump Safety Rules", "Scope", "Starting and stopping"]
