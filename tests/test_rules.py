"""The rule extractor on real parses, one construction per test, and rule conflicts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kextract.conflicts import find_conflicts, polarity
from kextract.corpus import assemble, text_blocks
from kextract.extractors import rules
from kextract.nlp import make_doc


def parse(nlp, text):
    d = assemble("t", text_blocks(text), source="-", fmt="txt")
    return nlp(make_doc(nlp, d))


def extract(nlp, text):
    return list(rules.extract(parse(nlp, text), "t"))


def one(nlp, text):
    out = extract(nlp, text)
    assert len(out) == 1, [r.to_json() for r in out]
    return out[0]


def conds(r):
    return [c.text for c in r.conditions]


# -- condition cues ---------------------------------------------------------------------

@pytest.mark.parametrize("text, cond", [
    ("If the pressure exceeds 3 bar, close valve V2.", "the pressure exceeds 3 bar"),
    ("When the alarm sounds, the operator must stop the line.", "the alarm sounds"),
    ("Whenever the door is opened, the machine shall stop.", "the door is opened"),
    ("Once the pump has cooled, the operator may restart it.", "the pump has cooled"),
    ("As soon as the receiver pressure reaches 10 bar, the switch shall unload the "
     "compressor.", "the receiver pressure reaches 10 bar"),
    ("Provided that the guard is closed, the machine may be started.", "the guard is closed"),
    ("In the event of a flame failure, the burner must shut down.", "a flame failure"),
    ("In the case of a broadcast message, no slave shall return a packet.",
     "a broadcast message"),
    ("In the case where the PSE detects a fault condition, the PSE shall not inject full "
     "power on the line.", "the PSE detects a fault condition"),
    ("In the case that the link cannot be achieved, a calibration should be performed.",
     "the link cannot be achieved"),
    ("The subsystems shall implement private caches in the case they require large volume.",
     "they require large volume"),
])
def test_condition_cues(nlp, text, cond):
    r = one(nlp, text)
    assert conds(r) == [cond]


def test_consequent_first_condition(nlp):
    r = one(nlp, "The Gateway shall provide a minimum of 32kW when SEP is inactive.")
    assert conds(r) == ["SEP is inactive"]
    assert r.consequence.text == "The Gateway shall provide a minimum of 32kW"
    assert r.modality == "obligation"


def test_coordinated_conditions_are_separate(nlp):
    r = one(nlp, "If this time expires and the remote device has not responded to the page, "
                 "the connection attempt will be considered to have failed.")
    assert conds(r) == ["this time expires", "the remote device has not responded to the page"]
    assert r.condition_logic == "and"
    assert r.consequence.text == "the connection attempt will be considered to have failed"


def test_condition_without_comma(nlp):
    r = one(nlp, "If both devices have a variable PIN the BD_ADDR of the device that received "
                 "IN_RAND shall be used.")
    assert conds(r) == ["both devices have a variable PIN"]
    assert r.consequence.text.startswith("the BD_ADDR")


def test_condition_not_cut_short(nlp):
    r = one(nlp, "If fracture mechanics data are not available, a vessel test shall be "
                 "conducted.")
    assert conds(r) == ["fracture mechanics data are not available"]
    assert r.consequence.text == "a vessel test shall be conducted"


def test_if_then(nlp):
    r = one(nlp, "If Basic mode is configured in one direction and Flow control mode is "
                 "configured in the other direction then the channel shall not be used.")
    assert "the channel shall not be used" in r.consequence.text
    assert r.modality == "prohibition"
    assert "Basic mode is configured" in " ".join(conds(r))


def test_framing_clause(nlp):
    r = one(nlp, "This means that, if a feature is used, it is used in a specified manner.")
    assert conds(r) == ["a feature is used"]
    assert r.consequence.text == "it is used in a specified manner"


def test_exception(nlp):
    r = one(nlp, "Close valve V2 unless the bypass is open.")
    assert [e.text for e in r.exceptions] == ["the bypass is open"]
    assert r.modality == "obligation"


def test_only_if_is_necessary(nlp):
    r = one(nlp, "Analysis should be used only if verification by test is not feasible.")
    assert r.necessary and r.modality == "recommendation"


def test_unreadable_character_is_not_a_question(nlp):
    r = one(nlp, "If experimental input data is used , the data sheet shall be referenced in "
                 "the AR ? P .")
    assert conds(r) == ["experimental input data is used"]


@pytest.mark.parametrize("text", [
    "What should I do if the pump overheats?",
    "If the pump overheats, what should I do?",
    "Can operators enter the cage when the light is green?",
])
def test_questions_are_not_rules(nlp, text):
    assert extract(nlp, text) == []


# -- modality ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, modality, negated", [
    ("Wear gloves when handling raw meat.", "obligation", False),
    ("Never disable certificate verification in clients.", "prohibition", True),
    ("Close discharge valve V2 if the discharge pressure exceeds 6 bar.", "obligation", False),
    ("Operators must not enter the cage.", "prohibition", True),
    ("Smoking is prohibited in the warehouse.", "prohibition", False),
    ("You should label all containers.", "recommendation", False),
    ("The duty cycle should not exceed 60 percent.", "recommendation", True),
    ("Visitors may enter the plant when accompanied.", "permission", False),
])
def test_modality(nlp, text, modality, negated):
    r = one(nlp, text)
    assert (r.modality, r.negated) == (modality, negated)


def test_imperative_has_no_actor(nlp):
    r = one(nlp, "Close discharge valve V2 if the discharge pressure exceeds 6 bar.")
    assert r.actor is None
    assert r.consequence.text == "Close discharge valve V2"


def test_worked_example_is_not_a_rule(nlp):
    assert extract(nlp, "Consider a pump that vibrates only at low flow.") == []


def test_condition_inside_definition_is_not_a_rule(nlp):
    assert extract(nlp, "A residual current device is a protective device that disconnects "
                        "a circuit when it detects a leakage current.") == []


def test_complete_lead_in_and_items_are_separate_rules(nlp):
    out = extract(nlp, "The operator shall carry out the following checks:\n\n"
                       "- Read the pressure gauges\n\n- Measure the bearing temperature")
    texts = [r.consequence.text for r in out]
    assert texts == ["The operator shall carry out the following checks",
                     "Read the pressure gauges", "Measure the bearing temperature"]


def test_conditional_lead_in_takes_items(nlp):
    r = one(nlp, "If the alarm sounds:\n\n- stop the line\n\n- call the supervisor")
    assert [a.text for a in r.actions] == ["stop the line", "call the supervisor"]


# -- properties -------------------------------------------------------------------------

_PIECES = st.sampled_from(["If ", "when ", " unless ", " in the case of ", " must ", " then ",
                           "Do not ", ", ", ".", "?", ":", "\n", "- ", " the pump", " stops",
                           " ? ", "(", ")", " only if ", "Wear gloves"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=25).map("".join)))
def test_no_exception_and_spans_are_slices(nlp, text):
    doc = parse(nlp, text)
    for r in rules.extract(doc, "t"):
        for _, sp in r.spans():
            assert doc.text[sp.start:sp.end] == sp.text
            assert sp.text and sp.text == sp.text.strip()


# -- conflicts --------------------------------------------------------------------------

# -- several rules in one sentence, verbless and scope conditions ----------------------------

def test_semicolon_gives_one_rule_per_clause_and_keeps_the_fronted_condition(nlp):
    out = extract(nlp, "If the tank overflows, do not open the drain; call the shift leader "
                       "instead.")
    assert [(r.consequence.text, conds(r)) for r in out] == [
        ("do not open the drain", ["the tank overflows"]),
        ("call the shift leader instead", ["the tank overflows"])]
    assert [r.modality for r in out] == ["prohibition", "obligation"]
    assert all(r.sentence.endswith("instead.") for r in out)


def test_clause_after_semicolon_with_own_condition_and_otherwise(nlp):
    out = extract(nlp, "Logs must be kept for a year; if a ticket is open, archive them.")
    assert [(r.consequence.text, conds(r)) for r in out] == [
        ("Logs must be kept for a year", []), ("archive them", ["a ticket is open"])]
    out = extract(nlp, "Delete the file only if the owner has left; otherwise move it to the "
                       "archive.")
    assert [(r.consequence.text, conds(r)) for r in out] == [
        ("Delete the file", ["the owner has left"]), ("move it to the archive", [])]
    assert [e.text for e in out[1].exceptions] == ["the owner has left"]


def test_so_clause_alone_is_the_rule(nlp):
    r = one(nlp, "The store room is far from the kitchen, so the porter must check it twice "
                 "per shift.")
    assert r.consequence.text == "the porter must check it twice per shift"
    assert r.conditions == () and r.modality == "obligation"


def test_once_as_frequency_adverb_is_no_condition(nlp):
    r = one(nlp, "The filter must be cleaned at least once a week.")
    assert r.consequence.text == "The filter must be cleaned at least once a week"
    assert r.conditions == ()


def test_reason_purpose_and_concession_clauses_leave_the_consequence(nlp):
    r = one(nlp, "Visitors must sign in at reception, even if they have a badge, because the "
                 "register is used in a fire.")
    assert r.consequence.text == "Visitors must sign in at reception" and r.conditions == ()
    r = one(nlp, "Label every container so that the contents are known.")
    assert r.consequence.text == "Label every container"


@pytest.mark.parametrize("text, cond, cons", [
    ("When in doubt, ask the duty manager.", "in doubt", "ask the duty manager"),
    ("If in doubt, escalate the ticket.", "in doubt", "escalate the ticket"),
    ("For every major release, a rollback plan must be written.", "every major release",
     "a rollback plan must be written"),
])
def test_verbless_and_scope_conditions(nlp, text, cond, cons):
    r = one(nlp, text)
    assert conds(r) == [cond] and r.consequence.text == cons


def test_duration_phrase_is_no_scope_condition(nlp):
    r = one(nlp, "For ten minutes, stir the sauce.")
    assert r.conditions == ()


def test_conflicting_rules_are_found(nlp):
    a = one(nlp, "Gloves must be worn when checking drive belt tension.")
    b = one(nlp, "Gloves must not be worn when checking drive belt tension on rotating "
                 "machinery.")
    c = one(nlp, "Safety glasses must be worn in the workshop.")
    found = find_conflicts([a, b, c])
    assert len(found) == 1
    assert {found[0].first, found[0].second} == {a.id, b.id}
    assert {found[0].first_modality, found[0].second_modality} == {"obligation",
                                                                    "prohibition"}


def test_no_conflict_for_same_polarity_or_other_condition(nlp):
    a = one(nlp, "Gloves must be worn when checking drive belt tension.")
    b = one(nlp, "Gloves should be worn when checking drive belt tension.")
    c = one(nlp, "Gloves must not be worn when the soup is served.")
    assert find_conflicts([a, b]) == []
    assert find_conflicts([a, c]) == []
    assert polarity("none") == 0 and polarity("permission") == 1


def test_conflicts_from_a_dataframe(nlp):
    pd = pytest.importorskip("pandas")
    a = one(nlp, "Gloves must be worn when checking drive belt tension.")
    b = one(nlp, "Gloves must not be worn when checking drive belt tension.")
    df = pd.DataFrame([{"id": r.id, "doc": "t", "modality": r.modality,
                        "consequence": r.consequence.text,
                        "conditions": [c.text for c in r.conditions]} for r in (a, b)])
    assert len(find_conflicts(df)) == 1


@pytest.mark.parametrize("text,condition,consequence", [
    # the small model tags "overheats" as a plural noun and makes the clause a subject
    ("If the pump overheats, shut it down and let it cool before investigating.",
     "the pump overheats", "shut it down and let it cool before investigating"),
    # the imperative hangs off the condition's verb as a conjunct
    ("When the tank is full, close the valve.", "the tank is full", "close the valve"),
])
def test_imperative_after_misparsed_condition(nlp, text, condition, consequence):
    from kextract.corpus import assemble, text_blocks
    from kextract.extractors import rules
    from kextract.nlp import make_doc

    doc = nlp(make_doc(nlp, assemble("t", text_blocks(text), source="-", fmt="txt")))
    (r,) = list(rules.extract(doc, "t"))
    assert [c.text for c in r.conditions] == [condition]
    assert r.consequence.text == consequence
    assert r.modality == "obligation" and r.actor is None


# -- markers hung on the wrong word, indirect questions, misparses --------------------------

def built(nlp, rows):
    """A Doc with a given (mis)parse: rows of (word, tag, pos, dep, head index[, lemma]), so
    that a repair is tested whatever the model's parse of the sentence is today."""
    from spacy.tokens import Doc

    words = [r[0] for r in rows]
    spaces = [k + 1 < len(rows) and rows[k + 1][2] != "PUNCT" for k in range(len(rows))]
    return Doc(nlp.vocab, words=words, spaces=spaces, tags=[r[1] for r in rows],
               pos=[r[2] for r in rows], deps=[r[3] for r in rows],
               heads=[r[4] for r in rows],
               lemmas=[r[5] if len(r) > 5 else r[0].lower() for r in rows])


