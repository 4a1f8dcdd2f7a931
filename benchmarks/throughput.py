"""Throughput of the semantic extractor against the spaCy parse, measured side by side.

Parses a corpus once (the CaRB dev sentences, one document per line, plus the sample corpus
``data/``) timing ``nlp.pipe``, then times ``kextract.extractors.semantic.extract`` over the
parsed Docs. Prints docs/s and words/s for both and their ratio (target: the extractor runs
at least 5x the parse rate)::

    .venv/bin/python benchmarks/throughput.py [--bench-dir DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def corpus_texts(bench_dir: Path | None) -> list[str]:
    from kextract.corpus import read_corpus
    from kextract.evaluation.carb import default_benchmarks_dir

    texts: list[str] = []
    folder = (bench_dir or default_benchmarks_dir()) / "carb" / "sentences.txt"
    if folder.is_file():
        texts += [ln.strip() for ln in folder.read_text(encoding="utf-8").splitlines() if ln.strip()]
    documents, _skipped = read_corpus([str(REPO / "data")])
    texts += [d.text for d in documents]
    return texts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3, help="extractor passes (best is kept)")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)

    from kextract.extractors import semantic
    from kextract.nlp import load_pipeline

    nlp = load_pipeline()
    texts = corpus_texts(args.bench_dir)
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    parse_s = time.perf_counter() - t0
    words = sum(1 for d in docs for t in d if not (t.is_space or t.is_punct))
    best = float("inf")
    n_facts = 0
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        n_facts = sum(1 for i, d in enumerate(docs) for _ in semantic.extract(d, str(i)))
        best = min(best, time.perf_counter() - t0)
    n = len(docs)
    print(f"model {nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}; "
          f"{n} docs, {words} words, {n_facts} semantic facts")
    print(f"{'stage':<22}{'seconds':>9}{'docs/s':>10}{'words/s':>11}")
    print(f"{'spaCy parse (pipe)':<22}{parse_s:>9.2f}{n / parse_s:>10.1f}{words / parse_s:>11.0f}")
    print(f"{'semantic.extract':<22}{best:>9.2f}{n / best:>10.1f}{words / best:>11.0f}")
    print(f"ratio extract/parse speed: {parse_s / best:.1f}x (target >= 5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
