"""Files -> :class:`~kextract.model.Document` records. No NLP here.

Every format is turned into a list of blocks (heading, paragraph, list item) and the stored
document text is those blocks joined by blank lines, so offsets always refer to the text
kextract stores. Bad inputs are recorded in :attr:`CorpusReader.skipped` with a reason, and
the rest of the corpus is read.
"""

from __future__ import annotations

import csv
import fnmatch
import glob
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import CorpusError, Errors
from .model import Block, Document, SkippedInput

SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
    ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".jsonl": "jsonl", ".csv": "csv",
}
IGNORE_FILE = ".kextractignore"
WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "ascii")
BLOCK_SEPARATOR = "\n\n"

_WS = re.compile(r"[ \t\f\v\u00a0]+")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013+]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_HEADING_MD = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass(frozen=True, slots=True)
class RawBlock:
    kind: str
    text: str
    level: int = 0


def assemble(doc_id: str, blocks: Iterable[RawBlock], *, source: str, fmt: str,
             title: str | None = None, metadata: dict | None = None) -> Document:
    """Join blocks into the stored text, recording each block's offsets."""
    parts: list[str] = []
    records: list[Block] = []
    pos = 0
    for b in blocks:
        text = b.text.strip()
        if not text:
            continue
        if parts:
            parts.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        parts.append(text)
        records.append(Block(b.kind, pos, pos + len(text), b.level))
        pos += len(text)
    text = "".join(parts)
    if title is None:
        head = next((r for r in records if r.kind == "heading"), None)
        title = text[head.start:head.end] if head else None
    meta = tuple(sorted((str(k), str(v)) for k, v in (metadata or {}).items() if v is not None))
    return Document(doc_id, text, source, fmt, title, tuple(records), meta)


# -- decoding -----------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """Decode bytes: BOM and strict UTF-8 first, then charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    if b"\x00" in data[:4096]:
        raise ValueError("binary file (NUL bytes), not text")
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ValueError("cannot detect the text encoding (binary file?)")
    # Central European and Western code pages often tie on Western text ("Lumi\u00e8re"
    # read as cp1250 gives "Lumi\u010dre"); prefer the Western one on a tie.
    for m in matches:
        if m.encoding in WESTERN_ENCODINGS and m.chaos <= best.chaos + 0.01 and \
                best.encoding not in WESTERN_ENCODINGS:
            return str(m)
    return str(best)


def _clean(text: str) -> str:
    return _WS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


# -- plain text ---------------------------------------------------------------------------

