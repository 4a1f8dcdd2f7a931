"""CaRB scorer for open relation triples: tuple matcher, confidence sweep, best F1 and AUC.

An independent implementation of the CaRB procedure (Bhardwaj et al., 2019), calibrated to
reproduce the official scorer's dev figures on ``benchmarks/carb`` (OpenIE-5 F1 0.458 /
AUC 0.240, textacy F1 0.189 / AUC 0.093; see :func:`calibrate`). The details that had to be
chosen to match both figures at once:

* **Binarization in the matcher.** Before matching, gold and predicted tuples are reduced to
  two arguments: ``arg1`` and every further argument joined with spaces into ``arg2``.
* **"said"-type gold relations.** If the gold relation contains (as a substring) said, told,
  added, adds or says, the predicted tuple is also tried with its arguments swapped
  (``[args[1:] joined, args[0]]``) and the better (precision, recall) pair, compared
  lexicographically, is kept.
* **Lenient slot matching.** Only the relation must share a word (a predicted "be" also
  matches any form of *be* in the gold relation); an argument sharing no word scores 0 for
  that slot but does not reject the tuple. A missing ``arg1``/``arg2`` rejects it.
* **Case-sensitive, no stop-word removal**: words are whitespace tokens compared as is.
* **Gold context arguments** (``C: Mr. Mills said``) are dropped when reading ``gold.tsv``.
* **Sentence keys** are normalized (spaces removed, -LRB- etc. undone, ASCII punctuation
  removed); when two sentences share a key the later one replaces the earlier, in gold and in
  system output alike. System sentences absent from the gold are ignored.
* **Sweep**: every distinct predicted confidence is a threshold; per sentence and threshold,
  recall numerator = sum over gold tuples of the best recall among kept tuples, precision
  numerator = greedy one-to-one assignment by precision (``min(#gold, #kept)`` picks, first
  maximum in gold-then-prediction order), denominators #kept and #gold. Gold sentences
  without output add to the recall denominator at every threshold. Precision with a zero
  denominator is 1, recall 0. The curve for AUC gets the point (recall 0, precision 1); points
  with equal recall keep the last precision (the official dict-based dedup), then
  ``sklearn.metrics.auc`` integrates over recall.
"""

from __future__ import annotations

import json
import os
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kextract.evaluation.readers import BenchmarkDataError, FactRecord, read_fact_records

__all__ = [
    "CalibrationRow",
    "CarbResult",
    "CurvePoint",
    "Extraction",
    "OFFICIAL_DEV_FIGURES",
    "calibrate",
    "default_benchmarks_dir",
    "extractions_from_records",
    "normalize_sentence_key",
    "read_carb_gold",
    "read_kextract_jsonl",
    "read_openie5",
    "read_tabbed",
    "result_to_json",
    "score_carb",
    "tuple_match",
]


@dataclass(frozen=True, slots=True)
class Extraction:
    """One open-IE tuple: relation phrase, arguments in order, system confidence."""

    relation: str
    args: tuple[str, ...]
    confidence: float = 1.0


#: Extractions per raw sentence text (the scorer normalizes the keys).
Extractions = Mapping[str, Sequence[Extraction]]


@dataclass(frozen=True, slots=True)
class CurvePoint:
    threshold: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class CarbResult:
    f1: float
    precision: float                   # at the best-F1 threshold
    recall: float
    auc: float
    threshold: float | None            # confidence threshold of the best F1 (None: no output)
    curve: tuple[CurvePoint, ...]      # one point per distinct confidence, ascending
    n_gold_sentences: int
    n_gold_tuples: int
    n_predicted_tuples: int            # tuples of sentences found in the gold
    n_ignored_sentences: int           # predicted sentences absent from the gold


# --------------------------------------------------------------------------------------------
# Sentence keys
# --------------------------------------------------------------------------------------------

_PTB_ESCAPES = (("(", "-LRB-"), (")", "-RRB-"), ("[", "-LSB-"), ("]", "-RSB-"),
                ("{", "-LCB-"), ("}", "-RCB-"))
_PUNCT = re.compile("[%s]" % re.escape(string.punctuation))


def normalize_sentence_key(sentence: str) -> str:
    """Remove spaces, undo PTB bracket escapes, remove ASCII punctuation."""
    key = sentence.replace(" ", "")
    for plain, escaped in _PTB_ESCAPES:
        key = key.replace(escaped, plain)
    return _PUNCT.sub("", key)


