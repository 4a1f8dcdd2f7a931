"""Records -> RDF, stored in an embedded on-disk Oxigraph store behind the rdflib API.

Every document gets its own named graph (``kxid:graph/<doc>``) holding the document node,
its sentences and every fact extracted from it, so a document can be replaced without
touching the others. Queries see the union of all named graphs as their default graph.
IRIs derive from content (see :mod:`kextract.vocab`), so two builds of the same corpus
give the same graph.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .errors import Errors, QueryError
from .model import (Concept, Definition, Entity, Example, Fact, ParsedDocument, Relation, Rule,
                    Span)
from .merge import (alias_map, normalise_key, proposition_id, proposition_label, span_key,
                    whole_span_key)
from .vocab import (FACT_CLASSES, KX, MODALITY_IRIS, OA, PREFIXES, concept_iri, document_iri,
                    extractor_iri, fact_iri, graph_iri, ontology_text, proposition_iri,
                    sentence_iri, shapes_text)

STORE = "Oxigraph"
EXPORT_FORMATS = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "trig": "trig",
                  "json-ld": "jsonld"}
#: formats for the graph a CONSTRUCT or DESCRIBE query returns
GRAPH_FORMATS = ("turtle", "ntriples", "json-ld")
VOCAB_GRAPH = URIRef("https://w3id.org/kextract/ns")
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|"
                     r"ADD|MOVE|COPY|WITH)\b", re.I)


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL validation result."""

    graph: str          # the named graph validated (or "union")
    focus: str          # the node that fails
    path: str | None    # the property path, when the constraint is on a property
    value: str | None   # the offending value, when there is one
    constraint: str     # e.g. "MinCountConstraintComponent"
    severity: str       # "Violation", "Warning" or "Info"
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        val = f" = {self.value}" if self.value is not None else ""
        return (f"{self.severity}: <{self.focus}>{where}{val}: {self.message} "
                f"[{self.constraint}] in <{self.graph}>")


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of validating a KB graph against ``ontology/shapes.ttl``."""

    conforms: bool
    violations: tuple[Violation, ...]
    graphs: int
    triples: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Solutions:
    """The rows of a SELECT query as Python values (``None`` where a variable is unbound)."""

    columns: tuple[str, ...]
    rows: list[tuple]


def _query_error(exc: Exception) -> Exception:
    """The [E020] QueryError for an error raised by a query's parsing or evaluation, or
    ``exc`` itself when it is not one."""
    if isinstance(exc, (SyntaxError, ValueError, NotImplementedError)) or \
            type(exc).__module__.startswith("pyoxigraph") or "Parser" in type(exc).__name__:
        return QueryError(Errors.E020.format(message=exc))
    return exc


def _to_rdflib(term):
    """An Oxigraph term (or RDF-star triple) as the rdflib term oxrdflib would give."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.Triple):
        return _to_rdflib(term.subject), _to_rdflib(term.predicate), _to_rdflib(term.object)
    raise ValueError(f"unexpected Oxigraph term: {term!r}")


def rdflib_value(term):
    """The Python value of an rdflib term in a SELECT row: ``toPython()``, then ``str`` for
    anything but int, float, bool and str. IRIs and blank nodes become str, decimals and dates
    their text; an ill-typed literal stays an rdflib ``Literal`` (a str)."""
    if term is None:
        return None
    v = term.toPython() if hasattr(term, "toPython") else str(term)
    return v if isinstance(v, (int, float, bool, str)) else str(v)


_XSD = str(XSD)
_STRING, _INTEGER, _DECIMAL, _DOUBLE, _BOOLEAN = (
    _XSD + n for n in ("string", "integer", "decimal", "double", "boolean"))


def python_value(term):
    """The Python value of an Oxigraph term: the same value and type as
    :func:`rdflib_value` of the rdflib term oxrdflib makes of it, without making that term
    for the common cases (IRIs, strings, integers, decimals, doubles, booleans)."""
    import pyoxigraph as ox

    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return term.value
        dt = term.datatype.value
        if dt == _STRING:
            return term.value
        if dt == _INTEGER:
            try:
                return int(term.value)
            except ValueError:
                pass  # ill-typed: as rdflib gives it
        elif dt == _DECIMAL:
            try:
                return str(Decimal(term.value))
            except ArithmeticError:
                pass
        elif dt == _DOUBLE:
            try:
                return float(term.value)
            except ValueError:
                pass
        elif dt == _BOOLEAN and term.value in ("true", "false"):
            return term.value == "true"
    return rdflib_value(_to_rdflib(term))


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