def text_blocks(text: str) -> list[RawBlock]:
    """Blocks of plain text: blank lines separate paragraphs, bullet lines are list items,
    short unpunctuated stand-alone lines are headings, hard-wrapped lines are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    blocks: list[RawBlock] = []
    for para in re.split(r"\n\s*\n", text):
        lines = [ln.rstrip() for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) <= 3 and all(_heading_like(ln.strip()) for ln in lines):
            # a title block: "SOP-EQ-07\nRECIPROCATING AIR COMPRESSOR", "1. PURPOSE"
            for ln in lines:
                md = _HEADING_MD.match(ln.strip())
                text = md.group(2) if md else ln.strip()
                num = _NUMBERED.match(text)
                if md:
                    level = len(md.group(1))
                elif num and num.group(1)[0].isdigit():
                    level = 2 + num.group(1).count(".")  # "1." -> 2, "1.2" -> 3
                else:
                    level = 1 if not blocks else 2
                blocks.append(RawBlock("heading", _clean(text), level))
            continue
        current: list[str] = []
        kind = "paragraph"

        def flush():
            if current:
                blocks.append(RawBlock(kind, _clean(" ".join(current))))

        for ln in lines:
            md = _HEADING_MD.match(ln.strip())
            if md:
                flush()
                current, kind = [], "paragraph"
                blocks.append(RawBlock("heading", _clean(md.group(2)), len(md.group(1))))
                continue
            if _BULLET.match(ln):
                flush()
                current, kind = [_BULLET.sub("", ln, count=1)], "list_item"
                continue
            if kind == "list_item" and not ln.startswith((" ", "\t")):
                flush()
                current, kind = [], "paragraph"
            current.append(ln.strip())
        flush()
    return [_promote_heading(b) for b in blocks]


_NUMBERED = re.compile(r"^\(?(\d{1,3}(?:\.\d{1,3})*|[A-Z])[.)]?\s+")


def _heading_like(t: str) -> bool:
    """A short line without closing punctuation that starts with a capital or a number.
    Numbered lines ("1. PURPOSE", "2.3 Scope") count only when the rest is in title or upper
    case, so that a numbered list item ("1. Stop the line") stays a list item."""
    if _HEADING_MD.match(t):
        return True
    words = t.split()
    if not (0 < len(words) <= 10 and len(t) <= 90) or re.search(r"[.!?:;,]$", t):
        return False
    if not (t[0].isupper() or t[0].isdigit() or t[0] == "("):
        return False
    m = _NUMBERED.match(t)
    if m:
        rest = [w for w in t[m.end():].split() if len(w) > 3 and w[0].isalpha()]
        return bool(rest) and sum(w[0].isupper() for w in rest) / len(rest) >= 0.6
    if _BULLET.match(t):
        return False
    return True


def _promote_heading(b: RawBlock) -> RawBlock:
    if b.kind != "paragraph":
        return b
    if _heading_like(b.text):
        return RawBlock("heading", b.text, 2)
    return b


# -- HTML and Markdown --------------------------------------------------------------------

_HTML_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "pre", "blockquote",
                "tr", "caption", "figcaption", "div", "td", "th", "section", "article", "title"]
_SKIP_TAGS = ["script", "style", "noscript", "template", "head", "nav", "svg", "footer",
              "aside", "button", "form"]
_SKIP_CLASS = re.compile(r"breadcrumb|navbar|sidebar|footer|cookie|skip-link", re.I)


def html_blocks(html: str) -> tuple[list[RawBlock], str | None]:
    """Blocks of an HTML page (script, style and navigation dropped) and its <title>."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    title_tag = soup.find("title")
    title = _clean(title_tag.get_text(" ")) if title_tag else None
    for tag in soup(_SKIP_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": _SKIP_CLASS}):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(attrs={"role": re.compile("navigation|banner|contentinfo")}):
        if not tag.decomposed:
            tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks: list[RawBlock] = []
    root = soup.body or soup
    for el in root.find_all(_HTML_BLOCKS):
        if el.name in ("td", "th") and el.find_parent("tr") is not None:
            continue  # read through its row
        # only leaf blocks: an element containing another block element is handled through it
        if el.name != "tr" and el.find(_HTML_BLOCKS):
            if el.name in ("li", "td", "th", "dd", "blockquote"):
                # text directly inside a container block (e.g. "<li>Text<ul>...</ul></li>")
                own = "".join(s for s in el.find_all(string=True, recursive=False))
                if own.strip():
                    blocks.append(RawBlock("list_item" if el.name == "li" else "paragraph",
                                           _clean(own)))
            continue
        if el.name == "tr":
            cells = [_inline_text(c) for c in el.find_all(["td", "th"])]
            text = " | ".join(c for c in cells if c)
        else:
            text = _inline_text(el)
        if not text:
            continue
        if el.name[0] == "h" and el.name[1:].isdigit():
            blocks.append(RawBlock("heading", text, int(el.name[1:])))
        elif el.name == "li":
            blocks.append(RawBlock("list_item", text))
        else:
            blocks.append(RawBlock("paragraph", text))
    if not blocks:
        text = root.get_text("\n")
        blocks = text_blocks(text)
    return blocks, title


def _inline_text(el) -> str:
    """Text of a block element; inline elements are joined without inserting spaces
    ("<em>B. cereus</em>," stays "B. cereus,")."""
    return _clean(el.get_text("").replace("\n", " "))


def markdown_blocks(text: str) -> list[RawBlock]:
    """Markdown is rendered to HTML by markdown-it-py, then read as HTML."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(text)
    blocks, _ = html_blocks(f"<html><body>{html}</body></html>")
    return blocks


# -- PDF and DOCX -------------------------------------------------------------------------

def pdf_blocks(data: bytes) -> list[RawBlock]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as exc:  # pypdf raises several types here
            raise ValueError(f"encrypted PDF: {exc}") from exc
    pages = [(page.extract_text() or "") for page in reader.pages]
    if not any(p.strip() for p in pages):
        raise ValueError("the PDF has no text layer (scanned image?); OCR it first")
    blocks: list[RawBlock] = []
    for page in pages:
        blocks.extend(_reflow_lines(page.split("\n")))
    return blocks


def _reflow_lines(lines: Sequence[str]) -> list[RawBlock]:
    """Rebuild paragraphs from visual lines: a paragraph ends at a line ending a sentence
    that is followed by a capitalised or bulleted line, or at a blank line. A numbered line
    that stands alone in title form ("5. Starting and stopping") and is followed by body text
    is a section heading, not a list item, unless it continues a numbered list; its number is
    dropped from the text as for list items."""
    out: list[RawBlock] = []
    current: list[str] = []
    kind = "paragraph"
    number: str | None = None      # the number of the current numbered list item
    after_numbered = False         # the previous block is a numbered list item

    def flush(as_heading: bool = False):
        nonlocal current, kind, number, after_numbered
        if current:
            text = _clean(" ".join(current))
            if as_heading:
                out.append(RawBlock("heading", text, 2 + number.count(".")))
            else:
                out.append(_promote_heading(RawBlock(kind, text)))
            after_numbered = kind == "list_item" and number is not None and not as_heading
        current, kind, number = [], "paragraph", None

    for raw in lines:
        ln = raw.strip()
        if not ln:
            flush()
            continue
        if _BULLET.match(ln):
            flush()
            kind = "list_item"
            m = _NUMBERED_ITEM.match(ln)
            number = m.group(1) if m else None
            current = [_BULLET.sub("", ln, count=1)]
            continue
        if current and re.search(r"[.!?:]$", current[-1]) and (ln[0].isupper() or ln[0].isdigit()):
            flush()
        elif current and len(current) == 1 and kind == "paragraph" and ln[0].isupper() and \
                not after_numbered and _section_number(current[0]) is not None:
            # "5.1 Emergency stops" (not a bullet: the number has a second level)
            number = _section_number(current[0])
            flush(as_heading=True)
        elif current and len(current) == 1 and _promote_heading(
                RawBlock("paragraph", current[0])).kind == "heading":
            flush(as_heading=kind == "list_item" and number is not None and not after_numbered
                  and ln[0].isupper())
        current.append(ln)
    flush()
    return out


#: a numbered list marker whose number may also number a section ("5.", "2.3", "4)")
_NUMBERED_ITEM = re.compile(r"^\s*\(?(\d{1,3}(?:\.\d{1,3})*)[.)]?\s+")


def _section_number(line: str) -> str | None:
    """The number of a line "2.3 Emergency stops": a multi-level number followed by a short
    unpunctuated title; else None."""
    m = re.match(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(\S.*)$", line)
    if m is None or not _heading_like(m.group(2)) or not m.group(2)[0].isupper():
        return None
    return m.group(1)


def docx_blocks(data: bytes) -> tuple[list[RawBlock], str | None]:
    """Paragraphs and tables of a DOCX in document order; heading and list styles kept."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    blocks: list[RawBlock] = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            for row in Table(child, d).rows:
                cells = [_clean(c.text) for c in row.cells]
                # merged cells repeat their text: keep each distinct cell once
                cells = list(dict.fromkeys(c for c in cells if c))
                if cells:
                    blocks.append(RawBlock("paragraph", " | ".join(cells)))
            continue
        if tag != "p":
            continue
        p = Paragraph(child, d)
        text = _clean(p.text)
        if not text:
            continue
        style = (p.style.name if p.style is not None else "") or ""
        numbered = p._p.pPr is not None and p._p.pPr.numPr is not None
        if style.lower().startswith("heading") or style == "Title":
            digits = "".join(ch for ch in style if ch.isdigit())
            blocks.append(RawBlock("heading", text, int(digits) if digits else 1))
        elif "list" in style.lower() or numbered:
            blocks.append(RawBlock("list_item", text))
        else:
            blocks.append(RawBlock("paragraph", text))
    title = d.core_properties.title or None
    return blocks, title


def line_document(doc_id: str, line: str, source: str) -> Document:
    """The document of one input line in ``--lines`` mode: the stripped line, one block."""
    text = line.strip()
    return Document(doc_id, text, source, "line", None, (Block("paragraph", 0, len(text)),))


# -- the reader ---------------------------------------------------------------------------

class CorpusReader:
    """Iterate over the documents of files, directories (recursive) and glob patterns.

    Parameters
    ----------
    inputs:
        Paths, directories or glob patterns; ``"-"`` reads standard input as one text document
        (or as one document per line with ``lines=True``).
    lines:
        Treat every input line as its own document, id = line number starting at 1.
    text_column:
        Column holding the text in CSV files (and key in JSONL records).
    stdin:
        The stream to read for ``"-"`` (defaults to ``sys.stdin``).

    Unreadable inputs are appended to :attr:`skipped` (path + reason); iteration goes on.
    """

    def __init__(self, inputs: Sequence[str | os.PathLike], *, lines: bool = False,
                 text_column: str = "text", stdin: io.TextIOBase | None = None):
        self.inputs = [str(i) for i in inputs]
        self.lines = lines
        self.text_column = text_column
        self.stdin = stdin
        self.skipped: list[SkippedInput] = []
        self._n_files: int | None = None

    # files ------------------------------------------------------------------------------
    def files(self) -> Iterator[tuple[Path, str]]:
        """(path, document id prefix) for every input file, sorted within each input."""
        for inp in self.inputs:
            if inp == "-":
                continue
            p = Path(inp)
            if p.is_dir():
                ignore = _ignore_patterns(p)
                for f in sorted(p.rglob("*")):
                    rel = f.relative_to(p).as_posix()
                    if not f.is_file() or _ignored(rel, ignore):
                        continue
                    if f.suffix.lower() not in SUFFIXES:
                        self.skipped.append(SkippedInput(str(f), f"unsupported file type "
                                                         f"{f.suffix or '(none)'!r}"))
                        continue
                    yield f, rel
            elif p.is_file():
                yield p, p.name
            else:
                matches = sorted(Path(m) for m in glob.glob(inp, recursive=True))
                files = [m for m in matches if m.is_file()]
                if not files:
                    raise CorpusError(Errors.E010.format(path=inp))
                for f in files:
                    if f.suffix.lower() in SUFFIXES:
                        yield f, f.as_posix()
                    else:
                        self.skipped.append(SkippedInput(str(f), "unsupported file type"))

    def check(self) -> None:
        """Raise :class:`CorpusError` for an input that does not exist at all."""
        for inp in self.inputs:
            if inp != "-" and not Path(inp).exists() and not glob.glob(inp, recursive=True):
                raise CorpusError(Errors.E010.format(path=inp))

    def _single_input(self) -> bool:
        if self._n_files is None:
            self._n_files = sum(1 for _ in CorpusReader(self.inputs).files()) + (
                "-" in self.inputs)
        return self._n_files <= 1

    def __iter__(self) -> Iterator[Document]:
        self.check()
        if "-" in self.inputs:
            import sys

            stream = self.stdin if self.stdin is not None else sys.stdin
            yield from self._from_text(stream.read(), "stdin", "-")
        for path, doc_id in self.files():
            try:
                yield from self._read_file(path, doc_id)
            except Exception as exc:  # a bad file is reported, never fatal
                self.skipped.append(SkippedInput(str(path), f"{type(exc).__name__}: {exc}"))

    def _from_text(self, text: str, doc_id: str, source: str) -> Iterator[Document]:
        if self.lines:
            # one input: ids are bare line numbers; several: "<file id>:<line number>"
            prefix = "" if self._single_input() else f"{doc_id}:"
            for n, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    yield line_document(f"{prefix}{n}", line, source)
        else:
            yield assemble(doc_id, text_blocks(text), source=source, fmt="txt")

    def _read_file(self, path: Path, doc_id: str) -> Iterator[Document]:
        fmt = SUFFIXES[path.suffix.lower()]
        data = path.read_bytes()
        src = str(path)
        if fmt in ("txt",) or self.lines and fmt not in ("pdf", "docx"):
            text = decode(data)
            if not text.strip():
                raise ValueError("empty file")
            yield from self._from_text(text, doc_id, src)
            return
        if fmt == "md":
            yield assemble(doc_id, markdown_blocks(decode(data)), source=src, fmt=fmt)
        elif fmt == "html":
            blocks, title = html_blocks(decode(data))
            yield assemble(doc_id, blocks, source=src, fmt=fmt, title=title)
        elif fmt == "pdf":
            yield assemble(doc_id, pdf_blocks(data), source=src, fmt=fmt)
        elif fmt == "docx":
            blocks, title = docx_blocks(data)
            yield assemble(doc_id, blocks, source=src, fmt=fmt, title=title)
        elif fmt == "jsonl":
            yield from self._read_jsonl(decode(data), doc_id, src)
        elif fmt == "csv":
            yield from self._read_csv(decode(data), doc_id, src)

    def _record(self, rec: dict, doc_id: str, n: int, src: str, where: str) -> Document | None:
        text = rec.get(self.text_column)
        if not isinstance(text, str) or not text.strip():
            self.skipped.append(SkippedInput(f"{src}:{where}",
                                             f"no text in field {self.text_column!r}"))
            return None
        rid = rec.get("id")
        rid = str(rid) if rid not in (None, "") else str(n)
        meta = {k: v for k, v in rec.items() if k not in (self.text_column, "id")
                and isinstance(v, (str, int, float, bool))}
        title = rec.get("title") if isinstance(rec.get("title"), str) else None
        return assemble(f"{doc_id}#{rid}", text_blocks(text), source=src, fmt="record",
                        title=title, metadata=meta)

    def _read_jsonl(self, text: str, doc_id: str, src: str) -> Iterator[Document]:
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                self.skipped.append(SkippedInput(f"{src}:line {n}", f"invalid JSON: {exc.msg}"))
                continue
            if not isinstance(rec, dict):
                self.skipped.append(SkippedInput(f"{src}:line {n}", "line is not a JSON object"))
                continue
            doc = self._record(rec, doc_id, n, src, f"line {n}")
            if doc is not None:
                yield doc

    def _read_csv(self, text: str, doc_id: str, src: str) -> Iterator[Document]:
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or self.text_column not in reader.fieldnames:
            raise ValueError(f"no {self.text_column!r} column (columns: {reader.fieldnames})")
        for n, row in enumerate(reader, start=1):
            doc = self._record(row, doc_id, n, src, f"row {n}")
            if doc is not None:
                yield doc


def _ignore_patterns(root: Path) -> list[str]:
    f = root / IGNORE_FILE
    if not f.is_file():
        return [IGNORE_FILE]
    pats = [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines()]
    return [IGNORE_FILE] + [p for p in pats if p and not p.startswith("#")]


def _ignored(rel: str, patterns: list[str]) -> bool:
    parts = rel.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(rel, pat) or any(fnmatch.fnmatch(p, pat) for p in parts):
            return True
        if rel.startswith(pat + "/"):
            return True
    return any(p.startswith(".") for p in parts)


def read_corpus(inputs: Sequence[str | os.PathLike], **kwargs) -> tuple[list[Document],
                                                                          list[SkippedInput]]:
    """Read a whole corpus into memory (convenience for small corpora and notebooks)."""
    reader = CorpusReader(inputs, **kwargs)
    docs = list(reader)
    return docs, reader.skipped
