"""Run kextract on the shared benchmark sets and on its own gold file; return typed figures.

One function per set. Each reads the set from ``bench_dir`` (default:
:func:`kextract.evaluation.carb.default_benchmarks_dir`, i.e. ``$KEXTRACT_BENCHMARKS`` or
``../shared/benchmarks``), runs the extractors in-process exactly as
``kextract extract --lines`` would (one document per input line, id = line number from 1,
text = the stripped line) or builds a knowledge base (QA sets), converts the facts with
``Fact.to_json()`` into the records the scorers read, and scores them with the scorers of
:mod:`kextract.evaluation.scoring` / :mod:`kextract.evaluation.carb`, following
``benchmarks/README.md`` of the shared folder.

========================  ========================================================
function                  set and figures
========================  ========================================================
:func:`run_carb`          ``carb/``: CaRB best F1, AUC (+ the calibration outputs)
:func:`run_conditional`   ``conditional_requirements/``: rule P/R/F1, span token F1
:func:`run_scienceie`     ``scienceie/``: hyponym pair P/R/F1, cue recall
:func:`run_deft`          ``deft/dev/``: definition sentence and term P/R/F1
:func:`run_qa`            ``xquad_en/``, ``emanual_tv/``: R@1, R@5, MRR, answer F1,
                          with scikit-learn TF-IDF and bm25s baselines
:func:`run_own_gold`      ``data/gold/facts.jsonl``: per-kind P/R/F1, rule modality
========================  ========================================================

When the data of a set is absent every function raises :class:`SkipBenchmark` (nothing is
downloaded, nothing is bundled). Pass a loaded spaCy pipeline as ``nlp`` to share it across
sets; otherwise each function loads the default one.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kextract.errors import KextractError
from kextract.evaluation.carb import (
    CalibrationRow,
    CarbResult,
    calibrate,
    default_benchmarks_dir,
    extractions_from_records,
    read_carb_gold,
    score_carb,
)
from kextract.evaluation.readers import (
    FactRecord,
    QADataset,
    iter_lines,
    read_conditional_requirements,
    read_deft,
    read_emanual,
    read_fact_records,
    read_scienceie,
    read_xquad,
)
from kextract.evaluation.scoring import (
    PRF,
    ConditionalScore,
    DeftPairScore,
    FactScore,
    RetrievalScore,
    ScienceIEScore,
    definition_pairs_from_records,
    example_pairs_from_records,
    matched_facts,
    mean_answer_f1,
    rules_from_records,
    score_conditional_requirements,
    score_deft_sentences,
    score_deft_terms,
    score_facts,
    score_retrieval,
    score_scienceie,
)
from kextract.corpus import line_document
from kextract.model import Block, Document

__all__ = [
    "BaselineRun",
    "CarbRun",
    "ConditionalRun",
    "DeftRun",
    "OwnGoldRun",
    "QA_SETS",
    "QARun",
    "ScienceIERun",
    "SkipBenchmark",
    "bm25_ranking",
    "line_documents",
    "run_carb",
    "run_conditional",
    "run_deft",
    "run_own_gold",
    "run_qa",
    "run_scienceie",
    "section_page",
    "tfidf_ranking",
]

REPO_ROOT = Path(__file__).resolve().parents[2]


class SkipBenchmark(KextractError):
    """The data of a benchmark set is absent; the message names the missing path.

    Raised by every ``run_*`` function before any work is done, so callers can report the set
    as skipped and go on.
    """


# --------------------------------------------------------------------------------------------
# Shared plumbing
# --------------------------------------------------------------------------------------------


def _bench(bench_dir: Path | str | None) -> Path:
    return Path(bench_dir) if bench_dir is not None else default_benchmarks_dir()


def _require(*paths: Path) -> None:
    for path in paths:
        if not path.exists():
            raise SkipBenchmark(f"[EVAL] {str(path)!r} does not exist")


def _pipeline(nlp):
    if nlp is not None:
        return nlp
    from kextract.nlp import load_pipeline

    return load_pipeline()


def line_documents(lines: Iterable[str], source: str = "-") -> list[Document]:
    """Documents of an ``extract --lines`` run: one per non-blank line, id = line number from 1,
    text = the stripped line (as :class:`kextract.corpus.CorpusReader` does with ``lines=True``).

    Lines must not contain line breaks themselves (the numbering would drift from the file's).
    """
    docs = []
    for n, line in enumerate(lines, start=1):
        if len(line.splitlines()) > 1:
            raise ValueError(f"line {n} holds a line break: {line[:60]!r}")
        if line.strip():
            docs.append(line_document(str(n), line, source))
    return docs


def _records(nlp, documents: Sequence[Document], kinds: Sequence[str] | None,
             batch_size: int = 64) -> list[FactRecord]:
    """Parse and extract in-process; facts as the records of ``extract --format jsonl``."""
    from kextract.builder import process

    return [FactRecord.from_json(fact.to_json())
            for parsed in process(nlp, documents, batch_size=batch_size, kinds=kinds)
            for fact in parsed.facts]


#: Characters ``str.splitlines`` breaks at, each mapped to a space.
_LINE_BREAKS = str.maketrans({c: " " for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def _one_line(text: str) -> str:
    """Replace line-break characters by spaces (same length, so offsets stay valid)."""
    return text.translate(_LINE_BREAKS)


def _prf_figures(prefix: str, p: PRF) -> dict[str, float]:
    return {f"{prefix}precision": p.precision, f"{prefix}recall": p.recall, f"{prefix}f1": p.f1}


# --------------------------------------------------------------------------------------------
# CaRB
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CarbRun:
    score: CarbResult
    n_sentences: int                           # input lines
    references: tuple[CalibrationRow, ...]     # calibration outputs scored in the same run

    def figures(self) -> dict[str, float]:
        return {"f1": self.score.f1, "auc": self.score.auc,
                "precision": self.score.precision, "recall": self.score.recall}

    def baseline_figures(self) -> dict[str, dict[str, float]]:
        names = {"openie5": "OpenIE-5", "textacy": "textacy SVO"}
        return {"f1": {names.get(r.system, r.system): r.f1 for r in self.references},
                "auc": {names.get(r.system, r.system): r.auc for r in self.references}}


def run_carb(bench_dir: Path | str | None = None, nlp=None) -> CarbRun:
    """CaRB dev: relations of ``sentences.txt`` (one document per line) against ``gold.tsv``.

    Each relation is ``(confidence, predicate, subject, object, *extra_args)`` keyed by its
    whole input line (see :func:`~kextract.evaluation.carb.extractions_from_records`). The
    calibration outputs (OpenIE-5, textacy), when present, are scored alongside as references.
    """
    folder = _bench(bench_dir) / "carb"
    _require(folder / "sentences.txt", folder / "gold.tsv")
    lines = list(iter_lines(folder / "sentences.txt"))
    records = _records(_pipeline(nlp), line_documents(lines, str(folder / "sentences.txt")),
                       ["relation"])
    score = score_carb(read_carb_gold(folder / "gold.tsv"), extractions_from_records(records, lines))
    references: tuple[CalibrationRow, ...] = ()
    if (folder / "calibration").is_dir():
        try:
            references = calibrate(folder.parent)
        except FileNotFoundError:
            references = ()
    return CarbRun(score, len(lines), references)


# --------------------------------------------------------------------------------------------
# conditional_requirements
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConditionalRun:
    score: ConditionalScore
    n_sentences: int
    n_gold_conditional: int
    n_gold_causal: int

    @property
    def mean_token_f1(self) -> float:
        """Mean token F1 over the conditions and consequences of matched rules (equal counts)."""
        if self.score.rules.tp_pred == 0:
            return 0.0
        return (self.score.mean_condition_f1 + self.score.mean_consequence_f1) / 2

    def figures(self) -> dict[str, float]:
        return {**_prf_figures("rule_", self.score.rules),
                "mean_token_f1": self.mean_token_f1,
                "mean_condition_f1": self.score.mean_condition_f1,
                "mean_consequence_f1": self.score.mean_consequence_f1}

    def baseline_figures(self) -> dict[str, dict[str, float]]:
        return {}


def run_conditional(bench_dir: Path | str | None = None, nlp=None) -> ConditionalRun:
    """conditional_requirements: rules of each gold sentence (one document per sentence).

    Scored by :func:`~kextract.evaluation.scoring.score_conditional_requirements`: only rules
    with a condition are scored; a rule matching a causal relation is neither TP nor FP.
    """
    path = _bench(bench_dir) / "conditional_requirements" / "gold.jsonl"
    _require(path)
    gold = read_conditional_requirements(path)
    docs = line_documents([_one_line(s.sentence) for s in gold], str(path))
    records = _records(_pipeline(nlp), docs, ["rule"])
    score = score_conditional_requirements(gold, rules_from_records(records))
    kinds = [r.kind for s in gold for r in s.relations]
    return ConditionalRun(score, len(gold), kinds.count("conditional"), kinds.count("causal"))


# --------------------------------------------------------------------------------------------
# scienceie
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScienceIERun:
    score: ScienceIEScore
    n_documents: int

    def figures(self) -> dict[str, float]:
        return {**_prf_figures("", self.score.pairs), "cue_recall": self.score.cue_recall}

    def baseline_figures(self) -> dict[str, dict[str, float]]:
        return {}


def _raw_document(doc_id: str, text: str, source: str) -> Document:
    """A document whose stored text is ``text`` verbatim (so brat offsets stay valid): one
    paragraph block per non-blank line."""
    blocks = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            blocks.append(Block("paragraph", start, start + len(stripped)))
        pos += len(line)
    return Document(doc_id, text, source, "txt", None, tuple(blocks))


def run_scienceie(bench_dir: Path | str | None = None, nlp=None) -> ScienceIERun:
    """scienceie: (instance, concept) pairs of examples vs. gold ``Hyponym-of`` pairs.

    Each ``.txt`` is one document whose text is the file verbatim (the corpus reader would
    collapse the doubled spaces around non-breaking spaces and shift the brat offsets).
    """
    folder = _bench(bench_dir) / "scienceie"
    _require(folder)
    gold = read_scienceie(folder)
    if not gold:
        raise SkipBenchmark(f"[EVAL] no .txt/.ann pair in {str(folder)!r}")
    docs = [_raw_document(d.doc_id, d.text, str(folder / f"{d.doc_id}.txt")) for d in gold]
    records = _records(_pipeline(nlp), docs, ["example"], batch_size=8)
    return ScienceIERun(score_scienceie(gold, example_pairs_from_records(records)), len(gold))


# --------------------------------------------------------------------------------------------
# DEFT
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeftRun:
    sentences: PRF
    terms: DeftPairScore
    n_documents: int
    n_sentences: int

    def figures(self) -> dict[str, float]:
        return {**_prf_figures("sentence_", self.sentences),
                **_prf_figures("term_", self.terms.pairs)}

    def baseline_figures(self) -> dict[str, dict[str, float]]:
        return {}


def run_deft(bench_dir: Path | str | None = None, nlp=None) -> DeftRun:
    """DEFT dev: every sentence of every ``.deft`` file is one input line, in order.

    (a) sentences where a definition fires vs. sentences with a B-Definition; (b) (term,
    definition) pairs vs. Direct-/Indirect-Defines relations, both spans overlapping.
    """
    folder = _bench(bench_dir) / "deft" / "dev"
    _require(folder)
    gold = read_deft(folder)
    if not gold:
        raise SkipBenchmark(f"[EVAL] no .deft file in {str(folder)!r}")
    flat = [s for d in gold for s in d.sentences]
    docs = line_documents([_one_line(s.text) for s in flat], str(folder))
    if len(docs) != len(flat):
        raise ValueError("a DEFT sentence is blank or padded; line ids would not map back")
    records = _records(_pipeline(nlp), docs, ["definition"])
    fired, pairs = definition_pairs_from_records(records, gold)
    return DeftRun(score_deft_sentences(gold, fired), score_deft_terms(gold, pairs), len(gold),
                   len(flat))


# --------------------------------------------------------------------------------------------
# QA: xquad_en and emanual_tv
# --------------------------------------------------------------------------------------------

#: QA set name -> (folder, reader of that folder)
QA_SETS = {
    "xquad_en": ("xquad_en", lambda folder: read_xquad(folder / "xquad.en.json")),
    "emanual_tv": ("emanual_tv", read_emanual),
}
_QA_FILES = {
    "xquad_en": ("xquad.en.json",),
    "emanual_tv": ("smart_tv_remote_manual_corpus.json", "smart_tv_remote_50_questions.csv"),
}
#: QA sets whose documents are titled sections of one manual: each is written as the page a
#: user would give ``kextract build`` (its title as a heading, then its text; see
#: :func:`section_page`), and the baselines are also run over title + text
_QA_SECTION_PAGES = frozenset({"emanual_tv"})


@dataclass(frozen=True, slots=True)
class BaselineRun:
    name: str
    retrieval: RetrievalScore


@dataclass(frozen=True, slots=True)
class QARun:
    name: str
    retrieval: RetrievalScore          # kextract: source documents of kb.ask(question, k)
    answer_f1: float                   # mean token F1 of the top answer's text vs. gold answers
    baselines: tuple[BaselineRun, ...]
    n_documents: int
    n_questions: int
    k: int
    n_skipped: int = 0                 # documents the build skipped (e.g. an empty section)

    def figures(self) -> dict[str, float]:
        r = self.retrieval
        return {"r@1": r.recall_at_1, "r@5": r.recall_at_5, "mrr": r.mrr,
                "answer_f1": self.answer_f1}

    def baseline_figures(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {"r@1": {}, "r@5": {}, "mrr": {}}
        for b in self.baselines:
            out["r@1"][b.name] = b.retrieval.recall_at_1
            out["r@5"][b.name] = b.retrieval.recall_at_5
            out["mrr"][b.name] = b.retrieval.mrr
        return out


def tfidf_ranking(texts: Sequence[str], questions: Sequence[str], k: int) -> list[list[int]]:
    """Baseline: scikit-learn ``TfidfVectorizer()`` (default parameters) fitted on the documents,
    cosine similarity (the vectors are L2-normalized, so a dot product); top-``k`` document
    indexes per question, ties broken by document order."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(texts)
    scores = linear_kernel(vectorizer.transform(questions), matrix)
    return [np.argsort(-row, kind="stable")[:k].tolist() for row in scores]


def bm25_ranking(texts: Sequence[str], questions: Sequence[str], k: int,
                 stopwords: str | None = None) -> list[list[int]]:
    """Baseline: bm25s with its documented API and default scoring (Lucene BM25, k1 1.5,
    b 0.75): ``bm25s.tokenize`` (lower-cased ``\\w\\w+`` tokens, no stemming; ``stopwords``
    None keeps every word, which reproduces the published emanual_tv figure), ``BM25().index``,
    ``retrieve(k=...)``. Top-``k`` document indexes per question."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(list(texts), stopwords=stopwords, show_progress=False),
                    show_progress=False)
    query_tokens = bm25s.tokenize(list(questions), stopwords=stopwords, return_ids=False,
                                  show_progress=False)
    results, _ = retriever.retrieve(query_tokens, k=min(k, len(texts)), show_progress=False,
                                    n_threads=1)
    return [[int(i) for i in row] for row in results]


#: ASCII punctuation that could start Markdown inline syntax; escaped with a backslash
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~!])")
#: a list marker at the start of a line: bullet, or the delimiter of "1." / "1)"
_MD_LIST_START = re.compile(r"^(?:[-+](?=\s|$)|\d{1,9}(?=[.)]))")


def _markdown_text(text: str) -> str:
    """``text`` (whitespace folded) as one line of Markdown that renders back to it: inline
    syntax and a leading list marker escaped."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    m = _MD_LIST_START.match(text)
    if m:
        text = ("\\" + text) if m.group()[0] in "-+" else f"{m.group()}\\{text[m.end():]}"
    return text


def section_page(title: str, text: str, html: str | None = None) -> tuple[str, str]:
    """A manual section as the file a user would give ``kextract build``: ``(suffix,
    content)``.

    With the section's HTML, an HTML page whose ``<title>`` is the section title and whose body
    is the HTML, headed by ``<h1>title</h1>`` unless its first heading already is the title.
    Otherwise a Markdown page: ``# title``, a blank line, and the text as one paragraph (the
    emanual_tv ``text`` items are visual lines of the PDF, cut mid-sentence, so they are joined
    with spaces, as :func:`~kextract.evaluation.readers.read_emanual` joins them).
    """
    title = " ".join(title.split())
    if html and html.strip():
        from html import escape

        from bs4 import BeautifulSoup

        first = BeautifulSoup(html, "lxml").find(["h1", "h2", "h3", "h4", "h5", "h6"])
        headed = first is not None and " ".join(first.get_text(" ").split()) == title
        head = "" if headed else f"<h1>{escape(title)}</h1>\n"
        return ".html", (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                         f"<title>{escape(title)}</title></head>\n<body>\n{head}{html}\n"
                         f"</body></html>\n")
    head, body = f"# {_markdown_text(title)}\n", _markdown_text(text)
    return ".md", f"{head}\n{body}\n" if body else head


def _section_html(name: str, bench_dir: Path | str | None) -> dict[str, str]:
    """Section id -> the section's ``html`` (its items joined by line breaks), for the sections
    of an emanual_tv corpus file that carry one (the dev split has none)."""
    if name != "emanual_tv":
        return {}
    import json

    path = _bench(bench_dir) / QA_SETS[name][0] / _QA_FILES[name][0]
    with path.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    items = raw.values() if isinstance(raw, dict) else raw
    out = {}
    for item in items:
        html = item.get("html") if isinstance(item, dict) else None
        if isinstance(html, str):
            html = [html]
        if isinstance(html, list) and any(isinstance(h, str) and h.strip() for h in html):
            out[str(item["id"])] = "\n".join(h for h in html if isinstance(h, str))
    return out


def _read_qa(name: str, bench_dir: Path | str | None) -> QADataset:
    if name not in QA_SETS:
        raise ValueError(f"unknown QA set {name!r}; choose from {sorted(QA_SETS)}")
    folder_name, reader = QA_SETS[name]
    folder = _bench(bench_dir) / folder_name
    _require(folder, *(folder / f for f in _QA_FILES[name]))
    return reader(folder)


def run_qa(name: str, bench_dir: Path | str | None = None, workdir: Path | str | None = None,
           k: int = 10) -> QARun:
    """Build a KB with one document per paragraph (xquad_en) / manual section (emanual_tv),
    ask every question with ``kb.ask(question, k)``, and score where the gold document ranks.

    Documents are written into ``<workdir>/<name>/corpus/``: a paragraph as ``d0001.txt``
    holding its text only; a manual section as the page a user would build from,
    ``d0001.md`` (``# title`` + text) or ``d0001.html`` when the corpus carries the section's
    HTML (see :func:`section_page`). The corpus is built with :func:`kextract.builder.build`
    into ``<workdir>/<name>/kb`` (a temporary directory when ``workdir`` is None). The ranking
    of a question is the source document of each answer, best first (repeats allowed); the
    gold is the annotated document (``QAQuestion.gold_doc``, as the published baselines count
    it). The baselines rank the same documents for the same questions, top ``k``, over the
    document text as published (``sklearn TF-IDF``, ``bm25s``) and, for section pages, also
    over title + text (``... (title + text)``), the words kextract's KB sees.
    """
    data = _read_qa(name, bench_dir)
    if not data.documents or not data.questions:
        raise SkipBenchmark(f"[EVAL] {name} has no documents or no questions")
    html = _section_html(name, bench_dir)
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix=f"kextract-{name}-") as tmp:
            return _run_qa(name, data, Path(tmp), k, html)
    return _run_qa(name, data, Path(workdir) / name, k, html)


