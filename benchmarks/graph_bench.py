"""Graph store benchmark: a typical lookup on a >= 1M-triple KB graph, embedded Oxigraph vs
rdflib's in-memory store, side by side.

    .venv/bin/python benchmarks/graph_bench.py [--triples 1000000] [--corpus data]
        [--write docs/benchmarks.md]

The graph is made by the real path: the corpus is parsed and extracted once, then its parsed
documents are replicated under new document ids (``rep<i>/<id>``) and written with
``GraphStore.add_document`` (``document_triples``), until the graph holds ``--triples``
quads. Concepts and propositions are shared between replicas, as they would be between
documents that repeat each other. The same quads are loaded into ``rdflib.Dataset()``.

The query: rules mentioning a concept, with their provenance (document, offsets, label). Once
loaded, the Oxigraph store is opened read-only, as ``KnowledgeBase`` opens it, and the query is
timed, interleaved run by run, on three paths of that one handle and an in-memory copy:

(a) the rdflib API (``GraphStore.query`` = ``Dataset.query`` through oxrdflib), rows iterated;
(b) ``KnowledgeBase.sparql``, what a user calls: ``GraphStore.select`` straight on pyoxigraph,
    values converted to Python, and the pandas DataFrame built;
(d) pyoxigraph's ``Store.query`` alone, solutions iterated, nothing converted (the floor any
    Python path pays: Oxigraph's own evaluation);
(e) as (d), on an in-memory pyoxigraph ``Store`` holding a copy of the same quads (what the
    engine does with no disk under it);

and (c) on rdflib's in-memory ``Dataset`` through the rdflib API, rows iterated. The concept
is named by its IRI, which derives from its normalised key (``kextract.vocab.concept_iri``):
matching ``?c kx:key "..."`` instead is slower on Oxigraph because its union default graph
is a multiset (the key is asserted once per document mentioning the concept).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERY = """
SELECT DISTINCT ?rule ?doc ?start ?end ?label WHERE {{
  ?rule kx:mentions <{concept}> ; a kx:Rule ; kx:inDocument ?d ;
        kx:start ?start ; kx:end ?end ; rdfs:label ?label .
  ?d dcterms:identifier ?doc .
}}"""
START, END = "<!-- graph-bench:start -->", "<!-- graph-bench:end -->"


def replicate(parsed, i: int):
    """A copy of a parsed document under the id ``rep<i>/<id>``."""
    d = parsed.document
    new_id = f"rep{i}/{d.id}"
    doc = dataclasses.replace(d, id=new_id)
    sents = tuple(dataclasses.replace(s, doc_id=new_id) for s in parsed.sentences)
    facts = tuple(dataclasses.replace(f, provenance=dataclasses.replace(f.provenance,
                                                                        doc_id=new_id))
                  for f in parsed.facts)
    return type(parsed)(doc, sents, facts)


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def time_in_memory(ox, disk, queries, rows, prefixes, runs: int) -> tuple[float, list[float]]:
    """Copy the quads of the pyoxigraph store ``disk`` into an in-memory ``Store`` and time
    the queries on it, checking row counts: ``(seconds to copy, milliseconds per run)``. The
    copy is freed on return."""
    t = time.perf_counter()
    store = ox.Store()
    store.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    t_copy = time.perf_counter() - t

    def run(q):
        return list(store.query(q, use_default_graph_as_union=True, prefixes=prefixes))

    for q, want in zip(queries, rows):
        assert len(run(q)) == len(want)
    ms = []
    for i in range(runs):
        q = queries[i % len(queries)]
        ms += timed(lambda: run(q), 1)
    return t_copy, ms


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--corpus", default="data")
    ap.add_argument("--runs", type=int, default=50, help="query runs on Oxigraph")
    ap.add_argument("--rdflib-runs", type=int, default=5, help="query runs on rdflib memory")
    ap.add_argument("--write", type=Path, default=None, help="update this Markdown file")
    args = ap.parse_args(argv)

    from rdflib import Dataset

    from kextract.builder import KB_FORMAT, MANIFEST, process
    from kextract.corpus import CorpusReader
    from kextract.graph import GraphStore, document_triples, rdflib_value
    from kextract.kb import KnowledgeBase
    from kextract.nlp import load_pipeline
    from kextract.vocab import PREFIXES, concept_iri, graph_iri

    t0 = time.perf_counter()
    nlp = load_pipeline()
    parsed = list(process(nlp, CorpusReader([args.corpus])))
    t_parse = time.perf_counter() - t0
    print(f"parsed {len(parsed)} documents in {t_parse:.1f}s", file=sys.stderr)

    tmp = Path(tempfile.mkdtemp(prefix="kx-graph-bench-"))
    mem = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        mem.bind(prefix, ns, override=True)
    t_ox = t_mem = 0.0
    n_docs = quads = 0
    with GraphStore(tmp / "graph", create=True) as store:
        store.add_vocabulary()
        rep = 0
        while quads < args.triples:
            for p in parsed:
                r = replicate(p, rep)
                t = time.perf_counter()
                quads += store.add_document(r)
                t_ox += time.perf_counter() - t
                t = time.perf_counter()
                g = mem.graph(graph_iri(r.document.id))
                mem.addN((s, pr, o, g) for s, pr, o in document_triples(r))
                t_mem += time.perf_counter() - t
                n_docs += 1
            rep += 1
            print(f"  {rep} replica(s): {quads} quads", file=sys.stderr)
        n_store = len(store)
        print(f"loaded {n_store} quads ({n_docs} documents): oxigraph {t_ox:.1f}s, "
              f"rdflib memory {t_mem:.1f}s", file=sys.stderr)

        # the lookup keys: the concepts most mentioned by rules
        keys = [str(r[0]) for r in store.query(
            "SELECT ?k (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a kx:Rule ; kx:mentions ?c . "
            "?c kx:key ?k } GROUP BY ?k ORDER BY DESC(?n) ?k LIMIT 5")]
    queries = [QUERY.format(concept=concept_iri(k)) for k in keys]

    # the store as a user opens it: a KB directory, its graph read-only
    (tmp / MANIFEST).write_text(json.dumps({"kb_format": KB_FORMAT}), encoding="utf-8")
    with KnowledgeBase(tmp) as kb:
        store = kb.graph
        inner = store.dataset.store._inner
        prefixes = store.dataset.store._namespace_for_prefix

        paths = {
            "a": lambda q: list(store.query(q)),
            "b": lambda q: kb.sparql(q),
            "d": lambda q: list(inner.query(q, use_default_graph_as_union=True,
                                            prefixes=prefixes)),
        }
        # warm-up, result sizes, and the same rows on every path
        rows_mem = [sorted(tuple(rdflib_value(v) for v in r) for r in mem.query(q))
                    for q in queries]
        for q, want in zip(queries, rows_mem):
            assert sorted(tuple(rdflib_value(v) for v in r) for r in store.query(q)) == want
            frame = kb.sparql(q)
            assert sorted(frame.itertuples(index=False, name=None)) == want, q
            assert len(paths["d"](q)) == len(want)
        gc.collect()
        ms: dict[str, list[float]] = {k: [] for k in paths}
        for i in range(args.runs):
            q = queries[i % len(queries)]
            order = list(paths)[i % 3:] + list(paths)[:i % 3]  # rotate which goes first
            for k in order:
                ms[k] += timed(lambda: paths[k](q), 1)

        # (e) diagnostic, after the on-disk runs (a second copy of the graph in memory would
        # change what they measure): the same quads in an in-memory pyoxigraph Store
        import pyoxigraph as ox

        mentions = [int(next(iter(inner.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?x kx:mentions <{concept_iri(k)}> }} }}",
            prefixes=prefixes)))[0].value) for k in keys]
        t_copy, ms["e"] = time_in_memory(ox, inner, queries, rows_mem, prefixes, args.runs)
    mem_ms = []
    for i in range(args.rdflib_runs):
        q = queries[i % len(queries)]
        mem_ms += timed(lambda: list(mem.query(q)), 1)
    rows_ox = [len(r) for r in rows_mem]

    def p95(xs):
        return sorted(xs)[max(0, int(len(xs) * 0.95) - 1)]

    p50 = {k: statistics.median(v) for k, v in ms.items()}
    p50_mem = statistics.median(mem_ms)
    x = {k: p50_mem / v for k, v in p50.items()}

    def verdict(k):
        ok_ms, ok_x = p50[k] <= 5, x[k] >= 50
        return ("meets both" if ok_ms and ok_x else
                f"{'meets' if ok_ms else 'misses'} p50 <= 5 ms, "
                f"{'meets' if ok_x else 'misses'} >= 50x")

    total = time.perf_counter() - t0
    cmd = "python benchmarks/graph_bench.py " + " ".join(argv if argv is not None
                                                          else sys.argv[1:])
    floor = p50_mem / 50
    lookups = int(statistics.median(2 * m + 6 * r for m, r in zip(mentions, rows_ox)))

    def ratio(slow, fast):
        return (f"{slow / fast:.1f}x faster" if fast < slow else
                f"{fast / slow:.1f}x slower")

    floor_note = ("even with nothing on top of the engine, the embedded on-disk store misses "
                  "the 50x target for this query on this machine" if p50["d"] > floor else
                  "the engine alone is fast enough; the Python on top is what misses it"
                  if p50["b"] > floor else "met")
    report = f"""## Graph store: lookup on a 1M-triple graph

