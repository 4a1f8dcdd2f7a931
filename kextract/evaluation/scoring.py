"""Pure scoring functions for the benchmark sets and for kextract's own gold files.

Conventions shared by every scorer here:

* **Counting.** :func:`prf` takes matched predictions and matched gold items separately, so a
  scorer that allows one prediction to cover several gold items (or the reverse) can say so.
  All scorers below match one-to-one, so the two counts are equal.
* **0/0.** Precision with no prediction is 0 and recall with no gold item is 0, *except* when
  there is nothing to find and nothing was predicted, which scores 1/1/1. So an empty output
  never looks good on a set with gold items, and a silent extractor on an empty document is
  not punished. F1 is 0 when precision + recall is 0.
* **Duplicates.** Exact duplicate predictions (same offsets, or same texts where a scorer works
  on text) are collapsed before matching: they are one claim. Distinct predictions that hit
  the same gold item do not share it: the second one is a false positive.
* **Greedy one-to-one matching.** Candidate (prediction, gold) pairs are sorted by score,
  best first, ties broken by prediction then gold index, and taken while both are free.
* **Tokens.** :func:`normalize_tokens` lower-cases, deletes punctuation characters (Unicode
  category P* and ASCII punctuation) and splits on whitespace; :func:`token_f1` is SQuAD's
  bag-of-tokens F1 over those tokens (without SQuAD's article removal).
* **Spans** are half-open character offsets ``[start, end)``; two spans overlap when they share
  at least one character, so empty spans never overlap anything.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from kextract.evaluation.readers import (
    BratDocument,
    CondRelation,
    CondSentence,
    DeftDocument,
    FactRecord,
    deft_definition_pairs,
    scienceie_hyponym_pairs,
)

__all__ = [
    "CharSpan",
    "ConditionalScore",
    "DeftPairScore",
    "FactScore",
    "KindScore",
    "MatchOutcome",
    "PRF",
    "PredictedPair",
    "PredictedRule",
    "RetrievalScore",
    "ScienceIEScore",
    "answer_f1",
    "definition_pairs_from_records",
    "example_pairs_from_records",
    "greedy_match",
    "matched_facts",
    "mean_answer_f1",
    "normalize_tokens",
    "overlap_length",
    "prf",
    "rules_from_records",
    "score_conditional_requirements",
    "score_deft_sentences",
    "score_deft_terms",
    "score_facts",
    "score_retrieval",
    "score_scienceie",
    "sentence_spans",
    "spans_overlap",
    "token_f1",
]

T = TypeVar("T")


# --------------------------------------------------------------------------------------------
# Tokens, spans, P/R/F1
# --------------------------------------------------------------------------------------------

_ASCII_PUNCT = frozenset(string.punctuation)


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def normalize_tokens(text: str) -> tuple[str, ...]:
    """Lower-case, delete punctuation characters, split on whitespace (empty tokens dropped).

    Punctuation is deleted, not replaced by a space, so ``"right-to-left"`` is one token
    ``"righttoleft"`` whichever way the two sides tokenized it.
    """
    cleaned = "".join(ch for ch in text.lower() if not _is_punct(ch))
    return tuple(cleaned.split())


def token_f1(a: str, b: str) -> float:
    """Bag-of-tokens F1 of two strings (symmetric). Both empty: 1.0; one empty: 0.0."""
    ta, tb = normalize_tokens(a), normalize_tokens(b)
    if not ta and not tb:
        return 1.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(ta), common / len(tb)
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True, slots=True)
class CharSpan:
    """Half-open character span ``[start, end)``, optionally made of several fragments."""

    start: int
    end: int
    fragments: tuple[tuple[int, int], ...] = ()

    def parts(self) -> tuple[tuple[int, int], ...]:
        return self.fragments or ((self.start, self.end),)

    @classmethod
    def of(cls, span: object) -> "CharSpan":
        """From anything with ``start``/``end`` (and optionally ``fragments``) attributes."""
        fragments = tuple(getattr(span, "fragments", ()) or ())
        return cls(int(getattr(span, "start")), int(getattr(span, "end")), fragments)


def overlap_length(a: CharSpan, b: CharSpan) -> int:
    """Number of characters two spans share (fragments of discontinuous spans are summed)."""
    return sum(max(0, min(ae, be) - max(as_, bs))
               for as_, ae in a.parts() for bs, be in b.parts())


def spans_overlap(a: CharSpan, b: CharSpan) -> bool:
    """True when the spans share at least one character."""
    return overlap_length(a, b) > 0


def _overlap_ratio(a: CharSpan, b: CharSpan) -> float:
    """Overlap over union length (Jaccard on characters); used only to rank candidates."""
    inter = overlap_length(a, b)
    size_a = sum(e - s for s, e in a.parts())
    size_b = sum(e - s for s, e in b.parts())
    union = size_a + size_b - inter
    return inter / union if union > 0 else 0.0


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    tp_pred: int
    n_pred: int
    tp_gold: int
    n_gold: int


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> PRF:
    """Precision = tp_pred / n_pred, recall = tp_gold / n_gold, F1 their harmonic mean.

    0/0 handling: if ``n_pred == n_gold == 0`` everything is 1.0 (nothing to find, nothing
    claimed); otherwise an empty denominator gives 0.0 for that ratio, and F1 is 0.0 when
    precision + recall is 0.
    """
    if min(tp_pred, n_pred, tp_gold, n_gold) < 0 or tp_pred > n_pred or tp_gold > n_gold:
        raise ValueError(f"inconsistent counts: {tp_pred}/{n_pred} predicted, {tp_gold}/{n_gold} gold")
    if n_pred == 0 and n_gold == 0:
        return PRF(1.0, 1.0, 1.0, 0, 0, 0, 0)
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return PRF(precision, recall, f1, tp_pred, n_pred, tp_gold, n_gold)


def greedy_match(scores: Iterable[tuple[int, int, float]]) -> tuple[tuple[int, int, float], ...]:
    """One-to-one matching of ``(pred_index, gold_index, score)`` candidates, best score first.

    Ties are broken by prediction index then gold index, so the result is deterministic.
    """
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    out = []
    for p, g, s in sorted(scores, key=lambda c: (-c[2], c[0], c[1])):
        if p in taken_p or g in taken_g:
            continue
        taken_p.add(p)
        taken_g.add(g)
        out.append((p, g, s))
    return tuple(out)


def _unique(items: Sequence[T], key: Callable[[T], Hashable]) -> tuple[list[T], int]:
    """Items with duplicate keys removed (first kept), and how many were removed."""
    seen: set[Hashable] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out, len(items) - len(out)


# --------------------------------------------------------------------------------------------
# conditional_requirements
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PredictedRule:
    conditions: tuple[str, ...]
    consequence: str


@dataclass(frozen=True, slots=True)
class ConditionalScore:
    rules: PRF                         # over conditional gold rules / scored predicted rules
    mean_condition_f1: float           # over true positives (0.0 when there is none)
    mean_consequence_f1: float
    n_excluded_causal: int             # unmatched predictions that match a causal relation
    n_unscored: int                    # predictions without a condition (not annotated here)
    n_duplicates: int                  # identical predictions collapsed


def score_conditional_requirements(
    gold: Sequence[CondSentence],
    predicted: Mapping[int, Sequence[PredictedRule]],
    *,
    threshold: float = 0.5,
) -> ConditionalScore:
    """Score predicted rules against the conditional_requirements gold.

    ``predicted`` is keyed by the 0-based sentence index (``CondSentence.index``). Per
    sentence: predicted rules without a condition are not scored; the others are compared with
    each gold relation on two token F1s, conditions joined with spaces vs. the gold condition
    parts joined, and consequence vs. the gold consequence parts joined. A pair is eligible
    when both are >= ``threshold``. Matching is done in two one-to-one greedy rounds ranked by
    the sum of both F1s: first against ``conditional`` relations (true positives), then the
    remaining predictions against ``causal`` relations (excluded: neither TP nor FP). What is
    left is a false positive. Unknown sentence indexes raise ValueError.
    """
    known = {s.index for s in gold}
    unknown = set(predicted) - known
    if unknown:
        raise ValueError(f"predictions for unknown sentence indexes {sorted(unknown)[:5]}")
    tp = n_pred = n_gold = excluded = unscored = duplicates = 0
    cond_f1s: list[float] = []
    cons_f1s: list[float] = []
    for sentence in gold:
        rules = list(predicted.get(sentence.index, ()))
        scored = [r for r in rules if any(c.strip() for c in r.conditions)]
        unscored += len(rules) - len(scored)
        scored, dup = _unique(scored, _rule_key)
        duplicates += dup
        conditional = [r for r in sentence.relations if r.kind == "conditional"]
        causal = [r for r in sentence.relations if r.kind == "causal"]
        n_gold += len(conditional)
        n_pred += len(scored)

        cands, detail = _rule_candidates(scored, conditional, range(len(scored)), threshold)
        matches = greedy_match(cands)
        tp += len(matches)
        for pi, gi, _ in matches:
            cf, qf = detail[(pi, gi)]
            cond_f1s.append(cf)
            cons_f1s.append(qf)
        matched = {pi for pi, _, _ in matches}
        rest = [pi for pi in range(len(scored)) if pi not in matched]
        causal_matches = greedy_match(_rule_candidates(scored, causal, rest, threshold)[0])
        excluded += len(causal_matches)
        n_pred -= len(causal_matches)
    return ConditionalScore(
        rules=prf(tp, n_pred, tp, n_gold),
        mean_condition_f1=sum(cond_f1s) / len(cond_f1s) if cond_f1s else 0.0,
        mean_consequence_f1=sum(cons_f1s) / len(cons_f1s) if cons_f1s else 0.0,
        n_excluded_causal=excluded,
        n_unscored=unscored,
        n_duplicates=duplicates,
    )


def _rule_key(rule: PredictedRule) -> Hashable:
    """Rules with the same normalized condition and consequence tokens are duplicates."""
    return (tuple(normalize_tokens(c) for c in rule.conditions), normalize_tokens(rule.consequence))


def _rule_candidates(
    rules: Sequence[PredictedRule],
    relations: Sequence[CondRelation],
    pool: Iterable[int],
    threshold: float,
) -> tuple[list[tuple[int, int, float]], dict[tuple[int, int], tuple[float, float]]]:
    """Eligible (rule, relation, condition F1 + consequence F1) triples and the two F1s."""
    out: list[tuple[int, int, float]] = []
    detail: dict[tuple[int, int], tuple[float, float]] = {}
    for pi in pool:
        rule = rules[pi]
        for gi, rel in enumerate(relations):
            cf = token_f1(" ".join(rule.conditions), " ".join(rel.condition))
            qf = token_f1(rule.consequence, " ".join(rel.consequence))
            if cf >= threshold and qf >= threshold:
                out.append((pi, gi, cf + qf))
                detail[(pi, gi)] = (cf, qf)
    return out, detail


def _line_index(doc: str) -> int:
    try:
        index = int(doc) - 1
    except ValueError as exc:
        raise ValueError(f"document id {doc!r} is not an 'extract --lines' line number") from exc
    if index < 0:
        raise ValueError(f"document id {doc!r} is not an 'extract --lines' line number")
    return index


def rules_from_records(records: Iterable[FactRecord]) -> dict[int, tuple[PredictedRule, ...]]:
    """Rule records of an ``extract --lines`` run, keyed by 0-based line index (doc "1" -> 0)."""
    out: dict[int, list[PredictedRule]] = {}
    for rec in records:
        if rec.kind != "rule":
            continue
        consequence = rec.first("consequence")
        rule = PredictedRule(tuple(s.text for s in rec.slot("conditions")),
                             consequence.text if consequence else "")
        out.setdefault(_line_index(rec.doc), []).append(rule)
    return {k: tuple(v) for k, v in out.items()}


# --------------------------------------------------------------------------------------------
# scienceie
# --------------------------------------------------------------------------------------------

#: Exemplification cues for the restricted recall (case-insensitive, whole words).
EXAMPLE_CUES = ("such as", "including", "e.g.", "for example", "for instance", "like",
                "especially", "and other", "or other")
_CUE_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in EXAMPLE_CUES) + r")(?!\w)",
                     re.IGNORECASE)
#: Abbreviations after which the simple splitter does not end a sentence.
_NO_BREAK_AFTER = ("e.g.", "i.e.", "cf.", "etc.", "et al.", "al.", "vs.", "fig.", "figs.", "eq.",
                   "eqs.", "ref.", "refs.", "approx.", "ca.", "no.", "resp.")
_BREAK_RE = re.compile(r"[.?!](?=\s)")


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Split text into sentences at ``.``, ``?`` or ``!`` followed by whitespace.

    The break is not taken after the abbreviations in ``_NO_BREAK_AFTER`` (``e.g.``, ``i.e.``,
    ``Fig.``, ``Refs.``...), so a cue like "e.g." stays in the sentence of the words it
    introduces. Each span runs from the first non-space character to the punctuation mark.
    """
    spans = []
    start = 0
    lowered = text.lower()
    for m in _BREAK_RE.finditer(text):
        end = m.end()
        if any(lowered.endswith(a, 0, end)
               and (end == len(a) or not lowered[end - len(a) - 1].isalnum())
               for a in _NO_BREAK_AFTER):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            out.append((s, e))
    return tuple(out)