def _run_qa(name: str, data: QADataset, work: Path, k: int,
            html: dict[str, str] | None = None) -> QARun:
    from kextract.builder import build
    from kextract.kb import KnowledgeBase

    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    width = max(4, len(str(len(data.documents))))
    pages = name in _QA_SECTION_PAGES
    file_to_doc: dict[str, str] = {}
    for i, doc in enumerate(data.documents, start=1):
        suffix, content = (section_page(doc.title, doc.text, (html or {}).get(doc.id))
                           if pages else (".txt", doc.text))
        file_name = f"d{i:0{width}d}{suffix}"
        (corpus / file_name).write_text(content, encoding="utf-8")
        file_to_doc[file_name] = doc.id
    summary = build([str(corpus)], work / "kb", export=False)

    gold = {q.id: frozenset({q.gold_doc}) for q in data.questions}
    ranked: dict[str, list[str]] = {}
    top: dict[str, str] = {}
    kb = KnowledgeBase(work / "kb")
    try:
        for q in data.questions:
            answers = kb.ask(q.question, k)
            ranked[q.id] = [file_to_doc.get(a.doc, a.doc) for a in answers]
            if answers:
                top[q.id] = answers[0].text
    finally:
        kb.close()

    questions = [q.question for q in data.questions]
    ids = [d.id for d in data.documents]
    corpora = [("", [d.text for d in data.documents])]
    if pages:
        corpora.append((" (title + text)", [f"{d.title}\n{d.text}" for d in data.documents]))
    baselines = []
    for label, texts in corpora:
        for baseline, ranking in (("sklearn TF-IDF", tfidf_ranking), ("bm25s", bm25_ranking)):
            rows = ranking(texts, questions, k)
            baselines.append(BaselineRun(baseline + label, score_retrieval(
                {q.id: [ids[i] for i in row] for q, row in zip(data.questions, rows)}, gold)))
    return QARun(
        name=name,
        retrieval=score_retrieval(ranked, gold),
        answer_f1=mean_answer_f1(top, {q.id: q.answers for q in data.questions}),
        baselines=tuple(baselines),
        n_documents=len(data.documents),
        n_questions=len(data.questions),
        k=k,
        n_skipped=len(summary.skipped),
    )


