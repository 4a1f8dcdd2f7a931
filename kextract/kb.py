"""KnowledgeBase: open a built KB directory; DataFrames, SPARQL, similarity search, QA."""

from __future__ import annotations

import json
from dataclasses import dataclass
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
        Graph. Prefixes kx, kxid, skos, prov, dcterms, oa, rdf, rdfs, xsd are predeclared.

        The query runs directly on the Oxigraph store (:meth:`GraphStore.select
        <kextract.graph.GraphStore.select>`): cells hold Python values (int, float, bool,
        str; IRIs, decimals and dates as their text; ``None`` when unbound).
        ``kb.graph.query`` gives rdflib terms instead."""
        import pandas as pd

        from .graph import Solutions

        res = self.graph.select(query)
        if not isinstance(res, Solutions):
            return res
        return pd.DataFrame(res.rows, columns=list(res.columns))

    def validate(self, *, union: bool = False):
        """Check the graph against the SHACL shapes (``kextract/ontology/shapes.ttl``); see
        :meth:`kextract.graph.GraphStore.validate`. Returns a ``ValidationReport``."""
        return self.graph.validate(union=union)

    def export(self, path: str | Path, fmt: str = "turtle") -> Path:
        """Write the graph to ``path`` as turtle, ntriples, nquads, trig or json-ld (the
        triple formats hold the union of the named graphs, the quad formats keep them)."""
        return self.graph.export(path, fmt)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the KB's graph. A KB is opened read-only; this re-opens the
        store for writing for the duration of the update (no other handle may be open on it)
        and refreshes ``graph.ttl`` when the KB has one."""
        from .graph import GraphStore

        self.close()
        with GraphStore(self.path / "graph") as store:
            store.update(sparql)
            if (self.path / "graph.ttl").exists():
                store.export(self.path / "graph.ttl", "turtle")

    # indexes and QA -------------------------------------------------------------------
    def index(self, name: str):
        """A saved index of the KB (:class:`~kextract.index.Bm25Index` or
        :class:`~kextract.index.TfidfIndex`; cached)."""
        from .index import load_index

        if name not in self._indexes:
            p = self.path / "indexes" / name
            if not p.is_dir():
                known = sorted(x.name for x in (self.path / "indexes").iterdir())
                raise KnowledgeBaseError(Errors.E031.format(name=name, path=str(self.path),
                                                            known=", ".join(known)))
            self._indexes[name] = load_index(p)
        return self._indexes[name]

    def passage_layout(self) -> "PassageLayout":
        """How the ``sentences`` index lines up with the ``sections`` (passage) index (cached)."""
        if "_layout" not in self._lookups:
            import numpy as np

            from .qa import passages

            s_ids = self.index("sentences").ids_
            sentences = self.lookup("sentences")
            try:
                p_pos = {pid: i for i, pid in enumerate(self.index("sections").ids_)}
            except KnowledgeBaseError:  # a KB built before the sections index existed
                p_pos = {}
            units = passages(sentences.values())
            of_sentence = {sid: p_pos.get(p.id, -1) for p in units for sid in p.sentence_ids}
            rows = [sentences.get(i) for i in s_ids]
            position = {sid: i for i, sid in enumerate(s_ids)}
            members: list[tuple[int, ...]] = [()] * len(p_pos)
            for p in units:
                if p.id in p_pos:
                    members[p_pos[p.id]] = tuple(position[i] for i in p.sentence_ids
                                                 if i in position)
            self._lookups["_layout"] = PassageLayout(
                n_passages=len(p_pos),
                sentence_passage=np.array([of_sentence.get(i, -1) for i in s_ids],
                                          dtype=np.int64),
                sentence_at={(r["doc"], r["start"]): i for i, r in enumerate(rows)
                             if r is not None},
                passage_sentences=tuple(members),
                is_heading=np.array([r is not None and isinstance(r.get("section"), str)
                                     and r["text"].strip() == r["section"].strip()
                                     for r in rows], dtype=bool))
        return self._lookups["_layout"]

    def concept_facts(self) -> dict[str, list[tuple[str, str]]]:
        """Concept key -> facts about it, as ``(table, fact id)``: the definitions whose term
        is the concept and the rules whose condition mentions it (a join of the concepts table
        with the facts' spans: same document and sentence, concept span inside the fact's
        term / condition span; cached)."""
        if "_concept_facts" not in self._lookups:
            by_sentence: dict[tuple[str, int], list] = {}
            for c in self.lookup("concepts").values():
                by_sentence.setdefault((c["doc"], c["sentence_start"]), []).append(c)
            out: dict[str, list[tuple[str, str]]] = {}

            def link(table, fid, doc, sentence_start, spans):
                for c in by_sentence.get((doc, sentence_start), ()):
                    if any(a <= c["start"] and c["end"] <= b for a, b in spans):
                        facts = out.setdefault(c["key"], [])
                        if (table, fid) not in facts:
                            facts.append((table, fid))

            for fid, d in self.lookup("definitions").items():
                link("definitions", fid, d["doc"], d["sentence_start"],
                     [(d["term_start"], d["term_end"])])
            for fid, r in self.lookup("rules").items():
                starts, ends = r.get("conditions_start"), r.get("conditions_end")
                if starts is not None and len(starts):
                    link("rules", fid, r["doc"], r["sentence_start"],
                         list(zip(list(starts), list(ends))))
            self._lookups["_concept_facts"] = out
        return self._lookups["_concept_facts"]

    def expand(self, question: str, qtype: str, k: int = 5):
        """Graph/table hops from the question's concepts: ``((table, fact id), score, how)``
        for definitions of a concept (definition questions) and rules whose condition mentions
        it (rule questions); score = the concept label's similarity to the question."""
        table = {"definition": "definitions", "rule": "rules"}.get(qtype)
        if table is None:
            return []
        try:
            hits = self.index("concepts").search(question, k)
        except KnowledgeBaseError:
            return []
        links = self.concept_facts()
        out = []
        for key, score in hits:
            for t, fid in links.get(key, ()):
                if t == table:
                    out.append(((t, fid), score,
                                f"concepts index score {score:.3f} for {key!r} -> hop to "
                                f"{t} of that concept"))
        return out

    def ask(self, question: str, k: int = 5, *, explain: bool = False):
        """Ranked, cited answers (see :func:`kextract.qa.answer`)."""
        from .qa import answer

        return answer(self, question, k, explain=explain)

    def conflicts(self, *, cross_document_only: bool = False):
        """Rules that demand and forbid the same action under similar conditions, as a
        DataFrame: one row per pair with both rules' documents, sentences and modalities
        (see :func:`kextract.conflicts.find_conflicts`)."""
        import pandas as pd

        from .conflicts import find_conflicts

        rules = self.rules
        found = find_conflicts(rules, same_document=not cross_document_only)
        by_id = rules.set_index("id")
        rows = []
        for c in found:
            a, b = by_id.loc[c.first], by_id.loc[c.second]
            rows.append({**c.to_json(), "first_doc": a["doc"], "first_sentence": a["sentence"],
                         "second_doc": b["doc"], "second_sentence": b["sentence"]})
        cols = ["first", "second", "first_modality", "second_modality", "action_similarity",
                "condition_similarity", "similarity", "first_doc", "first_sentence",
                "second_doc", "second_sentence"]
        return pd.DataFrame(rows, columns=cols)

    def stats(self) -> dict:
        m = self.manifest
        return {"path": str(self.path), "kextract_version": m.get("kextract_version"),
                "model": m.get("model"), "counts": m.get("counts"),
                "corpus_fingerprint": m.get("corpus_fingerprint"),
                "build_seconds": m.get("build_seconds")}


@dataclass(frozen=True)
class PassageLayout:
    """Positions of the ``sentences`` index mapped to positions of the ``sections`` index."""

    n_passages: int
    sentence_passage: "object"            # numpy int array, -1 for a sentence in no passage
    sentence_at: dict[tuple[str, int], int]   # (doc, sentence start) -> sentences-index position
    passage_sentences: tuple[tuple[int, ...], ...] = ()  # passage -> its sentence positions
    is_heading: "object" = None           # numpy bool array: the sentence is its section heading


def load(path: str | Path) -> KnowledgeBase:
    """Open a built knowledge base."""
    return KnowledgeBase(path)