def _has_cue(text: str) -> bool:
    return _CUE_RE.search(text) is not None


@dataclass(frozen=True, slots=True)
class PredictedPair:
    """A predicted (hyponym, hypernym) pair, e.g. (instance, concept) of an Example."""

    hyponym: CharSpan
    hypernym: CharSpan


@dataclass(frozen=True, slots=True)
class ScienceIEScore:
    pairs: PRF                         # over scored predictions and all gold pairs
    cue_recall: float                  # recall over gold pairs whose sentence has a cue
    n_cue_gold: int
    n_cue_matched: int
    n_unscored: int                    # predictions with a span outside every keyphrase
    n_duplicates: int


def score_scienceie(
    gold: Sequence[BratDocument],
    predicted: Mapping[str, Sequence[PredictedPair]],
) -> ScienceIEScore:
    """Score predicted hyponym pairs against ScienceIE ``Hyponym-of`` relations.

    ``predicted`` is keyed by ``BratDocument.doc_id`` (the file stem; documents without
    predictions score as empty, unknown ids raise ValueError). A prediction is scored only if
    each of its two spans overlaps some keyphrase (any ``T`` annotation). It is a true positive
    when its hyponym overlaps the gold hyponym and its hypernym the gold hypernym; one-to-one
    greedy matching ranked by the summed character-Jaccard of both spans. Cue recall: a gold
    pair's sentence is the text from the start of the sentence holding its earlier span to the
    end of the sentence holding its later span (:func:`sentence_spans`); the pair counts when
    that text contains one of ``EXAMPLE_CUES``.
    """
    by_id = {d.doc_id: d for d in gold}
    unknown = set(predicted) - set(by_id)
    if unknown:
        raise ValueError(f"predictions for unknown documents {sorted(unknown)[:5]}")
    tp = n_pred = n_gold = unscored = duplicates = n_cue = cue_tp = 0
    for doc in gold:
        keyphrases = [CharSpan.of(s) for s in doc.spans]
        pairs = [(CharSpan.of(h), CharSpan.of(t)) for h, t in scienceie_hyponym_pairs(doc)]
        preds, dup = _unique(list(predicted.get(doc.doc_id, ())),
                             lambda p: (p.hyponym.parts(), p.hypernym.parts()))
        duplicates += dup
        scored = [p for p in preds
                  if any(spans_overlap(p.hyponym, k) for k in keyphrases)
                  and any(spans_overlap(p.hypernym, k) for k in keyphrases)]
        unscored += len(preds) - len(scored)
        cands = [(pi, gi, _overlap_ratio(p.hyponym, h) + _overlap_ratio(p.hypernym, t))
                 for pi, p in enumerate(scored) for gi, (h, t) in enumerate(pairs)
                 if spans_overlap(p.hyponym, h) and spans_overlap(p.hypernym, t)]
        matches = greedy_match(cands)
        matched_gold = {gi for _, gi, _ in matches}
        tp += len(matches)
        n_pred += len(scored)
        n_gold += len(pairs)
        sentences = sentence_spans(doc.text)
        for gi, (h, t) in enumerate(pairs):
            lo, hi = min(h.start, t.start), max(h.end, t.end)
            first = next((s for s, e in sentences if s <= lo < e), lo)
            last = next((e for s, e in sentences if s < hi <= e), hi)
            if _has_cue(doc.text[min(first, lo):max(last, hi)]):
                n_cue += 1
                cue_tp += gi in matched_gold
    return ScienceIEScore(
        pairs=prf(tp, n_pred, tp, n_gold),
        cue_recall=cue_tp / n_cue if n_cue else 0.0,
        n_cue_gold=n_cue,
        n_cue_matched=cue_tp,
        n_unscored=unscored,
        n_duplicates=duplicates,
    )