def _normalize(extractions: Extractions) -> dict[str, Sequence[Extraction]]:
    # later sentences with the same key replace earlier ones, as in the official scorer
    return {normalize_sentence_key(k): v for k, v in extractions.items()}


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------


def read_carb_gold(path: Path | str) -> dict[str, tuple[Extraction, ...]]:
    """Read ``gold.tsv``: ``sentence TAB relation TAB arg1 TAB arg2 [TAB argN...]``.

    Lines are stripped before splitting (so trailing empty arguments vanish), arguments are
    stripped, and context arguments containing ``"C: "`` are dropped.
    """
    path = Path(path)
    out: dict[str, list[Extraction]] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            fields = line.strip().split("\t")
            if len(fields) < 2:
                raise BenchmarkDataError(f"[EVAL] {str(path)!r} line {lineno}: no relation column")
            sentence = fields[0].strip()
            args = tuple(a.strip() for a in fields[2:] if "C: " not in a)
            out.setdefault(sentence, []).append(Extraction(fields[1].strip(), args, 1.0))
    return {k: tuple(v) for k, v in out.items()}


def _inner(field: str) -> str:
    """``SimpleArgument(text,List([0, 4)))`` -> ``text``."""
    return field[field.index("(") + 1: field.index(",List(")]


def read_openie5(path: Path | str) -> dict[str, tuple[Extraction, ...]]:
    """Read OpenIE-5 native output.

    ``conf TAB context TAB arg1 TAB rel TAB arg2s TAB sentence`` where the fields are
    ``SimpleArgument(text,List([s, e)))`` and ``Relation(text,List(...))``, arg2s are separated
    by ``"; "``. Lines with an empty arg1, relation or arg2 field are skipped. A non-empty context
    is prefixed to arg1 unless ``arg1 + " " + rel`` already starts with it.
    """
    path = Path(path)
    out: dict[str, list[Extraction]] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            data = line.strip().split("\t")
            if len(data) < 6 or not all(data[2:5]):
                continue
            try:
                arg1, rel = _inner(data[2]), _inner(data[3])
                args = [_inner(a) for a in data[4].strip().split(");")]
                if data[1]:
                    context = _inner(data[1])
                    if not (arg1 + " " + rel).startswith(context):
                        arg1 = context + " " + arg1
                out.setdefault(data[5], []).append(
                    Extraction(rel, (arg1, *args), float(data[0])))
            except ValueError as exc:
                raise BenchmarkDataError(
                    f"[EVAL] {str(path)!r} line {lineno}: not OpenIE-5 output ({exc})") from exc
    return {k: tuple(v) for k, v in out.items()}


def read_tabbed(path: Path | str) -> dict[str, tuple[Extraction, ...]]:
    """Read ``sentence TAB confidence TAB relation TAB arg1 TAB arg2 ...`` (no header line)."""
    path = Path(path)
    out: dict[str, list[Extraction]] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            fields = line.strip().split("\t")
            try:
                sentence, confidence, relation = fields[:3]
                out.setdefault(sentence, []).append(
                    Extraction(relation, tuple(fields[3:]), float(confidence)))
            except ValueError as exc:
                raise BenchmarkDataError(
                    f"[EVAL] {str(path)!r} line {lineno}: expected sentence, confidence, "
                    f"relation, args ({exc})") from exc
    return {k: tuple(v) for k, v in out.items()}


def extractions_from_records(records: Iterable[FactRecord],
                             lines: Sequence[str] | None = None) -> dict[str, tuple[Extraction, ...]]:
    """CaRB extractions from kextract relation records.

    Each relation becomes ``(confidence, predicate, subject, object, *extra_args)``; a null
    object is left out. The sentence is the record's ``sentence`` field, or, when ``lines``
    (the input of an ``extract --lines`` run) is given, the whole input line ``lines[int(doc)-1]``
    so that a line the parser split into several sentences still finds its gold.
    """
    out: dict[str, list[Extraction]] = {}
    for rec in records:
        if rec.kind != "relation":
            continue
        predicate, subject, obj = rec.first("predicate"), rec.first("subject"), rec.first("object")
        if predicate is None or subject is None:
            continue
        args = [subject.text] + ([obj.text] if obj is not None else [])
        args += [a.text for a in rec.slot("extra_args")]
        if lines is not None:
            index = int(rec.doc) - 1
            if not 0 <= index < len(lines):
                raise ValueError(f"record of doc {rec.doc!r} has no input line")
            sentence = lines[index]
        else:
            sentence = rec.sentence
        out.setdefault(sentence, []).append(Extraction(predicate.text, tuple(args), rec.confidence))
    return {k: tuple(v) for k, v in out.items()}


