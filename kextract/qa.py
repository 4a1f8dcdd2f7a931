"""Question answering: question -> typed index hits -> graph/table hops -> fused, cited answers.

How a question is answered (:func:`answer`):

1. **Question type** (:func:`question_type`): definitions answer "what is", rules answer "what
   should I do if / when", examples answer "give examples of", relations answer "what does X
   require / cause"; anything else is ``general``.
2. **Passage and sentence evidence**: BM25 over *passages* (the sentences of one section of one
   document, with the document title and section heading; see :func:`passages`) and BM25 over
   *sentences*. Each is divided by its best score for the question, and a sentence's score is
   ``(1 - PASSAGE_WEIGHT) * sentence + PASSAGE_WEIGHT * passage``: the passage says *where* the
   answer is (the section about the topic, whose title and vocabulary match the question as a
   whole), the sentence says *which line* answers it. Two more section signals join the
   passage score: *coverage*, the share of the question's terms the section contains at all
   (``COVERAGE_WEIGHT``; Lucene's classic coord factor: one frequent term must not outweigh
   the rest of the question), and TF-IDF over the section's character n-grams
   (``CHARS_WEIGHT``, index ``section_chars``: "info" meets "information", a typo its word).
   Coverage counts the question's distinct terms that the index knows; character n-grams only
   rank sentences that a word of the question found (in the sentence or its section).
3. **Typed facts**: the fact index of the question type (TF-IDF over the facts' own text, word
   and character n-grams) adds ``FACT_WEIGHT * cosine`` to the sentence that states the fact,
   and the answer carries the fact.
4. **Graph/table hops**: the question's concepts (concept-label index) lead to their definitions
   ("what is X") and to the rules whose condition mentions them ("what should I do if X"), which
   are offered like fact hits, scaled by how well the concept matched.
5. **Diversity**: answers are taken best first; once a passage has given an answer, its other
   sentences keep only their own sentence evidence, so the next answer may come from another
   section unless this one is clearly better.
6. **Headings**: a sentence that is only its section's heading (a title matching the question)
   stands for its section: the answer keeps the heading's score but cites the section's
   best-scoring sentence, since a bare title answers nothing.

Every answer is cited with document, section, character offsets and sentence; ``explain``
records which indexes and hops produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np

QUESTION_TYPES = [
    ("definition", re.compile(r"^\s*(what|who)\s+(is|are|was|were)\s+(?!the\s+\w+\s+(for|of|to)\b)(an?\s+|the\s+)?"
                              r"|\bwhat\s+does\s+.+\s+(mean|stand\s+for)\b|^\s*define\b|"
                              r"\bmeaning\s+of\b|\bdefinition\s+of\b", re.I)),
    ("example", re.compile(r"\bexamples?\s+of\b|\bgive\s+(an?\s+)?examples?\b|\bsuch\s+as\b|"
                           r"\bwhat\s+(kinds|types|sorts)\s+of\b|\bwhich\s+\w+\s+(are|count\s+as)\b"
                           r"|\blist\s+(the\s+)?\w+", re.I)),
    ("rule", re.compile(r"\b(should|must|shall|may|need\s+to|have\s+to|allowed|permitted|"
                        r"required|prohibited)\b.*|\bwhat\s+(to\s+do|happens)\b|"
                        r"\b(if|when|whenever|before|after|during|unless)\b", re.I)),
    ("relation", re.compile(r"\bwhat\s+does\s+.+\s+(require|cause|need|use|contain|produce|"
                            r"measure|prevent|protect)\b", re.I)),
]
KIND_INDEX = {"definition": "definitions", "example": "examples", "rule": "rules",
              "relation": "relations"}
KIND_OF_INDEX = {v: k for k, v in KIND_INDEX.items()}
QUESTION_WORDS = re.compile(r"^\s*(what|which|who|whom|when|where|why|how|is|are|do|does|"
                            r"should|can|must|give|list|define)\b", re.I)

#: words that give a question its form, not its topic ("How do I ...", "Can you ..."): left
#: out of the BM25 queries (the manual rarely says "I", and "do"/"how" match everywhere)
QUESTION_FORM = frozenset("""i how what which who whom whose where why do does did can could would
should shall will is are was were be am been my me your you we our us please""".split())

#: share of the passage (section) evidence in a sentence's score; the rest is the sentence's own
PASSAGE_WEIGHT = 0.5
#: weight of the share of the question's terms that a section contains (0 - 1)
COVERAGE_WEIGHT = 0.5
#: weight of the section's character n-gram similarity (divided by its best score)
CHARS_WEIGHT = 0.25
#: weight of a typed fact hit (cosine in [0, 1]) added to the sentence stating the fact
FACT_WEIGHT = 0.25
#: how many candidates (sentences, fact hits, concepts) each index contributes before fusion
POOL = 50


def question_type(question: str) -> str:
    """One of definition, example, rule, relation or general."""
    for kind, rx in QUESTION_TYPES:
        if rx.search(question):
            return kind
    return "general"


def topic_words(question: str) -> str:
    """``question`` without its :data:`QUESTION_FORM` words (the whole question if nothing
    else is left)."""
    words = [w for w in re.findall(r"[\w'’-]+", question) if w.lower() not in QUESTION_FORM]
    return " ".join(words) if words else question


@dataclass(frozen=True, slots=True)
class Passage:
    """Consecutive sentences of one document under the same section heading."""

    id: str
    doc: str
    section: str | None
    start: int
    end: int
    sentence_ids: tuple[str, ...]


def passages(sentence_rows: Iterable[Mapping]) -> list[Passage]:
    """Group sentence rows (``id, doc, index, start, end, section``) into passages: a new
    passage starts with each document and at each change of section heading. Ids are
    content-derived: ``<doc>#<start>-<end>`` (character offsets into the document text)."""
    rows = sorted(sentence_rows, key=lambda r: (r["doc"], r["start"]))
    out: list[Passage] = []
    group: list[Mapping] = []

    def flush():
        if group:
            doc, start, end = group[0]["doc"], group[0]["start"], group[-1]["end"]
            out.append(Passage(f"{doc}#{start}-{end}", doc, _section(group[0]), start, end,
                               tuple(r["id"] for r in group)))

    for r in rows:
        if group and (r["doc"] != group[-1]["doc"] or _section(r) != _section(group[-1])):
            flush()
            group = []
        group.append(r)
    flush()
    return out