def document_triples(parsed: ParsedDocument) -> Iterator[tuple]:
    """All triples for one parsed document (to be placed in its named graph).

    Concept keys are normalised and the document's aliases merged (:mod:`kextract.merge`)
    before IRIs are minted, so the same concept gets the same IRI in every document."""
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
    # concepts: one node per normalised key, aliases defined in the document merged
    raw_keys = {(f.span.start, f.span.end): normalise_key(f.key) for f in parsed.facts
                if isinstance(f, Concept) and f.span is not None and normalise_key(f.key)}
    named = {}  # defined terms and their aliases name concepts even when no chunk covers them
    for f in parsed.facts:
        if isinstance(f, Definition):
            for sp in (f.term, *f.aliases):
                if sp is not None and (sp.start, sp.end) not in raw_keys:
                    named[(sp.start, sp.end)] = (whole_span_key(sp, raw_keys), sp.text)
    raw_keys.update({sp: k for sp, (k, _) in named.items() if k})
    aliases = alias_map(parsed, raw_keys)
    concept_keys = {sp: aliases.get(k, k) for sp, k in raw_keys.items()}
    forms: dict[str, set[str]] = {}
    mentioned: set[tuple[int, str]] = set()
    for f in parsed.facts:
        if isinstance(f, Concept) and f.span is not None and (f.span.start, f.span.end) in \
                concept_keys:
            key = concept_keys[(f.span.start, f.span.end)]
            forms.setdefault(key, set()).add(f.span.text.lower())
            mentioned.add((f.provenance.sentence_index, key))
    for sp, (key, text) in named.items():
        if key:
            forms.setdefault(aliases.get(key, key), set()).add(text.lower())
    for key in sorted(set(forms) | set(aliases.values())):
        c = concept_iri(key)
        yield from _concept(c, key)
        yield c, KX.inDocument, doc
        for label in sorted(forms.get(key, ())):
            if label != key:
                yield c, SKOS.hiddenLabel, Literal(label)
    for alias, key in sorted(aliases.items()):
        # the alias's own IRI (used by documents that do not define it) points here
        yield from _concept(concept_iri(alias), alias)
        yield concept_iri(alias), SKOS.exactMatch, concept_iri(key)
    for index, key in sorted(mentioned):
        yield sentence_iri(d.id, index), KX.mentions, concept_iri(key)
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


def _concept(c: URIRef, key: str) -> Iterator[tuple]:
    """The triples every document asserts alike for a concept (so a union keeps one copy)."""
    yield c, RDF.type, SKOS.Concept
    yield c, KX.key, Literal(key)
    yield c, SKOS.prefLabel, Literal(key)
    yield c, RDFS.label, Literal(key)


