"""Records -> RDF, stored in an embedded on-disk Oxigraph store behind the rdflib API.

Every document gets its own named graph (``kxid:graph/<doc>``) holding the document node,
its sentences and every fact extracted from it, so a document can be replaced without
touching the others. Queries see the union of all named graphs as their default graph.
IRIs derive from content (see :mod:`kextract.vocab`), so two builds of the same corpus
give the same graph.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .errors import Errors, QueryError
from .model import (Concept, Definition, Entity, Example, Fact, ParsedDocument, Relation, Rule,
                    Span)
from .vocab import (FACT_CLASSES, KX, MODALITY_IRIS, OA, PREFIXES, concept_iri, document_iri,
                    extractor_iri, fact_iri, graph_iri, ontology_text, sentence_iri)

STORE = "Oxigraph"
EXPORT_FORMATS = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "trig": "trig",
                  "json-ld": "jsonld"}
VOCAB_GRAPH = URIRef("https://w3id.org/kextract/ns")
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|"
                     r"ADD|MOVE|COPY|WITH)\b", re.I)


def _strip_sparql(q: str) -> str:
    """The query without comments (enough to see which operation it starts with)."""
    return re.sub(r"#[^\n]*", "", q)


def _lit_int(v: int) -> Literal:
    return Literal(int(v), datatype=XSD.integer)


def _part(node: URIRef, doc: URIRef, sp: Span, index: int | None = None):
    """Triples of a fact part: text, offsets and a Web Annotation selector."""
    yield node, RDF.type, KX.Part
    yield node, KX.text, Literal(sp.text)
    yield node, KX.start, _lit_int(sp.start)
    yield node, KX.end, _lit_int(sp.end)
    if index is not None:
        yield node, KX.index, _lit_int(index)
    ev = URIRef(f"{node}/evidence")
    sel = URIRef(f"{node}/selector")
    quote = URIRef(f"{node}/quote")
    yield node, KX.evidence, ev
    yield ev, RDF.type, OA.SpecificResource
    yield ev, OA.hasSource, doc
    yield ev, OA.hasSelector, sel
    yield ev, OA.hasSelector, quote
    yield sel, RDF.type, OA.TextPositionSelector
    yield sel, OA.start, _lit_int(sp.start)
    yield sel, OA.end, _lit_int(sp.end)
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, Literal(sp.text)


def _concept_for(sp: Span, keys: dict[tuple[int, int], str]) -> str | None:
    """The concept key of a span: a concept mention inside it, preferring the longest."""
    best = None
    for (s, e), key in keys.items():
        if s >= sp.start and e <= sp.end and (best is None or (e - s) > best[0]):
            best = (e - s, key)
    return best[1] if best else None


def document_triples(parsed: ParsedDocument) -> Iterator[tuple]:
    """All triples for one parsed document (to be placed in its named graph)."""
    d = parsed.document
    doc = document_iri(d.id)
    yield doc, RDF.type, KX.Document
    yield doc, DCTERMS.identifier, Literal(d.id)
    yield doc, DCTERMS.source, Literal(d.source)
    yield doc, KX.format, Literal(d.format)
    if d.title:
        yield doc, DCTERMS.title, Literal(d.title)
    for k, v in d.metadata:
        if k == "title":
            continue
        yield doc, DCTERMS.description, Literal(f"{k}: {v}")
    for s in parsed.sentences:
        node = sentence_iri(d.id, s.index)
        yield node, RDF.type, KX.Sentence
        yield node, KX.inDocument, doc
        yield node, KX.index, _lit_int(s.index)
        yield node, KX.text, Literal(s.text)
        yield node, KX.start, _lit_int(s.start)
        yield node, KX.end, _lit_int(s.end)
        if s.section:
            yield node, KX.section, Literal(s.section)
    # concepts: one node per key, labelled with the most frequent surface form
    concept_keys: dict[tuple[int, int], str] = {}
    labels: dict[str, Counter] = {}
    for f in parsed.facts:
        if isinstance(f, Concept) and f.span is not None:
            concept_keys[(f.span.start, f.span.end)] = f.key
            labels.setdefault(f.key, Counter())[f.span.text.lower()] += 1
    for key, counts in sorted(labels.items()):
        c = concept_iri(key)
        yield c, RDF.type, SKOS.Concept
        yield c, KX.key, Literal(key)
        yield c, RDFS.label, Literal(key)
        for label in sorted(counts):
            if label != key:
                yield c, SKOS.hiddenLabel, Literal(label)
        yield c, KX.inDocument, doc
        yield c, KX.mentionCount, _lit_int(sum(counts.values()))
    extractors = set()
    for f in parsed.facts:
        if isinstance(f, Concept):
            continue
        yield from fact_triples(f, doc, concept_keys)
        extractors.add(f.provenance.extractor)
    for name in sorted(extractors):
        e = extractor_iri(name)
        yield e, RDF.type, KX.Extractor
        yield e, RDFS.label, Literal(name)


def fact_triples(f: Fact, doc: URIRef, concept_keys: dict) -> Iterator[tuple]:
    p = f.provenance
    node = fact_iri(f.kind, f.id)
    yield node, RDF.type, FACT_CLASSES[f.kind]
    yield node, KX.inDocument, doc
    yield node, KX.inSentence, sentence_iri(p.doc_id, p.sentence_index)
    yield node, PROV.wasDerivedFrom, doc
    yield node, PROV.wasGeneratedBy, extractor_iri(p.extractor)
    yield node, KX.pattern, Literal(p.pattern)
    yield node, KX.confidence, Literal(round(p.confidence, 4), datatype=XSD.decimal)
    yield node, KX.start, _lit_int(f.start)
    yield node, KX.end, _lit_int(f.end)
    yield node, RDFS.label, Literal(f.text())

    def part(pred, sp: Span | None, name: str, index: int | None = None, link_concept=True):
        if sp is None:
            return
        pn = URIRef(f"{node}/{name}" + (f"/{index}" if index is not None else ""))
        yield node, pred, pn
        yield from _part(pn, doc, sp, index)
        key = _concept_for(sp, concept_keys) if link_concept else None
        if key:
            yield pn, KX.concept, concept_iri(key)
            yield node, KX.mentions, concept_iri(key)

    if isinstance(f, Rule):
        for i, c in enumerate(f.conditions):
            yield from part(KX.condition, c, "condition", i)
        for i, c in enumerate(f.exceptions):
            yield from part(KX.exception, c, "exception", i)
        yield from part(KX.consequence, f.consequence, "consequence")
        for i, a in enumerate(f.actions):
            yield from part(KX.action, a, "action", i)
        yield from part(KX.actor, f.actor, "actor")
        yield node, KX.modality, MODALITY_IRIS[f.modality]
        yield node, KX.negated, Literal(bool(f.negated))
        yield node, KX.necessary, Literal(bool(f.necessary))
        yield node, KX.conditionLogic, Literal(f.condition_logic)
    elif isinstance(f, Example):
        yield from part(KX.concept, f.concept, "concept", link_concept=False)
        ckey = _concept_for(f.concept, concept_keys) if f.concept else None
        for i, inst in enumerate(f.instances):
            yield from part(KX.instance, inst, "instance", i)
            ikey = _concept_for(inst, concept_keys)
            if ckey and ikey and ikey != ckey and p.pattern != "worked_example":
                yield concept_iri(ikey), SKOS.broader, concept_iri(ckey)
        if ckey:
            yield node, KX.mentions, concept_iri(ckey)
        yield node, KX.cue, Literal(f.cue)
    elif isinstance(f, Definition):
        yield from part(KX.term, f.term, "term")
        yield from part(KX.definiens, f.definition, "definiens", link_concept=False)
        yield from part(KX.genus, f.genus, "genus")
        for i, a in enumerate(f.aliases):
            yield from part(KX.alias, a, "alias", i, link_concept=False)
        tkey = _concept_for(f.term, concept_keys) if f.term else None
        if tkey and f.definition is not None:
            yield concept_iri(tkey), SKOS.definition, Literal(f.definition.text)
            for a in f.aliases:
                yield concept_iri(tkey), SKOS.altLabel, Literal(a.text)
            gkey = _concept_for(f.genus, concept_keys) if f.genus else None
            if gkey and gkey != tkey:
                yield concept_iri(tkey), SKOS.broader, concept_iri(gkey)
    elif isinstance(f, Relation):
        yield from part(KX.subject, f.subject, "subject")
        yield from part(KX.predicate, f.predicate, "predicate", link_concept=False)
        yield from part(KX.object, f.object, "object")
        for i, a in enumerate(f.extra_args):
            yield from part(KX.argument, a, "argument", i)
        yield node, KX.negated, Literal(bool(f.negated))
        yield node, KX.modality, MODALITY_IRIS[f.modality]
    elif isinstance(f, Entity):
        yield from part(KX.mention, f.span, "mention")
        yield node, KX.entityLabel, Literal(f.label)


class GraphStore:
    """The knowledge graph of a KB: an rdflib ``Dataset`` over an on-disk Oxigraph store.

    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | Path, *, create: bool = False, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            import pyoxigraph as ox
            from oxrdflib import OxigraphStore

            # read-only handles take no lock: several processes can query one KB at once
            store = OxigraphStore(store=ox.Store.read_only(str(self.path)))
            self.dataset = Dataset(store=store, default_union=True)
        else:
            self.dataset = Dataset(store=STORE, default_union=True)
            self.dataset.open(str(self.path), create=create)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns, override=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.dataset.close()

    # writing --------------------------------------------------------------------------
    def add_vocabulary(self) -> None:
        """Load the kextract vocabulary (and modality scheme) into its own named graph."""
        g = self.dataset.graph(VOCAB_GRAPH)
        g.parse(data=ontology_text(), format="turtle")

    def add_document(self, parsed: ParsedDocument) -> int:
        """Replace the named graph of ``parsed``'s document with its triples; returns count."""
        gid = graph_iri(parsed.document.id)
        self.dataset.remove_graph(self.dataset.graph(gid))
        g = self.dataset.graph(gid)
        quads = [(s, p, o, g) for s, p, o in document_triples(parsed)]
        self.dataset.addN(quads)
        return len(quads)

    def add_documents(self, docs: Iterable[ParsedDocument]) -> int:
        return sum(self.add_document(d) for d in docs)

    def remove_document(self, doc_id: str) -> None:
        self.dataset.remove_graph(self.dataset.graph(graph_iri(doc_id)))

    # reading --------------------------------------------------------------------------
    def query(self, sparql: str):
        """Run a SPARQL query (prefixes of :data:`~kextract.vocab.PREFIXES` predeclared).
        SPARQL updates are refused: use :meth:`update` on a writable store."""
        if _UPDATE.search(_strip_sparql(sparql)):
            raise QueryError(Errors.E022)
        try:
            return self.dataset.query(sparql)
        except SyntaxError as exc:
            raise QueryError(Errors.E020.format(message=exc)) from exc
        except (ValueError, NotImplementedError) as exc:
            raise QueryError(Errors.E020.format(message=exc)) from exc
        except Exception as exc:  # pyoxigraph raises its own error types
            if type(exc).__module__.startswith("pyoxigraph") or "Parser" in type(exc).__name__:
                raise QueryError(Errors.E020.format(message=exc)) from exc
            raise

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (only on a store opened for writing)."""
        if self.read_only:
            raise QueryError(Errors.E022)
        try:
            self.dataset.update(sparql)
        except Exception as exc:
            raise QueryError(Errors.E020.format(message=exc)) from exc

    def __len__(self) -> int:
        rows = list(self.dataset.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0][0])

    def export(self, path: str | Path, fmt: str = "turtle") -> Path:
        """Write the whole graph to ``path`` in ``fmt`` (turtle, ntriples, nquads, trig,
        json-ld). Turtle and N-Triples hold the union of all named graphs; quads are written
        in sorted order so two builds of the same corpus export identical files.

        Serialisation is done by pyoxigraph (the store's own engine, through oxrdflib's
        handle on it): rdflib's serialisers are about 50x slower on large graphs."""
        import pyoxigraph as ox

        if fmt not in EXPORT_FORMATS:
            raise ValueError(Errors.E040.format(fmt=fmt, choices=", ".join(EXPORT_FORMATS)))
        path = Path(path)
        inner = self.dataset.store._inner  # the pyoxigraph.Store behind oxrdflib
        formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                   "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                   "json-ld": ox.RdfFormat.JSON_LD}
        if formats[fmt].supports_datasets:
            data = sorted(inner.quads_for_pattern(None, None, None, None), key=str)
        else:
            seen = {ox.Triple(q.subject, q.predicate, q.object)
                    for q in inner.quads_for_pattern(None, None, None, None)}
            data = sorted(seen, key=str)
        prefixes = PREFIXES if fmt in ("turtle", "trig") else None
        ox.serialize(data, str(path), formats[fmt], prefixes=prefixes)
        return path
