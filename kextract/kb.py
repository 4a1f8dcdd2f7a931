"""KnowledgeBase: open a built KB directory; DataFrames, SPARQL, similarity search, QA."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from .errors import Errors, KnowledgeBaseError

TABLES = ("documents", "sentences", "rules", "examples", "definitions", "relations",
          "entities", "concepts")


class KnowledgeBase:
    """A built knowledge base directory (see ``kextract build``).

    >>> kb = KnowledgeBase("kb/")          # doctest: +SKIP
    >>> kb.rules.head()                   # pandas DataFrame
    >>> kb.sparql("SELECT ?r WHERE { ?r a kx:Rule }")
    >>> kb.ask("What should I do if the pump overheats?")
    """

    def __init__(self, path: str | Path):
        from .builder import KB_FORMAT, MANIFEST

        self.path = Path(path)
        if not self.path.exists():
            raise KnowledgeBaseError(Errors.E012.format(path=str(path)))
        mfile = self.path / MANIFEST
        if not mfile.is_file():
            raise KnowledgeBaseError(Errors.E013.format(path=str(path)))
        self.manifest = json.loads(mfile.read_text())
        if self.manifest.get("kb_format") != KB_FORMAT:
            raise KnowledgeBaseError(Errors.E014.format(path=str(path),
                                                        found=self.manifest.get("kb_format"),
                                                        expected=KB_FORMAT))
        self._indexes: dict = {}
        self._lookups: dict = {}
        self._graph = None

    def __repr__(self) -> str:
        c = self.manifest.get("counts", {})
        return f"<KnowledgeBase {str(self.path)!r}: {c.get('documents', 0)} documents>"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._graph is not None:
            self._graph.close()
            self._graph = None

    # tables ---------------------------------------------------------------------------
    def table(self, name: str):
        """A table of the KB as a pandas DataFrame (one of :data:`TABLES`)."""
        import pandas as pd

        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; choose from {TABLES}")
        df = pd.read_parquet(self.path / "tables" / f"{name}.parquet")
        # offsets of optional spans (actor, genus ...) stay integers, with <NA> when absent
        for col in df.columns:
            if col.endswith(("_start", "_end")) and df[col].dtype.kind == "f":
                df[col] = df[col].astype("Int64")
        return df

    documents = property(lambda self: self.table("documents"))
    sentences = property(lambda self: self.table("sentences"))
    rules = property(lambda self: self.table("rules"))
    examples = property(lambda self: self.table("examples"))
    definitions = property(lambda self: self.table("definitions"))
    relations = property(lambda self: self.table("relations"))
    entities = property(lambda self: self.table("entities"))
    concepts = property(lambda self: self.table("concepts"))

    def lookup(self, name: str) -> dict[str, dict]:
        """Rows of a table keyed by id (cached)."""
        if name not in self._lookups:
            import pyarrow.parquet as pq

            rows = pq.read_table(self.path / "tables" / f"{name}.parquet").to_pylist()
            self._lookups[name] = {r["id"]: r for r in rows}
        return self._lookups[name]

    @cached_property
    def _sections(self) -> dict[str, list[tuple[int, int, str]]]:
        out: dict[str, list] = {}
        for r in self.lookup("sentences").values():
            out.setdefault(r["doc"], []).append((r["start"], r["end"], r["section"]))
        for v in out.values():
            v.sort()
        return out

    def section_of(self, doc: str, offset: int) -> str | None:
        for start, end, section in self._sections.get(doc, ()):
            if start <= offset < end or start >= offset:
                return section
        return None

    # graph ----------------------------------------------------------------------------
    @property
    def graph(self):
        """The :class:`~kextract.graph.GraphStore` (opened on first use)."""
        if self._graph is None:
            from .graph import GraphStore

            self._graph = GraphStore(self.path / "graph", read_only=True)
        return self._graph

    def sparql(self, query: str):
        """Run SPARQL. SELECT gives a DataFrame, ASK a bool, CONSTRUCT/DESCRIBE an rdflib
        Graph. Prefixes kx, kxid, skos, prov, dcterms, oa, rdf, rdfs, xsd are predeclared."""
        import pandas as pd

        res = self.graph.query(query)
        if res.type == "ASK":
            return bool(res.askAnswer)
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return res.graph
        cols = [str(v) for v in res.vars]
        rows = [[None if v is None else v.toPython() if hasattr(v, "toPython") else str(v)
                 for v in row] for row in res]
        rows = [[str(v) if v is not None and not isinstance(v, (int, float, bool, str)) else v
                 for v in row] for row in rows]
        return pd.DataFrame(rows, columns=cols)

    # indexes and QA -------------------------------------------------------------------
    def index(self, name: str):
        """A saved :class:`~kextract.index.TfidfIndex` of the KB (cached)."""
        from .index import TfidfIndex

        if name not in self._indexes:
            p = self.path / "indexes" / name
            if not p.is_dir():
                known = sorted(x.name for x in (self.path / "indexes").iterdir())
                raise KnowledgeBaseError(Errors.E031.format(name=name, path=str(self.path),
                                                            known=", ".join(known)))
            self._indexes[name] = TfidfIndex.load(p)
        return self._indexes[name]

    def ask(self, question: str, k: int = 5, *, explain: bool = False):
        """Ranked, cited answers (see :func:`kextract.qa.answer`)."""
        from .qa import answer

        return answer(self, question, k, explain=explain)

    def stats(self) -> dict:
        m = self.manifest
        return {"path": str(self.path), "kextract_version": m.get("kextract_version"),
                "model": m.get("model"), "counts": m.get("counts"),
                "corpus_fingerprint": m.get("corpus_fingerprint"),
                "build_seconds": m.get("build_seconds")}


def load(path: str | Path) -> KnowledgeBase:
    """Open a built knowledge base."""
    return KnowledgeBase(path)
