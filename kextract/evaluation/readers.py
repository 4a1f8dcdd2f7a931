"""Read the shared benchmark sets and kextract's own JSONL output into typed records.

Every reader takes a path at run time; nothing here knows where the benchmark folder lives and
no benchmark data is bundled with kextract. Readers are pure apart from reading the file(s) they
are given. The CaRB gold and system-output readers live in :mod:`kextract.evaluation.carb`.

Quirks of the real files, and how they are resolved, are documented on each reader.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kextract.errors import KextractError

__all__ = [
    "BenchmarkDataError",
    "BratDocument",
    "BratRelation",
    "BratSpan",
    "CondRelation",
    "CondSentence",
    "DeftDocument",
    "DeftPair",
    "DeftRelation",
    "DeftSentence",
    "DeftSpan",
    "FactRecord",
    "QADataset",
    "QADocument",
    "QAQuestion",
    "TextSpan",
    "deft_definition_pairs",
    "iter_lines",
    "read_brat_document",
    "read_conditional_requirements",
    "read_deft",
    "read_deft_file",
    "read_emanual",
    "read_fact_records",
    "read_scienceie",
    "read_xquad",
    "resolve_section_path",
    "scienceie_hyponym_pairs",
]


class BenchmarkDataError(KextractError, ValueError):
    """A benchmark or prediction file does not have the documented layout."""


def _bad(path: Path | str, where: str, reason: str) -> BenchmarkDataError:
    return BenchmarkDataError(f"[EVAL] Cannot read {str(path)!r} ({where}): {reason}")


# --------------------------------------------------------------------------------------------
# Shared span type and kextract's own JSONL records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of text with half-open character offsets ``[start, end)`` into its document."""

    text: str
    start: int
    end: int


#: Fields of an ``extract --format jsonl`` record that always hold spans (lists or single).
_SPAN_FIELDS = frozenset({
    "conditions", "exceptions", "consequence", "actor",            # rule
    "concept", "instances",                                       # example
    "term", "definition", "genus", "aliases",                     # definition
    "subject", "predicate", "object", "extra_args",               # relation
    "span",                                                       # entity
})
_HEADER_FIELDS = frozenset({
    "kind", "doc", "sentence", "sentence_start", "sentence_end", "extractor", "pattern",
    "confidence",
})


@dataclass(frozen=True, slots=True)
class FactRecord:
    """One fact of kextract's JSONL output (or of a gold file in the same format).

    Span-valued fields become *slots*: a single span is a 1-tuple, ``null`` an empty tuple and a
    list keeps its order. Other fields (``modality``, ``negated``, ``cue``, ``label``...) are kept
    as *attributes*. Both are stored as sorted ``(name, value)`` tuples so records stay hashable.
    """

    kind: str
    doc: str
    sentence: str = ""
    sentence_start: int | None = None
    sentence_end: int | None = None
    confidence: float = 1.0
    extractor: str = ""
    pattern: str = ""
    slots: tuple[tuple[str, tuple[TextSpan, ...]], ...] = ()
    attributes: tuple[tuple[str, Any], ...] = ()

    def slot(self, name: str) -> tuple[TextSpan, ...]:
        """Spans of slot ``name`` (empty when absent or null)."""
        for key, spans in self.slots:
            if key == name:
                return spans
        return ()

    def first(self, name: str) -> TextSpan | None:
        """The first span of slot ``name`` or None."""
        spans = self.slot(name)
        return spans[0] if spans else None

    def attribute(self, name: str, default: Any = None) -> Any:
        for key, value in self.attributes:
            if key == name:
                return value
        return default

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "FactRecord":
        """Build a record from one decoded JSON object; raises ValueError on a malformed span."""
        slots: list[tuple[str, tuple[TextSpan, ...]]] = []
        attributes: list[tuple[str, Any]] = []
        for key, value in data.items():
            if key in _HEADER_FIELDS:
                continue
            if key in _SPAN_FIELDS or _is_span(value) or (
                    isinstance(value, list) and value and all(_is_span(v) for v in value)):
                slots.append((key, _spans(value, key)))
            else:
                attributes.append((key, _freeze(value)))
        start, end = data.get("sentence_start"), data.get("sentence_end")
        return cls(
            kind=str(data["kind"]),
            doc=str(data.get("doc", "")),
            sentence=str(data.get("sentence") or ""),
            sentence_start=int(start) if start is not None else None,
            sentence_end=int(end) if end is not None else None,
            confidence=float(data["confidence"]) if data.get("confidence") is not None else 1.0,
            extractor=str(data.get("extractor") or ""),
            pattern=str(data.get("pattern") or ""),
            slots=tuple(sorted(slots)),
            attributes=tuple(sorted(attributes, key=lambda kv: kv[0])),
        )