Command: `.venv/bin/{cmd.strip()}` (2 CPU cores, {time.strftime('%Y-%m-%d')}; whole run
{total:.0f}s).

Graph: the `{args.corpus}` corpus ({len(parsed)} documents, parsed once in {t_parse:.0f}s)
replicated under new document ids through the real `document_triples` / `add_document` path:
**{n_store:,} quads** in {n_docs} named graphs. Load: embedded Oxigraph {t_ox:.0f}s, rdflib
in-memory `Dataset` {t_mem:.0f}s.

Query (rules mentioning a concept, with provenance), for the 5 concepts most mentioned by
rules ({", ".join(keys)}; {min(rows_ox)}-{max(rows_ox)} rows each; every path returns the same
rows):

```sparql{QUERY.format(concept="https://w3id.org/kextract/id/concept/<key>")}
```

The Oxigraph store is opened read-only, as `KnowledgeBase` opens it; paths (a), (b) and (d)
run on that one handle, interleaved run by run. (c) is rdflib's in-memory store; (e) runs after
(a), (b) and (d), on a copy of the quads in memory.

| path | runs | p50 | p95 | rdflib memory p50 / this p50 |
|---|---|---|---|---|
| (a) Oxigraph via the rdflib API (`GraphStore.query`, rows iterated) | {len(ms["a"])} | {p50["a"]:.2f} ms | {p95(ms["a"]):.2f} ms | {x["a"]:.1f}x |
| (b) Oxigraph via `KnowledgeBase.sparql` (`GraphStore.select` + DataFrame) | {len(ms["b"])} | **{p50["b"]:.2f} ms** | {p95(ms["b"]):.2f} ms | **{x["b"]:.1f}x** |
| (c) rdflib in-memory `Dataset` via the rdflib API (rows iterated) | {len(mem_ms)} | {p50_mem:.1f} ms | max {max(mem_ms):.1f} ms | 1x |
| (d) diagnostic: pyoxigraph `Store.query` alone, solutions iterated, nothing converted | {len(ms["d"])} | {p50["d"]:.2f} ms | {p95(ms["d"]):.2f} ms | {x["d"]:.1f}x |
| (e) diagnostic: as (d), on an in-memory pyoxigraph `Store` holding the same quads (copied in {t_copy:.0f}s) | {len(ms["e"])} | {p50["e"]:.2f} ms | {p95(ms["e"]):.2f} ms | {x["e"]:.1f}x |

