"""The RDF graph: vocabulary vs ontology, SHACL validation, concept identity and aliases,
propositions shared across documents, merging partitions by union, exports, the query
command's formats and the example queries of docs/graph.md."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kextract.cli import main
from kextract.graph import GraphStore
from kextract.kb import KnowledgeBase
from kextract.merge import alias_map, normalise_key, proposition_key
from kextract.model import Definition, Document, ParsedDocument, Provenance, Span
from kextract.vocab import KX, concept_iri, ontology_text, shapes_text

REPO = Path(__file__).resolve().parent.parent
GRAPH_DOC = REPO / "docs" / "graph.md"


@pytest.fixture
def kb(sample_kb):
    with KnowledgeBase(sample_kb) as base:
        yield base


# -- vocabulary -----------------------------------------------------------------------------

def test_closed_namespace_and_ontology_define_the_same_terms():
    g = Graph().parse(data=ontology_text(), format="turtle")
    ns = str(KX._NS)
    in_ontology = {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns)}
    in_code = set(KX.__annotations__)
    assert in_ontology == in_code
    for term in in_code:
        iri = URIRef(ns + term)
        assert g.value(iri, RDFS.label) is not None, term
        assert g.value(iri, RDFS.comment) is not None, term
        assert g.value(iri, RDF.type) is not None, term
    with pytest.raises(AttributeError):
        KX.Rulle  # noqa: B018 - a typo is an error


def test_modality_scheme_is_a_closed_skos_scheme():
    g = Graph().parse(data=ontology_text(), format="turtle")
    tops = set(g.objects(KX.ModalityScheme, SKOS.hasTopConcept))
    assert tops == {KX.Obligation, KX.Prohibition, KX.Permission, KX.Recommendation,
                    KX.NoModality}
    for m in tops:
        assert (m, SKOS.inScheme, KX.ModalityScheme) in g
        assert (m, RDF.type, KX.Modality) in g
    assert (KX.Modality, RDFS.subClassOf, SKOS.Concept) in g
    assert (KX.Rule, RDF.type, OWL.Class) in g


def test_ontology_diagram_in_the_docs_is_current():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from ontology_diagram import diagram
    finally:
        sys.path.pop(0)
    assert diagram() in GRAPH_DOC.read_text(encoding="utf-8"), \
        "run: python scripts/ontology_diagram.py --write docs/graph.md"


# -- concept keys and propositions ----------------------------------------------------------

@pytest.mark.parametrize("surface", ["pump", "pumps", "the pump", "Pump", "Pumps", "The pumps"])
def test_surface_forms_of_one_concept_share_a_key(surface):
    assert normalise_key(surface) == "pump"


@pytest.mark.parametrize("word,key", [("batteries", "battery"), ("boxes", "box"),
                                      ("hoses", "hose"), ("gas", "gas"), ("glasses", "glasses"),
                                      ("analysis", "analysis"), ("status", "status"),
                                      ("operator's manuals", "operator manual"),
                                      ("RCDs", "rcd")])
def test_normalise_key_singularises_conservatively(word, key):
    assert normalise_key(word) == key


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalise_key_is_idempotent(text):
    once = normalise_key(text)
    assert normalise_key(once) == once


def _definition(doc, term: Span, aliases: tuple[Span, ...], sentence_index=0) -> Definition:
    prov = Provenance(doc, sentence_index, 0, 100, "kextract.semantic.v1", "acronym", 0.9)
    return Definition(provenance=prov, sentence="s", term=term, aliases=aliases)


def test_alias_map_prefers_the_spelled_out_name_and_ignores_order():
    d1 = _definition("d", Span("RCD", 0, 3), (Span("residual current device", 5, 28),))
    d2 = _definition("d", Span("residual current device", 40, 63), (Span("RCCB", 65, 69),))
    doc = Document("d", "x" * 100, "d", "txt")
    m1 = alias_map(ParsedDocument(doc, (), (d1, d2)), {})
    m2 = alias_map(ParsedDocument(doc, (), (d2, d1)), {})
    assert m1 == m2 == {"rcd": "residual current device", "rccb": "residual current device"}


def test_proposition_ignores_position_case_and_trailing_punctuation():
    a = _definition("a", Span("Seal", 0, 4), (Span("Gasket.", 10, 17),))
    b = _definition("b", Span("seal", 50, 54), (Span("gasket", 70, 76),), sentence_index=9)
    assert proposition_key(a) == proposition_key(b)
    assert a.id != b.id


# -- identity across documents (real parses) ------------------------------------------------

DOC_A = ("Pump care\n\nIf the pump overheats, the operator must stop it immediately.\n\n"
         "Pumps need a residual current device (RCD).\n\n"
         "Wear gloves when handling raw meat.\n")
DOC_B = ("Pumps\n\nThe pumps in bay 2 are checked weekly. An RCD must be tested monthly.\n\n"
         "Wear gloves when handling raw meat.\n")


@pytest.fixture(scope="module")
def parsed_pair(nlp):
    from kextract.builder import process

    docs = [Document("a.txt", DOC_A, "a.txt", "txt"), Document("b.txt", DOC_B, "b.txt", "txt")]
    return list(process(nlp, docs))


def _store(path: Path, parsed) -> Path:
    with GraphStore(path, create=True) as store:
        store.add_vocabulary()
        store.add_documents(parsed)
    return path


def _sorted_nquads(path: Path, tmp: Path) -> list[str]:
    out = tmp / f"{path.name}.nq"
    with GraphStore(path) as store:
        store.export(out, "nquads")
    return sorted(line for line in out.read_text(encoding="utf-8").splitlines() if line)


def _select(store: GraphStore, q: str) -> list[tuple]:
    return [tuple(None if v is None else v.toPython() for v in row) for row in store.query(q)]


def test_one_concept_for_pump_across_documents(parsed_pair, tmp_path):
    with GraphStore(_store(tmp_path / "g", parsed_pair)) as store:
        rows = _select(store, """SELECT DISTINCT ?id WHERE {
            ?c kx:key "pump" ; kx:inDocument/dcterms:identifier ?id } ORDER BY ?id""")
        assert rows == [("a.txt",), ("b.txt",)]
        assert store.query('ASK { ?c kx:key "pumps" }').askAnswer is False
        forms = {str(o) for o in store.dataset.objects(concept_iri("pump"), SKOS.hiddenLabel)}
        assert "pumps" in forms


def test_acronym_is_merged_into_its_spelled_out_concept(parsed_pair, tmp_path):
    with GraphStore(_store(tmp_path / "g", parsed_pair)) as store:
        rdc = concept_iri("residual current device")
        alts = {str(o) for o in store.dataset.objects(rdc, SKOS.altLabel)}
        assert "RCD" in alts
        # document b uses "RCD" without defining it: its concept points to the canonical one
        assert (concept_iri("rcd"), SKOS.exactMatch, rdc) in store.dataset
        same = _select(store, f"""SELECT DISTINCT ?id WHERE {{
            <{rdc}> (skos:exactMatch|^skos:exactMatch)* ?c . ?c kx:inDocument/dcterms:identifier ?id
        }} ORDER BY ?id""")
        assert same == [("a.txt",), ("b.txt",)]


def test_a_fact_repeated_in_two_documents_is_one_proposition(parsed_pair, tmp_path):
    with GraphStore(_store(tmp_path / "g", parsed_pair)) as store:
        rows = _select(store, """SELECT ?p (COUNT(DISTINCT ?d) AS ?n) WHERE {
            ?f a kx:Rule ; kx:states ?p ; kx:inDocument ?d . ?p rdfs:label ?l .
            FILTER(CONTAINS(?l, "gloves")) } GROUP BY ?p""")
        assert len(rows) == 1 and rows[0][1] == 2
        # removing one document keeps the proposition (the other still states it)
        store.remove_document("a.txt")
        assert store.query(f"ASK {{ <{rows[0][0]}> a kx:Proposition ; ^kx:states ?f }}").askAnswer
        assert not store.query('ASK { ?d dcterms:identifier "a.txt" }').askAnswer


def test_partitions_built_apart_merge_by_union(parsed_pair, tmp_path):
    both = _sorted_nquads(_store(tmp_path / "both", parsed_pair), tmp_path)
    a = _sorted_nquads(_store(tmp_path / "a", parsed_pair[:1]), tmp_path)
    b = _sorted_nquads(_store(tmp_path / "b", parsed_pair[1:]), tmp_path)
    assert sorted(set(a) | set(b)) == both


def test_replacing_a_document_replaces_only_its_graph(parsed_pair, tmp_path):
    path = _store(tmp_path / "g", parsed_pair)
    before = _sorted_nquads(path, tmp_path)
    with GraphStore(path) as store:
        store.add_document(parsed_pair[0])  # re-adding is idempotent
    assert _sorted_nquads(path, tmp_path) == before


# -- SHACL ----------------------------------------------------------------------------------

def test_shapes_cover_every_fact_class():
    g = Graph().parse(data=shapes_text(), format="turtle")
    targets = set(g.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    for cls in (KX.Document, KX.Sentence, KX.Rule, KX.Example, KX.Definition, KX.Relation,
                KX.Entity, KX.Part, KX.Proposition, KX.Extractor, SKOS.Concept):
        assert cls in targets, cls


def test_sample_kb_validates_per_graph_and_as_union(kb):
    report = kb.validate()
    assert report.conforms, [str(v) for v in report.violations[:10]]
    assert report.graphs == len(kb.documents) and report.triples > 10000
    assert report.seconds < 60
    union = kb.validate(union=True)
    assert union.conforms and union.graphs == 1


def test_pair_kb_validates(parsed_pair, tmp_path):
    with GraphStore(_store(tmp_path / "g", parsed_pair)) as store:
        report = store.validate()
    assert report.conforms, [str(v) for v in report.violations[:10]]


def test_a_broken_graph_is_reported_with_its_graph_and_node(parsed_pair, tmp_path):
    path = _store(tmp_path / "g", parsed_pair)
    with GraphStore(path) as store:
        store.update("DELETE { GRAPH ?g { ?r kx:pattern ?p } } WHERE { GRAPH ?g { "
                     "?r a kx:Rule ; kx:pattern ?p } }")
        store.update('INSERT DATA { GRAPH <https://w3id.org/kextract/id/graph/b.txt> { '
                     '<urn:x:part> a kx:Part ; kx:text 3 } }')
        report = store.validate()
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert str(KX.pattern) in paths and str(KX.text) in paths
    assert any(v.focus == "urn:x:part" and v.graph.endswith("graph/b.txt")
               for v in report.violations)


def test_validate_command_exit_codes(sample_kb, tmp_path, parsed_pair):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(sample_kb)])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    bad = tmp_path / "kb"
    shutil.copytree(sample_kb, bad)
    with KnowledgeBase(bad) as k:
        k.update("DELETE { GRAPH ?g { ?r kx:modality ?m } } "
                 "WHERE { GRAPH ?g { ?r a kx:Rule ; kx:modality ?m } }")
    res = runner.invoke(main, ["validate", str(bad), "--json"])
    assert res.exit_code == 1
    assert '"conforms": false' in res.output and "modality" in res.output


# -- query formats and exports --------------------------------------------------------------

CONSTRUCT = ("CONSTRUCT { ?c a skos:Concept ; skos:prefLabel ?l } WHERE { "
             "?c a skos:Concept ; skos:prefLabel ?l }")


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"),
                                        ("json-ld", "json-ld")])
def test_construct_and_describe_print_rdf(sample_kb, fmt, parser):
    runner = CliRunner()
    r = runner.invoke(main, ["query", str(sample_kb), CONSTRUCT, "--format", fmt])
    assert r.exit_code == 0, r.output
    g = Graph().parse(data=r.stdout, format=parser)
    assert len(set(g.subjects(RDF.type, SKOS.Concept))) > 50
    assert "^^xsd:string" not in r.stdout and "XMLSchema#string" not in r.stdout
    d = runner.invoke(main, ["query", str(sample_kb), "--format", fmt,
                             f"DESCRIBE <{concept_iri('casualty')}>"])
    g = Graph().parse(data=d.stdout, format=parser)
    assert (concept_iri("casualty"), SKOS.prefLabel, Literal("casualty")) in g


def test_ask_as_json_and_select_refuses_graph_formats(sample_kb):
    runner = CliRunner()
    r = runner.invoke(main, ["query", str(sample_kb), "ASK { ?r a kx:Rule }", "--format", "json"])
    assert r.stdout.strip() == '{"boolean": true}'
    r = runner.invoke(main, ["query", str(sample_kb), "SELECT ?s WHERE { ?s a kx:Rule }",
                             "--format", "ntriples"])
    assert r.exit_code == 2


def test_query_update_only_when_asked(sample_kb, tmp_path):
    copy = tmp_path / "kb"
    shutil.copytree(sample_kb, copy)
    runner = CliRunner()
    q = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"
    refused = runner.invoke(main, ["query", str(copy), q])
    assert refused.exit_code == 2 and "[E022]" in refused.output
    done = runner.invoke(main, ["query", str(copy), q, "--update"])
    assert done.exit_code == 0, done.output
    with KnowledgeBase(copy) as k:
        assert k.sparql("ASK { <urn:a> <urn:b> <urn:c> }") is True
    assert "urn:a" in (copy / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt,parser,quads", [("turtle", "turtle", False),
                                              ("ntriples", "nt", False),
                                              ("nquads", "nquads", True),
                                              ("trig", "trig", True),
                                              ("json-ld", "json-ld", True)])
def test_export_formats_round_trip(sample_kb, tmp_path, fmt, parser, quads):
    runner = CliRunner()
    out = tmp_path / f"graph.{fmt}"
    r = runner.invoke(main, ["export", str(sample_kb), "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    with KnowledgeBase(sample_kb) as k:
        n_quads = len(k.graph)
        n_triples = int(k.sparql("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                                 "WHERE { ?s ?p ?o } }")["n"][0])
    if quads:
        ds = Dataset()
        ds.parse(out, format=parser)
        got = sum(len(g) for g in ds.graphs() if g.identifier != ds.default_graph.identifier)
        assert got == n_quads
        assert len(set(ds.graphs())) > 5
    else:
        assert len(Graph().parse(out, format=parser)) == n_triples
    stdout = runner.invoke(main, ["export", str(sample_kb), "--format", fmt])
    assert stdout.stdout_bytes == out.read_bytes()


# -- the example queries of docs/graph.md ---------------------------------------------------

def _doc_queries() -> list[tuple[str, str]]:
    text = GRAPH_DOC.read_text(encoding="utf-8")
    return re.findall(r"### (\d+\.[^\n]*)\n\n```sparql\n(.*?)```", text, re.S)


def test_docs_have_ten_example_queries():
    assert len(_doc_queries()) == 10


@pytest.mark.parametrize("title,query", _doc_queries(), ids=lambda v: v.split(".")[0][:3])
def test_example_query_gives_sensible_results(kb, doc_texts_graph, title, query):
    df = kb.sparql(query)
    assert len(df) > 0, title
    n = title.split(".")[0]
    if n == "1":
        for r in df.itertuples():
            assert 0 <= r.start < r.end <= len(doc_texts_graph[r.doc])
    elif n == "2":
        assert (df["consequence"].str.len() > 0).all()
        assert any(re.search(r"\b(not|never|no)\b|n't", c, re.I) for c in df["consequence"])
    elif n == "4":
        assert df["definition"].str.len().min() > 3
    elif n == "5":
        assert (df["narrower"] != df["broader"]).all()
    elif n == "6":
        assert (df["documents"] > 1).all()
    elif n == "7":
        assert (df["times"] > 1).all()
    elif n == "8":
        assert "https://w3id.org/kextract/ns#Rule" in set(df["class"])
    elif n == "9":
        assert df["confidence"].astype(float).between(0, 1).all()
        assert {"kextract.rules.v1", "kextract.semantic.v1"} <= set(df["extractor"])
    elif n == "10":
        for r in df.itertuples():
            assert doc_texts_graph[r.doc][r.start:r.end] == r.quote


@pytest.fixture(scope="module")
def doc_texts_graph(sample_kb) -> dict[str, str]:
    import pyarrow.parquet as pq

    t = pq.read_table(Path(sample_kb) / "tables" / "documents.parquet", columns=["id", "text"])
    return dict(zip(t.column("id").to_pylist(), t.column("text").to_pylist()))


def test_diagram_script_runs():
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "ontology_diagram.py")],
                       capture_output=True, text=True, check=True)
    assert r.stdout.startswith("```mermaid\nclassDiagram")


# -- the direct query path (GraphStore.select, behind KnowledgeBase.sparql) ------------------

MIXED = """
PREFIX ex: <urn:ex:>
INSERT DATA {
  GRAPH <urn:g1> {
    ex:a a ex:Thing ; ex:name "pump" ; ex:n 3 ; ex:w 0.50 ; ex:x 1.5e3 ; ex:ok true ;
         ex:day "2024-02-29"^^xsd:date ; ex:fr "pompe"@fr ; ex:bad "abc"^^xsd:integer ;
         ex:link ex:b ; ex:anon [ ex:name "blank" ] .
  }
  GRAPH <urn:g2> { ex:b a ex:Thing ; ex:name "valve" ; ex:n -12 ; ex:ok "0"^^xsd:boolean . }
}"""
# every value kind, with unbound variables from OPTIONAL
MIXED_QUERIES = [
    """PREFIX ex: <urn:ex:> SELECT ?s ?name ?n ?w ?x ?ok ?day ?fr ?bad ?link WHERE {
         ?s a ex:Thing ; ex:name ?name ; ex:n ?n ; ex:ok ?ok .
         OPTIONAL { ?s ex:w ?w } OPTIONAL { ?s ex:x ?x } OPTIONAL { ?s ex:day ?day }
         OPTIONAL { ?s ex:fr ?fr } OPTIONAL { ?s ex:bad ?bad } OPTIONAL { ?s ex:link ?link }
       } ORDER BY ?name""",
    "PREFIX ex: <urn:ex:> SELECT ?o WHERE { ?s ex:anon ?b . ?b ex:name ?o }",
    "SELECT ?g (COUNT(*) AS ?n) (SUM(1.5) AS ?d) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
    "ORDER BY ?g",
    "SELECT ?x WHERE { ?s ?p ?o } LIMIT 0",
]


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("mixed") / "graph"
    with GraphStore(path, create=True) as store:
        store.update(MIXED)
    with GraphStore(path, read_only=True) as store:
        yield store


def _rdflib_rows(store: GraphStore, q: str) -> tuple[list[str], list[tuple]]:
    """A SELECT's columns and rows through the rdflib API, as KnowledgeBase.sparql made them
    before it used the direct path."""
    from kextract.graph import rdflib_value

    res = store.query(q)
    return [str(v) for v in res.vars], [tuple(rdflib_value(v) for v in row) for row in res]


def _typed(rows):
    return [tuple((type(v), v) for v in row) for row in rows]


@pytest.mark.parametrize("q", MIXED_QUERIES)
def test_select_gives_the_rows_of_the_rdflib_path(mixed_store, q):
    from kextract.graph import Solutions

    res = mixed_store.select(q)
    assert isinstance(res, Solutions)
    cols, rows = _rdflib_rows(mixed_store, q)
    assert list(res.columns) == cols
    assert _typed(res.rows) == _typed(rows)


def test_select_values_by_kind(mixed_store):
    res = mixed_store.select(MIXED_QUERIES[0])
    rows = [dict(zip(res.columns, r)) for r in res.rows]
    assert [r["name"] for r in rows] == ["pump", "valve"]
    a, b = rows
    assert a["s"] == "urn:ex:a" and type(a["s"]) is str
    assert (a["n"], b["n"]) == (3, -12) and all(type(r["n"]) is int for r in rows)
    assert a["w"] == "0.50" or a["w"] == "0.5"   # a decimal is its text, as before
    assert a["x"] == 1500.0 and (a["ok"], b["ok"]) == (True, False)
    assert (a["day"], a["fr"], a["link"]) == ("2024-02-29", "pompe", "urn:ex:b")
    assert str(a["bad"]) == "abc"                 # ill-typed literal: its text
    assert {k for k, v in b.items() if v is None} == {"w", "x", "day", "fr", "bad", "link"}


def test_select_ask_construct_and_errors_match_query(mixed_store):
    from rdflib.compare import isomorphic

    from kextract.errors import QueryError

    assert mixed_store.select("ASK { ?s ?p 3 }") is True
    assert mixed_store.select("ASK { ?s ?p 4 }") is False
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    g = mixed_store.select(q)
    assert isinstance(g, Graph) and len(g) > 10
    assert isomorphic(g, mixed_store.query(q).graph)
    for bad, code in (("SELECT ?s\nWHERE {\n  ?s ?p\n}", "[E020]"),
                      ("DELETE WHERE { ?s ?p ?o }", "[E022]")):
        with pytest.raises(QueryError) as exc:
            mixed_store.select(bad)
        assert str(exc.value).startswith(code)
    with pytest.raises(QueryError, match=r"\b4:\d+\b"):
        mixed_store.select("SELECT ?s\nWHERE {\n  ?s ?p\n}")


LEXICAL = st.text(alphabet="0123456789.-+eEINFaNtrufls ", max_size=8)
DATATYPES = st.sampled_from([None, "string", "integer", "decimal", "double", "boolean",
                             "int", "float", "date", "anyURI"])


@settings(max_examples=300, deadline=None)
@given(lex=LEXICAL, dt=DATATYPES, lang=st.sampled_from([None, "en"]))
def test_python_value_matches_rdflib_toPython(lex, dt, lang):
    import math
    import warnings

    import pyoxigraph as ox

    from kextract.graph import _to_rdflib, python_value, rdflib_value

    xsd = "http://www.w3.org/2001/XMLSchema#"
    if lang:
        term = ox.Literal(lex, language=lang)
    else:
        term = ox.Literal(lex, datatype=ox.NamedNode(xsd + dt) if dt else None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast, slow = python_value(term), rdflib_value(_to_rdflib(term))
    assert type(fast) is type(slow)
    assert fast == slow or (isinstance(fast, float) and math.isnan(fast) and math.isnan(slow))


def test_kb_sparql_frame_matches_the_rdflib_path(kb):
    import pandas as pd

    q = """SELECT ?r ?pattern ?conf ?start ?negated ?actor WHERE {
             ?r a kx:Rule ; kx:pattern ?pattern ; kx:confidence ?conf ; kx:start ?start ;
                kx:negated ?negated .
             OPTIONAL { ?r kx:actor/kx:text ?actor }
           } ORDER BY ?r"""
    df = kb.sparql(q)
    cols, rows = _rdflib_rows(kb.graph, q)
    pd.testing.assert_frame_equal(df, pd.DataFrame(rows, columns=cols))
    assert len(df) == len(kb.rules) and df["actor"].isna().any() and df["actor"].notna().any()
    assert df["start"].dtype.kind == "i" and df["negated"].dtype == bool
