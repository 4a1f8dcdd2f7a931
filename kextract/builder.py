"""Orchestration of one build: corpus -> parse -> extract -> graph + tables + indexes.

Documents stream through in bounded batches, so memory does not grow with the corpus (the
similarity indexes, built at the end from the Parquet tables, are the exception: they are the
size of the corpus by nature). The KB is written to a temporary sibling directory that
replaces the target only once complete, so a failed build never leaves a half-written KB.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import pyarrow.parquet as pq

from . import __version__
from .corpus import CorpusReader
from .errors import CorpusError, Errors, KnowledgeBaseError
from .extractors import VERSIONS, extract_all
from .graph import GraphStore
from .index import Bm25Index, TfidfIndex
from .model import Document, ParsedDocument, SkippedInput
from .nlp import default_model_name, load_pipeline, model_info, parse, sentences
from .qa import passage_text, passages
from .tables import TABLE_NAMES, TableWriter, document_row, fact_row, sentence_row

KB_FORMAT = "1"
MANIFEST = "manifest.json"
#: indexes built for every KB: name -> (table, text column, index factory). Sentences are
#: ranked with BM25 (the workhorse of QA); facts, whose texts are short and paraphrase the
#: question's wording, with TF-IDF over words and character n-grams. ``sections`` indexes
#: passages, not rows: document title + section heading + the sentences of one section (see
#: :func:`kextract.qa.passages`); ``section_chars`` indexes the same passages with TF-IDF over
#: character n-grams (a question's "info", "explian" or "settings" still meet the section's
#: "information", "explain" or "setting"). ``concepts`` (TF-IDF over concept keys and surface
#: forms) is built besides these.
INDEXES = {
    "sentences": ("sentences", "text", Bm25Index),
    "sections": ("sentences", "text", Bm25Index),
    "rules": ("rules", "text", TfidfIndex),
    "examples": ("examples", "text", TfidfIndex),
    "definitions": ("definitions", "text", TfidfIndex),
    "relations": ("relations", "text", TfidfIndex),
}


@dataclass
class BuildSummary:
    """What a build did."""

    path: Path
    documents: int = 0
    sentences: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"path": str(self.path), "documents": self.documents,
                "sentences": self.sentences, "facts": self.facts, "triples": self.triples,
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
                "seconds": round(self.seconds, 2)}


def process(nlp, documents: Iterable[Document], *, batch_size: int = 32, n_process: int = 1,
            kinds: Sequence[str] | None = None) -> Iterator[ParsedDocument]:
    """Parse and extract: the streaming core shared by ``build`` and ``extract``."""
    for document, doc in parse(nlp, documents, batch_size=batch_size, n_process=n_process):
        sents = sentences(document, doc)
        facts = tuple(extract_all(doc, document.id, kinds))
        yield ParsedDocument(document, sents, facts)


@contextmanager
def _parsed_stream(nlp, reader, model_name: str, batch_size: int, n_process: int, scheduler):
    """The parsed documents of ``reader``, here or on a Dask cluster (its client open for
    the duration)."""
    if scheduler is None:
        yield process(nlp, reader, batch_size=batch_size, n_process=n_process)
        return
    from .cluster import connect, process_on_cluster

    with connect(scheduler, n_workers=n_process) as client:
        yield process_on_cluster(client, reader, model_name, batch_size=batch_size)


def _scheduler_name(scheduler) -> str | None:
    """What the manifest records of ``scheduler``: the string given, or a client's scheduler
    address."""
    if scheduler is None or isinstance(scheduler, str):
        return scheduler
    info = getattr(scheduler, "scheduler_info", None)
    address = info().get("address") if callable(info) else None
    return address or type(scheduler).__name__


def _batched(it: Iterable, n: int):
    it = iter(it)
    while chunk := list(islice(it, n)):
        yield chunk


def is_kb(path: Path) -> bool:
    return (path / MANIFEST).is_file()


def build(inputs: Sequence[str | os.PathLike], output: str | os.PathLike, *,
          model: str | None = None, n_process: int = 1, batch_size: int = 32,
          lines: bool = False, export: bool = True,
          progress: Callable[[ParsedDocument], None] | None = None,
          scheduler=None) -> BuildSummary:
    """Build a knowledge base directory at ``output`` from the corpus ``inputs``.

    ``progress`` is called once per processed document. Raises :class:`CorpusError` when no
    document could be read; unreadable files are listed in the summary and in
    ``skipped.jsonl`` of the KB.

    ``scheduler`` parses and extracts on a Dask cluster instead of here (see
    :mod:`kextract.cluster`): ``"local"`` starts ``n_process`` worker processes on this
    machine, ``"tcp://host:8786"`` uses a running scheduler, or pass a
    ``distributed.Client``. The KB is the same as a local build's.
    """
    t0 = time.perf_counter()
    out = Path(output)
    if out.exists() and not is_kb(out) and (not out.is_dir() or any(out.iterdir())):
        raise KnowledgeBaseError(Errors.E015.format(path=str(out)))
    reader = CorpusReader(inputs, lines=lines)
    reader.check()
    nlp = load_pipeline(model)      # also checks the pipeline before any worker starts
    model_name = model or default_model_name()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    summary = BuildSummary(out)
    corpus_hash = hashlib.sha256()
    try:
        writer = TableWriter(tmp / "tables")
        with GraphStore(tmp / "graph", create=True) as store, \
                _parsed_stream(nlp, reader, model_name, batch_size, n_process,
                               scheduler) as stream:
            store.add_vocabulary()
            for chunk in _batched(stream, batch_size):
                for pd_ in chunk:
                    d = pd_.document
                    corpus_hash.update(f"{d.id}\x1f{d.fingerprint}\n".encode())
                    writer.write("documents", [document_row(d)])
                    writer.write("sentences", [sentence_row(s) for s in pd_.sentences])
                    by_kind: dict[str, list] = {}
                    for f in pd_.facts:
                        by_kind.setdefault(f.kind, []).append(fact_row(f))
                    for kind, rows in by_kind.items():
                        writer.write(TABLE_NAMES[kind], rows)
                    summary.triples += store.add_document(pd_)
                    summary.documents += 1
                    summary.sentences += len(pd_.sentences)
                    if progress is not None:
                        progress(pd_)
            writer.close()
            summary.skipped = list(reader.skipped)
            if summary.documents == 0:
                raise CorpusError(Errors.E011.format(n_skipped=len(reader.skipped)))
            summary.triples += _add_conflicts(store, tmp / "tables" / "rules.parquet")
            if export:
                store.export(tmp / "graph.ttl", "turtle")
        _build_indexes(tmp)
        summary.facts = {kind: writer.counts[name] for kind, name in TABLE_NAMES.items()}
        with open(tmp / "skipped.jsonl", "w", encoding="utf-8") as fh:
            for s in summary.skipped:
                fh.write(json.dumps({"path": s.path, "reason": s.reason}) + "\n")
        summary.seconds = time.perf_counter() - t0
        manifest = {
            "kb_format": KB_FORMAT,
            "kextract_version": __version__,
            "model": model_info(nlp),
            "extractors": VERSIONS,
            "settings": {"inputs": [str(i) for i in inputs], "batch_size": batch_size,
                         "n_process": n_process, "lines": lines,
                         "scheduler": _scheduler_name(scheduler)},
            "counts": {"documents": summary.documents, "sentences": summary.sentences,
                       "triples": summary.triples, **summary.facts,
                       "skipped": len(summary.skipped)},
            "corpus_fingerprint": corpus_hash.hexdigest(),
            "indexes": sorted([*INDEXES, "concepts", "section_chars"]),
            "build_seconds": round(summary.seconds, 2),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def _add_conflicts(store: GraphStore, rules_table: Path) -> int:
    """Link conflicting rules of the whole corpus in the graph (kx:conflictsWith)."""
    import pandas as pd

    from .conflicts import find_conflicts

    rules = pd.read_parquet(rules_table, columns=["id", "doc", "modality", "consequence",
                                                  "conditions"])
    return store.set_conflicts((c.first, c.second) for c in find_conflicts(rules))


def section_chars_index(n_passages: int) -> TfidfIndex:
    """The ``section_chars`` index: TF-IDF over ``char_wb`` 3-5-grams of the passages, without
    the n-grams of more than 30% of them (" th", "the ": half the query time on a 15k-section
    KB, the same answers on the QA dev sets), though never of 20 sections or fewer (a KB of
    up to 20 sections keeps every n-gram)."""
    return TfidfIndex(word_ngrams=None, char_ngrams=(3, 5),
                      max_df=max(int(0.3 * n_passages), 20))


def _build_indexes(kb: Path) -> None:
    tables = kb / "tables"
    for name, (table, column, factory) in INDEXES.items():
        if name == "sections":
            continue
        t = pq.read_table(tables / f"{table}.parquet", columns=["id", column])
        factory().fit(t.column(column).to_pylist(), t.column("id").to_pylist()).save(
            kb / "indexes" / name)
    # sections: one passage per section of a document (BM25)
    cols = ["id", "doc", "start", "end", "text", "section"]
    rows = {r["id"]: r for r in pq.read_table(tables / "sentences.parquet",
                                              columns=cols).to_pylist()}
    docs = pq.read_table(tables / "documents.parquet", columns=["id", "title"])
    titles = dict(zip(docs.column("id").to_pylist(), docs.column("title").to_pylist()))
    units = passages(rows.values())
    factory = INDEXES["sections"][2]
    texts = [passage_text(p, rows, titles.get(p.doc)) for p in units]
    factory().fit(texts, [p.id for p in units]).save(kb / "indexes" / "sections")
    section_chars_index(len(units)).fit(texts, [p.id for p in units]).save(
        kb / "indexes" / "section_chars")
    # concepts: one entry per key, text = key + surface forms
    t = pq.read_table(tables / "concepts.parquet", columns=["key", "label"])
    forms: dict[str, set[str]] = {}
    for key, label in zip(t.column("key").to_pylist(), t.column("label").to_pylist()):
        forms.setdefault(key, set()).add(label.lower())
    keys = sorted(forms)
    texts = [" ; ".join([k] + sorted(forms[k] - {k})) for k in keys]
    TfidfIndex(word_ngrams=(1, 1)).fit(texts, keys).save(kb / "indexes" / "concepts")


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with renames, so readers never see a partial KB."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