def _is_span(value: Any) -> bool:
    return isinstance(value, Mapping) and "start" in value and "end" in value


def _spans(value: Any, key: str) -> tuple[TextSpan, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if not _is_span(item):
            # e.g. aliases given as plain strings: keep the text, offsets unknown (-1)
            if isinstance(item, str):
                out.append(TextSpan(item, -1, -1))
                continue
            raise ValueError(f"field {key!r} holds {item!r}, not a {{text, start, end}} span")
        out.append(TextSpan(str(item.get("text", "")), int(item["start"]), int(item["end"])))
    return tuple(out)


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def read_fact_records(path: Path | str) -> tuple[FactRecord, ...]:
    """Read ``kextract extract --format jsonl`` output (or a gold file in that format).

    Blank lines are ignored; a malformed line raises :class:`BenchmarkDataError` naming the line.
    """
    path = Path(path)
    records = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(FactRecord.from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise _bad(path, f"line {lineno}", str(exc)) from exc
    return tuple(records)


# --------------------------------------------------------------------------------------------
# conditional_requirements
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CondRelation:
    cue: str
    kind: str                      # "conditional" or "causal"
    condition: tuple[str, ...]
    consequence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CondSentence:
    index: int                     # 0-based line index; ``extract --lines`` calls it doc str(index + 1)
    sentence: str
    relations: tuple[CondRelation, ...]


def read_conditional_requirements(path: Path | str) -> tuple[CondSentence, ...]:
    """Read ``conditional_requirements/gold.jsonl`` (one sentence per line, blank lines skipped)."""
    path = Path(path)
    out = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                relations = tuple(
                    CondRelation(
                        cue=str(r.get("cue", "")),
                        kind=str(r["kind"]),
                        condition=tuple(str(c) for c in r.get("condition", [])),
                        consequence=tuple(str(c) for c in r.get("consequence", [])),
                    )
                    for r in data.get("relations", [])
                )
                out.append(CondSentence(len(out), str(data["sentence"]), relations))
            except (ValueError, KeyError, TypeError) as exc:
                raise _bad(path, f"line {lineno}", str(exc)) from exc
    return tuple(out)


# --------------------------------------------------------------------------------------------
# scienceie (brat standoff)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BratSpan:
    """A brat text-bound annotation; ``fragments`` has several entries for discontinuous spans."""

    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        return min(s for s, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.fragments)


@dataclass(frozen=True, slots=True)
class BratRelation:
    id: str
    label: str
    arg1: str
    arg2: str


@dataclass(frozen=True, slots=True)
class BratDocument:
    doc_id: str                    # file stem, e.g. "S0003491613001516"
    text: str
    spans: tuple[BratSpan, ...]
    relations: tuple[BratRelation, ...]

    def span(self, span_id: str) -> BratSpan:
        for span in self.spans:
            if span.id == span_id:
                return span
        raise KeyError(span_id)


_BRAT_FRAGMENT = re.compile(r"^(\d+) (\d+)$")
_BRAT_ARG = re.compile(r"^Arg\d+:(\S+)$")


def read_brat_document(txt_path: Path | str) -> BratDocument:
    """Read a brat ``.txt`` and its sibling ``.ann``.

    * ``T`` lines: ``T1<TAB>Label 10 20<TAB>text``; discontinuous offsets ``10 20;25 30`` give
      several fragments.
    * ``R`` lines: ``R1<TAB>Hyponym-of Arg1:T1 Arg2:T2``.
    * Equivalence lines (``*<TAB>Synonym-of T1 T2``), events, attributes and notes are ignored.

    The text is read as UTF-8 without newline translation so offsets are character offsets.
    """
    txt_path = Path(txt_path)
    ann_path = txt_path.with_suffix(".ann")
    with txt_path.open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    spans: list[BratSpan] = []
    relations: list[BratRelation] = []
    with ann_path.open(encoding="utf-8", newline="") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            ann_id = fields[0]
            try:
                if ann_id.startswith("T"):
                    label, _, offsets = fields[1].partition(" ")
                    fragments = []
                    for frag in offsets.split(";"):
                        m = _BRAT_FRAGMENT.match(frag.strip())
                        if not m:
                            raise ValueError(f"bad offsets {offsets!r}")
                        fragments.append((int(m.group(1)), int(m.group(2))))
                    span_text = fields[2] if len(fields) > 2 else ""
                    spans.append(BratSpan(ann_id, label, tuple(fragments), span_text))
                elif ann_id.startswith("R"):
                    parts = fields[1].split()
                    args = [_BRAT_ARG.match(p) for p in parts[1:3]]
                    if len(parts) < 3 or not all(args):
                        raise ValueError(f"bad relation {fields[1]!r}")
                    relations.append(BratRelation(ann_id, parts[0], args[0].group(1),
                                                  args[1].group(1)))
            except (IndexError, ValueError) as exc:
                raise _bad(ann_path, f"line {lineno}", str(exc)) from exc
    return BratDocument(txt_path.stem, text, tuple(spans), tuple(relations))


def read_scienceie(folder: Path | str) -> tuple[BratDocument, ...]:
    """Read every ``*.txt`` with a sibling ``.ann`` in ``folder``, sorted by file name."""
    folder = Path(folder)
    return tuple(read_brat_document(p) for p in sorted(folder.glob("*.txt"))
                 if p.with_suffix(".ann").exists())


def scienceie_hyponym_pairs(doc: BratDocument) -> tuple[tuple[BratSpan, BratSpan], ...]:
    """Gold ``(hyponym, hypernym)`` span pairs: ``Hyponym-of Arg1:Ta Arg2:Tb`` means Ta is a Tb."""
    return tuple((doc.span(r.arg1), doc.span(r.arg2)) for r in doc.relations
                 if r.label == "Hyponym-of")


# --------------------------------------------------------------------------------------------
# DEFT
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeftSentence:
    doc: str                       # file name, e.g. "t1_biology_0_0.deft"
    index: int                     # 0-based, in order of source offset, duplicates removed
    start: int                     # offsets into DeftDocument.text
    end: int
    text: str
    has_definition: bool           # some token of the sentence is tagged B-Definition

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc, self.index)


@dataclass(frozen=True, slots=True)
class DeftSpan:
    tag_id: str                    # "T125"
    label: str                     # tag without B-/I-: Term, Definition, Alias-Term, ...
    start: int                     # offsets into DeftDocument.text
    end: int
    text: str
    sentence_index: int            # sentence of the first token


@dataclass(frozen=True, slots=True)
class DeftRelation:
    tail: str                      # tag id of the row carrying the relation (e.g. a Definition)
    head: str                      # tag id it points to (root_id column, e.g. the Term)
    label: str                     # Direct-Defines, Indirect-Defines, AKA, Refers-To, ...


@dataclass(frozen=True, slots=True)
class DeftPair:
    doc: str
    label: str                     # Direct-Defines or Indirect-Defines
    term: DeftSpan
    definition: DeftSpan


@dataclass(frozen=True, slots=True)
class DeftDocument:
    name: str
    text: str                      # sentences joined by "\n" (see read_deft_file)
    sentences: tuple[DeftSentence, ...]
    spans: tuple[DeftSpan, ...]
    relations: tuple[DeftRelation, ...]

    def span(self, tag_id: str) -> DeftSpan:
        for span in self.spans:
            if span.tag_id == tag_id:
                return span
        raise KeyError(tag_id)


@dataclass(slots=True)
class _DeftToken:
    text: str
    start: int
    end: int
    tag: str
    tag_id: str
    root_id: str
    relation: str


def _deft_rows(path: Path) -> Iterator[list[_DeftToken]]:
    sentence: list[_DeftToken] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                if sentence:
                    yield sentence
                    sentence = []
                continue
            cols = [c.strip() for c in line.rstrip("\r\n").split("\t")]
            if len(cols) != 8:
                raise _bad(path, f"line {lineno}", f"expected 8 tab-separated columns, got {len(cols)}")
            try:
                sentence.append(_DeftToken(cols[0], int(cols[2]), int(cols[3]), cols[4], cols[5],
                                           cols[6], cols[7]))
            except ValueError as exc:
                raise _bad(path, f"line {lineno}", str(exc)) from exc
    if sentence:
        yield sentence


def read_deft_file(path: Path | str) -> DeftDocument:
    """Read one DEFT ``.deft`` file.

    Layout: ``token<TAB>source<TAB>start<TAB>end<TAB>tag<TAB>tag_id<TAB>root_id<TAB>relation``
    (every column after the first has a leading space, which is stripped); blank lines separate
    sentences, two blank lines separate the corpus' 3-sentence chunks. Quirks handled:

    * **Repeated sentences**: chunks overlap, so a sentence can occur twice with the same source
      offsets and *different* annotations. Copies are merged into one sentence; the annotations
      of all copies are united (a tag id seen in both copies is one span).
    * **Spans across a sentence break** (e.g. a definition ending inside a closing quote that the
      corpus split off): a span runs from its first to its last token in document coordinates.
    * Section-number "sentences" such as ``2 .`` are kept (they are negatives in the set).

    Text is rebuilt from the tokens: within a sentence a single space is put where the source
    offsets leave a gap and nothing where tokens touch (``science .`` at 109-116, 116-117 gives
    ``science.``); sentences are joined with ``\\n`` in source order. All offsets of the returned
    records point into that rebuilt ``text``.
    """
    path = Path(path)
    by_range: dict[tuple[int, int], list[list[_DeftToken]]] = {}
    for tokens in _deft_rows(path):
        by_range.setdefault((tokens[0].start, tokens[-1].end), []).append(tokens)

    sentences: list[DeftSentence] = []
    token_pos: dict[tuple[int, int], tuple[int, int, int]] = {}   # source offsets -> doc, sent
    pieces: list[str] = []
    offset = 0
    for index, key in enumerate(sorted(by_range)):
        copies = by_range[key]
        tokens = copies[0]
        text_parts: list[str] = []
        local = 0
        prev_end: int | None = None
        for tok in tokens:
            if prev_end is not None and tok.start > prev_end:
                text_parts.append(" ")
                local += 1
            token_pos[(tok.start, tok.end)] = (offset + local, offset + local + len(tok.text), index)
            text_parts.append(tok.text)
            local += len(tok.text)
            prev_end = tok.end
        text = "".join(text_parts)
        has_def = any(t.tag == "B-Definition" for copy in copies for t in copy)
        sentences.append(DeftSentence(path.name, index, offset, offset + len(text), text, has_def))
        pieces.append(text)
        offset += len(text) + 1
    doc_text = "\n".join(pieces)

    members: dict[str, set[tuple[int, int]]] = {}
    labels: dict[str, str] = {}
    heads: dict[str, tuple[str, str]] = {}
    for key in sorted(by_range):
        for copy in by_range[key]:
            for tok in copy:
                if tok.tag == "O" or tok.tag_id in ("", "-1"):
                    continue
                members.setdefault(tok.tag_id, set()).add((tok.start, tok.end))
                labels.setdefault(tok.tag_id, tok.tag.split("-", 1)[1] if "-" in tok.tag else tok.tag)
                if tok.relation not in ("", "0") and tok.root_id not in ("", "0", "-1"):
                    heads.setdefault(tok.tag_id, (tok.root_id, tok.relation))

    spans = []
    for tag_id, offsets in members.items():
        positions = sorted(token_pos[o] for o in offsets)
        start, end = positions[0][0], max(p[1] for p in positions)
        spans.append(DeftSpan(tag_id, labels[tag_id], start, end, doc_text[start:end],
                              positions[0][2]))
    spans.sort(key=lambda s: (s.start, s.end, s.tag_id))
    relations = tuple(sorted((DeftRelation(tail, head, label) for tail, (head, label) in heads.items()),
                             key=lambda r: (r.tail, r.head)))
    return DeftDocument(path.name, doc_text, tuple(sentences), tuple(spans), relations)


def read_deft(folder: Path | str) -> tuple[DeftDocument, ...]:
    """Read every ``*.deft`` file of ``folder`` (sorted by name)."""
    return tuple(read_deft_file(p) for p in sorted(Path(folder).glob("*.deft")))


DEFINES_RELATIONS = ("Direct-Defines", "Indirect-Defines")


def deft_definition_pairs(doc: DeftDocument) -> tuple[DeftPair, ...]:
    """Gold (term, definition) pairs of a document.

    A ``Direct-Defines``/``Indirect-Defines`` relation sits on the definition's rows and points
    (root_id) at the defined span, which is taken as the term as annotated: for
    ``Indirect-Defines`` that is usually a Referential-Term ("Here", "This process"); the
    ``Refers-To`` chain is not followed. Relations whose head id is not annotated are skipped.
    """
    by_id = {s.tag_id: s for s in doc.spans}
    pairs = []
    for rel in doc.relations:
        if rel.label in DEFINES_RELATIONS and rel.head in by_id and rel.tail in by_id:
            pairs.append(DeftPair(doc.name, rel.label, by_id[rel.head], by_id[rel.tail]))
    return tuple(pairs)


# --------------------------------------------------------------------------------------------
# QA sets: xquad_en (SQuAD v1.1) and emanual_tv
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QADocument:
    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class QAQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    gold_doc: str                  # the annotated source document
    gold_docs: frozenset[str]      # gold_doc plus documents with identical text (any is correct)
    note: str = ""                 # how the gold document was resolved (emanual_tv)


@dataclass(frozen=True, slots=True)
class QADataset:
    documents: tuple[QADocument, ...]
    questions: tuple[QAQuestion, ...]


def read_xquad(path: Path | str) -> QADataset:
    """Read a SQuAD v1.1 json file: one document per paragraph, id ``"<title>/<paragraph#>"``."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    documents: list[QADocument] = []
    questions: list[QAQuestion] = []
    try:
        for article in data["data"]:
            title = str(article.get("title", ""))
            for p_index, paragraph in enumerate(article["paragraphs"]):
                doc_id = f"{title}/{p_index}"
                documents.append(QADocument(doc_id, title, str(paragraph["context"])))
                for qa in paragraph["qas"]:
                    answers = tuple(str(a["text"]) for a in qa.get("answers", []))
                    questions.append(QAQuestion(str(qa["id"]), str(qa["question"]), answers,
                                                doc_id, frozenset({doc_id})))
    except (KeyError, TypeError) as exc:
        raise _bad(path, "SQuAD layout", f"missing field {exc}") from exc
    return QADataset(tuple(documents), tuple(questions))


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _norm_title(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split()).strip(" :").casefold()


def _title_matches(element: str, title: str) -> bool:
    """Equal after normalization, or ``title`` is a PDF-truncated prefix of ``element``."""
    e, t = _norm_title(element), _norm_title(title)
    if not t:
        return False
    return e == t or (len(t) >= 20 and e.startswith(t))


#: How many sections after the deepest matched ancestor may hold an in-text heading.
_HEADING_LOOKAHEAD = 3


def resolve_section_path(path: str, sections: Sequence[QADocument]) -> tuple[str, str]:
    """Resolve a ``A>B>C`` section path of emanual_tv to a section id; returns ``(id, note)``.

    The manual is a flat, ordered list of sections whose titles repeat (the Accessibility
    Guidance chapter and Quick Guides re-use titles of other chapters), so the last element alone
    is ambiguous. The path is walked in order: each element is looked up among the sections at or
    after the section matched by the previous element (title equal after NFKC, curly-quote
    folding, whitespace folding and case folding; or the title is a >= 20-character prefix of the
    element, because long titles were cut at a line break, e.g. ``... (Only for models with
    COMPONENT IN /``). Elements that match no title (a misspelt chapter such as ``Smart Feature``,
    or an intermediate heading) are skipped.

    If the *last* element is not a section title it is a heading inside a section
    (``How does Remote Support Work``, ``Sign In``): the gold section is the first section, from
    the deepest matched ancestor on (looking at most ``_HEADING_LOOKAHEAD`` sections ahead) whose
    text contains the heading; failing that, the ancestor itself.
    Notes: ``"title"``, ``"heading-in-text"`` or ``"ancestor"``.
    """
    elements = [e for e in path.split(">") if e.strip()]
    cursor = 0
    matched: list[int] = []
    last_found = False
    for pos, element in enumerate(elements):
        hit = next((i for i in range(cursor, len(sections))
                    if _title_matches(element, sections[i].title)), None)
        if hit is not None:
            matched.append(hit)
            cursor = hit
            last_found = pos == len(elements) - 1
    if not matched:
        raise ValueError(f"section path {path!r} matches no section title")
    if last_found:
        return sections[matched[-1]].id, "title"
    heading = _norm_title(elements[-1])
    ancestor = matched[-1]
    for i in range(ancestor, min(ancestor + 1 + _HEADING_LOOKAHEAD, len(sections))):
        if heading in _norm_title(sections[i].text):
            return sections[i].id, "heading-in-text"
    return sections[ancestor].id, "ancestor"


#: Bag-of-words F1 above which two same-titled sections count as copies of each other.
_COPY_F1 = 0.95


def _bag_f1(a: str, b: str) -> float:
    ca, cb = Counter(a.casefold().split()), Counter(b.casefold().split())
    common = sum((ca & cb).values())
    if not ca and not cb:
        return 1.0
    if not common:
        return 0.0
    p, r = common / sum(cb.values()), common / sum(ca.values())
    return 2 * p * r / (p + r)


def _equivalent_sections(gold: str, documents: Sequence[QADocument]) -> frozenset[str]:
    by_id = {d.id: d for d in documents}
    target = by_id[gold]
    title = _norm_title(target.title)
    return frozenset({gold} | {d.id for d in documents
                               if d.id != gold and _norm_title(d.title) == title
                               and _bag_f1(target.text, d.text) >= _COPY_F1})


def read_emanual(folder: Path | str,
                 corpus_name: str = "smart_tv_remote_manual_corpus.json",
                 questions_name: str = "smart_tv_remote_50_questions.csv") -> QADataset:
    """Read the emanual_tv manual (one document per section) and its questions.

    Section text is the ``text`` list joined with single spaces (its items are PDF lines, often
    cut mid-sentence). The gold section of each question (``gold_doc``) is found by
    :func:`resolve_section_path`. The manual repeats whole sections (``Updating the TV's software
    to the latest version`` is in Quick Guides and in System and Support; ``Learning about My
    Bixby`` twice, differing only in the page-number footer), which retrieval cannot tell apart:
    ``gold_docs`` adds every section with the same normalized title whose words match the gold
    section's with bag-of-words F1 >= 0.95 (see :func:`_equivalent_sections`). Scorers choose
    which of the two to use; the published baselines count only ``gold_doc``.
    """
    folder = Path(folder)
    corpus_path = folder / corpus_name
    with corpus_path.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    items = raw.values() if isinstance(raw, Mapping) else raw
    documents = []
    try:
        for item in items:
            text = " ".join(str(t) for t in item.get("text", []))
            documents.append(QADocument(str(item["id"]), str(item["title"]), text))
    except (KeyError, TypeError, AttributeError) as exc:
        raise _bad(corpus_path, "sections", f"missing field {exc}") from exc
    questions_path = folder / questions_name
    questions = []
    with questions_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                gold, note = resolve_section_path(row["section_path"], documents)
            except (KeyError, ValueError) as exc:
                raise _bad(questions_path, f"question {row.get('question_id')!r}", str(exc)) from exc
            gold_docs = _equivalent_sections(gold, documents)
            questions.append(QAQuestion(str(row["question_id"]), str(row["question"]),
                                        (str(row["answer"]),), gold, gold_docs, note))
    return QADataset(tuple(documents), tuple(questions))


def iter_lines(path: Path | str) -> Iterable[str]:
    """Lines of a text file without their line breaks (for ``extract --lines`` alignment)."""
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\r\n")
