"""Tests of the evaluation scorers and readers.

Hand-made cases have their expected scores worked out in the comments. Tests on the shared
benchmark files skip when the folder is absent (set KEXTRACT_BENCHMARKS to point elsewhere).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kextract.evaluation import carb
from kextract.evaluation.carb import Extraction, score_carb, tuple_match
from kextract.evaluation.readers import (
    BratDocument,
    BratRelation,
    BratSpan,
    CondRelation,
    CondSentence,
    FactRecord,
    deft_definition_pairs,
    read_brat_document,
    read_conditional_requirements,
    read_deft,
    read_deft_file,
    read_emanual,
    read_fact_records,
    read_scienceie,
    read_xquad,
    scienceie_hyponym_pairs,
)
from kextract.evaluation.scoring import (
    CharSpan,
    PredictedPair,
    PredictedRule,
    answer_f1,
    definition_pairs_from_records,
    greedy_match,
    mean_answer_f1,
    normalize_tokens,
    overlap_length,
    prf,
    rules_from_records,
    score_conditional_requirements,
    score_deft_sentences,
    score_deft_terms,
    score_facts,
    score_retrieval,
    score_scienceie,
    sentence_spans,
    spans_overlap,
    token_f1,
)

BENCHMARKS = Path(os.environ.get("KEXTRACT_BENCHMARKS")
                  or Path(__file__).resolve().parents[2] / "shared" / "benchmarks")
needs_benchmarks = pytest.mark.skipif(not BENCHMARKS.is_dir(),
                                      reason=f"no shared benchmarks at {BENCHMARKS}")


# ============================================================================================
# Generic helpers
# ============================================================================================


def test_normalize_tokens_lowercases_and_deletes_punctuation():
    assert normalize_tokens("Hello, World! right-to-left “quoted”") == (
        "hello", "world", "righttoleft", "quoted")
    assert normalize_tokens(" , . ") == ()


def test_token_f1_hand_computed():
    # tokens: [the, cat, sat] vs [the, cat]: 2 common, P = 2/3, R = 1 -> F1 = 0.8
    assert token_f1("The cat sat.", "the cat") == pytest.approx(0.8)
    assert token_f1("a a b", "a b b") == pytest.approx(2 / 3)  # bag: common {a:1, b:1}
    assert token_f1("", "") == 1.0
    assert token_f1("", "x") == 0.0
    assert token_f1("dog", "cat") == 0.0


@given(st.text(max_size=40), st.text(max_size=40))
def test_token_f1_is_symmetric_and_bounded(a, b):
    assert token_f1(a, b) == pytest.approx(token_f1(b, a))
    assert 0.0 <= token_f1(a, b) <= 1.0


def test_span_overlap_is_half_open_and_handles_fragments():
    assert not spans_overlap(CharSpan(0, 5), CharSpan(5, 8))        # touching, no shared char
    assert spans_overlap(CharSpan(0, 5), CharSpan(4, 8))
    assert not spans_overlap(CharSpan(3, 3), CharSpan(0, 10))       # empty span
    discontinuous = CharSpan(10, 30, ((10, 20), (25, 30)))
    assert not spans_overlap(discontinuous, CharSpan(21, 24))        # falls in the gap
    assert spans_overlap(discontinuous, CharSpan(22, 26))
    assert overlap_length(discontinuous, CharSpan(15, 28)) == 5 + 3


def test_prf_counts_and_zero_denominators():
    r = prf(1, 2, 1, 4)                         # P 1/2, R 1/4, F1 = 2*.5*.25/.75 = 1/3
    assert (r.precision, r.recall) == (0.5, 0.25)
    assert r.f1 == pytest.approx(1 / 3)
    assert prf(0, 0, 0, 0).f1 == 1.0            # nothing to find, nothing claimed
    empty = prf(0, 0, 0, 5)                     # silent system on a set with gold
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert prf(0, 3, 0, 0).precision == 0.0
    with pytest.raises(ValueError):
        prf(3, 2, 0, 0)


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.floats(0, 1)), max_size=30))
def test_greedy_match_is_one_to_one(cands):
    matches = greedy_match(cands)
    assert len({p for p, _, _ in matches}) == len(matches)
    assert len({g for _, g, _ in matches}) == len(matches)


# ============================================================================================
# CaRB
# ============================================================================================


def test_tuple_match_token_counts():
    gold = Extraction("made", ("President Bush", "an offer"))
    pred = Extraction("made", ("Bush", "an offer on wages"))
    # relation 1/1; arg1 gold [President, Bush] pred [Bush] -> 1; arg2 gold [an, offer] in
    # pred [an, offer, on, wages] -> 2.  P = (1+1+2)/(1+1+4), R = (1+1+2)/(1+2+2)
    p, r = tuple_match(gold, pred)
    assert p == pytest.approx(4 / 6)
    assert r == pytest.approx(4 / 5)


def test_tuple_match_rejections_and_leniency():
    gold = Extraction("made", ("Bush", "offer"))
    assert tuple_match(gold, Extraction("gave", ("Bush", "offer"))) == (0.0, 0.0)   # relation
    assert tuple_match(gold, Extraction("made", ("Bush",))) == (0.0, 0.0)           # no arg2
    # case-sensitive: "bush" misses "Bush" but only that slot scores 0: P = R = 2/3
    p, r = tuple_match(gold, Extraction("made", ("bush", "offer")))
    assert (p, r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    # predicted "be" matches a form of be in the gold relation
    assert tuple_match(Extraction("is", ("Bush", "President")),
                       Extraction("be", ("Bush", "President"))) == (1.0, 1.0)


def test_tuple_match_binarizes_and_swaps_said_arguments():
    gold = Extraction("met", ("Ann", "Bob", "in Paris"))
    assert tuple_match(gold, Extraction("met", ("Ann", "Bob in Paris"))) == (1.0, 1.0)
    said = Extraction("said", ("Mr. Mills", "profits are up"))
    assert tuple_match(said, Extraction("said", ("profits are up", "Mr. Mills"))) == (1.0, 1.0)
    # without a said-type relation there is no swap: both arguments miss
    plain = Extraction("saw", ("Mr. Mills", "profits are up"))
    assert tuple_match(plain, Extraction("saw", ("profits are up", "Mr. Mills")))[1] < 0.5


def test_carb_perfect_and_empty():
    gold = {"Ann met Bob .": (Extraction("met", ("Ann", "Bob")),),
            "Bob saw Cy .": (Extraction("saw", ("Bob", "Cy")),)}
    perfect = score_carb(gold, {s: tuple(Extraction(e.relation, e.args, 0.8) for e in v)
                                for s, v in gold.items()})
    assert (perfect.f1, perfect.precision, perfect.recall) == (1.0, 1.0, 1.0)
    assert perfect.auc == pytest.approx(1.0)      # points (1, 1) and (0, 1)
    empty = score_carb(gold, {})
    assert (empty.f1, empty.auc, empty.threshold) == (0.0, 0.0, None)


def test_carb_sweep_by_hand():
    gold = {"Ann met Bob .": (Extraction("met", ("Ann", "Bob")),),
            "Bob saw Cy .": (Extraction("saw", ("Bob", "Cy")),)}
    pred = {"Ann met Bob .": (Extraction("met", ("Ann", "Bob"), 0.9),),
            "Bob saw Cy .": (Extraction("ate", ("Cy", "Bob"), 0.5),),
            "Not in gold .": (Extraction("is", ("it", "ignored"), 0.7),)}
    result = score_carb(gold, pred)
    # thresholds 0.5, 0.7, 0.9.  >= 0.5: P = (1+0)/2, R = 1/2.  >= 0.7 and 0.9: only the
    # correct tuple is kept, P = 1, R = 1/2, F1 = 2/3 (best, first reached at 0.7).
    assert [round(p.precision, 3) for p in result.curve] == [0.5, 1.0, 1.0]
    assert [p.recall for p in result.curve] == [0.5, 0.5, 0.5]
    assert result.f1 == pytest.approx(2 / 3)
    assert result.threshold == 0.7
    # AUC over recall: points (0, 1) and (0.5, last precision 1.0) -> 0.5
    assert result.auc == pytest.approx(0.5)
    assert result.n_ignored_sentences == 1


def test_carb_duplicates_cost_precision_not_recall():
    gold = {"Ann met Bob .": (Extraction("met", ("Ann", "Bob")),)}
    dup = Extraction("met", ("Ann", "Bob"), 1.0)
    result = score_carb(gold, {"Ann met Bob .": (dup, dup)})
    # one gold tuple: one precision pick (1.0) over 2 kept tuples; recall stays 1
    assert (result.precision, result.recall) == (0.5, 1.0)
    assert result.f1 == pytest.approx(2 / 3)


def test_sentence_keys_ignore_spacing_escapes_and_punctuation():
    assert carb.normalize_sentence_key("He left -LRB- early -RRB- .") == \
        carb.normalize_sentence_key("He left (early).")


def test_carb_readers_on_small_files(tmp_path):
    oie = tmp_path / "oie5.txt"
    sent = "This finding indicated that organic compounds could carry current ."
    oie.write_text(
        "0.72\tContext(This finding indicated,List([0, 22)))\t"
        "SimpleArgument(organic compounds,List([28, 45)))\tRelation(could carry,List([46, 57)))\t"
        f"SimpleArgument(current,List([58, 65))); TemporalArgument(now,List([0, 1)))\t{sent}\n"
        f"0.5\t\tSimpleArgument(x,List([0, 1)))\tRelation(is,List([0, 1)))\t\t{sent}\n",
        encoding="utf-8")
    got = carb.read_openie5(oie)
    assert got == {sent: (Extraction("could carry", (
        "This finding indicated organic compounds", "current", "now"), 0.72),)}
    tab = tmp_path / "t.tsv"
    tab.write_text("A b c .\t1.0\tb\tA\tc\n", encoding="utf-8")
    assert carb.read_tabbed(tab) == {"A b c .": (Extraction("b", ("A", "c"), 1.0),)}
    gold = tmp_path / "gold.tsv"
    gold.write_text("A said b .\tsaid\tA\tb\tC: someone said\nA b .\tb\tA\t\n", encoding="utf-8")
    assert carb.read_carb_gold(gold) == {"A said b .": (Extraction("said", ("A", "b")),),
                                         "A b .": (Extraction("b", ("A",)),)}


def _relation(doc, sentence, subj, pred, obj, extra=(), conf=0.6):
    def span(text):
        start = sentence.index(text)
        return {"text": text, "start": start, "end": start + len(text)}
    return {"kind": "relation", "doc": doc, "sentence": sentence, "sentence_start": 0,
            "sentence_end": len(sentence), "extractor": "kextract.semantic.v1", "pattern": "svo",
            "confidence": conf, "subject": span(subj), "predicate": span(pred),
            "object": span(obj) if obj else None, "extra_args": [span(e) for e in extra],
            "negated": False, "modality": "none"}


def test_kextract_jsonl_as_carb_extractions(tmp_path):
    line = "Ann met Bob in Paris . Then she left ."
    path = tmp_path / "out.jsonl"
    records = [_relation("1", "Ann met Bob in Paris .", "Ann", "met", "Bob", ["in Paris"]),
               _relation("1", "Then she left .", "she", "left", None, conf=0.4),
               {"kind": "entity", "doc": "1", "span": {"text": "Ann", "start": 0, "end": 3},
                "label": "PERSON"}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    by_sentence = carb.read_kextract_jsonl(path)
    assert by_sentence["Ann met Bob in Paris ."] == (
        Extraction("met", ("Ann", "Bob", "in Paris"), 0.6),)
    assert by_sentence["Then she left ."] == (Extraction("left", ("she",), 0.4),)
    by_line = carb.read_kextract_jsonl(path, lines=[line])
    assert list(by_line) == [line] and len(by_line[line]) == 2


@needs_benchmarks
def test_carb_calibration_matches_official_scorer():
    rows = carb.calibrate(BENCHMARKS)
    assert {r.system for r in rows} == {"openie5", "textacy"}
    for row in rows:
        assert row.within(0.01), row


# ============================================================================================
# conditional_requirements
# ============================================================================================

COND_GOLD = (
    CondSentence(0, "If the user presses the button, the system shall beep because the battery is low.", (
        CondRelation("If", "conditional", ("the user presses the button",), ("the system shall beep",)),
        CondRelation("because", "causal", ("the battery is low",), ("the light blinks",)),
    )),
    CondSentence(1, "When the file is missing, an error is shown.", (
        CondRelation("When", "conditional", ("the file is missing",), ("an error is shown",)),
    )),
)
RIGHT0 = PredictedRule(("the user presses the button",), "the system shall beep")
RIGHT1 = PredictedRule(("the file is missing",), "an error is shown.")
CAUSAL0 = PredictedRule(("The battery is low",), "the light blinks")


def test_conditional_perfect_and_empty():
    perfect = score_conditional_requirements(COND_GOLD, {0: [RIGHT0], 1: [RIGHT1]})
    assert (perfect.rules.precision, perfect.rules.recall, perfect.rules.f1) == (1.0, 1.0, 1.0)
    assert perfect.mean_condition_f1 == perfect.mean_consequence_f1 == 1.0
    empty = score_conditional_requirements(COND_GOLD, {})
    assert (empty.rules.precision, empty.rules.recall, empty.rules.f1) == (0.0, 0.0, 0.0)
    assert empty.rules.n_gold == 2                  # the causal relation is not gold


def test_conditional_half_right_duplicates_and_near_duplicates():
    wrong = PredictedRule(("it rains",), "the sky is grey")
    half = score_conditional_requirements(COND_GOLD, {0: [RIGHT0], 1: [wrong]})
    assert (half.rules.precision, half.rules.recall) == (0.5, 0.5)
    dup = score_conditional_requirements(COND_GOLD, {0: [RIGHT0, RIGHT0]})
    assert (dup.rules.tp_pred, dup.rules.n_pred, dup.n_duplicates) == (1, 1, 1)
    assert (dup.rules.precision, dup.rules.recall) == (1.0, 0.5)
    # a second, different rule hitting the same gold rule is not a second TP
    near = PredictedRule(("the user presses the red button",), "the system shall beep")
    both = score_conditional_requirements(COND_GOLD, {0: [RIGHT0, near]})
    assert (both.rules.tp_pred, both.rules.n_pred) == (1, 2)


def test_conditional_causal_matches_are_neither_tp_nor_fp():
    only_causal = score_conditional_requirements(COND_GOLD, {0: [CAUSAL0]})
    assert only_causal.n_excluded_causal == 1
    assert (only_causal.rules.n_pred, only_causal.rules.tp_pred) == (0, 0)
    with_right = score_conditional_requirements(COND_GOLD, {0: [RIGHT0, CAUSAL0]})
    assert (with_right.rules.precision, with_right.rules.recall) == (1.0, 0.5)


def test_conditional_unconditioned_rules_are_not_scored_and_threshold_applies():
    bare = score_conditional_requirements(COND_GOLD, {0: [PredictedRule((), "the system shall beep")]})
    assert (bare.n_unscored, bare.rules.n_pred) == (1, 0)
    # [user, presses, button] vs [the, user, presses, the, button]: P 1, R 3/5 -> F1 0.75
    partial = score_conditional_requirements(
        COND_GOLD, {0: [PredictedRule(("user presses button",), "the system shall beep")]})
    assert partial.rules.tp_pred == 1
    assert partial.mean_condition_f1 == pytest.approx(0.75)
    # [button] alone: F1 = 2 * 1 * 0.2 / 1.2 = 0.333 < 0.5 -> false positive
    miss = score_conditional_requirements(
        COND_GOLD, {0: [PredictedRule(("button",), "the system shall beep")]})
    assert (miss.rules.tp_pred, miss.rules.n_pred) == (0, 1)


def test_conditional_multi_part_conditions_are_joined():
    gold = (CondSentence(0, "s", (CondRelation("if", "conditional", ("a is set", "b is set"),
                                                ("c runs",)),)),)
    got = score_conditional_requirements(gold, {0: [PredictedRule(("a is set", "b is set"), "c runs")]})
    assert got.rules.f1 == 1.0


def test_rules_from_records_maps_line_numbers(tmp_path):
    line = "If it rains, the road is wet."
    rec = {"kind": "rule", "doc": "2", "sentence": line, "confidence": 0.7,
           "conditions": [{"text": "it rains", "start": 3, "end": 11}], "exceptions": [],
           "consequence": {"text": "the road is wet", "start": 13, "end": 28}, "actor": None,
           "modality": "none", "negated": False}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(rec) + "\n\n", encoding="utf-8")
    assert rules_from_records(read_fact_records(path)) == {
        1: (PredictedRule(("it rains",), "the road is wet"),)}


# ============================================================================================
# scienceie
# ============================================================================================

SCI_TEXT = "Materials such as steel and copper are metals. Gold is a precious metal."


def _sci_doc() -> BratDocument:
    def t(tid, text):
        start = SCI_TEXT.index(text)
        return BratSpan(tid, "Material", ((start, start + len(text)),), text)
    spans = (t("T1", "Materials"), t("T2", "steel"), t("T3", "copper"), t("T4", "metals"),
             t("T5", "Gold"), t("T6", "precious metal"))
    rels = (BratRelation("R1", "Hyponym-of", "T2", "T1"), BratRelation("R2", "Hyponym-of", "T3", "T1"),
            BratRelation("R3", "Hyponym-of", "T5", "T6"))
    return BratDocument("doc", SCI_TEXT, spans, rels)


def _cs(text: str) -> CharSpan:
    start = SCI_TEXT.index(text)
    return CharSpan(start, start + len(text))


def test_scienceie_scoring_by_hand():
    doc = _sci_doc()
    steel = PredictedPair(_cs("steel"), _cs("Materials"))
    copper = PredictedPair(_cs("copper"), _cs("Materials"))
    wrong = PredictedPair(_cs("Gold"), _cs("Materials"))          # both keyphrases, no gold pair
    unscored = PredictedPair(_cs("steel"), _cs("are"))             # "are" is no keyphrase
    got = score_scienceie([doc], {"doc": [steel, steel, copper, wrong, unscored]})
    # scored: steel, copper, wrong (duplicate collapsed, unscored dropped); TP 2 of 3 gold
    assert (got.pairs.tp_pred, got.pairs.n_pred, got.pairs.n_gold) == (2, 3, 3)
    assert (got.n_duplicates, got.n_unscored) == (1, 1)
    assert got.pairs.precision == pytest.approx(2 / 3)
    # cue recall: R1 and R2 sit in the "such as" sentence, R3 does not
    assert (got.n_cue_gold, got.n_cue_matched, got.cue_recall) == (2, 2, 1.0)
    perfect = score_scienceie([doc], {"doc": [steel, copper, PredictedPair(_cs("Gold"), _cs("precious metal"))]})
    assert perfect.pairs.f1 == 1.0
    empty = score_scienceie([doc], {})
    assert (empty.pairs.f1, empty.cue_recall) == (0.0, 0.0)


def test_scienceie_partial_overlap_counts():
    doc = _sci_doc()
    start = SCI_TEXT.index("precious metal")
    pair = PredictedPair(_cs("Gold"), CharSpan(start + 9, start + 14))   # "metal" only
    assert score_scienceie([doc], {"doc": [pair]}).pairs.tp_pred == 1


def test_sentence_splitter_keeps_abbreviations():
    text = "See e.g. Refs. 1 and 2. Next one?  Yes!"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "See e.g. Refs. 1 and 2.", "Next one?", "Yes!"]


def test_brat_reader_discontinuous_spans_and_ignored_lines(tmp_path):
    (tmp_path / "d.txt").write_text("alpha beta gamma delta", encoding="utf-8")
    (tmp_path / "d.ann").write_text(
        "T1\tMaterial 0 5;11 16\talpha gamma\n"
        "T2\tProcess 17 22\tdelta\n"
        "R1\tHyponym-of Arg1:T1 Arg2:T2\t\n"
        "*\tSynonym-of T1 T2\n", encoding="utf-8")
    doc = read_brat_document(tmp_path / "d.txt")
    t1 = doc.span("T1")
    assert t1.fragments == ((0, 5), (11, 16)) and (t1.start, t1.end) == (0, 16)
    assert [r.label for r in doc.relations] == ["Hyponym-of"]
    hypo, hyper = scienceie_hyponym_pairs(doc)[0]
    assert (hypo.id, hyper.id) == ("T1", "T2")
    # a prediction on "beta" only touches the gap of the discontinuous hyponym: not a match
    gap = PredictedPair(CharSpan(6, 10), CharSpan(17, 22))
    hit = PredictedPair(CharSpan(11, 16), CharSpan(17, 22))
    assert score_scienceie([doc], {"d": [gap]}).pairs.tp_pred == 0
    assert score_scienceie([doc], {"d": [gap]}).n_unscored == 1
    assert score_scienceie([doc], {"d": [hit]}).pairs.tp_pred == 1


# ============================================================================================
# DEFT
# ============================================================================================


def _deft_rows(rows):
    out = []
    for row in rows:
        if row is None:
            out.append("")
            continue
        tok, start, end, tag, tid, root, rel = row
        out.append(f"{tok}\t data/x.deft\t {start}\t {end}\t {tag}\t {tid}\t {root}\t {rel}")
    return "\n".join(out) + "\n"


DEFT_SAMPLE = _deft_rows([
    ("A", 0, 1, "B-Term", "T1", "0", "0"),
    ("cat", 2, 5, "I-Term", "T1", "0", "0"),
    ("is", 6, 8, "O", "-1", "-1", "0"),
    ("a", 9, 10, "B-Definition", "T2", "T1", "Direct-Defines"),
    ("pet", 11, 14, "I-Definition", "T2", "T1", "Direct-Defines"),
    (".", 14, 15, "O", "-1", "-1", "0"),
    None,
    ("It", 16, 18, "O", "-1", "-1", "0"),
    ("purrs", 19, 24, "O", "-1", "-1", "0"),
    (".", 24, 25, "O", "-1", "-1", "0"),
    None, None,
    # the same sentence again (chunk overlap) with an extra annotation
    ("It", 16, 18, "B-Term", "T3", "0", "0"),
    ("purrs", 19, 24, "B-Definition", "T4", "T3", "Direct-Defines"),
    (".", 24, 25, "O", "-1", "-1", "0"),
    None,
])


def test_deft_reader_rebuilds_text_and_merges_repeated_sentences(tmp_path):
    path = tmp_path / "x.deft"
    path.write_text(DEFT_SAMPLE, encoding="utf-8")
    doc = read_deft_file(path)
    assert doc.text == "A cat is a pet.\nIt purrs."
    assert [s.text for s in doc.sentences] == ["A cat is a pet.", "It purrs."]
    assert [s.has_definition for s in doc.sentences] == [True, True]   # union of the copies
    pairs = deft_definition_pairs(doc)
    assert [(p.term.text, p.definition.text) for p in pairs] == [("A cat", "a pet"), ("It", "purrs")]


def test_deft_scoring_by_hand(tmp_path):
    (tmp_path / "x.deft").write_text(DEFT_SAMPLE, encoding="utf-8")
    (tmp_path / "y.deft").write_text(_deft_rows([("Hi", 0, 2, "O", "-1", "-1", "0"),
                                                 (".", 2, 3, "O", "-1", "-1", "0")]), encoding="utf-8")
    docs = read_deft(tmp_path)
    assert [d.name for d in docs] == ["x.deft", "y.deft"]
    # gold positives: x#0, x#1. fired: x#0, y#0 -> P 1/2, R 1/2
    sent = score_deft_sentences(docs, {("x.deft", 0), ("y.deft", 0)})
    assert (sent.precision, sent.recall) == (0.5, 0.5)
    with pytest.raises(ValueError):
        score_deft_sentences(docs, {("x.deft", 9)})
    x = docs[0]
    cat = CharSpan(x.text.index("cat"), x.text.index("cat") + 3)
    pet = CharSpan(x.text.index("pet"), x.text.index("pet") + 3)
    terms = score_deft_terms(docs, {"x.deft": [(cat, pet), (cat, pet), (pet, cat)]})
    # duplicate collapsed; (pet, cat) has the spans swapped -> FP. TP 1 of 2 gold pairs.
    assert (terms.pairs.tp_pred, terms.pairs.n_pred, terms.pairs.n_gold) == (1, 2, 2)
    assert terms.n_duplicates == 1


def test_definition_records_map_onto_deft_sentences(tmp_path):
    (tmp_path / "x.deft").write_text(DEFT_SAMPLE, encoding="utf-8")
    docs = read_deft(tmp_path)
    rec = FactRecord.from_json({"kind": "definition", "doc": "2", "sentence": "It purrs.",
                                "term": {"text": "It", "start": 0, "end": 2},
                                "definition": {"text": "purrs", "start": 3, "end": 8},
                                "genus": None, "aliases": []})
    fired, pairs = definition_pairs_from_records([rec], docs)
    assert fired == {("x.deft", 1)}
    (term, definition), = pairs["x.deft"]
    assert docs[0].text[term.start:term.end] == "It"
    assert docs[0].text[definition.start:definition.end] == "purrs"
    assert score_deft_terms(docs, pairs).pairs.tp_pred == 1


# ============================================================================================
# QA
# ============================================================================================


def test_retrieval_scores_by_hand():
    gold = {"q1": {"a"}, "q2": {"b"}, "q3": {"c"}, "q4": {"d", "d2"}}
    ranked = {"q1": ["a", "x"], "q2": ["x", "y", "b"], "q3": ["x"], "q4": ["d2"]}
    # ranks 1, 3, none, 1 -> R@1 2/4, R@5 3/4, MRR (1 + 1/3 + 0 + 1) / 4
    got = score_retrieval(ranked, gold)
    assert (got.recall_at_1, got.recall_at_5) == (0.5, 0.75)
    assert got.mrr == pytest.approx((1 + 1 / 3 + 1) / 4)
    silent = score_retrieval({}, gold)
    assert (silent.mrr, silent.n_unanswered) == (0.0, 4)
    with pytest.raises(ValueError):
        score_retrieval({"q9": ["a"]}, gold)


def test_answer_f1():
    # [the, 308, points] vs [308]: P 1/3, R 1 -> F1 0.5; best of several gold answers
    assert answer_f1("the 308 points", ["308", "nothing"]) == pytest.approx(0.5)
    assert mean_answer_f1({"q1": "308"}, {"q1": ["308"], "q2": ["x"]}) == pytest.approx(0.5)


# ============================================================================================
# kextract gold facts
# ============================================================================================

FACT_TEXT = "An API is an interface. Ann met Bob."


def _fact(kind, **slots):
    data = {"kind": kind, "doc": "d1", "sentence": "", "confidence": 1.0}
    for name, value in slots.items():
        if value is None:
            data[name] = None
        elif isinstance(value, list):
            data[name] = [_tspan(v) for v in value]
        else:
            data[name] = _tspan(value)
    return FactRecord.from_json(data)


def _tspan(value):
    if isinstance(value, tuple):
        text, start = value
    else:
        text, start = value, FACT_TEXT.index(value)
    return {"text": text, "start": start, "end": start + len(text)}


def test_fact_scorer_exact_partial_and_error_lists():
    gold = [_fact("definition", term="API", definition="an interface"),
            _fact("relation", subject="Ann", predicate="met", object="Bob"),
            _fact("example", concept="interface", instances=["API"])]
    pred_def = _fact("definition", term="API", definition="an interface")
    pred_rel = _fact("relation", subject="Ann", predicate="met", object="Bob.")   # end differs
    pred_rule = _fact("rule", conditions=["Ann met Bob"], consequence="An API")
    got = score_facts(gold, [pred_def, pred_def, pred_rel, pred_rule])
    assert got.n_duplicates == 1
    d, r = got.kind("definition"), got.kind("relation")
    assert d.exact.prf.f1 == 1.0 and d.partial.prf.f1 == 1.0
    assert r.exact.prf.tp_pred == 0 and r.partial.prf.tp_pred == 1   # "Bob." ~ "Bob"
    assert r.exact.false_positives == (pred_rel,) and r.exact.false_negatives == (gold[1],)
    rule, example = got.kind("rule"), got.kind("example")
    assert rule.partial.false_positives == (pred_rule,) and rule.partial.prf.precision == 0.0
    assert example.partial.false_negatives == (gold[2],)
    # micro: exact TP 1 of 3 predictions and 3 gold; partial TP 2
    assert (got.exact.tp_pred, got.exact.n_pred, got.exact.n_gold) == (1, 3, 3)
    assert got.partial.tp_pred == 2


def test_fact_scorer_requires_same_document_and_all_slots():
    gold = [_fact("relation", subject="Ann", predicate="met", object="Bob")]
    other_doc = FactRecord.from_json({"kind": "relation", "doc": "d2", "subject": _tspan("Ann"),
                                      "predicate": _tspan("met"), "object": _tspan("Bob")})
    no_object = _fact("relation", subject="Ann", predicate="met", object=None)
    got = score_facts(gold, [other_doc, no_object])
    assert got.kind("relation").partial.prf.tp_pred == 0


# ============================================================================================
# Readers on the real shared files (counts observed on the dev splits)
# ============================================================================================


@needs_benchmarks
def test_carb_files_counts():
    gold = carb.read_carb_gold(BENCHMARKS / "carb" / "gold.tsv")
    assert len(gold) == 638 and sum(map(len, gold.values())) == 2548
    oie = carb.read_openie5(BENCHMARKS / "carb" / "calibration" / "openie5_dev_output.txt")
    assert (len(oie), sum(map(len, oie.values()))) == (556, 1579)
    tab = carb.read_tabbed(BENCHMARKS / "carb" / "calibration" / "textacy_dev_tabbed.tsv")
    assert (len(tab), sum(map(len, tab.values()))) == (385, 540)


@needs_benchmarks
def test_conditional_requirements_counts():
    gold = read_conditional_requirements(BENCHMARKS / "conditional_requirements" / "gold.jsonl")
    kinds = [r.kind for s in gold for r in s.relations]
    assert (len(gold), kinds.count("conditional"), kinds.count("causal")) == (828, 725, 101)
    perfect = {s.index: [PredictedRule(r.condition, " ".join(r.consequence)) for r in s.relations]
               for s in gold}
    got = score_conditional_requirements(gold, perfect)
    assert got.rules.f1 == 1.0 and got.n_excluded_causal == 101


@needs_benchmarks
def test_scienceie_counts():
    docs = read_scienceie(BENCHMARKS / "scienceie")
    assert len(docs) == 50
    assert sum(len(d.spans) for d in docs) == 1162
    assert sum(len(scienceie_hyponym_pairs(d)) for d in docs) == 123
    for d in docs:                                   # offsets agree with the annotated text
        for s in d.spans:
            assert " ".join(d.text[a:b] for a, b in s.fragments) == s.text
    got = score_scienceie(docs, {})
    assert got.n_cue_gold == 24


@needs_benchmarks
def test_deft_counts():
    docs = read_deft(BENCHMARKS / "deft" / "dev")
    sentences = [s for d in docs for s in d.sentences]
    pairs = [p for d in docs for p in deft_definition_pairs(d)]
    assert (len(docs), len(sentences)) == (68, 1166)          # 1179 rows, 13 repeats merged
    assert sum(s.has_definition for s in sentences) == 276
    assert len(pairs) == 292
    assert sum(p.label == "Indirect-Defines" for p in pairs) == 3
    for d in docs:
        for s in d.sentences:
            assert d.text[s.start:s.end] == s.text


@needs_benchmarks
def test_xquad_counts():
    data = read_xquad(BENCHMARKS / "xquad_en" / "xquad.en.json")
    assert (len(data.documents), len(data.questions)) == (240, 1190)
    ids = {d.id for d in data.documents}
    assert all(q.gold_doc in ids and q.answers for q in data.questions)


@needs_benchmarks
def test_emanual_counts_and_section_resolution():
    data = read_emanual(BENCHMARKS / "emanual_tv")
    assert (len(data.documents), len(data.questions)) == (261, 50)
    by_id = {q.id: q for q in data.questions}
    assert sum(q.note == "title" for q in data.questions) == 39
    assert by_id["585"].gold_doc == "section_28"     # heading inside a same-titled section
    assert by_id["219"].gold_doc == "section_89"     # "Smart Feature" typo in the path
    assert by_id["588"].gold_doc == "section_32"     # title truncated in the manual
    assert by_id["288"].gold_doc == "section_256"    # repeated title, resolved by the path
    assert by_id["8"].gold_docs == frozenset({"section_8", "section_95"})   # copied section
