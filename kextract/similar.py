"""Similarity as a feature: nearest facts of each kind, and near-duplicates across documents.

Both reuse the KB's own indexes (see :mod:`kextract.index`): :func:`similar` searches each of
them with a free text; :func:`near_duplicates` compares every indexed text of one index with
every other (cosine over the index's normalised row vectors, in blocks of rows so memory stays
bounded) and reports the pairs from different documents whose similarity reaches a threshold:
the same rule stated twice in two documents, a definition copied between manuals.

Scores are each index's own: cosine similarity for the TF-IDF fact and concept indexes, BM25
for the sentence index (unbounded; compare them within one index only). Near-duplicates are
always measured by cosine (the BM25 rows are L2-normalised first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

#: index -> table holding its rows (``concepts`` is keyed by concept key, not by row id)
SIMILAR_KINDS = {"sentences": "sentences", "rules": "rules", "examples": "examples",
                 "definitions": "definitions", "relations": "relations",
                 "concepts": None}


@dataclass(frozen=True, slots=True)
class Hit:
    """One indexed text near the query: the fact (or sentence, or concept) and its citation."""

    index: str
    id: str
    score: float
    text: str
    doc: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = None

    def to_dict(self) -> dict:
        d = {"index": self.index, "id": self.id, "score": round(self.score, 4), "text": self.text}
        if self.doc is not None:
            d["source"] = {"doc": self.doc, "start": self.start, "end": self.end,
                           "sentence": self.sentence}
        return d


def _hit(kb, name: str, rid: str, score: float) -> Hit:
    table = SIMILAR_KINDS[name]
    if table is None:
        return Hit(name, rid, score, rid)
    row = kb.lookup(table).get(rid) or {}
    if name == "sentences":
        return Hit(name, rid, score, row.get("text", ""), row.get("doc"), row.get("start"),
                   row.get("end"), row.get("text"))
    return Hit(name, rid, score, row.get("text", ""), row.get("doc"), row.get("sentence_start"),
               row.get("sentence_end"), row.get("sentence"))


def similar(kb, text: str, k: int = 5,
            kinds: Sequence[str] = tuple(SIMILAR_KINDS)) -> dict[str, list[Hit]]:
    """The ``k`` indexed texts nearest to ``text`` in each index of ``kinds`` (index names:
    sentences, rules, examples, definitions, relations, concepts), best first."""
    unknown = [x for x in kinds if x not in SIMILAR_KINDS]
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; choose from {sorted(SIMILAR_KINDS)}")
    return {name: [_hit(kb, name, rid, score)
                   for rid, score in kb.index(name).search(text, k)] for name in kinds}


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two indexed texts of different documents with cosine similarity ``score``."""

    index: str
    score: float
    first: Hit
    second: Hit

    def to_dict(self) -> dict:
        return {"index": self.index, "score": round(self.score, 4),
                "first": self.first.to_dict(), "second": self.second.to_dict()}


def similar_pairs(index, threshold: float, groups: Sequence[str] | None = None,
                  block: int = 2048) -> Iterator[tuple[int, int, float]]:
    """``(i, j, cosine)`` for every pair ``i < j`` of rows of ``index`` whose cosine
    similarity is at least ``threshold``; with ``groups`` (e.g. the document of each row), only
    pairs from different groups. Rows are compared in blocks of ``block`` rows."""
    parts = index.row_vectors()
    n = len(index)
    group = np.asarray(groups) if groups is not None else None
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        sims = None
        for weight, mat in parts:
            prod = (mat[lo:hi] @ mat.T).toarray() * weight
            sims = prod if sims is None else sims + prod
        if sims is None:
            return
        rows, cols = np.nonzero(sims >= threshold)
        for r, c in zip(rows.tolist(), cols.tolist()):
            i = lo + r
            if c <= i or (group is not None and group[i] == group[c]):
                continue
            yield i, c, float(sims[r, c])


def near_duplicates(kb, kind: str = "rules", threshold: float = 0.8) -> list[DuplicatePair]:
    """Pairs of facts of index ``kind`` stated in two different documents with cosine
    similarity >= ``threshold`` (1.0: the same words), most similar first."""
    table = SIMILAR_KINDS.get(kind)
    if table is None:
        raise ValueError(f"near-duplicates need a fact or sentence index, not {kind!r}; "
                         f"choose from {sorted(k for k, t in SIMILAR_KINDS.items() if t)}")
    index = kb.index(kind)
    rows = kb.lookup(table)
    docs = [rows.get(i, {}).get("doc") for i in index.ids_]
    pairs = [DuplicatePair(kind, s, _hit(kb, kind, index.ids_[i], s),
                           _hit(kb, kind, index.ids_[j], s))
             for i, j, s in similar_pairs(index, threshold, docs)]
    pairs.sort(key=lambda p: (-p.score, p.first.doc or "", p.first.start or 0))
    return pairs