#: Example patterns whose instance is an illustrative passage, not a hyponym.
PASSAGE_PATTERNS = frozenset({"worked_example"})


def example_pairs_from_records(records: Iterable[FactRecord],
                               doc_key: Callable[[str], str] = lambda d: d
                               ) -> dict[str, tuple[PredictedPair, ...]]:
    """(instance, concept) pairs of example records, keyed by ``doc_key(record.doc)``.

    Pass e.g. ``doc_key=lambda d: Path(d).stem`` when the corpus ids are file paths.
    Worked examples (pattern ``worked_example``) are left out: their instance is a passage
    that illustrates the concept, not a hyponym of it.
    """
    out: dict[str, list[PredictedPair]] = {}
    for rec in records:
        concept = rec.first("concept")
        if rec.kind != "example" or concept is None or rec.pattern in PASSAGE_PATTERNS:
            continue
        for inst in rec.slot("instances"):
            out.setdefault(doc_key(rec.doc), []).append(
                PredictedPair(CharSpan(inst.start, inst.end), CharSpan(concept.start, concept.end)))
    return {k: tuple(v) for k, v in out.items()}


# --------------------------------------------------------------------------------------------
# DEFT
# --------------------------------------------------------------------------------------------


def score_deft_sentences(gold: Sequence[DeftDocument],
                         fired: Collection[tuple[str, int]]) -> PRF:
    """Sentence level: P/R/F1 of sentences where the definition extractor fired.

    ``fired`` holds ``DeftSentence.key`` values, ``(file name, sentence index)``; a gold
    positive is a sentence with a B-Definition token. Unknown keys raise ValueError.
    """
    labels = {s.key: s.has_definition for d in gold for s in d.sentences}
    fired_set = set(fired)
    unknown = fired_set - set(labels)
    if unknown:
        raise ValueError(f"unknown sentence keys {sorted(unknown)[:5]}")
    tp = sum(1 for k in fired_set if labels[k])
    return prf(tp, len(fired_set), tp, sum(labels.values()))


