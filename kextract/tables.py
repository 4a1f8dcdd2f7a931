"""Facts <-> flat rows and Parquet tables (one table per fact kind, plus documents and
sentences). Schemas derive from the dataclasses in :mod:`kextract.model`, so they are fixed
before the first row and every batch of a streaming build has the same schema.

A single span slot ``x`` becomes columns ``x``, ``x_start``, ``x_end``; a list of spans
becomes list columns with the same names.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .model import FACT_TYPES, Document, Fact, Sentence, Span

#: Parquet table (and KB table) name of each fact kind
TABLE_NAMES = {"rule": "rules", "example": "examples", "definition": "definitions",
               "relation": "relations", "entity": "entities", "concept": "concepts"}

COMMON = [("id", pa.string()), ("doc", pa.string()), ("sentence_index", pa.int32()),
          ("sentence", pa.string()), ("sentence_start", pa.int64()),
          ("sentence_end", pa.int64()), ("extractor", pa.string()), ("pattern", pa.string()),
          ("confidence", pa.float64()), ("start", pa.int64()), ("end", pa.int64()),
          ("text", pa.string())]
DOCUMENT_SCHEMA = pa.schema([("id", pa.string()), ("source", pa.string()),
                             ("format", pa.string()), ("title", pa.string()),
                             ("text", pa.string()), ("metadata", pa.string()),
                             ("fingerprint", pa.string())])
SENTENCE_SCHEMA = pa.schema([("id", pa.string()), ("doc", pa.string()), ("index", pa.int32()),
                             ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
                             ("section", pa.string())])


def _fields(cls):
    base = {f.name for f in dataclasses.fields(Fact)}
    return [f for f in dataclasses.fields(cls) if f.name not in base]


def _schema_for(cls) -> pa.Schema:
    cols = list(COMMON)
    for f in _fields(cls):
        t = str(f.type)
        if t.startswith("tuple[Span"):
            cols += [(f.name, pa.list_(pa.string())), (f"{f.name}_start", pa.list_(pa.int64())),
                     (f"{f.name}_end", pa.list_(pa.int64()))]
        elif t.startswith("Span"):
            cols += [(f.name, pa.string()), (f"{f.name}_start", pa.int64()),
                     (f"{f.name}_end", pa.int64())]
        elif t == "bool":
            cols.append((f.name, pa.bool_()))
        else:
            cols.append((f.name, pa.string()))
    return pa.schema(cols)


SCHEMAS = {kind: _schema_for(cls) for kind, cls in FACT_TYPES.items()}


def fact_row(f: Fact) -> dict:
    p = f.provenance
    row = {"id": f.id, "doc": p.doc_id, "sentence_index": p.sentence_index,
           "sentence": f.sentence, "sentence_start": p.sentence_start,
           "sentence_end": p.sentence_end, "extractor": p.extractor, "pattern": p.pattern,
           "confidence": p.confidence, "start": f.start, "end": f.end, "text": f.text()}
    for fld in _fields(type(f)):
        v = getattr(f, fld.name)
        if isinstance(v, tuple):
            row[fld.name] = [s.text for s in v]
            row[f"{fld.name}_start"] = [s.start for s in v]
            row[f"{fld.name}_end"] = [s.end for s in v]
        elif isinstance(v, Span) or (v is None and str(fld.type).startswith("Span")):
            row[fld.name] = v.text if v else None
            row[f"{fld.name}_start"] = v.start if v else None
            row[f"{fld.name}_end"] = v.end if v else None
        else:
            row[fld.name] = v
    return row


def document_row(d: Document) -> dict:
    import json

    return {"id": d.id, "source": d.source, "format": d.format, "title": d.title,
            "text": d.text, "metadata": json.dumps(dict(d.metadata)),
            "fingerprint": d.fingerprint}


def sentence_row(s: Sentence) -> dict:
    return {"id": s.id, "doc": s.doc_id, "index": s.index, "start": s.start, "end": s.end,
            "text": s.text, "section": s.section}


class TableWriter:
    """Streams rows into ``<dir>/<name>.parquet`` files, one row group per batch."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.schemas = {"documents": DOCUMENT_SCHEMA, "sentences": SENTENCE_SCHEMA,
                        **{TABLE_NAMES[k]: s for k, s in SCHEMAS.items()}}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.counts = {name: 0 for name in self.schemas}

    def write(self, name: str, rows: Iterable[dict]) -> None:
        rows = list(rows)
        if not rows:
            return
        schema = self.schemas[name]
        table = pa.Table.from_pylist(rows, schema=schema)
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(self.directory / f"{name}.parquet", schema)
        self._writers[name].write_table(table)
        self.counts[name] += len(rows)

    def close(self) -> None:
        for name, schema in self.schemas.items():
            if name not in self._writers:  # an empty table still gets a file with its schema
                pq.write_table(schema.empty_table(), self.directory / f"{name}.parquet")
        for w in self._writers.values():
            w.close()
        self._writers.clear()


def row_to_json(kind: str, row: dict) -> dict:
    """Inverse of :func:`fact_row`: a table row back into the ``extract --format jsonl``
    record of its fact (so a built KB can be scored like extractor output)."""
    cls = FACT_TYPES[kind]
    out = {"kind": kind, "id": row["id"], "doc": row["doc"], "sentence": row["sentence"],
           "sentence_index": row["sentence_index"], "sentence_start": row["sentence_start"],
           "sentence_end": row["sentence_end"], "extractor": row["extractor"],
           "pattern": row["pattern"], "confidence": row["confidence"]}
    for fld in _fields(cls):
        t = str(fld.type)
        v = row.get(fld.name)
        if t.startswith("tuple[Span"):
            texts = list(v if v is not None else [])
            starts = list(row.get(f"{fld.name}_start") or [])
            ends = list(row.get(f"{fld.name}_end") or [])
            out[fld.name] = [{"text": a, "start": int(b), "end": int(c)}
                             for a, b, c in zip(texts, starts, ends)]
        elif t.startswith("Span"):
            out[fld.name] = None if v is None else {
                "text": v, "start": int(row[f"{fld.name}_start"]),
                "end": int(row[f"{fld.name}_end"])}
        else:
            out[fld.name] = v
    return out