@pytest.mark.parametrize("text, cond, cons", [
    # the marker hangs on the auxiliary of its clause
    ("When a file is manually or automatically deleted from the archive, its index entry "
     "shall be removed.", "a file is manually or automatically deleted from the archive",
     "its index entry shall be removed"),
    # ... on the last of two coordinated verbs
    ("The log is most useful when records are being added or deleted.",
     "records are being added or deleted", "The log is most useful"),
    # ... on a modifier inside its clause
    ("The system shall alert the pilot when known traffic approaches restricted airspace.",
     "known traffic approaches restricted airspace", "The system shall alert the pilot"),
])
def test_marker_on_a_word_inside_its_clause(nlp, text, cond, cons):
    r = one(nlp, text)
    assert conds(r) == [cond]
    assert r.consequence.text == cons


@pytest.mark.parametrize("text", [
    "The inspector must determine if the weld seam is free of cracks.",
    "The operator shall check if the valve in the cooling loop is fully closed.",
])
def test_indirect_question_is_no_condition(nlp, text):
    r = one(nlp, text)
    assert conds(r) == []
    assert r.modality == "obligation"
    assert "if" in r.consequence.text


def test_verb_of_inquiry_with_an_object_keeps_its_condition(nlp):
    r = one(nlp, "The operator shall check the seals if the pressure drops.")
    assert conds(r) == ["the pressure drops"]