def _section(row: Mapping) -> str | None:
    s = row.get("section")
    return s if isinstance(s, str) and s else None


def passage_text(passage: Passage, sentences: Mapping[str, Mapping],
                 title: str | None = None) -> str:
    """What the passage index sees: document title, section heading, then the sentences."""
    head = [t for t in (title, passage.section) if isinstance(t, str) and t]
    if len(head) == 2 and head[0].strip().lower() == head[1].strip().lower():
        head = head[:1]
    return "\n".join(head + [sentences[i]["text"] for i in passage.sentence_ids])


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


def _normalised(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else scores


def answer(kb, question: str, k: int = 5, *, explain: bool = False) -> list[Answer]:
    """Answer ``question`` from a :class:`~kextract.kb.KnowledgeBase` (see the module doc)."""
    from .index import top_k

    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        from .errors import Errors

        raise ValueError(Errors.E041.format(k=k))
    qtype = question_type(question)
    pool = max(POOL, 4 * k)
    s_index = kb.index("sentences")
    topic = topic_words(question)
    sent = _normalised(s_index.scores(topic))
    layout = kb.passage_layout()
    psg = None                     # per passage: all section evidence, weighted
    parts: dict[str, tuple[float, np.ndarray]] = {}
    fused = (1.0 - PASSAGE_WEIGHT) * sent
    if layout.n_passages:
        parts = _section_evidence(kb, topic)
        # one extra 0 at the end: position -1 is "no passage"
        psg = np.append(sum(w * v for w, v in parts.values()), np.float32(0))
        fused = fused + psg[layout.sentence_passage]
        # character n-grams only rank what the question's words found: a sentence needs a
        # word of the question in itself or in its section ("blorpation" answers nothing)
        worded = np.append(parts["sections"][1] > 0, False)[layout.sentence_passage]
        fused = np.where(worded | (sent > 0), fused, np.float32(0))
    notes: dict[int, list[str]] = {}
    facts: dict[int, tuple[float, str, str]] = {}   # sentence position -> (score, kind, fact id)

    def offer_fact(kind: str, fid: str, score: float, how: str) -> None:
        row = kb.lookup(KIND_INDEX[kind]).get(fid)
        pos = layout.sentence_at.get((row["doc"], row["sentence_start"])) if row else None
        if pos is None:
            return
        gain = FACT_WEIGHT * score
        fused[pos] += gain
        notes.setdefault(pos, []).append(f"{how} -> +{gain:.3f}")
        if pos not in facts or score > facts[pos][0]:
            facts[pos] = (score, kind, fid)

    if qtype in KIND_INDEX:
        name = KIND_INDEX[qtype]
        for fid, score in kb.index(name).search(question, pool):
            offer_fact(qtype, fid, score,
                       f"{name} index score {score:.3f} (question type {qtype})")
        for fid, score, how in kb.expand(question, qtype, pool):
            offer_fact(KIND_OF_INDEX[fid[0]], fid[1], score, how)

    answers: list[Answer] = []
    candidates = top_k(fused, pool + k)
    scores = {i: float(fused[i]) for i in candidates}
    taken: set[int] = set()        # passages that already gave an answer
    discounted: set[int] = set()
    heading = layout.is_heading if psg is not None else None
    while candidates and len(answers) < k:
        best = max(candidates, key=lambda i: (scores[i], -i))
        p = int(layout.sentence_passage[best]) if psg is not None else -1
        if psg is not None and p in taken and best not in discounted:
            # its passage already answered: the sentence competes on its own evidence
            scores[best] -= float(psg[p])
            discounted.add(best)
            continue
        candidates.remove(best)
        if scores[best] <= 0:
            continue
        cite = best
        if heading is not None and heading[best] and p >= 0:
            if p in taken:
                continue               # a heading adds nothing to its section's answer
            body = [i for i in layout.passage_sentences[p] if not heading[i]]
            if body:                   # the heading stands for its section: cite its best line
                cite = max(body, key=lambda i: (float(fused[i]), -i))
                if cite in candidates:
                    candidates.remove(cite)
        taken.add(p)
        answers.append(_make_answer(kb, s_index.ids_[cite], cite, scores[best], facts,
                                    notes, sent, parts, layout, best in discounted, explain,
                                    via_heading=None if cite == best else best))
    return answers


def _section_evidence(kb, topic: str) -> dict[str, tuple[float, np.ndarray]]:
    """Per passage (``sections`` index order): name -> (weight, score) of each section
    signal; ``section_chars`` is left out for a KB built before it existed."""
    from .errors import KnowledgeBaseError

    sections = kb.index("sections")
    parts = {"sections": (PASSAGE_WEIGHT, _normalised(sections.scores(topic))),
             "coverage": (COVERAGE_WEIGHT, sections.coverage(topic))}
    try:
        chars = kb.index("section_chars")
    except KnowledgeBaseError:
        return parts
    parts["section_chars"] = (CHARS_WEIGHT, _normalised(chars.scores(topic)))
    return parts


def _make_answer(kb, sid, pos, score, facts, notes, sent, parts, layout, discounted,
                 explain, via_heading: int | None = None) -> Answer:
    s = kb.lookup("sentences")[sid]
    kind, fact_id, fact = "sentence", None, None
    if pos in facts:
        _, kind, fact_id = facts[pos]
        fact = kb.lookup(KIND_INDEX[kind])[fact_id]["text"]
    trail: tuple[str, ...] = ()
    if explain:
        lines = []
        if via_heading is not None:
            lines.append("section heading matched (the index scores below are the "
                         "heading's); cited: the section's best-scoring sentence")
            pos = via_heading
        lines.append(f"sentences index score {float(sent[pos]):.3f} (share of best) "
                     f"x {1 - PASSAGE_WEIGHT}")
        q = int(layout.sentence_passage[pos]) if parts else -1
        what = {"sections": "sections index score {:.3f} (share of best)",
                "coverage": "sections index coverage {:.3f} (share of the question's known "
                            "terms in the section)",
                "section_chars": "section_chars index score {:.3f} (share of best)"}
        for name, (weight, values) in (parts.items() if q >= 0 else ()):
            lines.append(what[name].format(float(values[q])) + f" x {weight}"
                         + (" (not counted: its passage answered above)"
                            if discounted else ""))
        lines += notes.get(pos, [])
        trail = tuple(lines)
    return Answer(text=s["text"], kind=kind, score=float(score), doc=s["doc"],
                  start=int(s["start"]), end=int(s["end"]), sentence=s["text"],
                  section=_section(s), fact_id=fact_id, fact=fact, explain=trail)