Target: p50 <= 5 ms and >= 50x faster than (c).

- (a) rdflib API: {verdict("a")}.
- (b) `KnowledgeBase.sparql`: {verdict("b")}. Against (a): {ratio(p50["a"], p50["b"])},
  DataFrame included.
- (d) shows where the time goes: Oxigraph's own evaluation of the query on disk takes
  {p50["d"]:.2f} ms of (b)'s {p50["b"]:.2f} ms ({100 * p50["d"] / p50["b"]:.0f}%); the rest
  is Python (converting values, building the DataFrame). The rdflib API adds
  {p50["a"] - p50["d"]:.2f} ms to the engine's time, `KnowledgeBase.sparql`
  {p50["b"] - p50["d"]:.2f} ms. 50x would need p50 <= {floor:.2f} ms: {floor_note}.
- (e) is the same engine with no disk under it: {p50["e"]:.2f} ms, {x["e"]:.1f}x. The
  query returns {min(rows_ox)}-{max(rows_ox)} rows but reads every `kx:mentions` of the
  concept ({min(mentions)}-{max(mentions)} quads), checks each for `a kx:Rule`, and reads six
  properties per rule: roughly {lookups} index lookups per query (median), about
  {1000 * p50["d"] / lookups:.1f} us each on disk, {1000 * p50["e"] / lookups:.1f} us in memory,
  {1000 * p50_mem / lookups:.0f} us in rdflib's Python. That per-lookup ratio is the ceiling of the
  speed-up for a join-bound lookup such as this one.
"""
    print(report)
    if args.write is not None:
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        block = f"{START}\n{report}{END}"
        if START in text and END in text:
            text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text,
                          flags=re.S)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        args.write.write_text(text, encoding="utf-8")
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