# --------------------------------------------------------------------------------------------
# kextract's own gold
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnGoldRun:
    score: FactScore
    modality_accuracy: float | None    # over gold rules matched (partially) by a predicted rule
    n_modality: int                    # how many matched gold rules that is
    n_documents: int

    def figures(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for k in self.score.kinds:
            if k.exact.prf.n_gold == 0:
                continue
            out.update(_prf_figures(f"{k.kind}_exact_", k.exact.prf))
            out.update(_prf_figures(f"{k.kind}_partial_", k.partial.prf))
        if self.modality_accuracy is not None:
            out["rule_modality_accuracy"] = self.modality_accuracy
        return out

    def baseline_figures(self) -> dict[str, dict[str, float]]:
        return {}


def run_own_gold(gold_path: Path | str | None = None, corpus_dir: Path | str | None = None,
                 nlp=None, relations_path: Path | str | None = None) -> OwnGoldRun:
    """kextract over its sample corpus (``data/``, read like ``kextract build data``) against
    ``data/gold/facts.jsonl`` (kextract's JSONL format), scored by
    :func:`~kextract.evaluation.scoring.score_facts`. Modality accuracy: the share of gold rules
    matched (partial match) by a predicted rule that has the same ``modality``.

    ``relations_path``: a second gold file whose relations are annotated exhaustively in its
    documents (default: ``data/gold/relations_exhaustive.jsonl`` when ``gold_path`` is not
    given and the file exists). It is scored apart, as the extra kind ``relation-exhaustive``
    (so that relation precision is measured too); the micro-averaged figures stay those of
    the first file.
    """
    from kextract.corpus import CorpusReader

    corpus = Path(corpus_dir) if corpus_dir is not None else REPO_ROOT / "data"
    gold_file = Path(gold_path) if gold_path is not None else corpus / "gold" / "facts.jsonl"
    _require(gold_file, corpus)
    gold = read_fact_records(gold_file)
    if relations_path is None and gold_path is None:
        default = corpus / "gold" / "relations_exhaustive.jsonl"
        relations_path = default if default.is_file() else None
    if relations_path is not None:
        _require(Path(relations_path))
    documents = list(CorpusReader([str(corpus)]))
    from kextract.evaluation.evaluate import restrict_to_gold_documents

    records = _records(_pipeline(nlp), documents, None, batch_size=8)
    predicted = restrict_to_gold_documents(gold, records)
    score = score_facts(gold, predicted)
    if relations_path is not None:
        rel_gold = [r for r in read_fact_records(Path(relations_path)) if r.kind == "relation"]
        rel_score = score_facts(rel_gold, restrict_to_gold_documents(rel_gold, records),
                                slots={"relation": ("subject", "predicate", "object")})
        from kextract.evaluation.scoring import KindScore

        extra = tuple(KindScore("relation-exhaustive", k.exact, k.partial)
                      for k in rel_score.kinds)
        score = FactScore(score.kinds + extra, score.exact, score.partial, score.n_duplicates)
    pairs = matched_facts(gold, predicted, "rule")
    same = sum(1 for p, g in pairs if p.attribute("modality") == g.attribute("modality"))
    return OwnGoldRun(score, same / len(pairs) if pairs else None, len(pairs), len(documents))
