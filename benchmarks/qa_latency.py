"""Warm `ask` latency on a knowledge base of >= 100k sentences, next to bm25s.

Usage: python benchmarks/qa_latency.py [--copies 30] [--workdir DIR] [--bench-dir DIR]

What it does (parsing 100k sentences with spaCy on a laptop takes too long for a benchmark, so
only the parse is shortcut; everything `ask` reads is produced by kextract's own code):

1. Builds a real KB with :func:`kextract.builder.build` from the shared QA documents: the 240
   xquad_en paragraphs (one .txt each) and the 261 emanual_tv sections (one titled Markdown
   page each, as ``benchmarks/quality.py`` writes them: :func:`runner.section_page`).
2. Replicates its tables ``--copies`` times into a new KB directory. Copy 0 is the original;
   in every other copy each document gets the id ``<doc>~<copy>`` and ~15% of its words are
   replaced by random corpus words *of the same length* (seeded), so every character offset,
   sentence boundary and fact citation stays valid while the copies differ in vocabulary and
   statistics. Facts and concepts are copied with their documents (fact texts unchanged).
3. Builds the indexes with :func:`kextract.builder._build_indexes`, the code path of
   ``kextract build``, and writes the manifest.
4. Opens the KB, warms it up (20 questions), then times ``kb.ask(question, k=10)`` for every
   xquad_en and emanual_tv question, one at a time.
5. Indexes the same sentence texts with bm25s (``bm25s.tokenize``, ``BM25().index``) and times,
   per question, ``bm25s.tokenize([question])`` + ``retrieve(k=10)`` (single thread), and the
   retrieval alone with pre-tokenised queries.

Prints a JSON summary: sentence count, p50 / p90 / mean milliseconds of each, and the ratio of
the p50s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kextract.builder import MANIFEST, _build_indexes, build  # noqa: E402
from kextract.evaluation import runner  # noqa: E402
from kextract.kb import TABLES, KnowledgeBase  # noqa: E402

WORD = re.compile(r"[A-Za-z]+")


def base_kb(work: Path, bench_dir) -> tuple[Path, list[str]]:
    """A real KB of the xquad_en paragraphs + emanual_tv sections, and all their questions."""
    questions: list[str] = []
    corpus = work / "corpus"
    kb = work / "base-kb"
    sets = [runner._read_qa(name, bench_dir) for name in ("xquad_en", "emanual_tv")]
    for data in sets:
        questions += [q.question for q in data.questions]
    if not (kb / MANIFEST).is_file():
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir(parents=True)
        n = 0
        for name, data in zip(("xquad_en", "emanual_tv"), sets):
            for d in data.documents:
                n += 1
                suffix, text = (runner.section_page(d.title, d.text) if name == "emanual_tv"
                                else (".txt", d.text))
                (corpus / f"d{n:05d}{suffix}").write_text(text, encoding="utf-8")
        build([str(corpus)], kb, export=False)
    return kb, questions


def perturb(text: str, rng: random.Random, by_length: dict[int, list[str]],
            rate: float = 0.15) -> str:
    def swap(m):
        w = m.group(0)
        pool = by_length.get(len(w))
        return rng.choice(pool) if pool and rng.random() < rate else w
    return WORD.sub(swap, text)


def replicate(base: Path, out: Path, copies: int, seed: int = 13) -> int:
    """Copy the tables of ``base`` ``copies`` times into ``out`` (see the module doc)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "tables").mkdir(parents=True)
    tables = {name: pq.read_table(base / "tables" / f"{name}.parquet") for name in TABLES}
    vocab = sorted({w for t in tables["documents"].column("text").to_pylist()
                    for w in WORD.findall(t)})
    by_length: dict[int, list[str]] = {}
    for w in vocab:
        by_length.setdefault(len(w), []).append(w)
    rng = random.Random(seed)
    docs = tables["documents"].to_pylist()
    sentences = tables["sentences"].to_pylist()
    out_rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for c in range(copies):
        suffix = "" if c == 0 else f"~{c}"
        texts = {}
        for d in docs:
            text = d["text"] if c == 0 else perturb(d["text"], rng, by_length)
            texts[d["id"]] = text
            out_rows["documents"].append(d | {"id": d["id"] + suffix, "text": text})
        for s in sentences:
            out_rows["sentences"].append(s | {"id": s["id"] + suffix, "doc": s["doc"] + suffix,
                                              "text": texts[s["doc"]][s["start"]:s["end"]]})
        for name in TABLES:
            if name in ("documents", "sentences"):
                continue
            for r in tables[name].to_pylist():
                out_rows[name].append(r | {"id": r["id"] + suffix, "doc": r["doc"] + suffix})
    for name in TABLES:
        pq.write_table(pa.Table.from_pylist(out_rows[name], schema=tables[name].schema),
                       out / "tables" / f"{name}.parquet")
    _build_indexes(out)
    manifest = json.loads((base / MANIFEST).read_text())
    manifest["counts"] = {name: len(rows) for name, rows in out_rows.items()}
    manifest["settings"] = {"synthetic": f"{copies} perturbed copies of {base}"}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return len(out_rows["sentences"])


def summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"p50_ms": round(statistics.median(ms), 3),
            "p90_ms": round(ms[int(0.9 * (len(ms) - 1))], 3),
            "mean_ms": round(statistics.fmean(ms), 3)}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=30)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--bench-dir", default=None)
    args = ap.parse_args(argv)
    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="kextract-latency-")
    work = Path(args.workdir or tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    try:
        base, questions = base_kb(work, args.bench_dir)
        t0 = time.perf_counter()
        n_sentences = replicate(base, work / "kb", args.copies)
        build_s = time.perf_counter() - t0

        kb = KnowledgeBase(work / "kb")
        for q in questions[:20]:
            kb.ask(q, 10)
        ask_ms = []
        for q in questions:
            t = time.perf_counter()
            kb.ask(q, 10)
            ask_ms.append((time.perf_counter() - t) * 1000)

        import bm25s

        texts = pq.read_table(work / "kb" / "tables" / "sentences.parquet",
                              columns=["text"]).column("text").to_pylist()
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize(texts, stopwords=None, show_progress=False),
                        show_progress=False)
        for q in questions[:20]:
            retriever.retrieve(bm25s.tokenize([q], stopwords=None, show_progress=False), k=10,
                               show_progress=False, n_threads=1)
        full_ms, retrieve_ms = [], []
        for q in questions:
            t = time.perf_counter()
            tokens = bm25s.tokenize([q], stopwords=None, show_progress=False)
            t1 = time.perf_counter()
            retriever.retrieve(tokens, k=10, show_progress=False, n_threads=1)
            t2 = time.perf_counter()
            full_ms.append((t2 - t) * 1000)
            retrieve_ms.append((t2 - t1) * 1000)
        result = {"sentences": n_sentences, "documents": kb.manifest["counts"]["documents"],
                  "questions": len(questions), "copies": args.copies,
                  "replicate_and_index_seconds": round(build_s, 1),
                  "kextract_ask": summary(ask_ms),
                  "bm25s_tokenize_and_retrieve": summary(full_ms),
                  "bm25s_retrieve_only": summary(retrieve_ms)}
        result["ratio_p50_vs_bm25s_tokenize_and_retrieve"] = round(
            result["kextract_ask"]["p50_ms"] / result["bm25s_tokenize_and_retrieve"]["p50_ms"], 2)
        result["ratio_p50_vs_bm25s_retrieve_only"] = round(
            result["kextract_ask"]["p50_ms"] / result["bm25s_retrieve_only"]["p50_ms"], 2)
        kb.close()
        print(json.dumps(result, indent=2))
        return result
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