@dataclass(frozen=True, slots=True)
class DeftPairScore:
    pairs: PRF
    n_duplicates: int


def score_deft_terms(gold: Sequence[DeftDocument],
                     predicted: Mapping[str, Sequence[tuple[CharSpan, CharSpan]]]) -> DeftPairScore:
    """Term level: predicted ``(term, definition)`` spans vs. Direct-/Indirect-Defines pairs.

    Offsets are into ``DeftDocument.text``; ``predicted`` is keyed by ``DeftDocument.name``.
    A prediction matches a gold pair when its term overlaps the gold term and its definition
    the gold definition; one-to-one, greedy by summed character Jaccard.
    """
    by_name = {d.name: d for d in gold}
    unknown = set(predicted) - set(by_name)
    if unknown:
        raise ValueError(f"predictions for unknown documents {sorted(unknown)[:5]}")
    tp = n_pred = n_gold = duplicates = 0
    for doc in gold:
        pairs = [(CharSpan(p.term.start, p.term.end), CharSpan(p.definition.start, p.definition.end))
                 for p in deft_definition_pairs(doc)]
        preds, dup = _unique(list(predicted.get(doc.name, ())),
                             lambda p: (p[0].parts(), p[1].parts()))
        duplicates += dup
        cands = [(pi, gi, _overlap_ratio(pt, gt) + _overlap_ratio(pd, gd))
                 for pi, (pt, pd) in enumerate(preds) for gi, (gt, gd) in enumerate(pairs)
                 if spans_overlap(pt, gt) and spans_overlap(pd, gd)]
        tp += len(greedy_match(cands))
        n_pred += len(preds)
        n_gold += len(pairs)
    return DeftPairScore(prf(tp, n_pred, tp, n_gold), duplicates)