def read_kextract_jsonl(path: Path | str,
                        lines: Sequence[str] | None = None) -> dict[str, tuple[Extraction, ...]]:
    """Read ``kextract extract --format jsonl`` output as CaRB extractions."""
    return extractions_from_records(read_fact_records(path), lines)


# --------------------------------------------------------------------------------------------
# Tuple matcher
# --------------------------------------------------------------------------------------------

_BE_FORMS = ("be", "is", "am", "are", "was", "were", "been", "being")
_SAID_VERBS = ("said", "told", "added", "adds", "says")


def _count_matches(gold_words: Sequence[str], predicted_words: list[str]) -> int:
    """Gold words found among the predicted words, each predicted word used once."""
    matches = 0
    for word in gold_words:
        if word in predicted_words:
            matches += 1
            predicted_words.remove(word)
    return matches


def _lenient_match(gold: Extraction, pred: Extraction) -> tuple[float, float]:
    precision_num = precision_den = recall_num = recall_den = 0
    predicted_words = pred.relation.split()
    gold_words = gold.relation.split()
    precision_den += len(predicted_words)
    recall_den += len(gold_words)
    matches = _count_matches(gold_words, predicted_words)
    if "be" in predicted_words and any(form in gold_words for form in _BE_FORMS):
        matches += 1
        predicted_words.remove("be")
    if matches == 0:
        return (0.0, 0.0)
    precision_num += matches
    recall_num += matches
    for i, gold_arg in enumerate(gold.args):
        gold_words = gold_arg.split()
        recall_den += len(gold_words)
        if len(pred.args) <= i:
            if i < 2:
                return (0.0, 0.0)
            continue
        predicted_words = pred.args[i].split()
        precision_den += len(predicted_words)
        matches = _count_matches(gold_words, predicted_words)
        precision_num += matches
        recall_num += matches
    return (precision_num / precision_den, recall_num / recall_den)


def _binarized(ex: Extraction, args: tuple[str, ...] | None = None) -> Extraction:
    args = ex.args if args is None else args
    if len(args) >= 2:
        args = (args[0], " ".join(args[1:]))
    return Extraction(ex.relation, args, ex.confidence)


def tuple_match(gold: Extraction, pred: Extraction) -> tuple[float, float]:
    """CaRB's binary lenient tuple match: ``(precision, recall)`` of ``pred`` against ``gold``."""
    gold_b = _binarized(gold)
    straight = _lenient_match(gold_b, _binarized(pred))
    if not any(verb in gold.relation for verb in _SAID_VERBS):
        return straight
    if len(pred.args) >= 2:
        swapped = Extraction(pred.relation, (" ".join(pred.args[1:]), pred.args[0]), pred.confidence)
    else:
        swapped = pred
    return max(straight, _lenient_match(gold_b, swapped))


# --------------------------------------------------------------------------------------------
# Sweep
# --------------------------------------------------------------------------------------------


def _auc(recalls: Sequence[float], precisions: Sequence[float]) -> float:
    from sklearn.metrics import auc

    points = dict(zip([*recalls, 0.0], [*precisions, 1.0]))
    xs = sorted(points)
    if len(xs) < 2:
        return 0.0
    return float(auc(xs, [points[x] for x in xs]))