def test_verbless_condition_must_end_its_phrase(nlp):
    # "if" hung on the first of coordinated nouns that are the subject of "flow" (read as
    # a noun): the condition is the whole phrase, not the first noun
    doc = built(nlp, [
        ("Noise", "NN", "NOUN", "nsubj", 2), ("could", "MD", "AUX", "aux", 2),
        ("occur", "VB", "VERB", "ROOT", 2), ("if", "IN", "SCONJ", "mark", 4),
        ("wind", "NN", "NOUN", "advcl", 2), (",", ",", "PUNCT", "punct", 4),
        ("rain", "NN", "NOUN", "conj", 4), ("or", "CC", "CCONJ", "cc", 6),
        ("hail", "NN", "NOUN", "conj", 6), ("flow", "NN", "NOUN", "conj", 8),
        ("along", "IN", "ADP", "prep", 4), ("the", "DT", "DET", "det", 12),
        ("mast", "NN", "NOUN", "pobj", 10), (".", ".", "PUNCT", "punct", 2)])
    (r,) = list(rules.extract(doc, "t"))
    assert conds(r) == ["wind, rain or hail flow along the mast"]
    assert r.consequence.text == "Noise could occur"


def test_case_noun_modifier_belongs_to_the_condition(nlp):
    # "with two engines" hung on "case" instead of "vessels"
    doc = built(nlp, [
        ("In", "IN", "ADP", "prep", 13), ("the", "DT", "DET", "det", 2),
        ("case", "NN", "NOUN", "pobj", 0), ("of", "IN", "ADP", "prep", 2),
        ("small", "JJ", "ADJ", "amod", 5), ("vessels", "NNS", "NOUN", "pobj", 3),
        ("with", "IN", "ADP", "prep", 2), ("two", "CD", "NUM", "nummod", 8),
        ("engines", "NNS", "NOUN", "pobj", 6), (",", ",", "PUNCT", "punct", 13),
        ("the", "DT", "DET", "det", 11), ("load", "NN", "NOUN", "nsubjpass", 13),
        ("must", "MD", "AUX", "aux", 13), ("be", "VB", "AUX", "auxpass", 13),
        ("checked", "VBN", "VERB", "ROOT", 13, "check"), (".", ".", "PUNCT", "punct", 13)])
    (r,) = list(rules.extract(doc, "t"))
    assert conds(r) == ["small vessels with two engines"]
    assert r.consequence.text == "the load must be checked"


def test_existential_condition_keeps_its_noun_phrase(nlp):
    # the noun phrase of "there is ..." made a second subject of the main verb
    doc = built(nlp, [
        ("If", "IN", "SCONJ", "mark", 2), ("there", "EX", "PRON", "expl", 2),
        ("is", "VBZ", "VERB", "advcl", 13, "be"), ("at", "RB", "ADV", "advmod", 4),
        ("least", "RBS", "ADV", "advmod", 5), ("one", "CD", "NUM", "nummod", 7),
        ("spare", "JJ", "ADJ", "amod", 7), ("node", "NN", "NOUN", "nsubjpass", 13),
        (",", ",", "PUNCT", "punct", 7), ("the", "DT", "DET", "det", 10),
        ("flag", "NN", "NOUN", "nsubjpass", 13), ("shall", "MD", "AUX", "aux", 13),
        ("be", "VB", "AUX", "auxpass", 13), ("set", "VBN", "VERB", "ROOT", 13),
        (".", ".", "PUNCT", "punct", 13)])
    (r,) = list(rules.extract(doc, "t"))
    assert conds(r) == ["there is at least one spare node"]
    assert r.consequence.text == "the flag shall be set"
    assert r.modality == "obligation"