def definition_pairs_from_records(
    records: Iterable[FactRecord],
    gold: Sequence[DeftDocument],
) -> tuple[set[tuple[str, int]], dict[str, tuple[tuple[CharSpan, CharSpan], ...]]]:
    """Map definition records of an ``extract --lines`` run over the DEFT sentences.

    The lines are assumed to be every ``DeftSentence.text`` of ``gold`` in order (documents in
    order, sentences in order), so doc ``"k"`` is the k-th sentence overall. Returns the fired
    sentence keys and the (term, definition) spans shifted into ``DeftDocument.text``.
    """
    flat = [s for d in gold for s in d.sentences]
    fired: set[tuple[str, int]] = set()
    pairs: dict[str, list[tuple[CharSpan, CharSpan]]] = {}
    for rec in records:
        if rec.kind != "definition":
            continue
        index = _line_index(rec.doc)
        if index >= len(flat):
            raise ValueError(f"line {rec.doc} is beyond the {len(flat)} DEFT sentences")
        sentence = flat[index]
        fired.add(sentence.key)
        term, definition = rec.first("term"), rec.first("definition")
        if term is None or definition is None:
            continue
        shift = sentence.start
        pairs.setdefault(sentence.doc, []).append(
            (CharSpan(term.start + shift, term.end + shift),
             CharSpan(definition.start + shift, definition.end + shift)))
    return fired, {k: tuple(v) for k, v in pairs.items()}


