#!/usr/bin/env python3
"""Exhaustive hand-annotated relations of four sample documents -> relations_exhaustive.jsonl.

Run from the repository root:

    .venv/bin/python data/gold/make_relations.py

``facts.jsonl`` holds a *sample* of relations (recall only). This file annotates **every**
relation a careful reader would extract from four documents of four domains and formats, so
that relation precision can be measured too:

* ``equipment/boiler_operation.html``        (HTML)
* ``first_aid/managing_shock.docx``          (DOCX)
* ``food_safety/cold_storage_temperatures.txt`` (plain text)
* ``software_ops/production_deployments.md`` (Markdown)

Conventions (those of ``README.md`` in this folder, plus what "all" means):

* One relation per finite clause with an explicit subject: main clauses, subordinate clauses
  (if / when / because / until ...) and relative clauses (the relative pronoun is resolved to
  its antecedent noun phrase, e.g. "a float or probe device that shuts off the burner" gives
  ``a float or probe device | shuts off | the burner``). Coordinated verbs with one subject give
  one relation each, repeating the subject span.
* Participial modifiers of a noun (reduced relative clauses) are relations too, with the
  participle as predicate: "shock caused by a loss of blood" gives ``shock | caused by | a loss
  of blood``, "The change freeze, also known as the code freeze" gives ``The change freeze |
  also known as | the code freeze``.
* Not relations: imperatives (no subject; they are rules), "to"-infinitive clauses unless
  folded into the predicate ("fails to supply", "has to stay"), absolute constructions ("with
  the legs raised"), existential "there is/are", gapped clauses without a verb, and table
  cells.
* Coordinated subjects and objects stay one noun phrase (as in ``facts.jsonl``).
* With no direct object the predicate takes the first preposition and its object becomes the
  object ("reads above | 8 °C", "is known as | the boiler attendant").
* ``extra_args`` lists adverbials and prepositional phrases; reason ("because ...") and
  purpose ("so that ...") clauses are relations of their own, not extra arguments.

Every span is located by its text inside its sentence in the text kextract stores for the
document (``kextract.corpus.read_corpus``) and the script asserts ``text[start:end] == span``.

Span specs: a plain string is searched for as a whole word -- the subject from the sentence
start, the predicate after the subject, the object after the predicate, extra arguments from
the sentence start; ``N("text", n)`` is the n-th occurrence in the sentence (for a span that
lies before the one it would otherwise follow, e.g. the antecedent of an object relative).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kextract.corpus import read_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "relations_exhaustive.jsonl"
MODALITIES = ("obligation", "prohibition", "permission", "recommendation", "none")


class N(tuple):
    def __new__(cls, text, n=1):
        return super().__new__(cls, (text, n))


FACTS: list[dict] = []
_DOC = [""]


def doc(doc_id: str) -> None:
    _DOC[0] = doc_id


def rel(sent, subj, pred, obj=None, extra=(), neg=False, mod="none"):
    FACTS.append({"doc": _DOC[0], "sent": sent, "subject": subj, "predicate": pred,
                  "object": obj, "extra_args": list(extra), "negated": neg, "modality": mod})


# ============================================================================================
doc("equipment/boiler_operation.html")
# ============================================================================================
S = "This page sets out the daily routine for the two fire-tube steam boilers in Boiler House B."
rel(S, "This page", "sets out", "the daily routine for the two fire-tube steam boilers in Boiler House B")
S = "It is written for competent operators and for trainees working under supervision."
rel(S, "It", "is written for", "competent operators", extra=["for trainees working under supervision"])
rel(S, "trainees", "working under", "supervision")
S = "A fire-tube boiler is a type of boiler in which hot combustion gases pass through tubes that are surrounded by water."
rel(S, "A fire-tube boiler", "is",
    "a type of boiler in which hot combustion gases pass through tubes that are surrounded by water")
rel(S, "hot combustion gases", "pass through", "tubes that are surrounded by water")
rel(S, "tubes", "are surrounded by", "water")
S = "Blowdown refers to the controlled removal of water from the boiler in order to limit the concentration of dissolved solids and sludge."
rel(S, "Blowdown", "refers to", "the controlled removal of water from the boiler",
    extra=["in order to limit the concentration of dissolved solids and sludge"])
S = "Total dissolved solids (TDS) is the mass of dissolved salts per litre of boiler water."
rel(S, "Total dissolved solids (TDS)", "is", "the mass of dissolved salts per litre of boiler water")
S = "The low-water cutoff, also called the LWCO, is a float or probe device that shuts off the burner when the water level falls below a safe level."
rel(S, "The low-water cutoff", N("is", 1),
    "a float or probe device that shuts off the burner when the water level falls below a safe level")
rel(S, "The low-water cutoff", "also called", "the LWCO")
rel(S, "a float or probe device", "shuts off", "the burner",
    extra=["when the water level falls below a safe level"])
rel(S, "the water level", "falls below", "a safe level")
S = "The person in charge of a boiler during a shift is known as the boiler attendant."
rel(S, "The person in charge of a boiler during a shift", "is known as", "the boiler attendant")
S = "During start-up, keep the top vent valve open until steam issues freely, then close it."
rel(S, "steam", "issues", None, extra=["freely"])
S = "Bring the boiler up to pressure slowly; a cold boiler should take at least one hour to reach working pressure."
rel(S, "a cold boiler", "should take", "at least one hour", extra=["to reach working pressure"],
    mod="recommendation")
S = "Check that both gauge glasses show the same water level before the burner is switched to high fire."
rel(S, "both gauge glasses", "show", "the same water level",
    extra=["before the burner is switched to high fire"])
rel(S, "the burner", "is switched to", "high fire")
S = "If the water level is not visible in the gauge glass, shut off the burner immediately."
rel(S, "the water level", "is not", "visible", extra=["in the gauge glass"], neg=True)
S = "Feed water shall not be added to a boiler whose water level has dropped out of sight, because cold water on overheated tubes can cause them to fail violently."
rel(S, "Feed water", "shall not be added to", "a boiler whose water level has dropped out of sight",
    neg=True, mod="prohibition")
rel(S, N("water level", 1), "has dropped out of", "sight")
rel(S, "cold water on overheated tubes", "can cause", "them to fail violently")
S = "Wait until the boiler has cooled and a competent person has inspected it."
rel(S, "the boiler", "has cooled")
rel(S, "a competent person", "has inspected", "it")
S = "The low-water cutoff shall be tested every day by the attendant by draining the float chamber while the burner is firing; the burner must stop before the water leaves the gauge glass."
rel(S, "The low-water cutoff", "shall be tested", None,
    extra=["every day", "by the attendant", "by draining the float chamber",
           "while the burner is firing"], mod="obligation")
rel(S, N("the burner", 1), "is firing")
rel(S, N("the burner", 2), "must stop", None, extra=["before the water leaves the gauge glass"],
    mod="obligation")
rel(S, "the water", "leaves", "the gauge glass")
S = "Bottom blowdown is permitted only when the boiler is firing at low rate and the attendant can see the gauge glass."
rel(S, "Bottom blowdown", "is permitted", None,
    extra=["only when the boiler is firing at low rate and the attendant can see the gauge glass"])
rel(S, "the boiler", "is firing at", "low rate")
rel(S, "the attendant", "can see", "the gauge glass")
S = "The blowdown vessel is a hot place that is easy to forget, so never leave the area while a blowdown valve is open."
rel(S, "The blowdown vessel", "is", "a hot place that is easy to forget")
rel(S, "a hot place", N("is", 2), "easy to forget")
rel(S, "a blowdown valve", "is", "open")
S = "In the event of a flame failure, the burner control locks out."
rel(S, "the burner control", "locks out", None, extra=["In the event of a flame failure"])
S = "The attendant may reset the lockout once; if the burner locks out a second time, do not reset it again and call the burner engineer."
rel(S, "The attendant", "may reset", "the lockout", extra=["once"], mod="permission")
rel(S, "the burner", "locks out", None, extra=["a second time"])
S = "The boiler must be attended at all times unless it is fitted with an approved automatic control and monitoring system."
rel(S, "The boiler", "must be attended", None,
    extra=["at all times", "unless it is fitted with an approved automatic control and monitoring system"],
    mod="obligation")
rel(S, "it", "is fitted with", "an approved automatic control and monitoring system")
S = "The manhole cover may be opened only when the pressure gauge reads zero and the vent valve is open."
rel(S, "The manhole cover", "may be opened", None,
    extra=["only when the pressure gauge reads zero and the vent valve is open"], mod="permission")
rel(S, "the pressure gauge", "reads", "zero")
rel(S, "the vent valve", "is", "open")
S = "Example 2: On a Monday morning the attendant found the TDS at 3,400 ppm after a weekend of low load."
rel(S, "the attendant", "found", "the TDS",
    extra=["On a Monday morning", "at 3,400 ppm", "after a weekend of low load"])
S = "She increased the blowdown from two to four times per shift, and the TDS fell to 2,600 ppm within a day."
rel(S, "She", "increased", "the blowdown", extra=["from two to four times per shift"])
rel(S, "the TDS", "fell to", "2,600 ppm", extra=["within a day"])
S = "The water treatment contractor then adjusted the dosing rate."
rel(S, "The water treatment contractor", "then adjusted", "the dosing rate")
S = "Operators like the new magnetic level indicator, but it does not replace the gauge glass; both must be checked on every round."
rel(S, "Operators", "like", "the new magnetic level indicator")
rel(S, "it", "does not replace", "the gauge glass", neg=True)
rel(S, "both", "must be checked", None, extra=["on every round"], mod="obligation")

# ============================================================================================
doc("first_aid/managing_shock.docx")
# ============================================================================================
S = "Shock is a life-threatening condition in which the circulatory system fails to supply enough oxygen-rich blood to the vital organs."
rel(S, "Shock", "is",
    "a life-threatening condition in which the circulatory system fails to supply enough oxygen-rich blood to the vital organs")
rel(S, "the circulatory system", "fails to supply", "enough oxygen-rich blood",
    extra=["to the vital organs"])
S = "It is not the same as the emotional reaction to a frightening event, which people often call shock in everyday speech."
rel(S, "It", "is not the same as", "the emotional reaction to a frightening event", neg=True)
rel(S, "people", "often call", "shock", extra=["in everyday speech"])
S = "Hypovolaemic shock refers to shock caused by a loss of blood or other body fluids, for example from severe bleeding, burns, vomiting or diarrhoea."
rel(S, "Hypovolaemic shock", "refers to", "shock caused by a loss of blood or other body fluids")
rel(S, N("shock", 2), "caused by", "a loss of blood or other body fluids")
S = "Cardiogenic shock is shock caused by the heart failing to pump effectively, usually after a heart attack."
rel(S, "Cardiogenic shock", "is", "shock caused by the heart failing to pump effectively",
    extra=["usually after a heart attack"])
rel(S, N("shock", 2), "caused by", "the heart")
rel(S, "the heart", "failing to pump", None, extra=["effectively"])
S = "Anaphylaxis, a severe allergic reaction, can cause anaphylactic shock within minutes."
rel(S, "Anaphylaxis", "can cause", "anaphylactic shock", extra=["within minutes"])
S = "Septic shock is another type of shock, caused by an overwhelming infection."
rel(S, "Septic shock", "is", "another type of shock")
rel(S, "another type of shock", "caused by", "an overwhelming infection")
S = "If you suspect shock, call emergency services and treat any obvious cause, such as bleeding."
rel(S, "you", "suspect", "shock")
S = "Lay the casualty down and raise their legs unless you suspect a head, neck, spine or leg injury."
rel(S, "you", "suspect", "a head, neck, spine or leg injury")
S = "Do not give the casualty anything to eat or drink, even if they complain of thirst; you may moisten their lips with water."
rel(S, "they", "complain of", "thirst")
rel(S, "you", "may moisten", "their lips", extra=["with water"], mod="permission")
S = "Stay with the casualty, reassure them and monitor their breathing, pulse and level of response until help arrives."
rel(S, "help", "arrives")
S = "If the casualty becomes unresponsive and stops breathing normally, start CPR."
rel(S, "the casualty", "becomes", "unresponsive")
rel(S, "the casualty", "stops breathing", None, extra=["normally"])
S = "If the casualty vomits or becomes drowsy but is still breathing, turn them onto their side in the recovery position."
rel(S, "the casualty", "vomits")
rel(S, "the casualty", "becomes", "drowsy")
rel(S, "the casualty", "is still breathing")
S = "Do not raise the legs of a casualty who is struggling to breathe; let them sit in the position they find easiest."
rel(S, "a casualty", "is struggling to breathe")
rel(S, N("they", 1), "find", "easiest")
S = "A second auto-injector may be given after five minutes if the symptoms do not improve."
rel(S, "A second auto-injector", "may be given", None,
    extra=["after five minutes", "if the symptoms do not improve"], mod="permission")
rel(S, "the symptoms", "do not improve", neg=True)
S = "Suppose a worker's forearm has been cut by a sheet of glass and is bleeding heavily."
rel(S, "a worker's forearm", "has been cut by", "a sheet of glass")
rel(S, "a worker's forearm", "is bleeding", None, extra=["heavily"])
S = "A few minutes after the bleeding has been controlled, the worker becomes pale, sweaty and confused."
rel(S, "the bleeding", "has been controlled")
rel(S, "the worker", "becomes", "pale, sweaty and confused",
    extra=["A few minutes after the bleeding has been controlled"])
S = "The first aider should recognise hypovolaemic shock, lay the worker down with the legs raised, cover them with a blanket and call an ambulance, while keeping pressure on the dressing."
rel(S, "The first aider", "should recognise", "hypovolaemic shock", mod="recommendation")
rel(S, "The first aider", "lay", "the worker", extra=["with the legs raised"], mod="recommendation")
rel(S, "The first aider", "cover", "them", extra=["with a blanket"], mod="recommendation")
rel(S, "The first aider", "call", "an ambulance", extra=["while keeping pressure on the dressing"],
    mod="recommendation")
S = "Shock can develop slowly, so a casualty who seems well at first should still be watched closely."
rel(S, "Shock", "can develop", None, extra=["slowly"])
rel(S, "a casualty who seems well at first", "should still be watched", None, extra=["closely"],
    mod="recommendation")
rel(S, "a casualty", "seems", "well", extra=["at first"])

# ============================================================================================
doc("food_safety/cold_storage_temperatures.txt")
# ============================================================================================
S = "Cold holding means keeping ready-to-eat food at 5 °C or below until it is served."
rel(S, "Cold holding", "means", "keeping ready-to-eat food at 5 °C or below until it is served")
rel(S, "it", "is served")
S = "High-risk foods, namely cooked meat and poultry, dairy products, cooked rice, eggs and seafood, support the rapid growth of bacteria and must always be kept under temperature control."
rel(S, "High-risk foods", "support", "the rapid growth of bacteria")
rel(S, "High-risk foods", "must always be kept under", "temperature control", mod="obligation")
S = "FIFO (first in, first out) is a stock rotation method in which the oldest stock is used first."
rel(S, "FIFO (first in, first out)", "is", "a stock rotation method in which the oldest stock is used first")
rel(S, "the oldest stock", "is used", None, extra=[N("first", 3)])
S = "A use-by date is the date after which a perishable food must not be used, even if it looks and smells fine; it is different from a best-before date, which concerns quality rather than safety."
rel(S, "A use-by date", "is", "the date after which a perishable food must not be used")
rel(S, "a perishable food", "must not be used", None, extra=["even if it looks and smells fine"],
    neg=True, mod="prohibition")
rel(S, N("it", 1), "looks", "fine")
rel(S, N("it", 1), "smells", "fine")
rel(S, N("it", 2), "is different from", "a best-before date")
rel(S, "a best-before date", "concerns", "quality rather than safety")
S = "Refrigerators shall be kept at 5 °C or below and freezers at -18 °C or below."
rel(S, "Refrigerators", "shall be kept at", "5 °C or below", mod="obligation")
S = "The temperature of every refrigerator and freezer must be read and recorded at the start and end of each trading day."
rel(S, "The temperature of every refrigerator and freezer", "must be read", None,
    extra=["at the start and end of each trading day"], mod="obligation")
rel(S, "The temperature of every refrigerator and freezer", "recorded", None,
    extra=["at the start and end of each trading day"], mod="obligation")
S = "Whenever a refrigerator reads above 8 °C, move the high-risk food to another unit and inform the duty manager."
rel(S, "a refrigerator", "reads above", "8 °C")
S = "If the temperature has been above 8 °C for more than four hours, or if the duration is unknown, discard all high-risk food from that unit."
rel(S, "the temperature", "has been above", "8 °C", extra=["for more than four hours"])
rel(S, "the duration", "is", "unknown")
S = "Units with a digital display can also record a maximum reading; the duty manager should reset it after each check."
rel(S, "Units with a digital display", "can also record", "a maximum reading")
rel(S, "the duty manager", "should reset", "it", extra=["after each check"], mod="recommendation")
S = "Store raw meat, poultry and fish on the bottom shelf, below ready-to-eat food, so that juices cannot drip onto food that will not be cooked again."
rel(S, "juices", "cannot drip onto", "food that will not be cooked again", neg=True)
rel(S, N("food", 2), "will not be cooked", None, extra=["again"], neg=True)
S = "Keep all food covered and labelled with the product name and the date it was opened or prepared."
rel(S, "it", "was opened")
rel(S, "it", "prepared")
S = "Food that has been opened must be used within three days unless the manufacturer's instructions give a shorter period."
rel(S, "Food that has been opened", "must be used", None,
    extra=["within three days", "unless the manufacturer's instructions give a shorter period"],
    mod="obligation")
rel(S, "Food", "has been opened")
rel(S, "the manufacturer's instructions", "give", "a shorter period")
S = "Do not overfill refrigerators: cold air must be able to circulate around the food."
rel(S, "cold air", "must be able to circulate around", "the food", mod="obligation")
S = "Staff should always rotate stock on delivery so that new stock goes behind the old."
rel(S, "Staff", "should always rotate", "stock", extra=["on delivery"], mod="recommendation")
rel(S, "new stock", "goes behind", "the old")
S = "Chilled deliveries must be rejected if the product temperature is above 8 °C, and frozen deliveries must be rejected if there are signs of thawing, such as soft packs, ice crystals on the outside of the packaging or dripping cartons."
rel(S, "Chilled deliveries", "must be rejected", None,
    extra=["if the product temperature is above 8 °C"], mod="obligation")
rel(S, "the product temperature", "is above", "8 °C")
rel(S, "frozen deliveries", N("must be rejected", 2), None,
    extra=["if there are signs of thawing, such as soft packs, ice crystals on the outside of the packaging or dripping cartons"],
    mod="obligation")
S = "Defrosting a freezer should be done when ice on the evaporator is thicker than 5 mm."
rel(S, "Defrosting a freezer", "should be done", None,
    extra=["when ice on the evaporator is thicker than 5 mm"], mod="recommendation")
rel(S, "ice on the evaporator", "is", "thicker than 5 mm")
S = "During defrosting, food must be transferred to another freezer or to a cold room."
rel(S, "food", "must be transferred to", "another freezer",
    extra=["During defrosting", "or to a cold room"], mod="obligation")
S = "Never refreeze food that has been defrosted unless it has been cooked in between."
rel(S, "food", "has been defrosted")
rel(S, "it", "has been cooked", None, extra=["in between"])
S = "Thaw frozen food in the refrigerator, not at room temperature; small items may be thawed under cold running water if they are cooked immediately afterwards."
rel(S, "small items", "may be thawed under", "cold running water",
    extra=["if they are cooked immediately afterwards"], mod="permission")
rel(S, "they", "are cooked", None, extra=["immediately afterwards"])
S = "Consider a walk-in cooler whose door was left ajar overnight."
rel(S, "door", "was left", "ajar", extra=["overnight"])
S = "At 07:00 the opening chef reads 11 °C on the display, and the maximum reading shows that the temperature rose above 8 °C at about 01:00."
rel(S, "the opening chef", "reads", "11 °C", extra=["At 07:00", "on the display"])
rel(S, "the maximum reading", "shows", "that the temperature rose above 8 °C at about 01:00")
rel(S, "the temperature", "rose above", "8 °C", extra=["at about 01:00"])
S = "Because the food has been above 8 °C for roughly six hours, all cooked meat, dairy products, prepared salads and other high-risk food in the cooler must be discarded."
rel(S, "the food", "has been above", "8 °C", extra=["for roughly six hours"])
rel(S, "all cooked meat, dairy products, prepared salads and other high-risk food in the cooler",
    "must be discarded", None, mod="obligation")
S = "Whole uncut vegetables and sealed canned goods can be kept."
rel(S, "Whole uncut vegetables and sealed canned goods", "can be kept", None, mod="permission")
S = "The dry store is a room that nobody likes to clean, but it must be included in the weekly cleaning schedule."
rel(S, "The dry store", "is", "a room that nobody likes to clean")
rel(S, "nobody", "likes to clean", N("a room", 1))
rel(S, "it", "must be included in", "the weekly cleaning schedule", mod="obligation")

# ============================================================================================
doc("software_ops/production_deployments.md")
# ============================================================================================
S = "Applies to every service that runs in the production clusters."
rel(S, "every service", "runs in", "the production clusters")
S = "A deployment is the process of releasing a new version of a service into an environment."
rel(S, "A deployment", "is", "the process of releasing a new version of a service into an environment")
S = "A canary release is a deployment strategy in which the new version is first rolled out to a small share of servers or users while the rest keep running the old version."
rel(S, "A canary release", "is",
    "a deployment strategy in which the new version is first rolled out to a small share of servers or users while the rest keep running the old version")
rel(S, N("the new version", 1), "is first rolled out to", "a small share of servers or users",
    extra=["while the rest keep running the old version"])
rel(S, "the rest", "keep running", "the old version")
S = "Rollback refers to restoring the previously deployed version of a service."
rel(S, "Rollback", "refers to", "restoring the previously deployed version of a service")
S = "The change freeze, also known as the code freeze, is a period during which no non-emergency changes may be deployed to production."
rel(S, "The change freeze", "also known as", "the code freeze")
rel(S, "The change freeze", "is", "a period during which no non-emergency changes may be deployed to production")
rel(S, "no non-emergency changes", "may be deployed to", "production", mod="permission")
S = "A feature flag is a configuration switch that turns a code path on or off at runtime without a new deployment."
rel(S, "A feature flag", "is",
    "a configuration switch that turns a code path on or off at runtime without a new deployment")
rel(S, "a configuration switch", "turns", "a code path",
    extra=["on or off", "at runtime", "without a new deployment"])
S = "Deployments to production are permitted only when the CI pipeline is green and the change has been approved by a second engineer."
rel(S, "Deployments to production", "are permitted", None,
    extra=["only when the CI pipeline is green and the change has been approved by a second engineer"])
rel(S, "the CI pipeline", "is", "green")
rel(S, "the change", "has been approved by", "a second engineer")
S = "Database migrations shall be backward compatible with the version that is currently running, so that a rollback never requires a reverse migration."
rel(S, "Database migrations", "shall be", "backward compatible with the version that is currently running",
    mod="obligation")
rel(S, "the version", "is currently running")
rel(S, "a rollback", "never requires", "a reverse migration", neg=True)
S = "Every deployment must reference a ticket."
rel(S, "Every deployment", "must reference", "a ticket", mod="obligation")
S = "Do not deploy on Fridays after 15:00 or on public holidays unless the change fixes a SEV1 incident."
rel(S, "the change", "fixes", "a SEV1 incident")
S = "During a change freeze, deployments need written approval from the head of engineering."
rel(S, "deployments", "need", "written approval from the head of engineering",
    extra=["During a change freeze"])
S = "Deploy the new version to the canary group, which receives 5% of traffic."
rel(S, "the canary group", "receives", "5% of traffic")
S = "Once the canary has been healthy for 30 minutes, promote the release to 25%, then 50%, then 100% of traffic."
rel(S, "the canary", "has been", "healthy", extra=["for 30 minutes"])
S = "If the error rate of the canary exceeds 1% for five minutes, roll back immediately."
rel(S, "the error rate of the canary", "exceeds", "1%", extra=["for five minutes"])
S = "Roll back as well if p99 latency is more than 20% above the baseline and the increase is not explained by traffic."
rel(S, "p99 latency", "is", "more than 20% above the baseline")
rel(S, "the increase", "is not explained by", "traffic", neg=True)
S = "You do not need permission to roll back: any engineer may roll back a deployment that is harming users."
rel(S, "You", "do not need", "permission", extra=["to roll back"], neg=True)
rel(S, "any engineer", "may roll back", "a deployment that is harming users", mod="permission")
rel(S, "a deployment", "is harming", "users")
S = "Risky changes, for instance a new payment flow or a new search ranking, should be shipped behind a feature flag."
rel(S, "Risky changes", "should be shipped behind", "a feature flag", mod="recommendation")
S = "Flags that have been fully enabled for more than 30 days ought to be removed from the code, because stale flags and other forms of configuration debt make incidents harder to diagnose."
rel(S, "Flags that have been fully enabled for more than 30 days", "ought to be removed from",
    "the code", mod="recommendation")
rel(S, "Flags", "have been fully enabled", None, extra=["for more than 30 days"])
rel(S, "stale flags and other forms of configuration debt", "make", "incidents harder to diagnose")
S = "Example 1: The orders team deployed version 4.12 of the checkout service at 10:05."
rel(S, "The orders team", "deployed", "version 4.12 of the checkout service", extra=["at 10:05"])
S = "At 10:11 the canary error rate reached 2.3%, caused by a missing environment variable."
rel(S, "the canary error rate", "reached", "2.3%", extra=["At 10:11"])
rel(S, "the canary error rate", "caused by", "a missing environment variable")
S = "The deploying engineer rolled back at 10:12, fixed the configuration and redeployed at 11:00."
rel(S, "The deploying engineer", "rolled back", None, extra=["at 10:12"])
rel(S, "The deploying engineer", "fixed", "the configuration")
rel(S, "The deploying engineer", "redeployed", None, extra=["at 11:00"])
S = "No customer-facing alert fired, because only 5% of traffic had reached the canary."
rel(S, "No customer-facing alert", "fired")
rel(S, "only 5% of traffic", "had reached", "the canary")
S = "Suppose a deployment must go out on a Friday afternoon to fix a bug that shows wrong prices to customers."
rel(S, "a deployment", "must go out", None,
    extra=["on a Friday afternoon", "to fix a bug that shows wrong prices to customers"],
    mod="obligation")
rel(S, "a bug", "shows", "wrong prices", extra=["to customers"])
S = "Because the bug is classed as SEV1, the Friday rule does not apply, but the deployment still requires a green pipeline and a second approver."
rel(S, "the bug", "is classed as", "SEV1")
rel(S, "the Friday rule", "does not apply", neg=True)
rel(S, "the deployment", "still requires", "a green pipeline and a second approver")
S = "The deploying engineer owns the deployment until it has reached 100% of traffic and has stayed healthy for one hour."
rel(S, "The deploying engineer", "owns", "the deployment",
    extra=["until it has reached 100% of traffic and has stayed healthy for one hour"])
rel(S, "it", "has reached", "100% of traffic")
rel(S, "it", "has stayed", "healthy", extra=["for one hour"])
S = "The deploying engineer has to stay online during that hour and must hand over to the on-call engineer before logging off."
rel(S, "The deploying engineer", "has to stay", "online", extra=["during that hour"],
    mod="obligation")
rel(S, "The deploying engineer", "must hand over to", "the on-call engineer",
    extra=["before logging off"], mod="obligation")
S = "The deployment tool can roll out to all regions at once, but this is not allowed: regions must be deployed one at a time."
rel(S, "The deployment tool", "can roll out to", "all regions", extra=["at once"])
rel(S, "this", "is not allowed", neg=True)
rel(S, "regions", "must be deployed", None, extra=["one at a time"], mod="obligation")


# ============================================================================================
# Offsets and validation
# ============================================================================================

class GoldError(Exception):
    pass


def _where(f) -> str:
    return f"[{f['doc']}: {f['sent'][:70]!r}]"


def _find(text: str, needle: str, lo: int, hi: int) -> int:
    """First whole-word occurrence of ``needle`` in ``text[lo:hi]`` (-1 if none)."""
    pos = text.find(needle, lo)
    while pos >= 0 and pos + len(needle) <= hi:
        before = text[pos - 1] if pos > 0 else " "
        after = text[pos + len(needle)] if pos + len(needle) < len(text) else " "
        if not (needle[0].isalnum() and before.isalnum()) and not (
                needle[-1].isalnum() and after.isalnum()):
            return pos
        pos = text.find(needle, pos + 1)
    return -1


def _span(text: str, lo: int, hi: int, spec, frm: int, f) -> dict:
    if isinstance(spec, N):
        needle, n = spec
        pos = lo - 1
        for _ in range(n):
            pos = _find(text, needle, pos + 1, hi)
            if pos < 0:
                raise GoldError(f"span {needle!r} (#{n}) not found {_where(f)}")
    elif isinstance(spec, str):
        needle = spec
        pos = _find(text, needle, frm, hi)
        if pos < 0:
            raise GoldError(f"span {needle!r} not found after offset {frm - lo} {_where(f)}")
    else:
        raise GoldError(f"bad span spec {spec!r} {_where(f)}")
    out = {"text": text[pos:pos + len(needle)], "start": pos, "end": pos + len(needle)}
    assert text[out["start"]:out["end"]] == needle, out
    if needle != needle.strip() or needle[-1] in ".;:,":
        raise GoldError(f"span with outer whitespace or final punctuation {needle!r} {_where(f)}")
    return out


def build() -> list[dict]:
    docs, _ = read_corpus([str(ROOT / "data")])
    texts = {d.id: d.text for d in docs}
    records, seen = [], set()
    for f in FACTS:
        text = texts.get(f["doc"])
        if text is None:
            raise GoldError(f"unknown document {f['doc']!r}")
        if text.count(f["sent"]) != 1:
            raise GoldError(f"sentence occurs {text.count(f['sent'])} times {_where(f)}")
        lo = text.find(f["sent"])
        hi = lo + len(f["sent"])
        subj = _span(text, lo, hi, f["subject"], lo, f)
        pred = _span(text, lo, hi, f["predicate"], subj["end"], f)
        obj = None if f["object"] is None else _span(text, lo, hi, f["object"], pred["end"], f)
        extra = [_span(text, lo, hi, e, lo, f) for e in f["extra_args"]]
        if f["modality"] not in MODALITIES:
            raise GoldError(f"bad modality {f['modality']!r} {_where(f)}")
        rec = {"kind": "relation", "id": "", "doc": f["doc"],
               "sentence": {"text": text[lo:hi], "start": lo, "end": hi},
               "sentence_start": lo, "sentence_end": hi, "subject": subj, "predicate": pred,
               "object": obj, "extra_args": extra, "negated": f["negated"],
               "modality": f["modality"]}
        for sp in [rec["sentence"], subj, pred, obj, *extra]:
            if sp is not None:
                assert text[sp["start"]:sp["end"]] == sp["text"], sp
                assert lo <= sp["start"] and sp["end"] <= hi, sp
        key = json.dumps([rec["doc"], subj, pred, obj], sort_keys=True)
        if key in seen:
            raise GoldError(f"duplicate relation {_where(f)}")
        seen.add(key)
        rec["id"] = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        records.append(rec)
    return records


def main() -> int:
    try:
        records = build()
    except GoldError as exc:
        print(f"make_relations: {exc}", file=sys.stderr)
        return 1
    with OUT.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    per_doc = Counter(r["doc"] for r in records)
    print(f"wrote {len(records)} relations to {OUT}: " +
          ", ".join(f"{d}={n}" for d, n in sorted(per_doc.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
