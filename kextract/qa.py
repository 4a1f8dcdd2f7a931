"""Question answering: question -> typed index hits -> cited answers.

The question type decides which fact index is searched besides the sentence index:
definitions answer "what is", rules answer "what should I do if / when", examples answer
"give examples of", relations answer "what does X require / cause". Rankings are fused,
and every answer is cited with document, section, character offsets and sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QUESTION_TYPES = [
    ("definition", re.compile(r"^\s*(what|who)\s+(is|are|was|were)\s+(an?\s+|the\s+)?(?!the\s+\w+\s+(for|of|to)\b)"
                              r"|\bwhat\s+does\s+.+\s+(mean|stand\s+for)\b|^\s*define\b|"
                              r"\bmeaning\s+of\b|\bdefinition\s+of\b", re.I)),
    ("example", re.compile(r"\bexamples?\s+of\b|\bgive\s+(an?\s+)?examples?\b|\bsuch\s+as\b|"
                           r"\bwhat\s+(kinds|types|sorts)\s+of\b|\bwhich\s+\w+\s+(are|count\s+as)\b"
                           r"|\blist\s+(the\s+)?\w+", re.I)),
    ("rule", re.compile(r"\b(should|must|shall|may|can|need\s+to|have\s+to|allowed|permitted|"
                        r"required|prohibited)\b.*|\bwhat\s+(to\s+do|happens)\b|"
                        r"\b(if|when|whenever|before|after|during|unless)\b", re.I)),
    ("relation", re.compile(r"\bwhat\s+does\s+.+\s+(require|cause|need|use|contain|produce|"
                            r"measure|prevent|protect)\b", re.I)),
]
KIND_INDEX = {"definition": "definitions", "example": "examples", "rule": "rules",
              "relation": "relations"}
QUESTION_WORDS = re.compile(r"^\s*(what|which|who|whom|when|where|why|how|is|are|do|does|"
                            r"should|can|must|give|list|define)\b", re.I)


def question_type(question: str) -> str:
    """One of definition, example, rule, relation or general."""
    for kind, rx in QUESTION_TYPES:
        if rx.search(question):
            return kind
    return "general"


@dataclass(frozen=True, slots=True)
class Answer:
    """A ranked, cited answer."""

    text: str
    kind: str
    score: float
    doc: str
    start: int
    end: int
    sentence: str
    section: str | None = None
    fact_id: str | None = None
    fact: str | None = None
    explain: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        d = {"text": self.text, "kind": self.kind, "score": round(self.score, 4),
             "source": {"doc": self.doc, "start": self.start, "end": self.end,
                        "sentence": self.sentence, "section": self.section}}
        if self.fact_id:
            d["fact_id"] = self.fact_id
            d["fact"] = self.fact
        if self.explain:
            d["explain"] = list(self.explain)
        return d


def answer(kb, question: str, k: int = 5, *, explain: bool = False) -> list[Answer]:
    """Answer ``question`` from a :class:`~kextract.kb.KnowledgeBase`."""
    if not isinstance(k, int) or k < 1:
        from .errors import Errors

        raise ValueError(Errors.E041.format(k=k))
    qtype = question_type(question)
    pool = max(20, 4 * k)
    candidates: dict[tuple[str, int, int], dict] = {}

    def offer(key, score, info):
        cur = candidates.get(key)
        if cur is None or score > cur["score"]:
            if cur is not None:
                info["explain"] = cur["explain"] + info["explain"]
            candidates[key] = info | {"score": score}
        else:
            cur["score"] += 0.1 * score
            cur["explain"] = cur["explain"] + info["explain"]

    sentences = kb.lookup("sentences")
    for sid, score in kb.index("sentences").search(question, pool):
        s = sentences.get(sid)
        if s is None:
            continue
        offer((s["doc"], s["start"], s["end"]), score,
              {"text": s["text"], "kind": "sentence", "doc": s["doc"], "start": s["start"],
               "end": s["end"], "sentence": s["text"], "section": s["section"],
               "fact_id": None, "fact": None,
               "explain": [f"sentences index score {score:.3f}"]})
    boost = 1.25
    kinds = [qtype] if qtype in KIND_INDEX else []
    for kind in kinds:
        table = kb.lookup(KIND_INDEX[kind])
        for fid, score in kb.index(KIND_INDEX[kind]).search(question, pool):
            f = table.get(fid)
            if f is None:
                continue
            s_start, s_end = f["sentence_start"], f["sentence_end"]
            section = kb.section_of(f["doc"], s_start)
            offer((f["doc"], s_start, s_end), boost * score,
                  {"text": f["sentence"], "kind": kind, "doc": f["doc"], "start": s_start,
                   "end": s_end, "sentence": f["sentence"], "section": section,
                   "fact_id": fid, "fact": f["text"],
                   "explain": [f"{KIND_INDEX[kind]} index score {score:.3f} x {boost} "
                               f"(question type {qtype})"]})
    ranked = sorted(candidates.values(), key=lambda c: (-c["score"], c["doc"], c["start"]))[:k]
    return [Answer(text=c["text"], kind=c["kind"], score=float(c["score"]), doc=c["doc"],
                   start=int(c["start"]), end=int(c["end"]), sentence=c["sentence"],
                   section=c["section"], fact_id=c["fact_id"], fact=c["fact"],
                   explain=tuple(c["explain"]) if explain else ())
            for c in ranked]