def score_carb(gold: Extractions, predicted: Extractions) -> CarbResult:
    """Score system extractions against CaRB gold (both keyed by raw sentence text)."""
    gold_n = _normalize(gold)
    pred_n = _normalize(predicted)
    thresholds = sorted({ex.confidence for exs in pred_n.values() for ex in exs})
    position = {c: i for i, c in enumerate(thresholds)}
    n = len(thresholds)
    p_num, p_den, r_num, r_den = (np.zeros(n) for _ in range(4))
    n_pred_tuples = 0

    for sentence, gold_exs in gold_n.items():
        pred_exs = list(pred_n.get(sentence, ()))
        n_pred_tuples += len(pred_exs)
        scores = [[tuple_match(g, p) for p in pred_exs] for g in gold_exs]
        prev = 0
        for conf in sorted(ex.confidence for ex in pred_exs):
            c = position[conf]
            kept = [j for j, ex in enumerate(pred_exs) if ex.confidence >= conf]
            recall_num = sum(max((row[j][1] for j in kept), default=0.0) for row in scores)
            precision_num = 0.0
            used_rows: set[int] = set()
            used_cols: set[int] = set()
            for _ in range(min(len(scores), len(kept))):
                best, best_i, best_j = -1.0, -1, -1
                for i, row in enumerate(scores):
                    if i in used_rows:
                        continue
                    for j in kept:
                        if j not in used_cols and row[j][0] > best:
                            best, best_i, best_j = row[j][0], i, j
                used_rows.add(best_i)
                used_cols.add(best_j)
                precision_num += best
            p_num[prev:c + 1] += precision_num
            p_den[prev:c + 1] += len(kept)
            r_num[prev:c + 1] += recall_num
            r_den[prev:c + 1] += len(scores)
            prev = c + 1
        r_den[prev:] += len(scores)

    precisions = [float(a / b) if b > 0 else 1.0 for a, b in zip(p_num, p_den)]
    recalls = [float(a / b) if b > 0 else 0.0 for a, b in zip(r_num, r_den)]
    f1s = [2 * p * r / (p + r) if p + r > 0 else 0.0 for p, r in zip(precisions, recalls)]
    curve = tuple(CurvePoint(t, p, r, f) for t, p, r, f in zip(thresholds, precisions, recalls, f1s))
    ignored = sum(1 for k in pred_n if k not in gold_n)
    common = dict(curve=curve, n_gold_sentences=len(gold_n),
                  n_gold_tuples=sum(len(v) for v in gold_n.values()),
                  n_predicted_tuples=n_pred_tuples, n_ignored_sentences=ignored)
    if not f1s:
        return CarbResult(0.0, 0.0, 0.0, 0.0, None, **common)
    best = int(np.argmax(f1s))
    return CarbResult(f1s[best], precisions[best], recalls[best], _auc(recalls, precisions),
                      thresholds[best], **common)


# --------------------------------------------------------------------------------------------
# Calibration against the official scorer
# --------------------------------------------------------------------------------------------

#: Official CaRB scorer figures on the dev split (benchmarks/README.md): (F1, AUC).
OFFICIAL_DEV_FIGURES: Mapping[str, tuple[float, float]] = {
    "openie5": (0.458, 0.240),
    "textacy": (0.189, 0.093),
}

_CALIBRATION_FILES = {
    "openie5": ("calibration/openie5_dev_output.txt", read_openie5),
    "textacy": ("calibration/textacy_dev_tabbed.tsv", read_tabbed),
}


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    system: str
    f1: float
    auc: float
    official_f1: float
    official_auc: float

    def within(self, tolerance: float = 0.01) -> bool:
        return (abs(self.f1 - self.official_f1) <= tolerance
                and abs(self.auc - self.official_auc) <= tolerance)


def default_benchmarks_dir() -> Path:
    """``$KEXTRACT_BENCHMARKS`` or ``<repo>/../shared/benchmarks``."""
    env = os.environ.get("KEXTRACT_BENCHMARKS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "benchmarks"


def calibrate(benchmarks_dir: Path | str) -> tuple[CalibrationRow, ...]:
    """Score both calibration outputs on ``<benchmarks_dir>/carb/gold.tsv``."""
    carb_dir = Path(benchmarks_dir) / "carb"
    gold = read_carb_gold(carb_dir / "gold.tsv")
    rows = []
    for system, (relpath, reader) in _CALIBRATION_FILES.items():
        result = score_carb(gold, reader(carb_dir / relpath))
        f1, auc = OFFICIAL_DEV_FIGURES[system]
        rows.append(CalibrationRow(system, result.f1, result.auc, f1, auc))
    return tuple(rows)


def result_to_json(result: CarbResult) -> str:
    """A compact JSON summary (no curve) for reports."""
    return json.dumps({"f1": round(result.f1, 4), "precision": round(result.precision, 4),
                       "recall": round(result.recall, 4), "auc": round(result.auc, 4),
                       "threshold": result.threshold,
                       "gold_sentences": result.n_gold_sentences,
                       "gold_tuples": result.n_gold_tuples,
                       "predicted_tuples": result.n_predicted_tuples,
                       "ignored_sentences": result.n_ignored_sentences})