def fact_triples(f: Fact, doc: URIRef, concept_keys: dict) -> Iterator[tuple]:
    """Triples of one fact record: its provenance, its parts and what it says about concepts.

    ``concept_keys`` maps the (start, end) of concept mentions to their merged keys."""
    p = f.provenance
    node = fact_iri(f.kind, f.id)
    prop = proposition_iri(f.kind, proposition_id(f))
    yield node, RDF.type, FACT_CLASSES[f.kind]
    yield node, KX.states, prop
    yield prop, RDF.type, KX.Proposition
    yield prop, RDFS.label, Literal(proposition_label(f))
    yield node, KX.inDocument, doc
    yield node, KX.inSentence, sentence_iri(p.doc_id, p.sentence_index)
    yield node, PROV.wasDerivedFrom, doc
    yield node, PROV.wasGeneratedBy, extractor_iri(p.extractor)
    yield node, KX.pattern, Literal(p.pattern)
    yield node, KX.confidence, Literal(round(p.confidence, 4), datatype=XSD.decimal)
    yield node, KX.start, _lit_int(f.start)
    yield node, KX.end, _lit_int(f.end)
    yield node, RDFS.label, Literal(f.text())

    def key_of(sp: Span | None) -> str | None:
        return span_key(sp, concept_keys) if sp is not None else None

    def part(pred, sp: Span | None, name: str, index: int | None = None, link_concept=True):
        if sp is None:
            return
        pn = URIRef(f"{node}/{name}" + (f"/{index}" if index is not None else ""))
        yield node, pred, pn
        yield from _part(pn, doc, sp, index)
        key = key_of(sp) if link_concept else None
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
        yield from part(KX.exemplifies, f.concept, "concept")
        ckey = key_of(f.concept)
        for i, inst in enumerate(f.instances):
            yield from part(KX.instance, inst, "instance", i)
            ikey = key_of(inst)
            # hypernymy from "X such as Y": Y skos:broader X (not for worked examples,
            # whose "instances" are passages, not kinds of X)
            if ckey and ikey and ikey != ckey and p.pattern != "worked_example":
                yield concept_iri(ikey), SKOS.broader, concept_iri(ckey)
        yield node, KX.cue, Literal(f.cue)
    elif isinstance(f, Definition):
        yield from part(KX.term, f.term, "term")
        yield from part(KX.definiens, f.definition, "definiens", link_concept=False)
        yield from part(KX.genus, f.genus, "genus")
        for i, a in enumerate(f.aliases):
            yield from part(KX.alias, a, "alias", i)
        tkey = key_of(f.term)
        if tkey:
            c = concept_iri(tkey)
            if f.definition is not None:
                yield c, SKOS.definition, Literal(f.definition.text)
            for sp in (f.term, *f.aliases):
                if normalise_key(sp.text) != tkey and sp.text.strip():
                    yield c, SKOS.altLabel, Literal(sp.text.strip())
            gkey = key_of(f.genus)
            if gkey and gkey != tkey:
                yield c, SKOS.broader, concept_iri(gkey)
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

    def set_conflicts(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Replace the corpus-level graph of conflicting rules (pairs of rule ids) with
        symmetric ``kx:conflictsWith`` links; returns the number of triples."""
        from .vocab import CONFLICTS_GRAPH

        self.dataset.remove_graph(self.dataset.graph(CONFLICTS_GRAPH))
        g = self.dataset.graph(CONFLICTS_GRAPH)
        quads = []
        for a, b in pairs:
            ra, rb = fact_iri("rule", a), fact_iri("rule", b)
            quads += [(ra, KX.conflictsWith, rb, g), (rb, KX.conflictsWith, ra, g)]
        self.dataset.addN(quads)
        return len(quads)

    def remove_document(self, doc_id: str) -> None:
        self.dataset.remove_graph(self.dataset.graph(graph_iri(doc_id)))

    # reading --------------------------------------------------------------------------
    def query(self, sparql: str):
        """Run a SPARQL query through the rdflib API (prefixes of
        :data:`~kextract.vocab.PREFIXES` predeclared); returns an rdflib ``Result`` of rdflib
        terms. SPARQL updates are refused: use :meth:`update` on a writable store.

        :meth:`select` runs the same query faster when plain Python values will do."""
        if _UPDATE.search(_strip_sparql(sparql)):
            raise QueryError(Errors.E022)
        try:
            return self.dataset.query(sparql)
        except Exception as exc:
            err = _query_error(exc)
            if err is exc:
                raise
            raise err from exc

    def select(self, sparql: str) -> "Solutions | bool | Graph":
        """Run a SPARQL query directly on the Oxigraph store, without rdflib's result plumbing.

        SELECT gives :class:`Solutions` whose rows hold Python values (see
        :func:`python_value`: the same values and types as converting :meth:`query`'s rdflib
        terms with ``toPython()``), ASK a bool, CONSTRUCT/DESCRIBE an rdflib ``Graph``. The
        prefixes, the union default graph, the refusal of updates ([E022]) and the [E020]
        errors (with line:column) are those of :meth:`query`."""
        if _UPDATE.search(_strip_sparql(sparql)):
            raise QueryError(Errors.E022)
        import pyoxigraph as ox

        store = self.dataset.store
        try:
            # the prefixes rdflib would pass: every namespace bound on the store
            res = store._inner.query(sparql, use_default_graph_as_union=True,
                                     prefixes=store._namespace_for_prefix)
            if isinstance(res, ox.QueryBoolean):
                return bool(res)
            if isinstance(res, ox.QuerySolutions):
                columns = tuple(v.value for v in res.variables)
                # evaluation is lazy: errors can surface while iterating
                rows = [tuple(None if t is None else python_value(t) for t in solution)
                        for solution in res]
                return Solutions(columns, rows)
            graph = Graph()
            graph += (_to_rdflib(t) for t in res)
            return graph
        except Exception as exc:
            err = _query_error(exc)
            if err is exc:
                raise
            raise err from exc

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

    def export(self, path, fmt: str = "turtle"):
        """Write the whole graph to ``path`` in ``fmt`` (turtle, ntriples, nquads, trig,
        json-ld). ``path`` may also be a binary file object. Turtle and N-Triples hold the
        union of all named graphs; N-Quads, TriG and JSON-LD keep them. Statements are
        written in sorted order so two builds of the same corpus export identical files.

        Serialisation is done by pyoxigraph (the store's own engine, through oxrdflib's
        handle on it): rdflib's serialisers are about 50x slower on large graphs."""
        import pyoxigraph as ox

        if fmt not in EXPORT_FORMATS:
            raise ValueError(Errors.E040.format(fmt=fmt, choices=", ".join(EXPORT_FORMATS)))
        if isinstance(path, (str, Path)):
            path = Path(path)
            target = str(path)
        else:
            target = path
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
        ox.serialize(data, target, formats[fmt], prefixes=prefixes)
        return path

    # validation -----------------------------------------------------------------------
    def graph_names(self) -> list[str]:
        """The named graphs of the store (documents and the vocabulary), sorted."""
        inner = self.dataset.store._inner
        return sorted(str(g.value) for g in inner.named_graphs())

    def _rdflib_graph(self, names: Iterable[str]) -> Graph:
        """The triples of the named graphs ``names`` as an in-memory rdflib Graph (through
        pyoxigraph's N-Triples writer: much faster than copying term by term)."""
        import pyoxigraph as ox

        inner = self.dataset.store._inner
        chunks = []
        for name in names:
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in inner.quads_for_pattern(None, None, None, ox.NamedNode(name))]
            chunks.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        return Graph().parse(data=b"".join(chunks).decode("utf-8"), format="nt")

    def validate(self, *, union: bool = False, max_violations: int = 1000) -> ValidationReport:
        """Validate the graph against the SHACL shapes of ``ontology/shapes.ttl`` (pySHACL).

        By default every document's named graph is validated on its own, together with the
        vocabulary graph: each must be self-contained, since a document can be replaced or
        removed without touching the others. ``union=True`` validates the union at once
        (slightly faster; violations are then reported against "union")."""
        import pyshacl
        from rdflib.namespace import SH

        t0 = time.perf_counter()
        shapes = Graph().parse(data=shapes_text(), format="turtle")
        names = self.graph_names()
        vocab = str(VOCAB_GRAPH)
        from .vocab import CONFLICTS_GRAPH

        # per-document graphs; the corpus-level conflicts graph only links rules by IRI
        docs = [n for n in names if n not in (vocab, str(CONFLICTS_GRAPH))]
        batches = [("union", names)] if union else [(n, [n, vocab]) for n in docs]
        violations: list[Violation] = []
        triples = 0
        for label, batch in batches:
            data = self._rdflib_graph(batch)
            triples += len(data)
            conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                                    advanced=False, allow_warnings=True)
            if conforms:
                continue
            for r in sorted(results.objects(None, SH.result), key=str):
                if len(violations) >= max_violations:
                    break

                def one(pred):
                    v = results.value(r, pred)
                    return None if v is None else str(v)

                violations.append(Violation(
                    graph=label, focus=one(SH.focusNode) or "", path=one(SH.resultPath),
                    value=one(SH.value),
                    constraint=(one(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
                    severity=(one(SH.resultSeverity) or "").rsplit("#", 1)[-1],
                    message=one(SH.resultMessage) or ""))
        violations.sort(key=lambda v: (v.graph, v.focus, v.path or "", v.constraint))
        return ValidationReport(not any(v.severity == "Violation" for v in violations),
                                tuple(violations), len(batches), triples,
                                time.perf_counter() - t0)


def graph_to_text(graph: Graph, fmt: str = "turtle") -> str:
    """Serialise the graph of a CONSTRUCT/DESCRIBE result (turtle, ntriples, json-ld), with
    the kextract prefixes and plain literals for xsd:string."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(Errors.E040.format(fmt=fmt, choices=", ".join(GRAPH_FORMATS)))
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    if fmt == "json-ld":
        return out.serialize(format="json-ld", context=dict(PREFIXES), indent=2, sort_keys=True)
    return out.serialize(format="nt" if fmt == "ntriples" else "turtle")