# --------------------------------------------------------------------------------------------
# QA retrieval and answers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetrievalScore:
    recall_at_1: float
    recall_at_5: float
    mrr: float
    n_questions: int
    n_unanswered: int                  # questions with no ranked source at all


def score_retrieval(ranked: Mapping[str, Sequence[str]],
                    gold: Mapping[str, Collection[str]]) -> RetrievalScore:
    """R@1, R@5 and MRR of the first ranked source document that is a gold one.

    ``ranked[qid]`` lists the source document of each answer, best first (repeats allowed);
    ``gold[qid]`` is the set of acceptable documents. Every gold question counts; a question
    without a ranking, or whose ranking misses the gold, contributes 0. Rankings for questions
    not in ``gold`` raise ValueError.
    """
    unknown = set(ranked) - set(gold)
    if unknown:
        raise ValueError(f"rankings for unknown questions {sorted(unknown)[:5]}")
    if not gold:
        return RetrievalScore(0.0, 0.0, 0.0, 0, 0)
    r1 = r5 = rr = 0.0
    unanswered = 0
    for qid, gold_docs in gold.items():
        docs = ranked.get(qid, ())
        if not docs:
            unanswered += 1
        rank = next((i + 1 for i, d in enumerate(docs) if d in gold_docs), None)
        if rank is None:
            continue
        r1 += rank == 1
        r5 += rank <= 5
        rr += 1.0 / rank
    n = len(gold)
    return RetrievalScore(r1 / n, r5 / n, rr / n, n, unanswered)


def answer_f1(answer: str, gold_answers: Sequence[str]) -> float:
    """Token F1 of an answer against the best of the gold answers (0.0 with no gold answer)."""
    return max((token_f1(answer, g) for g in gold_answers), default=0.0)


def mean_answer_f1(answers: Mapping[str, str], gold: Mapping[str, Sequence[str]]) -> float:
    """Mean :func:`answer_f1` over all gold questions; an unanswered question scores 0."""
    if not gold:
        return 0.0
    return sum(answer_f1(answers[q], g) if q in answers else 0.0 for q, g in gold.items()) / len(gold)


# --------------------------------------------------------------------------------------------
# kextract's own gold format
# --------------------------------------------------------------------------------------------

#: The slots compared per fact kind (metadata like modality or actor is not compared).
FACT_SLOTS: Mapping[str, tuple[str, ...]] = {
    "rule": ("conditions", "consequence"),
    "example": ("concept", "instances"),
    "definition": ("term", "definition"),
    "relation": ("subject", "predicate", "object"),
}


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    prf: PRF
    false_positives: tuple[FactRecord, ...]
    false_negatives: tuple[FactRecord, ...]


@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    exact: MatchOutcome
    partial: MatchOutcome


@dataclass(frozen=True, slots=True)
class FactScore:
    kinds: tuple[KindScore, ...]
    exact: PRF                         # micro-averaged over kinds
    partial: PRF
    n_duplicates: int

    def kind(self, name: str) -> KindScore:
        for k in self.kinds:
            if k.kind == name:
                return k
        raise KeyError(name)


def _slot_offsets(rec: FactRecord, slot: str) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((s.start, s.end) for s in rec.slot(slot)))


def _slot_text(rec: FactRecord, slot: str) -> str:
    return " ".join(s.text for s in sorted(rec.slot(slot), key=lambda s: (s.start, s.end)))


def _fact_key(rec: FactRecord, slots: Sequence[str]) -> Hashable:
    return (rec.kind, rec.doc, tuple(_slot_offsets(rec, s) for s in slots))


