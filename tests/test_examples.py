"""The example extractor on real parses: one test per pattern, worked examples, and a
property test (no exception on arbitrary text; every span is its document slice)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kextract.corpus import assemble, text_blocks
from kextract.extractors import examples
from kextract.nlp import make_doc


def parse(nlp, text):
    d = assemble("t", text_blocks(text), source="-", fmt="txt")
    return nlp(make_doc(nlp, d))


def run(nlp, text):
    return [(e.concept.text, [i.text for i in e.instances], e.cue, e.provenance.pattern)
            for e in examples.extract(parse(nlp, text), "t")]


def pairs(nlp, text):
    """(concept, instances) of the instance-list records (worked examples left out)."""
    return [(c, i) for c, i, _, p in run(nlp, text) if p != examples.WORKED_PATTERN]


@pytest.mark.parametrize("text,concept,instances", [
    # such as; coordination split into three; multiword phrases whole
    ("Pathogens such as Salmonella, Listeria and E. coli can cause illness.",
     "Pathogens", ["Salmonella", "Listeria", "E. coli"]),
    # a parenthesis stays with its phrase, a citation bracket ends the list
    ("Typical surfactants are alkylphenol ethoxylates, e.g. nonylphenol ethoxylate (NPE) [14].",
     "alkylphenol ethoxylates", ["nonylphenol ethoxylate (NPE)"]),
    # a parenthetical and an adverb between the concept and the cue are skipped
    ("The response is composed of shallow-water waves, possibly including Kelvin waves, with "
     "the largest amplitudes.", "shallow-water waves", ["Kelvin waves"]),
    ("It exhibits a first order phase transition (semi-heuristically described) such as the "
     "van der Waals model.", "first order phase transition", ["van der Waals model"]),
    # "types of X" -> X; "signs of X" stays whole
    ("Many types of pumps, such as gear pumps and screw pumps, are used.",
     "pumps", ["gear pumps", "screw pumps"]),
    ("Look for signs of shock, such as pale skin and confusion.",
     "signs of shock", ["pale skin", "confusion"]),
    # prepositional post-modifiers stay with their instance, "X or Y" inside them too
    ("If a customer shows signs of an allergic reaction, such as swelling of the lips or "
     "tongue, difficulty breathing or a sudden rash, call for help.",
     "signs of an allergic reaction", ["swelling of the lips or tongue", "difficulty breathing",
                                       "sudden rash"]),
    ("Physical hazards such as glass, metal fragments and bone can cause cuts.",
     "Physical hazards", ["glass", "metal fragments", "bone"]),
    ("Spore-forming bacteria, namely Clostridium perfringens and Bacillus cereus, survive "
     "cooking.", "Spore-forming bacteria", ["Clostridium perfringens", "Bacillus cereus"]),
    ("Risky changes, for instance a new payment flow or a new search ranking, need a flag.",
     "Risky changes", ["new payment flow", "new search ranking"]),
    ("Use only insulated tools, e.g. VDE-rated screwdrivers and pliers.",
     "insulated tools", ["VDE-rated screwdrivers", "pliers"]),
    ("Adults usually choke on food, especially large pieces of meat.",
     "food", ["large pieces of meat"]),
    ("Biological hazards include bacteria, viruses and parasites.",
     "Biological hazards", ["bacteria", "viruses", "parasites"]),
    ("Such hazards as slips, trips and falls are common.", "hazards", ["slips", "trips", "falls"]),
    ("Alerts like disk-space warnings and certificate-expiry warnings go to tickets.",
     "Alerts", ["disk-space warnings", "certificate-expiry warnings"]),
    ("These rules apply to all rotating machinery on site, including lathes and pumps.",
     "rotating machinery", ["lathes", "pumps"]),
    # "and other" / "or other" with the concept's post-modifier
    ("Warn users, because computers and other equipment on the circuit will lose power.",
     "equipment on the circuit", ["computers"]),
    ("Inspect the baseplate for oil, water or other signs of leakage.",
     "signs of leakage", ["oil", "water"]),
    ("Leaked keys, tokens and other secrets shall be reported.", "secrets",
     ["Leaked keys", "tokens"]),
    # kind of
    ("An incremental backup is a kind of backup that copies only changed data.",
     "backup", ["incremental backup"]),
    # "i.e." after "a particular version of X" restates an instance of X
    ("We use a particular version of the SAFT EoS, i.e. the SAFT-VR Mie.",
     "SAFT EoS", ["SAFT-VR Mie"]),
    # such as after the genus of a definition: the defined term
    ("A food-contact surface is any surface that comes into contact with food, such as "
     "chopping boards and knives.", "food-contact surface", ["chopping boards", "knives"]),
])
def test_instance_list_patterns(nlp, text, concept, instances):
    assert (concept, instances) in pairs(nlp, text)


def test_such_as_and_and_other_in_one_sentence(nlp):
    got = pairs(nlp, "Young children choke on small round objects such as grapes, nuts, "
                     "marbles and other small toys.")
    assert ("small round objects", ["grapes", "nuts", "marbles"]) in got
    # the items are instances of "small round objects"; only the one joined to "and other"
    # is sure to be a small toy
    assert ("small toys", ["marbles"]) in got


def test_and_other_after_a_cue_with_the_same_head_takes_every_item(nlp):
    got = pairs(nlp, "Alerts like disk-space warnings, certificate-expiry warnings and other "
                     "slow-burning alerts should be routed as tickets.")
    assert ("slow-burning alerts", ["disk-space warnings", "certificate-expiry warnings"]) in got


@pytest.mark.parametrize("text,concept,instances", [
    # a preposition repeated after the conjunction
    ("Circuits supplying equipment used outdoors, in bathrooms or in other wet locations "
     "must have protection.", "wet locations", ["bathrooms"]),
    # an adjective alone after an article is a noun
    ("Continue until a paramedic or other healthcare professional takes over.",
     "healthcare professional", ["paramedic"]),
    # the relative clause between the concept and the cue is skipped
    ("Applies to all cooked food that will not be served immediately, including soups, "
     "stocks and sauces.", "cooked food", ["soups", "stocks", "sauces"]),
    # "X, also called Y, is Z that ..., for example in A, B or C": the defined term X
    ("Stored energy, also called residual energy, is energy that remains in a machine after "
     "it has been isolated, for example in springs, capacitors or raised loads.",
     "Stored energy", ["springs", "capacitors", "raised loads"]),
    # a quotation is one instance; after the genus of a definition the concept is the term
    ('Precautionary allergen labelling (PAL) is a voluntary statement on packaging, e.g. '
     '"may contain nuts", that warns of a risk.', "Precautionary allergen labelling",
     ["may contain nuts"]),
    # an instance with the head noun of the defined term exemplifies the term
    ("Privileged access refers to any access that allows a user to change system "
     "configuration, read other users' data or bypass security controls, for example root "
     "access on servers, database administrator roles and cloud administrator roles.",
     "Privileged access", ["root access on servers", "database administrator roles",
                           "cloud administrator roles"]),
    # a counted set before the cue is what the list illustrates, not the defined term
    ("Multi-factor authentication (MFA) is an authentication method that requires two or "
     "more independent factors, such as a password and a hardware security key.",
     "independent factors", ["password", "hardware security key"]),
])
def test_concepts_across_clauses_and_definitions(nlp, text, concept, instances):
    assert (concept, instances) in pairs(nlp, text)


def test_genus_with_a_definite_subject_is_no_definition(nlp):
    got = pairs(nlp, "The problem is a shortage of materials, such as steel and copper.")
    assert all(c != "problem" for c, _ in got)


@pytest.mark.parametrize("text", [
    # "i.e." restates / defines: no hyponymy
    "Storage depends on the electrostatic and dispersion (i.e., vdW) interactions.",
    "The geometrical features of the film (i.e., the nanocolumns) are large.",
    # a circumstance, not instances
    "It depends on the realization of the radical pair, in particular on the number of spins.",
    "Drain the receiver more often, for instance after a humid summer month.",
    "Call an ambulance in some cases, for example when the casualty is trapped.",
    # parts or contents of one thing, not instances of a class
    "A complete characterisation of the oxide particles, including crystal structure and "
    "composition, is needed.",
    "Record every test in the RCD log, including the date, the location and the result.",
    # "like" as a verb and as a comparison
    "Most cooks like sharp knives.",
    "Listen for a crackling sound like gravel passing through the casing.",
    # pointers to a list elsewhere
    "The allergens that must be declared include the following:",
])
def test_not_examples(nlp, text):
    assert pairs(nlp, text) == []


def test_direction_instance_to_concept(nlp):
    (concept, instances), = pairs(nlp, "Sensors such as thermocouples are cheap.")
    assert concept == "Sensors" and instances == ["thermocouples"]


# -- worked examples ----------------------------------------------------------------------

def test_worked_example_consider_runs_to_end_of_paragraph(nlp):
    text = ("Alert quality\n\nConsider an alert that fires every night at 02:00. The alert is "
            "not actionable, so open a ticket.\n\nNext paragraph here.")
    got = [g for g in run(nlp, text) if g[3] == examples.WORKED_PATTERN]
    assert got == [("Alert quality", ["an alert that fires every night at 02:00. The alert is "
                                      "not actionable, so open a ticket"], "consider",
                    examples.WORKED_PATTERN)]


def test_worked_example_numbered_heading_and_cue(nlp):
    text = ("5. Restore testing\n\nExample 2: The team restored last night's backup to a test "
            "server.")
    got = [g for g in run(nlp, text) if g[3] == examples.WORKED_PATTERN]
    assert got == [("Restore testing", ["The team restored last night's backup to a test "
                                        "server"], "example", examples.WORKED_PATTERN)]


def test_worked_example_for_example_refers_to_preceding_sentence(nlp):
    text = ("Allergens\n\nHidden sources are a common cause of mistakes. For example, pesto "
            "contains nuts.")
    got = [g for g in run(nlp, text) if g[3] == examples.WORKED_PATTERN]
    assert got == [("Hidden sources", ["pesto contains nuts"], "for example",
                    examples.WORKED_PATTERN)]


def test_worked_example_suppose_strips_cue(nlp):
    text = "Cooling\n\nSuppose instead that the chili was still at 30 °C at 16:00."
    (concept, instances, cue, _), = [g for g in run(nlp, text)
                                     if g[3] == examples.WORKED_PATTERN]
    assert instances == ["the chili was still at 30 °C at 16:00"] and cue == "suppose"


def test_worked_example_concept_is_never_the_whole_sentence(nlp):
    text = "For example, Ribis indicates that coarsening rates may be controlled by energy."
    for concept, instances, _, _ in run(nlp, text):
        assert concept != text and concept not in instances


def test_and_inside_one_item_of_a_comma_list_is_kept(nlp):
    (concept, instances), = pairs(nlp, "Office supplies, namely pens and pencils, paper "
                                       "clips, staples and folders, are ordered monthly.")
    assert concept == "Office supplies"
    assert instances == ["pens and pencils", "paper clips", "staples", "folders"]


def test_for_example_with_a_list_of_places(nlp):
    got = pairs(nlp, "Condensation is water that collects after the air has cooled, for "
                     "example in pipes, tanks, filters or ducts.")
    assert got == [("Condensation", ["pipes", "tanks", "filters", "ducts"])]
    # one phrase after the preposition stays a circumstance
    assert pairs(nlp, "You may raise the limit, for example from 2 GB to 3 GB.") == []


def test_worked_example_under_generic_heading_takes_the_most_similar_section(nlp):
    text = ("Compressor Care\n\nFilter changes\n\nChange the oil filter every 500 hours. A clogged filter "
            "starves the bearings of oil.\n\nNoise\n\nEar defenders must be worn near the "
            "compressor.\n\nExamples\n\nExample 1: The fitter found the oil filter clogged "
            "after 700 hours and the bearings were starved of oil.")
    got = [g for g in run(nlp, text) if g[3] == examples.WORKED_PATTERN]
    assert [g[0] for g in got] == ["Filter changes"]


def test_inline_for_example_after_the_subject(nlp):
    assert ("CCP", ["Cooking chicken"]) in pairs(
        nlp, "Cooking chicken, for example, is normally a CCP, whereas washing lettuce is "
             "usually not.")


def test_worked_example_takes_its_own_unrecognised_heading(nlp):
    # "6. Use of ..." is read as a list item, not a heading; it still names the section
    text = ("ACCESS POLICY\n\nService accounts must have an owner.\n\n6. Use of break-glass "
            "accounts\n\nA break-glass account may be used only in an emergency.\n\n"
            "Example: During an outage the engineer logged in with the break-glass account "
            "and reported the use to the security team.")
    got = [g for g in run(nlp, text) if g[3] == examples.WORKED_PATTERN]
    assert [g[0] for g in got] == ["Use of break-glass accounts"]


def test_worked_example_passage_runs_over_the_list_after_a_title_line(nlp):
    text = ("Key terms\n\nA critical control point is a step where a hazard in meat, such as "
            "Salmonella, is controlled by cooking and monitoring.\n\n"
            "Worked example\n\nExample 2: Cooking chicken breasts.\n\n- Hazard: Salmonella in "
            "undercooked meat.\n- Monitoring: the cook probes the thickest breast.\n\nThe "
            "plan is reviewed every year.")
    got = [g for g in run(nlp, text) if g[3] == examples.WORKED_PATTERN]
    assert got and got[0][1][0].startswith("Cooking chicken breasts.")
    assert got[0][1][0].endswith("the cook probes the thickest breast")


def test_worked_example_prefers_a_term_it_names_as_a_phrase(nlp):
    text = ("Work Near Live Conductors\n\nDefinitions\n\nLive working refers to any work in "
            "which a person touches live parts. Dead working is work on equipment that has "
            "been isolated and proved dead.\n\nThe general rule\n\nWork on live conductors "
            "is prohibited unless it is unreasonable to make the equipment dead and suitable "
            "precautions have been taken inside the panel.\n\nExamples\n\nExample 3: A technician "
            "needed to measure the supply voltage inside a panel, so live working was "
            "justified.")
    got = [g for g in run(nlp, text) if g[3] == examples.WORKED_PATTERN]
    assert [g[0] for g in got] == ["Live working"]


def test_worked_example_never_takes_the_document_topic_term(nlp):
    body = ("\n\nTerms\n\nA centrifugal pump is a pump that uses a rotating impeller to raise "
            "the pressure of a liquid.\n\nExamples\n\nConsider a centrifugal pump whose "
            "impeller vibrates at low flow, so that the pressure drops.")

    def concepts(title):
        return [g[0] for g in run(nlp, title + body) if g[3] == examples.WORKED_PATTERN]

    assert concepts("Maintenance Guide") == ["centrifugal pump"]
    # every passage of a pump guide is about pumps: the title's term says nothing
    assert "centrifugal pump" not in concepts("Centrifugal Pump Guide")


# -- properties ---------------------------------------------------------------------------

WORDS = st.sampled_from(["such", "as", "including", "e.g.", "i.e.", "for", "example", "like",
                         "and", "or", "other", "kind", "of", "is", "a", "the", "pumps", "A",
                         "Consider", "Suppose", "Example", "1:", ",", "(", ")", "[", "]", ".",
                         "namely", "especially", "types", "X", "\n\n", "include", "etc."])


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(WORDS, max_size=30).map(" ".join), st.text(max_size=120)))
def test_examples_never_raise_and_spans_are_slices(nlp, text):
    doc = parse(nlp, text)
    for ex in examples.extract(doc, "t"):
        spans = ([ex.concept] if ex.concept is not None else []) + list(ex.instances)
        for sp in spans:
            assert doc.text[sp.start:sp.end] == sp.text
            assert sp.text and sp.text == sp.text.strip()
