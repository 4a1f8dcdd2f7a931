"""Extractors on real parses of short texts (session-scoped pipeline)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kextract.corpus import assemble, text_blocks
from kextract.extractors import examples, extract_all, rules, semantic
from kextract.model import FACT_KINDS
from kextract.nlp import make_doc


def parse(nlp, text):
    d = assemble("t", text_blocks(text), source="-", fmt="txt")
    return nlp(make_doc(nlp, d))


def one_rule(nlp, text):
    out = list(rules.extract(parse(nlp, text), "t"))
    assert len(out) == 1, [r.to_json() for r in out]
    return out[0]


# -- rules ------------------------------------------------------------------------------

def test_rule_condition_exception_actor_modality(nlp):
    r = one_rule(nlp, "If the pump overheats, the operator must shut it down unless the "
                      "bypass is open.")
    assert [c.text for c in r.conditions] == ["the pump overheats"]
    assert [e.text for e in r.exceptions] == ["the bypass is open"]
    assert r.consequence.text == "the operator must shut it down"
    assert r.actor.text == "the operator"
    assert r.modality == "obligation" and not r.negated


def test_rule_consequent_first_imperative(nlp):
    r = one_rule(nlp, "Close valve V2 if the pressure exceeds 3 bar.")
    assert [c.text for c in r.conditions] == ["the pressure exceeds 3 bar"]
    assert r.consequence.text == "Close valve V2"
    assert r.modality == "obligation" and r.actor is None


@pytest.mark.parametrize("text", [
    "Never open the cover while the unit is running.",
    "Do not open the cover while the unit is running.",
])
def test_rule_negative_imperative_is_prohibition(nlp, text):
    r = one_rule(nlp, text)
    assert r.modality == "prohibition"
    assert [c.text for c in r.conditions] == ["the unit is running"]


def test_rule_prepositional_conditions(nlp):
    r = one_rule(nlp, "In case of fire, evacuate the building immediately.")
    assert [c.text for c in r.conditions] == ["fire"]
    assert r.consequence.text == "evacuate the building immediately"
    r = one_rule(nlp, "During defrosting, the compressor shall remain off.")
    assert [c.text for c in r.conditions] == ["defrosting"]
    assert r.modality == "obligation"


def test_rule_only_when_is_necessary_permission(nlp):
    r = one_rule(nlp, "Welding is permitted only when a fire watch is present.")
    assert r.modality == "permission" and r.necessary
    assert [c.text for c in r.conditions] == ["a fire watch is present"]


def test_rule_unconditional_deontic(nlp):
    r = one_rule(nlp, "Operators must not enter the cage.")
    assert r.conditions == () and r.modality == "prohibition" and r.negated
    assert r.actor.text == "Operators"
    r = one_rule(nlp, "Smoking is prohibited in the warehouse.")
    assert r.modality == "prohibition"
    r = one_rule(nlp, "You should label all containers.")
    assert r.modality == "recommendation"


def test_rule_can_ability_is_not_a_rule(nlp):
    assert list(rules.extract(parse(nlp, "The pump can run dry for 30 seconds."), "t")) == []


def test_rule_plain_conditional_fact(nlp):
    r = one_rule(nlp, "When water freezes, it expands.")
    assert r.modality == "none" and [c.text for c in r.conditions] == ["water freezes"]


def test_rule_lead_in_list_becomes_one_rule(nlp):
    r = one_rule(nlp, "If the alarm sounds:\n\n- stop the line\n\n- call the supervisor")
    assert [c.text for c in r.conditions] == ["the alarm sounds"]
    assert [a.text for a in r.actions] == ["stop the line", "call the supervisor"]
    assert r.modality == "obligation"


def test_question_is_not_a_rule(nlp):
    assert list(rules.extract(parse(nlp, "What should I do if the pump overheats?"), "t")) == []


# -- examples ---------------------------------------------------------------------------

def examples_of(nlp, text):
    return [(e.concept.text, [i.text for i in e.instances], e.cue)
            for e in examples.extract(parse(nlp, text), "t")]


@pytest.mark.parametrize("text,expected", [
    ("Pathogens such as Salmonella and Listeria cause illness.",
     ("Pathogens", ["Salmonella", "Listeria"], "such as")),
    ("Use a food-grade sanitizer, for example a chlorine solution or a quaternary ammonium "
     "compound.", ("food-grade sanitizer", ["chlorine solution",
                                             "quaternary ammonium compound"], "for example")),
    ("Pumps, compressors and other rotating machinery need guards.",
     ("rotating machinery", ["Pumps", "compressors"], "and other")),
    ("A centrifugal pump is a kind of dynamic pump.",
     ("dynamic pump", ["centrifugal pump"], "kind of")),
    ("Common sensors, including thermocouples and RTDs, measure temperature.",
     ("sensors", ["thermocouples", "RTDs"], "including")),
    ("Such hazards as slips, trips and falls are common.",
     ("hazards", ["slips", "trips", "falls"], "such ... as")),
    ("Fruits like apples and pears are high in fiber.", ("Fruits", ["apples", "pears"], "like")),
])
def test_example_patterns(nlp, text, expected):
    assert expected in examples_of(nlp, text)


def test_like_as_verb_is_not_an_example(nlp):
    assert examples_of(nlp, "Most cooks like sharp knives.") == []


def test_worked_example_links_to_heading(nlp):
    got = examples_of(nlp, "Cooling\n\nFor example, a 10 litre pot of soup must be cooled "
                           "within two hours.")
    assert got == [("Cooling", ["a 10 litre pot of soup must be cooled within two hours"],
                    "for example")]


# -- semantic ---------------------------------------------------------------------------

def facts(nlp, text, kind):
    return [f for f in semantic.extract(parse(nlp, text), "t") if f.kind == kind]


def test_copular_definition_and_acronym(nlp):
    defs = facts(nlp, "A residual current device (RCD) is a safety device that cuts power "
                      "when it detects a leak.", "definition")
    by_pattern = {d.provenance.pattern: d for d in defs}
    assert by_pattern["acronym"].term.text == "RCD"
    assert by_pattern["acronym"].definition.text == "residual current device"
    cop = by_pattern["copula"]
    assert cop.term.text == "residual current device"
    assert cop.definition.text.startswith("a safety device that cuts power")
    assert cop.genus.text == "safety device"


@pytest.mark.parametrize("text,term,definition", [
    ("Cavitation refers to the formation of vapour bubbles in a liquid.", "Cavitation",
     "the formation of vapour bubbles in a liquid"),
    ("The danger zone is defined as the temperature range between 5 °C and 60 °C.",
     "danger zone", "the temperature range between 5 °C and 60 °C"),
    ("This process is known as pasteurisation.", "pasteurisation", "This process"),
])
def test_verbal_definitions(nlp, text, term, definition):
    got = [(d.term.text, d.definition.text) for d in facts(nlp, text, "definition")]
    assert (term, definition) in got


def test_negated_copula_is_not_a_definition(nlp):
    assert facts(nlp, "A fuse is not a residual current device.", "definition") == []


def rel_texts(nlp, text):
    return [(r.subject.text, r.predicate.text, r.object.text if r.object else None,
             [a.text for a in r.extra_args], r.negated, r.modality)
            for r in facts(nlp, text, "relation")]


def test_relation_prepositional_object_and_passive(nlp):
    assert ("Barack Obama", "was born in", "Hawaii", [], False, "none") in rel_texts(
        nlp, "Barack Obama was born in Hawaii.")
    assert ("She", "walked to", "the store", [], False, "none") in rel_texts(
        nlp, "She walked to the store.")


def test_relation_conjoined_verbs_share_subject(nlp):
    got = rel_texts(nlp, "He served as the first Prime Minister of Australia and became a "
                         "founding justice of the High Court.")
    preds = {(s, p) for s, p, *_ in got}
    assert {("He", "served as"), ("He", "became")} <= preds


def test_relation_negation_modality_and_relative_clause(nlp):
    got = rel_texts(nlp, "The operator must not restart the pump.")
    assert ("The operator", "must not restart", "the pump", [], True, "prohibition") in got
    got = rel_texts(nlp, "Mr. Baker found an opening under the house that led to a coal mine.")
    assert any(p == "led to" and s != "that" for s, p, *_ in got)


def test_concept_keys_are_normalised(nlp):
    keys = {c.key for c in facts(nlp, "The pumps are noisy. A pump vibrates. Pump seals leak.",
                                 "concept")}
    assert "pump" in keys


# -- all together -----------------------------------------------------------------------

def test_offsets_point_into_the_document(nlp):
    text = ("Safety rules\n\nIf the pump overheats, stop it. Sensors such as thermocouples "
            "and RTDs are used. Cavitation refers to vapour bubbles.")
    doc = parse(nlp, text)
    seen = set()
    for f in extract_all(doc, "t"):
        seen.add(f.kind)
        for _, sp in f.spans():
            assert text[sp.start:sp.end] == sp.text
        p = f.provenance
        assert text[p.sentence_start:p.sentence_end] == f.sentence
    assert {"rule", "example", "definition", "relation", "concept"} <= seen


def test_extract_all_rejects_unknown_kinds(nlp):
    with pytest.raises(ValueError):
        list(extract_all(parse(nlp, "x"), "t", ["rules"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=0, max_size=300))
def test_extractors_never_raise(nlp, text):
    doc = parse(nlp, text)
    for f in extract_all(doc, "t", FACT_KINDS):
        for _, sp in f.spans():
            assert doc.text[sp.start:sp.end] == sp.text
