"""Small helpers shared by the extractors: token sets -> spans, trimming, provenance."""

from __future__ import annotations

from typing import Iterable

from ..model import Provenance, Span
from ..nlp import BLOCKS_KEY, sentence_spans

EDGE_DEPS = {"punct", "cc", "mark"}
PERSON_WORDS = {
    "you", "we", "i", "they", "he", "she", "operator", "operators", "staff", "employee",
    "employees", "worker", "workers", "user", "users", "technician", "technicians", "engineer",
    "engineers", "supervisor", "supervisors", "manager", "managers", "personnel", "person",
    "persons", "people", "visitor", "visitors", "handler", "handlers", "responder",
    "responders", "rescuer", "rescuers", "team", "member", "members", "contractor",
    "contractors", "administrator", "administrators", "owner", "owners", "driver", "drivers",
    "nurse", "nurses", "doctor", "doctors", "patient", "patients", "customer", "customers",
    "one", "anyone", "nobody", "everyone", "someone", "inspector", "inspectors", "cook",
    "cooks", "chef", "chefs", "electrician", "electricians", "developer", "developers",
    "reviewer", "reviewers", "officer", "officers", "caller", "victim", "casualty", "student",
    "students", "resident", "residents", "crew", "guard", "tenant", "employer", "employers",
}


def span(doc, start: int, end: int) -> Span:
    """A :class:`Span` for tokens ``[start, end)`` of ``doc`` (document character offsets)."""
    s = doc[start:end]
    return Span(s.text, s.start_char, s.end_char)


def tokens_to_span(doc, indices: Iterable[int], *, anchor: int | None = None,
                   trim_deps: set[str] = EDGE_DEPS) -> Span | None:
    """The span of a set of token indices. If they are not contiguous, the contiguous run
    containing ``anchor`` (or the longest run) is used. Edge punctuation and conjunctions
    are trimmed."""
    idx = sorted(set(indices))
    if not idx:
        return None
    runs: list[list[int]] = [[idx[0]]]
    for i in idx[1:]:
        if i == runs[-1][-1] + 1 or all(doc[j].is_space for j in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    run = None
    if anchor is not None:
        run = next((r for r in runs if r[0] <= anchor <= r[-1]), None)
    if run is None:
        run = max(runs, key=len)
    start, end = run[0], run[-1] + 1
    while start < end and (doc[start].dep_ in trim_deps or doc[start].is_punct
                           or doc[start].is_space):
        if doc[start].text in ("(", '"', "\u201c") and end - start > 1 and any(
                doc[k].text in (")", '"', "\u201d") for k in range(start + 1, end)):
            break
        start += 1
    while end > start and (doc[end - 1].dep_ in trim_deps or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        if doc[end - 1].text in (")", '"', "\u201d", "%") and any(
                doc[k].text in ("(", '"', "\u201c") for k in range(start, end - 1)):
            break
        end -= 1
    if end <= start:
        return None
    return span(doc, start, end)


def subtree_indices(tok, exclude: set[int] | None = None) -> set[int]:
    """Token indices of ``tok``'s subtree, skipping the subtrees rooted at ``exclude``."""
    exclude = exclude or set()
    out: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in exclude and t.i != tok.i:
            continue
        out.add(t.i)
        stack.extend(t.children)
    return out


def provenance(doc_id: str, sent_index: int, sent, extractor: str, pattern: str,
               confidence: float) -> Provenance:
    return Provenance(doc_id, sent_index, sent.start_char, sent.end_char, extractor, pattern,
                      float(confidence))


def iter_sentences(doc):
    """(index, sentence span) pairs, indexed like :func:`kextract.nlp.sentences`."""
    return enumerate(sentence_spans(doc))


def blocks(doc):
    """The document's block spans (headings, paragraphs, list items), if preset."""
    if BLOCKS_KEY in doc.spans:
        return list(doc.spans[BLOCKS_KEY])
    return []


def is_person(tok) -> bool:
    return tok.lower_ in PERSON_WORDS or tok.lemma_.lower() in PERSON_WORDS or tok.ent_type_ in (
        "PERSON", "ORG", "NORP")
