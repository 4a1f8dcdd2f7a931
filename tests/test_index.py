"""TfidfIndex: estimator conventions, search contract, pickle-free persistence."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kextract.errors import NotFittedError
from kextract.index import TfidfIndex

TEXTS = [
    "The pump must be stopped if the bearing overheats.",
    "Wash your hands before handling ready-to-eat food.",
    "A globe valve controls the flow of liquid in a pipe.",
    "Check the pump seal every week for leaks.",
    "Cool cooked rice within two hours.",
    "the and of",  # only stop words: still indexed through character n-grams
]
IDS = ["pump-stop", "hands", "valve", "pump-seal", "rice", "stop-words"]


@pytest.fixture
def index() -> TfidfIndex:
    return TfidfIndex().fit(TEXTS, IDS)


def test_fit_returns_self_and_learns_state(index):
    fresh = TfidfIndex()
    assert fresh.fit(TEXTS, IDS) is fresh
    assert len(index) == len(TEXTS)
    assert index.ids_ == IDS


def test_search_ranks_the_relevant_text_first(index):
    hits = index.search("pump overheating bearing", k=3)
    assert hits[0][0] == "pump-stop"
    assert {i for i, _ in hits} <= set(IDS)
    assert index.search("valve flow")[0][0] == "valve"
    # typo-tolerant through character n-grams
    assert index.search("handz washing")[0][0] == "hands"


def test_search_only_returns_positive_scores(index):
    assert index.search("zzzqqq xxyyw", k=5) == []
    assert index.search("", k=5) == []
    assert all(score > 0 for _, score in index.search("pump", k=10))


def test_ids_default_to_positions_and_must_match_texts():
    ix = TfidfIndex().fit(["alpha pump", "beta valve"])
    assert ix.search("valve")[0][0] == "1"
    with pytest.raises(ValueError):
        TfidfIndex().fit(["a", "b"], ["only-one"])


def test_needs_at_least_one_analyser():
    with pytest.raises(ValueError):
        TfidfIndex(word_ngrams=None, char_ngrams=None).fit(TEXTS)


@pytest.mark.parametrize("call", [
    lambda ix, tmp: ix.search("pump"),
    lambda ix, tmp: ix.scores("pump"),
    lambda ix, tmp: len(ix),
    lambda ix, tmp: ix.save(tmp / "never-written"),
], ids=["search", "scores", "len", "save"])
def test_unfitted_index_raises_not_fitted_error(call, tmp_path):
    with pytest.raises(NotFittedError, match=r"^\[E030\] TfidfIndex is not fitted"):
        call(TfidfIndex(), tmp_path)
    assert not (tmp_path / "never-written").exists()


@pytest.mark.parametrize("k", [0, -1, 1.5, "3", None])
def test_k_must_be_a_positive_integer(index, k):
    with pytest.raises(ValueError, match=r"\[E041\]"):
        index.search("pump", k)


def test_k_larger_than_the_collection_is_fine(index):
    assert len(index.search("pump the", k=1000)) <= len(TEXTS)
    assert len(index.search("pump", k=1)) == 1


def test_empty_corpus_searches_to_nothing_and_round_trips(tmp_path):
    ix = TfidfIndex().fit([])
    assert len(ix) == 0
    assert ix.search("anything", k=3) == []
    loaded = TfidfIndex.load(ix.save(tmp_path / "empty"))
    assert len(loaded) == 0 and loaded.search("anything") == []


def test_save_load_round_trip_gives_identical_results(index, tmp_path):
    path = index.save(tmp_path / "ix")
    loaded = TfidfIndex.load(path)
    assert loaded.get_params() == index.get_params()
    assert loaded.ids_ == index.ids_
    for q in ["pump", "hand washing food", "valve", "rice cooling two hours", "nothing xyz",
              "the"]:
        assert loaded.search(q, k=6) == index.search(q, k=6)
        np.testing.assert_array_equal(loaded.scores(q), index.scores(q))


def test_custom_parameters_survive_a_round_trip(tmp_path):
    ix = TfidfIndex(word_ngrams=(1, 1), char_ngrams=None, stop_words=None).fit(TEXTS, IDS)
    loaded = TfidfIndex.load(ix.save(tmp_path / "w"))
    assert loaded.word_ngrams == (1, 1) and loaded.char_ngrams is None
    assert loaded.stop_words is None
    # with stop words kept, a stop-word query now matches the stop-word text
    assert loaded.search("the and of")[0][0] == "stop-words"
    assert loaded.search("valve", k=6) == ix.search("valve", k=6)


def test_saved_index_contains_no_pickles(index, tmp_path):
    path = index.save(tmp_path / "ix")
    files = sorted(p for p in path.rglob("*") if p.is_file())
    assert files, "nothing saved"
    for f in files:
        assert f.suffix in {".json", ".npy", ".npz"}, f.name
        if f.suffix == ".json":
            json.loads(f.read_text(encoding="utf-8"))
        elif f.suffix == ".npy":
            arr = np.load(f, allow_pickle=False)
            assert arr.dtype != object
        else:
            with np.load(f, allow_pickle=False) as npz:  # raises on object arrays
                for name in npz.files:
                    assert npz[name].dtype != object
            sp.load_npz(f)


# -- properties ---------------------------------------------------------------------------

WORDS = ["pump", "valve", "seal", "bearing", "food", "rice", "hands", "cool", "the", "of",
         "must", "check", "leak", "hot", "stop"]
doc_text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(doc_text, min_size=0, max_size=12),
       query=st.one_of(doc_text, st.text(max_size=30)),
       k=st.integers(min_value=1, max_value=15))
def test_search_returns_at_most_k_hits_in_score_order(texts, query, k):
    ix = TfidfIndex().fit(texts)
    hits = ix.search(query, k)
    assert len(hits) <= k
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    ids = [i for i, _ in hits]
    assert len(set(ids)) == len(ids) and set(ids) <= set(ix.ids_)
    # the hits are the best-scoring texts: nothing left out scores higher than the last hit
    if hits:
        all_scores = ix.scores(query)
        left_out = [all_scores[int(i)] for i in ix.ids_ if i not in ids]
        assert all(s <= scores[-1] + 1e-6 for s in left_out)