def score_facts(
    gold: Sequence[FactRecord],
    predicted: Sequence[FactRecord],
    *,
    slots: Mapping[str, Sequence[str]] = FACT_SLOTS,
    threshold: float = 0.5,
) -> FactScore:
    """Score predicted facts against gold facts in kextract's JSONL format, per kind.

    Only kinds in ``slots`` are scored; facts of other kinds are ignored. Facts are compared
    within the same ``doc``. *Exact*: every compared slot has the same offsets (list slots
    compared as sorted offset lists; a null slot equals only a null slot). *Partial*: the
    token F1 of every compared slot is >= ``threshold`` (list slots: texts joined in offset
    order; two empty slots agree). Both are one-to-one (partial: greedy by mean slot F1).
    Identical predictions (same kind, doc and slot offsets) are collapsed first.
    """
    kinds: list[KindScore] = []
    duplicates = 0
    for kind, kind_slots in slots.items():
        g = [r for r in gold if r.kind == kind]
        p_all = [r for r in predicted if r.kind == kind]
        p, dup = _unique(p_all, lambda r: _fact_key(r, kind_slots))
        duplicates += dup
        exact = _outcome(greedy_match(_fact_candidates(p, g, kind_slots, False, threshold)), p, g)
        partial = _outcome(greedy_match(_fact_candidates(p, g, kind_slots, True, threshold)), p, g)
        kinds.append(KindScore(kind, exact, partial))

    def micro(attr: str) -> PRF:
        outs = [getattr(k, attr).prf for k in kinds]
        return prf(sum(o.tp_pred for o in outs), sum(o.n_pred for o in outs),
                   sum(o.tp_gold for o in outs), sum(o.n_gold for o in outs))

    return FactScore(tuple(kinds), micro("exact"), micro("partial"), duplicates)


def _fact_candidates(pred: Sequence[FactRecord], gold: Sequence[FactRecord],
                     kind_slots: Sequence[str], partial: bool,
                     threshold: float) -> list[tuple[int, int, float]]:
    """Eligible ``(pred_index, gold_index, score)`` pairs of :func:`score_facts`.

    Exact: same doc and same offsets in every slot (score 1.0). Partial: same doc and token F1
    >= ``threshold`` in every slot (score: mean slot F1).
    """
    out: list[tuple[int, int, float]] = []
    for pi, pr in enumerate(pred):
        for gi, gr in enumerate(gold):
            if pr.doc != gr.doc:
                continue
            if not partial:
                if all(_slot_offsets(pr, s) == _slot_offsets(gr, s) for s in kind_slots):
                    out.append((pi, gi, 1.0))
                continue
            f1s = [token_f1(_slot_text(pr, s), _slot_text(gr, s)) for s in kind_slots]
            if min(f1s) >= threshold:
                out.append((pi, gi, sum(f1s) / len(f1s)))
    return out


def matched_facts(
    gold: Sequence[FactRecord],
    predicted: Sequence[FactRecord],
    kind: str,
    *,
    partial: bool = True,
    slots: Mapping[str, Sequence[str]] = FACT_SLOTS,
    threshold: float = 0.5,
) -> tuple[tuple[FactRecord, FactRecord], ...]:
    """The ``(predicted, gold)`` pairs of ``kind`` that :func:`score_facts` counts as true
    positives (same deduplication and one-to-one matching), e.g. to compare a rule's modality
    with its gold rule's. ``partial=False`` gives the exact matches."""
    kind_slots = slots[kind]
    g = [r for r in gold if r.kind == kind]
    p, _ = _unique([r for r in predicted if r.kind == kind], lambda r: _fact_key(r, kind_slots))
    matches = greedy_match(_fact_candidates(p, g, kind_slots, partial, threshold))
    return tuple((p[pi], g[gi]) for pi, gi, _ in matches)


def _outcome(matches: Sequence[tuple[int, int, float]], pred: Sequence[FactRecord],
             gold: Sequence[FactRecord]) -> MatchOutcome:
    mp = {pi for pi, _, _ in matches}
    mg = {gi for _, gi, _ in matches}
    return MatchOutcome(
        prf(len(matches), len(pred), len(matches), len(gold)),
        tuple(r for i, r in enumerate(pred) if i not in mp),
        tuple(r for i, r in enumerate(gold) if i not in mg),
    )

