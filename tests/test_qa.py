"""Question answering, BM25 / passage indexes and similarity (issue 8).

A small corpus of two Markdown manuals is built once per module: headings give sections,
one rule is stated in both manuals (a near-duplicate across documents), one manual defines
a term.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.sparse as sp
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kextract.errors import NotFittedError
from kextract.index import Bm25Index, TfidfIndex, light_stem, load_index, porter_stem
from kextract.qa import passages, question_type, topic_words

PUMP_MD = """# Pump manual

## Cavitation

Cavitation is the formation of vapour bubbles in a liquid where the pressure drops.
It damages the impeller over time.

## Overheating

If the pump overheats, stop the motor and close the inlet valve.
Let the casing cool for thirty minutes before you restart it.

## Cleaning the strainer

Remove the strainer cover with the supplied key.
Rinse the mesh under running water and refit it.
"""

PLANT_MD = """# Plant safety rules

## Hot equipment

If the pump overheats, stop the motor and close the inlet valve.
Wear heat-resistant gloves near hot casings.

## Visitors

Visitors must sign in at the gate and wear a helmet.
Examples of protective equipment include helmets, gloves and goggles.
"""


@pytest.fixture(scope="module")
def qa_kb(build_small_kb):
    import kextract

    out = build_small_kb("qa", {"pump.md": PUMP_MD, "plant.md": PLANT_MD})
    with kextract.load(out) as kb:
        yield kb


# -- BM25 index -------------------------------------------------------------------------------

TEXTS = ["The pump must be stopped if the bearing overheats.",
         "Wash your hands before handling ready-to-eat food.",
         "A globe valve controls the flow of liquid in a pipe.",
         "Check the pump seals every week for leaks.",
         "Cool cooked rice within two hours."]
IDS = ["pump-stop", "hands", "valve", "pump-seal", "rice"]


def test_bm25_follows_estimator_conventions_and_ranks():
    fresh = Bm25Index()
    assert fresh.fit(TEXTS, IDS) is fresh
    assert len(fresh) == 5 and fresh.ids_ == IDS
    assert fresh.search("bearing overheating")[0][0] == "pump-stop"
    # stemming: "seal" meets "seals", "handled" meets "handling"
    assert fresh.search("pump seal")[0][0] == "pump-seal"
    assert fresh.search("handled food")[0][0] == "hands"
    assert fresh.search("zzz qqq") == []
    with pytest.raises(NotFittedError, match=r"^\[E030\] Bm25Index"):
        Bm25Index().search("pump")
    with pytest.raises(ValueError, match=r"\[E041\]"):
        fresh.search("pump", 0)


def test_bm25_scores_match_the_textbook_formula():
    ix = Bm25Index(k1=1.2, b=0.75, stemmer=None).fit(["a b b", "b c", "c c c d"])
    # term "b": df 2 of 3 documents; lengths 3, 2, 4 (avg 3)
    idf = np.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    expect = [idf * tf * 2.2 / (tf + 1.2 * (1 - 0.75 + 0.75 * n / 3)) for tf, n in
              ((2, 3), (1, 2), (0, 4))]
    np.testing.assert_allclose(ix.scores("bb"), [0, 0, 0])   # one-letter words are dropped
    np.testing.assert_allclose(ix.scores("b"), [0, 0, 0])
    ix = Bm25Index(k1=1.2, b=0.75, stemmer=None).fit(["aa bb bb", "bb cc", "cc cc cc dd"])
    np.testing.assert_allclose(ix.scores("bb"), expect, rtol=1e-5)


def test_bm25_coverage_is_the_share_of_distinct_query_terms_present():
    ix = Bm25Index(stemmer=None).fit(["red pump red", "red valve", "blue pump red", "green"])
    np.testing.assert_allclose(ix.coverage("red pump"), [1, 0.5, 1, 0])
    # repeated and unknown query words do not count; no known word: all zeros
    np.testing.assert_allclose(ix.coverage("pump pump red zzz"), [1, 0.5, 1, 0])
    np.testing.assert_allclose(ix.coverage("zzz"), [0, 0, 0, 0])
    # terms as the index analyses them (stemmed): "pumps leaking" is {pump, leak}
    np.testing.assert_allclose(Bm25Index().fit(TEXTS).coverage("pumps leaking"),
                               [0.5, 0, 0, 1, 0])


def test_tfidf_max_df_drops_the_commonest_terms_and_round_trips(tmp_path):
    texts = ["the pump", "the valve", "the gate", "a pipe"]
    ix = TfidfIndex(word_ngrams=(1, 1), char_ngrams=None, stop_words=None, max_df=2).fit(texts)
    assert "the" not in ix.vectorizers_["word"].vocabulary_   # in 3 texts, more than 2
    assert ix.scores("the")[:3].tolist() == [0, 0, 0] and ix.search("valve")[0][0] == "1"
    loaded = load_index(ix.save(tmp_path / "t"))
    assert loaded.get_params()["max_df"] == 2
    assert loaded.search("the valve", 4) == ix.search("the valve", 4)


def test_bm25_round_trip_without_pickles(tmp_path):
    ix = Bm25Index(k1=1.5, b=0.5).fit(TEXTS, IDS)
    path = ix.save(tmp_path / "bm25")
    loaded = load_index(path)
    assert isinstance(loaded, Bm25Index) and loaded.get_params() == ix.get_params()
    for q in ["pump", "valve flow", "rice hours", "nothing"]:
        assert loaded.search(q, 5) == ix.search(q, 5)
    for f in path.iterdir():
        assert f.suffix in {".json", ".npy", ".npz"}
        if f.suffix == ".npz":
            sp.load_npz(f)
    # and load_index still opens TF-IDF indexes
    assert isinstance(load_index(TfidfIndex().fit(TEXTS, IDS).save(tmp_path / "t")), TfidfIndex)


@pytest.mark.parametrize("word,stem", [("settings", "set"), ("connected", "connect"),
                                       ("enabled", "enable"), ("running", "run"),
                                       ("batteries", "battery"), ("status", "status"),
                                       ("glasses", "glass"), ("wi", "wi")])
def test_light_stem(word, stem):
    assert light_stem(word) == stem


# outputs of the Porter stemmer (snowballstemmer "porter"); digits and short words kept
@pytest.mark.parametrize("word,stem", [("caresses", "caress"), ("ponies", "poni"),
                                       ("agreed", "agre"), ("hopping", "hop"),
                                       ("filing", "file"), ("happy", "happi"),
                                       ("relational", "relat"), ("generalizations", "gener"),
                                       ("adjustable", "adjust"), ("adjustment", "adjust"),
                                       ("configuration", "configur"), ("configure", "configur"),
                                       ("controll", "control"), ("tv", "tv"), ("hdmi2", "hdmi2"),
                                       ("overheats", "overheat"), ("1990s", "1990s")])
def test_porter_stem(word, stem):
    assert porter_stem(word) == stem


def test_bm25_porter_joins_derivations_and_reads_old_indexes(tmp_path):
    texts = ["Configuration of the network adapter.", "Clean the filter every week."]
    assert Bm25Index().fit(texts).search("how to configure the network")[0][0] == "0"
    # derivations stay apart with the light stemmer
    light = Bm25Index(stemmer="light").fit(texts)
    assert light.scores("configure").max() == 0
    with pytest.raises(ValueError, match="unknown stemmer"):
        Bm25Index(stemmer="snowball").fit(texts)
    # an index saved before the ``stemmer`` parameter ({"stem": true}) keeps its light stemmer
    path = light.save(tmp_path / "old")
    params = json.loads((path / "params.json").read_text())
    params.pop("stemmer")
    (path / "params.json").write_text(json.dumps({**params, "stem": True}))
    old = load_index(path)
    assert old.stemmer == "light" and old.search("filters") == light.search("filters")


WORDS = ["pump", "pumps", "valve", "seal", "sealed", "bearing", "food", "the", "of", "stop"]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), max_size=10),
       query=st.one_of(st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join),
                       st.text(max_size=20)),
       k=st.integers(1, 12))
def test_bm25_search_returns_at_most_k_hits_in_score_order(texts, query, k):
    ix = Bm25Index().fit(texts)
    hits = ix.search(query, k)
    scores = [s for _, s in hits]
    assert len(hits) <= k and scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    if hits:
        all_scores = ix.scores(query)
        left_out = [all_scores[int(i)] for i in ix.ids_ if i not in {h for h, _ in hits}]
        assert all(s <= scores[-1] + 1e-6 for s in left_out)


# -- question analysis and passages -------------------------------------------------------------

@pytest.mark.parametrize("question,kind", [
    ("What is cavitation?", "definition"),
    ("What should I do if the pump overheats?", "rule"),
    ("Give examples of protective equipment", "example"),
    ("What does a fixed guard require?", "relation"),
    ("How do I clean the strainer?", "general"),
])
def test_question_type(question, kind):
    assert question_type(question) == kind


def test_topic_words_drop_the_question_form():
    assert topic_words("How do I clean the strainer?") == "clean the strainer"
    assert topic_words("How do you do?") == "How do you do?"   # nothing left: keep it all


def test_passages_split_on_documents_and_headings():
    rows = [{"id": "a", "doc": "d1", "start": 0, "end": 5, "section": "One"},
            {"id": "b", "doc": "d1", "start": 6, "end": 9, "section": "One"},
            {"id": "c", "doc": "d1", "start": 10, "end": 14, "section": "Two"},
            {"id": "d", "doc": "d2", "start": 0, "end": 4, "section": None}]
    got = passages(reversed(rows))
    assert [(p.id, p.section, p.sentence_ids) for p in got] == [
        ("d1#0-9", "One", ("a", "b")), ("d1#10-14", "Two", ("c",)), ("d2#0-4", None, ("d",))]


# -- asking ---------------------------------------------------------------------------------------

def test_kb_has_bm25_sentence_and_section_indexes(qa_kb):
    assert isinstance(qa_kb.index("sentences"), Bm25Index)
    sections = qa_kb.index("sections")
    assert isinstance(sections, Bm25Index)
    assert {i.split("#")[0] for i in sections.ids_} == {"pump.md", "plant.md"}
    assert "sections" in qa_kb.manifest["indexes"]
    chars = qa_kb.index("section_chars")
    assert isinstance(chars, TfidfIndex) and chars.ids_ == sections.ids_
    assert "section_chars" in qa_kb.manifest["indexes"]


def test_character_ngrams_alone_answer_nothing(qa_kb):
    # no word of these questions is in the KB: n-grams shared by chance must not make answers
    for q in ["blorpation flimstrainer", "informationally", "how do I"]:
        assert qa_kb.ask(q, k=3) == [], q
    # and an answer always holds a word of the question, in its sentence or its section
    for a in qa_kb.ask("strainer cover mesh water key", k=10):
        section = " ".join(x["text"] for x in qa_kb.lookup("sentences").values()
                           if x["doc"] == a.doc and x.get("section") == a.section).lower()
        assert any(w in section for w in ("strainer", "cover", "mesh", "water", "key")), a


def test_section_character_ngrams_meet_abbreviations_and_typos(qa_kb):
    # "clening" and "strainr" are no words of the KB: only the character n-grams of the
    # "Cleaning the strainer" section match them
    assert qa_kb.index("sections").scores("clening strainr").max() == 0
    top = qa_kb.ask("clening the strainr", k=2, explain=True)
    assert top[0].section == "Cleaning the strainer"
    assert any("section_chars index score 1.000" in e for e in top[0].explain)


def test_section_heading_leads_to_its_sentences(qa_kb):
    # "strainer" is in the heading and the first sentence only; the section's other sentence
    # ("Rinse the mesh ...") is found through its passage
    top = qa_kb.ask("How do I clean the strainer?", k=3)
    assert top[0].doc == "pump.md" and top[0].section == "Cleaning the strainer"


def test_a_matching_heading_cites_a_sentence_of_its_section(qa_kb):
    # "Cleaning the strainer" matches the question best, but a bare title answers nothing:
    # the answer cites the section's best sentence
    top = qa_kb.ask("cleaning the strainer", k=3, explain=True)
    assert top[0].section == "Cleaning the strainer"
    assert top[0].text != top[0].section and "strainer" in top[0].text
    assert "section heading matched" in top[0].explain[0]
    doc = qa_kb.lookup("documents")[top[0].doc]["text"]
    assert doc[top[0].start:top[0].end] == top[0].text
    assert all(a.text != a.section for a in top)


def test_definition_question_is_answered_by_the_definition(qa_kb):
    top = qa_kb.ask("What is cavitation?", k=3, explain=True)
    assert top[0].kind == "definition" and "vapour bubbles" in top[0].text
    assert top[0].fact_id in qa_kb.lookup("definitions")
    assert any("definitions index score" in e for e in top[0].explain)


def test_rule_question_returns_a_cited_rule(qa_kb):
    top = qa_kb.ask("What should I do if the pump overheats?", k=4, explain=True)
    assert top[0].kind == "rule" and "stop the motor" in top[0].text
    text = qa_kb.lookup("documents")[top[0].doc]["text"]
    assert text[top[0].start:top[0].end] == top[0].sentence
    assert any("sections index score" in e for e in top[0].explain)
    # the rule is stated in both manuals: both are offered before a second sentence of either
    assert {a.doc for a in top[:2]} == {"pump.md", "plant.md"}


def test_answers_are_ordered_and_at_most_k(qa_kb):
    for q in ["pump", "gloves", "visitors helmet", "zzqx"]:
        ans = qa_kb.ask(q, k=2)
        assert len(ans) <= 2
        assert [a.score for a in ans] == sorted((a.score for a in ans), reverse=True)


def test_a_kb_without_a_sections_index_still_answers(qa_kb, tmp_path):
    import shutil

    import kextract

    old = tmp_path / "old-kb"
    shutil.copytree(qa_kb.path, old, ignore=shutil.ignore_patterns("graph"))
    shutil.rmtree(old / "indexes" / "sections")
    with kextract.load(old) as kb:
        top = kb.ask("What should I do if the pump overheats?", k=3)
    assert len(top) == 3 and "overheats" in top[0].text


# -- similarity -----------------------------------------------------------------------------------

def test_similar_returns_nearest_facts_of_each_kind(qa_kb):
    from kextract.similar import similar

    hits = similar(qa_kb, "the pump is overheating", k=2)
    assert set(hits) == {"sentences", "rules", "examples", "definitions", "relations",
                         "concepts"}
    assert all(len(h) <= 2 for h in hits.values())
    assert "overheats" in hits["rules"][0].text
    assert hits["rules"][0].doc in {"pump.md", "plant.md"}
    with pytest.raises(ValueError):
        similar(qa_kb, "pump", kinds=["nope"])


def test_near_duplicate_rule_across_documents(qa_kb):
    from kextract.similar import near_duplicates

    pairs = near_duplicates(qa_kb, "rules", threshold=0.9)
    assert pairs, "the overheating rule is stated in both manuals"
    p = pairs[0]
    assert {p.first.doc, p.second.doc} == {"pump.md", "plant.md"}
    assert p.score >= 0.9 and "overheats" in p.first.sentence
    # within one document nothing is reported, and a strict threshold keeps only exact copies
    assert all(x.first.doc != x.second.doc for x in pairs)
    assert len(near_duplicates(qa_kb, "sentences", threshold=0.99)) >= 1
    with pytest.raises(ValueError):
        near_duplicates(qa_kb, "concepts")


def test_cli_similar_and_duplicates(qa_kb):
    from kextract.cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["similar", str(qa_kb.path), "wear gloves", "-k", "1", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert "gloves" in data["hits"]["sentences"][0]["text"]
    r = runner.invoke(main, ["similar", str(qa_kb.path), "--duplicates", "rules"])
    assert r.exit_code == 0 and "pump.md" in r.output and "plant.md" in r.output
    r = runner.invoke(main, ["similar", str(qa_kb.path)])
    assert r.exit_code == 2
