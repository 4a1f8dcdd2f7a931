"""Evaluation against a user's own gold data: the library side of ``kextract eval`` and
``kextract eval-qa``.

Gold facts use the ``extract --format jsonl`` record format (see README and
``docs/gold-format.md``): ``kind``, ``doc`` and the span slots of each kind with document
offsets. Gold questions are a TSV (``question<TAB>document id<TAB>answer``, header optional)
or JSON lines (``{"question", "doc" or "docs", "answer"}``).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .readers import FactRecord, read_fact_records
from .scoring import FACT_SLOTS, FactScore, RetrievalScore, answer_f1, score_facts, score_retrieval


def predicted_records(*, corpus: Sequence[str] | None = None, kb: str | Path | None = None,
                      kinds: Sequence[str] | None = None, model: str | None = None,
                      nlp=None) -> list[FactRecord]:
    """Facts to score: run the extractors over ``corpus``, or read them from a built ``kb``."""
    kinds = list(kinds or FACT_SLOTS)
    if kb is not None:
        from ..kb import KnowledgeBase
        from ..tables import TABLE_NAMES, row_to_json

        base = KnowledgeBase(kb)
        out = []
        for kind in kinds:
            for row in base.lookup(TABLE_NAMES[kind]).values():
                out.append(FactRecord.from_json(row_to_json(kind, row)))
        return out
    if not corpus:
        raise ValueError("give a corpus (--corpus) or a built knowledge base (--kb)")
    from ..builder import process
    from ..corpus import CorpusReader
    from ..nlp import load_pipeline

    nlp = nlp or load_pipeline(model)
    out = []
    for parsed in process(nlp, CorpusReader(list(corpus)), kinds=kinds):
        out.extend(FactRecord.from_json(f.to_json()) for f in parsed.facts)
    return out


def evaluate_facts(gold: str | Path, *, corpus: Sequence[str] | None = None,
                   kb: str | Path | None = None, kinds: Sequence[str] | None = None,
                   model: str | None = None, nlp=None) -> FactScore:
    """Precision, recall and F1 per kind (exact and partial span matching)."""
    kinds = [k for k in (kinds or FACT_SLOTS) if k in FACT_SLOTS]
    gold_records = [r for r in read_fact_records(gold) if r.kind in kinds]
    predicted = restrict_to_gold_documents(
        gold_records, predicted_records(corpus=corpus, kb=kb, kinds=kinds, model=model, nlp=nlp))
    return score_facts(gold_records, predicted,
                       slots={k: FACT_SLOTS[k] for k in kinds})


def restrict_to_gold_documents(gold: Sequence[FactRecord],
                               predicted: Sequence[FactRecord]) -> list[FactRecord]:
    """Keep the predictions of a kind only in documents where that kind was annotated: a
    gold file annotates some documents exhaustively per kind, and a prediction elsewhere is
    neither right nor wrong."""
    docs: dict[str, set[str]] = {}
    for r in gold:
        docs.setdefault(r.kind, set()).add(r.doc)
    return [r for r in predicted if r.doc in docs.get(r.kind, ())]


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    question: str
    docs: frozenset[str]
    answer: str


@dataclass(frozen=True, slots=True)
class QAEvaluation:
    retrieval: RetrievalScore
    answer_f1: float
    per_question: tuple[dict, ...]


def read_questions(path: str | Path) -> list[GoldQuestion]:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    out = []
    if path.suffix in (".jsonl", ".json"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            docs = rec.get("docs") or [rec["doc"]]
            out.append(GoldQuestion(rec["question"], frozenset(map(str, docs)),
                                    str(rec.get("answer", ""))))
        return out
    for row in csv.reader(text.splitlines(), delimiter="\t"):
        if not row or row[0].strip().lower() == "question" or len(row) < 2:
            continue
        out.append(GoldQuestion(row[0].strip(), frozenset([row[1].strip()]),
                                row[2].strip() if len(row) > 2 else ""))
    return out


def evaluate_qa(questions: str | Path, kb, *, k: int = 10) -> QAEvaluation:
    """R@1, R@5, MRR (rank of the first answer from a gold document) and mean token F1 of
    the top answer against the gold answer."""
    from ..kb import KnowledgeBase

    base = kb if isinstance(kb, KnowledgeBase) else KnowledgeBase(kb)
    gold_qs = read_questions(questions)
    ranked, gold, per = {}, {}, []
    f1s = []
    for i, q in enumerate(gold_qs):
        qid = str(i)
        answers = base.ask(q.question, k)
        ranked[qid] = [_as_gold(a.doc, q.docs) for a in answers]
        gold[qid] = q.docs
        top = answers[0].text if answers else ""
        f1 = answer_f1(top, [q.answer]) if q.answer else 0.0
        f1s.append(f1)
        rank = next((r + 1 for r, d in enumerate(ranked[qid]) if d in q.docs), None)
        per.append({"question": q.question, "gold": sorted(q.docs), "rank": rank,
                    "top": top, "answer_f1": round(f1, 4)})
    return QAEvaluation(score_retrieval(ranked, gold), sum(f1s) / len(f1s) if f1s else 0.0,
                        tuple(per))


def doc_matches(doc_id: str, gold_doc: str) -> bool:
    """Whether an answer's document id denotes ``gold_doc``: equal, or ``gold_doc`` is a path
    ending in the document's file (ids are relative to the corpus root, gold files often
    name ``data/...``), or ``gold_doc`` is the JSONL/CSV file holding the record."""
    base = doc_id.split("#", 1)[0]
    return gold_doc in (doc_id, base) or gold_doc.endswith("/" + doc_id) or \
        gold_doc.endswith("/" + base)


def _as_gold(doc_id: str, gold_docs) -> str:
    return next((g for g in gold_docs if doc_matches(doc_id, g)), doc_id)
