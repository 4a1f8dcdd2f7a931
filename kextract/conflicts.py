"""Conflicting rules: similar condition, same action, opposite polarity.

"Gloves must be worn when checking drive belt tension" and "Gloves must not be worn when
checking drive belt tension on rotating machinery" conflict: the actions agree once modal
verbs and negation are set aside, the conditions overlap, and one rule obliges (or
recommends, or permits) what the other prohibits.

:func:`find_conflicts` is a pure function over rules (``Rule`` records or rows of the
``rules`` table). Similarity is TF-IDF cosine (scikit-learn) of the *action* text (the
consequence without modal verbs, negation and stop words) and of the joined conditions,
fitted on the rules passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .model import Rule

__all__ = ["Conflict", "find_conflicts", "polarity", "POSITIVE", "NEGATIVE"]

#: modalities that allow or demand the action / that forbid it ("none" has no polarity)
POSITIVE = frozenset({"obligation", "recommendation", "permission"})
NEGATIVE = frozenset({"prohibition"})

#: words that carry modality or polarity rather than the action itself
_MODAL_WORDS = frozenset("""
must shall should may might can could will would need needs needed ought have has had to
not n't no never always do does did is are be been being was were required permitted
allowed prohibited forbidden recommended mandatory
""".split())
_TOKEN = re.compile(r"[a-z0-9][a-z0-9\-]*")


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two rules that demand and forbid the same action under similar conditions.

    ``first`` / ``second`` are rule ids (``first`` < ``second``), ``similarity`` is the mean
    of the action and condition similarities.
    """

    first: str
    second: str
    first_modality: str
    second_modality: str
    action_similarity: float
    condition_similarity: float

    @property
    def similarity(self) -> float:
        return (self.action_similarity + self.condition_similarity) / 2

    def to_json(self) -> dict[str, Any]:
        return {"first": self.first, "second": self.second,
                "first_modality": self.first_modality, "second_modality": self.second_modality,
                "action_similarity": round(self.action_similarity, 4),
                "condition_similarity": round(self.condition_similarity, 4),
                "similarity": round(self.similarity, 4)}


@dataclass(frozen=True, slots=True)
class _Item:
    id: str
    doc: str
    modality: str
    action: str
    condition: str


def polarity(modality: str) -> int:
    """+1 for obligation / recommendation / permission, -1 for prohibition, 0 otherwise."""
    if modality in POSITIVE:
        return 1
    if modality in NEGATIVE:
        return -1
    return 0


def _action_text(text: str) -> str:
    return " ".join(t for t in _TOKEN.findall(text.lower()) if t not in _MODAL_WORDS)


def _items(rules) -> list[_Item]:
    out = []
    if hasattr(rules, "to_dict") and hasattr(rules, "columns"):   # a pandas DataFrame
        for row in rules.to_dict("records"):
            conds = row.get("conditions")
            conds = list(conds) if conds is not None else []
            out.append(_Item(str(row.get("id", "")), str(row.get("doc", "")),
                             str(row.get("modality", "none")),
                             _action_text(str(row.get("consequence") or "")),
                             " ".join(str(c) for c in conds)))
        return out
    for r in rules:
        if not isinstance(r, Rule):
            raise TypeError(f"find_conflicts expects Rule records or a rules DataFrame, "
                            f"got {type(r).__name__}")
        out.append(_Item(r.id, r.provenance.doc_id, r.modality,
                         _action_text(r.consequence.text if r.consequence else ""),
                         " ".join(c.text for c in r.conditions)))
    return out


def _similarities(texts: Sequence[str]):
    """Pairwise cosine similarities of TF-IDF vectors (word unigrams and bigrams)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if not any(t.strip() for t in texts):
        return None
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
                          token_pattern=r"(?u)\b[a-z0-9][a-z0-9\-]+\b")
    try:
        m = vec.fit_transform(texts)
    except ValueError:  # only stop words
        return None
    return cosine_similarity(m)


def find_conflicts(rules: Iterable[Rule] | Any, *, action_threshold: float = 0.5,
                   condition_threshold: float = 0.3,
                   same_document: bool = True) -> list[Conflict]:
    """Pairs of rules with opposite polarity, similar actions and similar conditions.

    ``rules``: ``Rule`` records or a DataFrame with ``id``, ``doc``, ``modality``,
    ``consequence`` (text) and ``conditions`` (list of texts) columns, such as
    ``KnowledgeBase.rules``. Two rules conflict when one is a prohibition and the other an
    obligation, recommendation or permission, the TF-IDF cosine of their actions is at least
    ``action_threshold``, and the cosine of their conditions at least ``condition_threshold``
    (two rules without conditions count as similar; one with and one without do not).
    With ``same_document=False`` rules of the same document are not compared (only
    cross-document conflicts). Sorted by decreasing similarity, then ids.
    """
    items = [it for it in _items(rules) if polarity(it.modality) != 0 and it.action]
    if len(items) < 2:
        return []
    act = _similarities([it.action for it in items])
    cond = _similarities([it.condition for it in items])
    if act is None:
        return []
    out = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            if polarity(a.modality) == polarity(b.modality) or a.id == b.id:
                continue
            if not same_document and a.doc == b.doc:
                continue
            sa = float(act[i, j])
            if sa < action_threshold:
                continue
            if a.condition and b.condition:
                sc = float(cond[i, j]) if cond is not None else 0.0
            elif not a.condition and not b.condition:
                sc = 1.0
            else:
                continue
            if sc < condition_threshold:
                continue
            first, second = (a, b) if a.id <= b.id else (b, a)
            out.append(Conflict(first.id, second.id, first.modality, second.modality,
                                min(sa, 1.0), min(sc, 1.0)))
    out.sort(key=lambda c: (-c.similarity, c.first, c.second))
    return out
