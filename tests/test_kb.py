"""The built knowledge base: manifest, tables, offsets, SPARQL, graph provenance, QA,
determinism and atomic builds.

Most tests read the session-scoped ``sample_kb`` (six documents, one per format); the build
tests write small KBs of their own under ``tmp_path``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kextract.errors import KnowledgeBaseError, QueryError
from kextract.graph import GraphStore
from kextract.kb import KnowledgeBase
from kextract.vocab import KX

FACT_TABLES = {"rule": "rules", "example": "examples", "definition": "definitions",
               "relation": "relations", "concept": "concepts"}
PUMP_TEXT = ("Pump care\n\nIf the pump overheats, the operator must stop it immediately.\n\n"
             "A seal is a device that prevents leaks.\n")


@pytest.fixture
def kb(sample_kb):
    with KnowledgeBase(sample_kb) as base:
        yield base


@pytest.fixture(scope="module")
def doc_texts(sample_kb) -> dict[str, str]:
    t = pq.read_table(Path(sample_kb) / "tables" / "documents.parquet", columns=["id", "text"])
    return dict(zip(t.column("id").to_pylist(), t.column("text").to_pylist()))


def build_kb(inputs, output, **kwargs):
    import kextract

    return kextract.build([str(i) for i in inputs], output, **kwargs)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def span_mismatches(df: pd.DataFrame, docs: dict[str, str], only=None, skip=()) -> list:
    """(column, stored text, text at the stored offsets) for every span that does not point
    at its own text. Span columns are those with ``<col>_start`` and ``<col>_end``."""
    cols = [c for c in df.columns if f"{c}_start" in df.columns and f"{c}_end" in df.columns
            and c not in skip and (only is None or c in only)]
    assert cols, "no span columns"
    bad = []
    for row in df.to_dict("records"):
        text = docs[row["doc"]]
        for c in cols:
            v, s, e = row[c], row[f"{c}_start"], row[f"{c}_end"]
            if isinstance(v, str):
                pieces = [(v, s, e)]
            elif _missing(v):
                assert _missing(s) and _missing(e), (c, row["id"])
                continue
            else:  # list column
                assert len(v) == len(s) == len(e), (c, row["id"])
                pieces = list(zip(v, s, e))
            for piece, ps, pe in pieces:
                got = text[int(ps):int(pe)]
                if not piece or got != piece:
                    bad.append((c, piece, got))
    return bad


# -- manifest and tables ------------------------------------------------------------------

def test_manifest_describes_the_build(kb, nlp, sample_corpus, doc_texts):
    from kextract.nlp import model_info

    m = kb.manifest
    assert m["kb_format"] == "1"
    assert m["model"]["name"] == model_info(nlp)["name"]
    assert m["model"]["version"] == model_info(nlp)["version"]
    assert m["settings"]["inputs"] == [str(sample_corpus)]
    assert set(m["extractors"]) == {"rules", "examples", "semantic"}
    assert all(re.fullmatch(r"kextract\.\w+\.v\d+", v) for v in m["extractors"].values())
    c = m["counts"]
    for key in ("documents", "sentences", "triples", "rule", "example", "definition",
                "relation", "entity", "concept"):
        assert c[key] > 0, key
    assert c["skipped"] == 0
    assert c["documents"] == 12  # 5 files + 7 JSONL records
    # the corpus fingerprint is reproducible from the stored documents, in build order
    h = hashlib.sha256()
    for doc_id, text in doc_texts.items():
        h.update(f"{doc_id}\x1f{hashlib.sha256(text.encode()).hexdigest()}\n".encode())
    assert m["corpus_fingerprint"] == h.hexdigest()
    for name in m["indexes"]:
        assert (kb.path / "indexes" / name / "params.json").is_file()
    assert kb.stats()["counts"] == c
    assert (kb.path / "skipped.jsonl").read_text() == ""
    assert (kb.path / "graph.ttl").stat().st_size > 0


def test_tables_are_dataframes_with_the_documented_columns(kb):
    base = {"id", "doc", "sentence_index", "sentence", "sentence_start", "sentence_end",
            "extractor", "pattern", "confidence", "start", "end", "text"}
    expected = {
        "documents": {"id", "source", "format", "title", "text", "metadata", "fingerprint"},
        "sentences": {"id", "doc", "index", "start", "end", "text", "section"},
        "rules": base | {"conditions", "conditions_start", "exceptions", "consequence",
                         "consequence_start", "consequence_end", "actor", "modality",
                         "negated", "condition_logic", "necessary", "actions"},
        "examples": base | {"concept", "concept_start", "instances", "instances_end", "cue"},
        "definitions": base | {"term", "term_start", "definition", "definition_end", "genus",
                               "aliases", "aliases_start"},
        "relations": base | {"subject", "predicate", "object", "object_start", "extra_args",
                             "negated", "modality"},
        "concepts": base | {"span", "span_start", "span_end", "label", "key"},
    }
    for name, cols in expected.items():
        df = getattr(kb, name)
        assert isinstance(df, pd.DataFrame), name
        assert cols <= set(df.columns), (name, cols - set(df.columns))
        assert len(df) > 0, name
        assert df["id"].is_unique, name
    assert len(kb.documents) == kb.manifest["counts"]["documents"]
    assert len(kb.sentences) == kb.manifest["counts"]["sentences"]
    for kind, table in FACT_TABLES.items():
        assert len(kb.table(table)) == kb.manifest["counts"][kind], kind
    with pytest.raises(KeyError):
        kb.table("nope")


def test_documents_table_covers_every_format_with_fingerprints(kb):
    docs = kb.documents
    assert set(docs["format"]) == {"md", "html", "txt", "pdf", "docx", "record"}
    for row in docs.itertuples():
        assert row.fingerprint == hashlib.sha256(row.text.encode("utf-8")).hexdigest()
        json.loads(row.metadata)
    rb1 = docs.set_index("id").loc["runbook_snippets.jsonl#RB-001"]
    assert json.loads(rb1.metadata)["service"]
    assert rb1.title == "Disk almost full on a database host"
    assert docs.set_index("id").loc["allergen_management.html"].title == \
        "Allergen Management Policy"


def test_entities_table_loads(kb, doc_texts):
    ents = kb.entities
    assert len(ents) == kb.manifest["counts"]["entity"]
    assert {"span", "span_start", "span_end", "label"} <= set(ents.columns)
    assert span_mismatches(ents, doc_texts) == []


# -- offsets ------------------------------------------------------------------------------

def test_sentence_offsets_point_to_the_document_text(kb, doc_texts):
    sents = kb.sentences
    for row in sents.itertuples():
        assert doc_texts[row.doc][row.start:row.end] == row.text
        assert row.text and row.text == row.text.strip()
    # sentences are numbered 0.. in text order within each document
    for _, group in sents.groupby("doc"):
        assert list(group.sort_values("start")["index"]) == list(range(len(group)))
    # headings give sections: the burns document's treatment advice has a section
    burns = sents[sents.doc == "burns.md"]
    assert burns["section"].notna().any()
    for sec in burns["section"].dropna().unique():
        assert sec in doc_texts["burns.md"]


@pytest.mark.parametrize("table", ["rules", "examples", "definitions", "relations", "concepts"])
def test_fact_span_offsets_point_to_the_document_text(kb, doc_texts, table):
    df = kb.table(table)
    assert len(df) > 0
    # relation predicates are checked by the xfail test below
    skip = ("predicate",) if table == "relations" else ()
    assert span_mismatches(df, doc_texts, skip=skip) == []


def test_relation_predicate_offsets_point_to_the_document_text(kb, doc_texts):
    assert span_mismatches(kb.relations, doc_texts, only=("predicate",)) == []


def test_optional_spans_are_null_as_a_whole(kb):
    """A missing optional span (rule actor, definition genus) has null text AND offsets."""
    for table, col in (("rules", "actor"), ("definitions", "genus")):
        df = kb.table(table)
        absent, present = df[df[col].isna()], df[df[col].notna()]
        assert len(absent) and len(present), (table, col)
        assert absent[f"{col}_start"].isna().all() and absent[f"{col}_end"].isna().all()
        assert present[f"{col}_start"].notna().all() and present[f"{col}_end"].notna().all()


# -- SPARQL -------------------------------------------------------------------------------

def test_sparql_select_returns_a_dataframe_of_python_values(kb):
    df = kb.sparql("SELECT ?id WHERE { ?d a kx:Document ; dcterms:identifier ?id } "
                   "ORDER BY ?id")
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["id"]
    assert list(df["id"]) == sorted(kb.documents["id"])
    s = kb.sparql("SELECT ?start ?end WHERE { ?s a kx:Sentence ; kx:start ?start ; "
                  "kx:end ?end } LIMIT 5")
    assert len(s) == 5 and all(isinstance(v, int) for v in s["start"])


def test_sparql_counts_agree_with_the_tables(kb):
    for kind, cls in (("rule", "Rule"), ("example", "Example"), ("definition", "Definition"),
                      ("relation", "Relation"), ("entity", "Entity")):
        n = kb.sparql(f"SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f a kx:{cls} }}")
        assert int(n["n"][0]) == kb.manifest["counts"][kind], kind
    n = kb.sparql("SELECT (COUNT(?s) AS ?n) WHERE { ?s a kx:Sentence }")
    assert int(n["n"][0]) == len(kb.sentences)


def test_sparql_ask_and_construct(kb):
    assert kb.sparql("ASK { ?r a kx:Rule ; kx:modality kx:Obligation }") is True
    assert kb.sparql("ASK { ?r a kx:NoSuchThing }") is False
    g = kb.sparql("CONSTRUCT { ?r a kx:Rule ; kx:pattern ?p } WHERE { ?r a kx:Rule ; "
                  "kx:pattern ?p }")
    assert isinstance(g, Graph)
    rules = set(g.subjects(RDF.type, KX.Rule))
    assert len(rules) == len(kb.rules)
    assert {str(p) for p in g.objects(None, KX.pattern)} == set(kb.rules["pattern"])


@pytest.mark.parametrize("query,line", [
    ("SELECT ?x WHERE { ?x ?y }", 1),
    ("SELECT ?s\nWHERE {\n  ?s ?p\n}", 4),
    ("SELEC ?x WHERE { ?x ?p ?o }", 1),
])
def test_malformed_sparql_raises_query_error_with_position(kb, query, line):
    with pytest.raises(QueryError) as exc:
        kb.sparql(query)
    msg = str(exc.value)
    assert msg.startswith("[E020] SPARQL query failed")
    m = re.search(r"\b(\d+):(\d+)\b", msg)
    assert m, msg
    assert int(m.group(1)) == line


def test_updates_are_refused_and_leave_the_graph_unchanged(kb):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = int(kb.sparql(count)["n"][0])
    for q in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }"):
        with pytest.raises(QueryError):
            kb.sparql(q)
    assert int(kb.sparql(count)["n"][0]) == before > 0


# -- graph provenance ---------------------------------------------------------------------

FACT_CLASSES = "kx:Rule, kx:Example, kx:Definition, kx:Relation, kx:Entity"


def test_every_fact_is_tied_to_its_document_sentence_and_characters(kb):
    total = kb.sparql(f"SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f a ?c . "
                      f"FILTER(?c IN ({FACT_CLASSES})) }}")
    assert int(total["n"][0]) > 0
    orphans = kb.sparql(f"""
        SELECT ?f WHERE {{
          ?f a ?c . FILTER(?c IN ({FACT_CLASSES}))
          FILTER NOT EXISTS {{ ?f kx:inDocument ?d . ?d a kx:Document }}
        }}""")
    assert orphans.empty, orphans.head()
    wrong_sentence = kb.sparql(f"""
        SELECT ?f WHERE {{
          ?f a ?c ; kx:inDocument ?d . FILTER(?c IN ({FACT_CLASSES}))
          FILTER NOT EXISTS {{ ?f kx:inSentence ?s . ?s a kx:Sentence ; kx:inDocument ?d }}
        }}""")
    assert wrong_sentence.empty, wrong_sentence.head()
    no_selector = kb.sparql(f"""
        SELECT ?f WHERE {{
          ?f a ?c ; kx:inDocument ?d . FILTER(?c IN ({FACT_CLASSES}))
          FILTER NOT EXISTS {{
            ?f ?slot ?part . ?part kx:evidence ?ev .
            ?ev oa:hasSource ?d ; oa:hasSelector ?sel .
            ?sel a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e .
          }}
        }}""")
    assert no_selector.empty, no_selector.head()


def test_text_position_selectors_quote_the_document_text(kb, doc_texts):
    rows = kb.sparql("""
        SELECT ?id ?slot ?start ?end ?exact WHERE {
          ?f ?slot ?part . ?part kx:evidence ?ev .
          ?ev oa:hasSource ?d ; oa:hasSelector ?pos, ?quote .
          ?d dcterms:identifier ?id .
          ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
        }""")
    assert len(rows) > 100
    
    bad = [(r.slot, r.exact, doc_texts[r.id][r.start:r.end]) for r in rows.itertuples()
           if doc_texts[r.id][r.start:r.end] != r.exact]
    assert bad == []


# -- indexes and QA -----------------------------------------------------------------------

def test_indexes_match_tables_and_unknown_index_is_a_coded_error(kb):
    assert len(kb.index("sentences")) == len(kb.sentences)
    assert set(kb.index("rules").ids_) == set(kb.rules["id"])
    with pytest.raises(KnowledgeBaseError, match=r"^\[E031\].*sentences"):
        kb.index("nope")


def test_kb_contains_no_pickles(kb):
    files = [p for p in kb.path.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in {".pkl", ".pickle", ".joblib", ".pt"}]
    index_files = [p for p in files if "indexes" in p.parts]
    assert index_files
    for p in index_files:
        assert p.suffix in {".json", ".npy", ".npz"}, p
        if p.suffix in {".npy", ".npz"}:
            loaded = np.load(p, allow_pickle=False)
            if hasattr(loaded, "close"):
                loaded.close()


QUESTIONS = [
    "What should I do if someone is choking?",
    "What is anaphylaxis?",
    "Give examples of hidden allergens",
    "How should a chemical burn be treated?",
    "What does a fixed guard require?",
    "The disk is almost full on a database host",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_ask_returns_cited_answers(kb, doc_texts, question):
    answers = kb.ask(question, k=5)
    assert 0 < len(answers) <= 5
    scores = [a.score for a in answers]
    assert scores == sorted(scores, reverse=True)
    sentences = {(r["doc"], r["start"]): r for r in kb.lookup("sentences").values()}
    for a in answers:
        # the citation points at the exact characters of the answer sentence
        assert doc_texts[a.doc][a.start:a.end] == a.sentence == a.text
        assert (a.doc, a.start) in sentences
        assert a.section == sentences[(a.doc, a.start)]["section"]
        if a.kind == "sentence":
            assert a.fact_id is None
        else:
            table = FACT_TABLES[a.kind]
            fact = kb.lookup(table)[a.fact_id]
            assert fact["doc"] == a.doc and fact["sentence_start"] == a.start
        d = a.to_dict()
        assert d["source"] == {"doc": a.doc, "start": a.start, "end": a.end,
                               "sentence": a.sentence, "section": a.section}


def test_ask_finds_the_right_document(kb):
    top = kb.ask("What should I do if someone is choking?", k=5)
    assert any(a.doc == "choking.txt" for a in top)
    top = kb.ask("Rotating a leaked API key", k=3)
    assert top[0].doc == "runbook_snippets.jsonl#RB-006"


def test_ask_explain_and_k_validation(kb):
    plain = kb.ask("What is anaphylaxis?", k=3)
    explained = kb.ask("What is anaphylaxis?", k=3, explain=True)
    assert [a.text for a in plain] == [a.text for a in explained]
    assert all(a.explain == () for a in plain)
    # every line names the index (or the graph hop through an index) that produced it
    assert all(a.explain and all(" index " in e for e in a.explain) for a in explained)
    assert all(any("sections index coverage" in e for e in a.explain) for a in explained)
    assert all(any("section_chars index score" in e for e in a.explain) for a in explained)
    assert kb.ask("zzqxv wwkpt", k=3) == []
    for bad in (0, -2, 1.5):
        with pytest.raises(ValueError, match=r"\[E041\]"):
            kb.ask("pump", k=bad)


# -- opening ------------------------------------------------------------------------------

def test_opening_a_missing_directory_is_e012(tmp_path):
    with pytest.raises(KnowledgeBaseError) as exc:
        KnowledgeBase(tmp_path / "missing")
    assert str(exc.value).startswith("[E012]")
    assert "kextract build CORPUS -o" in str(exc.value)


def test_opening_a_directory_without_manifest_is_e013(tmp_path):
    (tmp_path / "notes.txt").write_text("not a KB")
    with pytest.raises(KnowledgeBaseError, match=r"^\[E013\].*no manifest\.json"):
        KnowledgeBase(tmp_path)


def test_opening_an_incompatible_kb_format_is_e014(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"kb_format": "0"}))
    with pytest.raises(KnowledgeBaseError, match=r"^\[E014\].*'0'"):
        KnowledgeBase(tmp_path)


def test_two_handles_on_one_kb_can_both_query(sample_kb):
    a, b = KnowledgeBase(sample_kb), KnowledgeBase(sample_kb)
    try:
        assert a.sparql("ASK { ?s a kx:Document }") is True
        assert b.sparql("ASK { ?s a kx:Document }") is True
    finally:
        b.close()
        a.close()


def test_closing_a_kb_releases_the_graph_after_len(sample_kb):
    import gc

    enabled = gc.isenabled()
    gc.disable()  # make the outcome independent of when the cyclic GC happens to run
    try:
        with KnowledgeBase(sample_kb) as first:
            assert len(first.graph) > 0
        with KnowledgeBase(sample_kb) as second:
            assert second.sparql("ASK { ?s a kx:Document }") is True
    finally:
        if enabled:
            gc.enable()
        gc.collect()


# -- building -----------------------------------------------------------------------------

def _nquads(kb_path: Path, out: Path) -> list[str]:
    with GraphStore(kb_path / "graph") as store:
        store.export(out, "nquads")
    return sorted(line for line in out.read_text(encoding="utf-8").splitlines() if line)


def test_building_the_same_corpus_twice_gives_identical_graph_and_tables(
        sample_kb, sample_corpus, tmp_path):
    again = tmp_path / "again"
    build_kb([sample_corpus], again)
    first = _nquads(Path(sample_kb), tmp_path / "first.nq")
    second = _nquads(again, tmp_path / "second.nq")
    assert len(first) > 1000
    assert not any("_:" in q for q in first), "blank nodes make builds incomparable"
    assert first == second
    names = sorted(p.name for p in (Path(sample_kb) / "tables").glob("*.parquet"))
    assert names == sorted(p.name for p in (again / "tables").glob("*.parquet"))
    for name in names:
        a = pq.read_table(Path(sample_kb) / "tables" / name)
        b = pq.read_table(again / "tables" / name)
        assert a.equals(b), name
    m1 = json.loads((Path(sample_kb) / "manifest.json").read_text())
    m2 = json.loads((again / "manifest.json").read_text())
    m1.pop("build_seconds"), m2.pop("build_seconds")
    assert m1 == m2


@pytest.fixture
def pump_corpus(tmp_path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "pump.txt").write_text(PUMP_TEXT, encoding="utf-8")
    return d


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".building-" in p.name or ".old-" in p.name)


def test_failed_build_leaves_the_existing_kb_intact(pump_corpus, tmp_path, monkeypatch):
    out = tmp_path / "kb"
    out.mkdir()  # an existing empty directory is an acceptable target
    build_kb([pump_corpus], out)
    manifest = (out / "manifest.json").read_text()
    docs = pq.read_table(out / "tables" / "documents.parquet")

    other = tmp_path / "other.txt"
    other.write_text("Valve care\n\nGrease every valve monthly.\n", encoding="utf-8")
    build_mod = importlib.import_module("kextract.builder")

    def boom(path):
        raise RuntimeError("index build failed")

    monkeypatch.setattr(build_mod, "_build_indexes", boom)
    with pytest.raises(RuntimeError, match="index build failed"):
        build_kb([other], out)
    assert (out / "manifest.json").read_text() == manifest
    assert pq.read_table(out / "tables" / "documents.parquet").equals(docs)
    with KnowledgeBase(out) as kb:
        assert list(kb.documents["id"]) == ["pump.txt"]
        assert kb.sparql("ASK { ?d dcterms:identifier 'pump.txt' }") is True
    assert _leftovers(tmp_path) == []

    # a failed first build leaves nothing behind at all
    fresh = tmp_path / "fresh"
    with pytest.raises(RuntimeError):
        build_kb([other], fresh)
    assert not fresh.exists() and _leftovers(tmp_path) == []

    # and a successful rebuild replaces the KB as a whole
    monkeypatch.undo()
    build_kb([other], out)
    with KnowledgeBase(out) as kb:
        assert list(kb.documents["id"]) == ["other.txt"]
        assert kb.sparql("ASK { ?d dcterms:identifier 'pump.txt' }") is False
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["dir", "file"])
def test_building_over_something_that_is_not_a_kb_is_refused(pump_corpus, tmp_path, kind):
    target = tmp_path / "precious"
    if kind == "dir":
        target.mkdir()
        (target / "thesis.tex").write_text("years of work")
    else:
        target.write_text("years of work")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(KnowledgeBaseError, match=r"^\[E015\]"):
        build_kb([pump_corpus], target)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_building_from_nothing_readable_is_a_corpus_error(tmp_path):
    from kextract.errors import CorpusError

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.png").write_bytes(b"\x89PNG\r\n")
    with pytest.raises(CorpusError, match=r"^\[E011\]"):
        build_kb([tmp_path / "in"], tmp_path / "kb")
    assert not (tmp_path / "kb").exists() and _leftovers(tmp_path) == []
    with pytest.raises(CorpusError, match=r"^\[E010\]"):
        build_kb([tmp_path / "missing"], tmp_path / "kb")


def test_lines_build_over_two_files_keeps_every_line(tmp_path):
    (tmp_path / "a.txt").write_text("The pump must be stopped.\nA valve controls flow.\n")
    (tmp_path / "b.txt").write_text("Wash your hands before work.\n")
    out = tmp_path / "kb"
    build_kb([tmp_path / "a.txt", tmp_path / "b.txt"], out, lines=True)
    with KnowledgeBase(out) as kb:
        texts = set(kb.sparql("SELECT ?t WHERE { ?s a kx:Sentence ; kx:text ?t }")["t"])
        assert texts == {"The pump must be stopped.", "A valve controls flow.",
                         "Wash your hands before work."}
        assert kb.documents["id"].is_unique


def test_public_build_and_extract_stay_callable(nlp):
    # regression: kextract.build / kextract.extract used to be rebound to the submodules of
    # the same name by their own first call, so a second call raised TypeError
    import kextract

    importlib.import_module("kextract.builder")
    importlib.import_module("kextract.extractors")
    assert callable(kextract.build) and callable(kextract.extract)
    text = "If the pump overheats, the operator must stop it."
    first = kextract.extract([text], nlp=nlp)
    second = kextract.extract([text], nlp=nlp)
    assert [p.document.id for p in first] == ["1"]
    assert any(f.kind == "rule" for f in first[0].facts)
    assert [f.id for f in first[0].facts] == [f.id for f in second[0].facts]


def test_two_worker_processes_build_the_same_tables(tmp_path):
    """--processes 2 parses in spaCy worker processes; the facts must not change."""
    import shutil

    from kextract.builder import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    data = Path(__file__).resolve().parents[1] / "data"
    for rel in ("first_aid/burns.md", "first_aid/choking.txt"):
        shutil.copy(data / rel, corpus / Path(rel).name)
    build([str(corpus)], tmp_path / "one", n_process=1, export=False)
    build([str(corpus)], tmp_path / "two", n_process=2, batch_size=1, export=False)
    for table in ("sentences", "rules", "definitions", "relations"):
        a = pd.read_parquet(tmp_path / "one" / "tables" / f"{table}.parquet")
        b = pd.read_parquet(tmp_path / "two" / "tables" / f"{table}.parquet")
        pd.testing.assert_frame_equal(a, b)
