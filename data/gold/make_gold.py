#!/usr/bin/env python3
"""Hand-annotated gold facts for the kextract sample corpus -> data/gold/facts.jsonl.

Run from the repository root:

    .venv/bin/python data/gold/make_gold.py

The annotations below are written by hand (see README.md in this folder for the annotation
guidelines and for which documents are annotated exhaustively for which kind). This script only
turns them into character offsets: every sentence and every span is located by its exact text in
the text kextract stores for the document (``kextract.corpus.read_corpus``), and the script stops
with an error if any text is not found, is ambiguous, or does not equal the slice of the document
at the computed offsets. Re-run it whenever the corpus or the text extraction changes.

Compact notation
----------------
``doc(id)`` sets the document for the facts that follow.

Sentence specs:
  "exact sentence text"          must occur exactly once in the document
  R("first words", "last words") from the (unique) start of the first string to the end of the
                                 first occurrence of the last string after it (multi-sentence
                                 passages, lead-in + list rules)
Span specs (located inside the sentence):
  "text"                         first occurrence inside the sentence
  N("text", n)                   n-th occurrence inside the sentence (1-based)
  R("first", "last")             from first to last, both inside the sentence
  WHOLE                          the whole sentence without its final . ; or :
  D("text", n=1)                 n-th occurrence in the whole document (only for the concept of a
                                 worked example, which may be a heading or an earlier term)
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

OUT = Path(__file__).resolve().parent / "facts.jsonl"
MODALITIES = ("obligation", "prohibition", "permission", "recommendation", "none")
MINIMUMS = {"rule": 60, "example": 35, "definition": 35, "relation": 40}


class N(tuple):
    def __new__(cls, text, n):
        return super().__new__(cls, (text, n))


class R(tuple):
    def __new__(cls, first, last):
        return super().__new__(cls, (first, last))


class D(tuple):
    def __new__(cls, text, n=1):
        return super().__new__(cls, (text, n))


WHOLE = object()

FACTS: list[dict] = []
_DOC: list[str] = [""]


def doc(doc_id: str) -> None:
    _DOC[0] = doc_id


def _add(kind: str, sent, **slots) -> None:
    FACTS.append({"kind": kind, "doc": _DOC[0], "sent": sent, **slots})


def rule(sent, cons, cond=(), exc=(), actor=None, mod="obligation", neg=False, logic="and",
         nec=False):
    """A rule: conditions (without cue), exceptions (without cue), consequence, actor."""
    _add("rule", sent, conditions=list(cond), exceptions=list(exc), consequence=cons,
         actor=actor, modality=mod, negated=neg, condition_logic=logic, necessary=nec)


def ex(sent, concept, inst, cue):
    """An example: concept and its instances; ``inst`` is a list of span specs."""
    _add("example", sent, concept=concept, instances=list(inst), cue=cue)


def dfn(sent, term, defn, genus=None, aliases=()):
    """A definition: term, defining text, genus (hypernym) and aliases."""
    _add("definition", sent, term=term, definition=defn, genus=genus, aliases=list(aliases))


def rel(sent, subj, pred, obj=None, extra=(), neg=False, mod="none"):
    """A relation: subject | predicate | object (+ extra arguments)."""
    _add("relation", sent, subject=subj, predicate=pred, object=obj, extra_args=list(extra),
         negated=neg, modality=mod)


# ============================================================================================
# EQUIPMENT
# ============================================================================================

doc("equipment/air_compressor_sop.txt")
# --- definitions
dfn("A reciprocating compressor is a positive-displacement machine that compresses air by means of a piston moving in a cylinder.",
    "reciprocating compressor",
    "a positive-displacement machine that compresses air by means of a piston moving in a cylinder",
    genus="positive-displacement machine")
dfn("The air receiver, that is the pressure vessel which stores the compressed air, collects most of the condensate produced by the compressor.",
    "air receiver", "the pressure vessel which stores the compressed air", genus="pressure vessel")
dfn("The pressure relief valve (PRV) is a spring-loaded valve that opens automatically when the receiver pressure exceeds its set pressure.",
    "pressure relief valve",
    "a spring-loaded valve that opens automatically when the receiver pressure exceeds its set pressure",
    genus="spring-loaded valve", aliases=["PRV"])
dfn("Duty cycle means the percentage of time the compressor is loaded during a given period.",
    "Duty cycle", "the percentage of time the compressor is loaded during a given period",
    genus="percentage")
# --- examples
ex("Contaminants such as oil mist, water droplets and rust particles are removed by the filter and dryer downstream of the receiver.",
   "Contaminants", ["oil mist", "water droplets", "rust particles"], "such as")
ex("Maintenance staff are required to keep the service record, including oil changes, valve inspections and other work on the compressor, up to date.",
   "work on the compressor", ["oil changes", "valve inspections"], "and other")
# --- rules
rule("Before start-up, check the oil level in the crankcase sight glass.", WHOLE)
rule("Do not start the compressor unless the receiver drain valve is closed and the belt guard is fitted.",
     "Do not start the compressor",
     exc=["the receiver drain valve is closed and the belt guard is fitted"],
     mod="prohibition", neg=True)
rule("Where the compressor is installed in an enclosed room, the ventilation fan must run whenever the compressor runs.",
     "the ventilation fan must run",
     cond=["the compressor is installed in an enclosed room", "the compressor runs"])
rule("Gloves must be worn when checking drive belt tension, because the belt edges and the pulley grooves are sharp.",
     "Gloves must be worn", cond=["checking drive belt tension"])
S = "As soon as the receiver pressure reaches 10 bar, the pressure switch should unload the compressor; if it does not, press the stop button and report the fault."
rule(S, "the pressure switch should unload the compressor",
     cond=["the receiver pressure reaches 10 bar"], mod="none")
rule(S, "press the stop button and report the fault",
     cond=["the receiver pressure reaches 10 bar", "it does not"])
rule("Trained operators may adjust the pressure switch set point, but only within the range 7 to 9 bar.",
     WHOLE, actor="Trained operators", mod="permission")
rule("The duty cycle should not exceed 60 percent; a higher duty cycle normally points to a leak in the distribution network.",
     "The duty cycle should not exceed 60 percent", mod="recommendation", neg=True)
rule("Replace the filter element when the differential pressure indicator turns red, for instance after a humid summer month.",
     "Replace the filter element", cond=["the differential pressure indicator turns red"])
rule("The compressor room is a long way from the control room, so the operator must walk down to read the local gauges at least once per shift.",
     "the operator must walk down to read the local gauges at least once per shift",
     actor="the operator")
rule("In the event of the safety valve lifting, stop the compressor and inform the maintenance supervisor.",
     "stop the compressor and inform the maintenance supervisor", cond=["the safety valve lifting"])
S = "If the discharge temperature exceeds 180 degrees Celsius, or if the oil pressure falls below 1 bar, the compressor trips; it must not be reset until the cause has been found."
rule(S, "the compressor trips",
     cond=["the discharge temperature exceeds 180 degrees Celsius", "the oil pressure falls below 1 bar"],
     mod="none", logic="or")
rule(S, "it must not be reset until the cause has been found", mod="prohibition", neg=True)
rule("If the pressure keeps rising after the trip and the PRV does not open, then, if anyone is still in the room, order them out and isolate the compressor at the main switch from outside.",
     "order them out and isolate the compressor at the main switch from outside",
     cond=["the pressure keeps rising after the trip", "the PRV does not open",
           "anyone is still in the room"])
rule("Never tamper with, gag or reset the pressure relief valve.", WHOLE, mod="prohibition", neg=True)
rule("The PRV shall be tested by the competent person at least once a year.", WHOLE,
     actor="the competent person")
rule("Once the compressor has stopped, open the receiver drain to release condensate.",
     "open the receiver drain to release condensate", cond=["the compressor has stopped"])
rule("The receiver must be drained at least once a day.", WHOLE)
rule("Operators can skip the daily drain check on days when the compressor has not run at all, provided that they record this in the log book.",
     "Operators can skip the daily drain check",
     cond=["the compressor has not run at all", "they record this in the log book"],
     actor="Operators", mod="permission")
rule("The workshop supervisor is responsible for ensuring that only trained operators run the compressor.",
     WHOLE, actor="The workshop supervisor")
rule("Maintenance staff are required to keep the service record, including oil changes, valve inspections and other work on the compressor, up to date.",
     WHOLE, actor="Maintenance staff")
# --- relations
rel("The compressor can deliver 420 litres of free air per minute at 8 bar.",
    "The compressor", "can deliver", "420 litres of free air", extra=["per minute", "at 8 bar"])
rel("The air receiver, that is the pressure vessel which stores the compressed air, collects most of the condensate produced by the compressor.",
    "The air receiver", "collects", "most of the condensate produced by the compressor")
rel("Contaminants such as oil mist, water droplets and rust particles are removed by the filter and dryer downstream of the receiver.",
    "Contaminants", "are removed by", "the filter and dryer downstream of the receiver")
rel("The duty cycle should not exceed 60 percent; a higher duty cycle normally points to a leak in the distribution network.",
    "a higher duty cycle", "points to", "a leak in the distribution network", extra=["normally"])

doc("equipment/boiler_operation.html")
dfn("A fire-tube boiler is a type of boiler in which hot combustion gases pass through tubes that are surrounded by water.",
    "fire-tube boiler",
    "a type of boiler in which hot combustion gases pass through tubes that are surrounded by water",
    genus="boiler")
ex("A fire-tube boiler is a type of boiler in which hot combustion gases pass through tubes that are surrounded by water.",
   N("boiler", 2), ["fire-tube boiler"], "type of")
dfn("Blowdown refers to the controlled removal of water from the boiler in order to limit the concentration of dissolved solids and sludge.",
    "Blowdown",
    "the controlled removal of water from the boiler in order to limit the concentration of dissolved solids and sludge",
    genus="controlled removal")
dfn("Total dissolved solids (TDS) is the mass of dissolved salts per litre of boiler water.",
    "Total dissolved solids", "the mass of dissolved salts per litre of boiler water",
    genus="mass", aliases=["TDS"])
dfn("The low-water cutoff, also called the LWCO, is a float or probe device that shuts off the burner when the water level falls below a safe level.",
    "low-water cutoff",
    "a float or probe device that shuts off the burner when the water level falls below a safe level",
    genus="float or probe device", aliases=["LWCO"])
dfn("The person in charge of a boiler during a shift is known as the boiler attendant.",
    "boiler attendant", "The person in charge of a boiler during a shift", genus="person")
ex(R("Example 2: On a Monday morning", "adjusted the dosing rate."),
   D("Operating limits"), [R("On a Monday morning", "adjusted the dosing rate")], "example")
rel("Feed water shall not be added to a boiler whose water level has dropped out of sight, because cold water on overheated tubes can cause them to fail violently.",
    "cold water on overheated tubes", "can cause", "them to fail violently")
rel("In the event of a flame failure, the burner control locks out.",
    "the burner control", "locks out", None, extra=["In the event of a flame failure"])
rel("Operators like the new magnetic level indicator, but it does not replace the gauge glass; both must be checked on every round.",
    "Operators", "like", "the new magnetic level indicator")

doc("equipment/centrifugal_pump_maintenance.md")
dfn("A centrifugal pump is a rotodynamic pump that uses a rotating impeller to raise the pressure and flow of a liquid.",
    "centrifugal pump",
    "a rotodynamic pump that uses a rotating impeller to raise the pressure and flow of a liquid",
    genus="rotodynamic pump")
S = "The impeller, the vaned wheel that transfers energy from the shaft to the liquid, runs inside a spiral casing called the volute."
dfn(S, "impeller", "the vaned wheel that transfers energy from the shaft to the liquid",
    genus="vaned wheel")
dfn(S, "volute", "a spiral casing", genus="spiral casing")
dfn("Cavitation refers to the formation and sudden collapse of vapour bubbles inside the pump when the local pressure falls below the vapour pressure of the liquid.",
    "Cavitation",
    "the formation and sudden collapse of vapour bubbles inside the pump when the local pressure falls below the vapour pressure of the liquid",
    genus="formation and sudden collapse")
dfn("Net positive suction head (NPSH) is defined as the margin between the absolute pressure at the pump suction and the vapour pressure of the liquid, expressed as a head of liquid.",
    "Net positive suction head",
    "the margin between the absolute pressure at the pump suction and the vapour pressure of the liquid, expressed as a head of liquid",
    genus="margin", aliases=["NPSH"])
dfn("A mechanical seal, also known as a face seal, stops leakage where the shaft passes through the casing.",
    "mechanical seal", "stops leakage where the shaft passes through the casing",
    aliases=["face seal"])
ex("Inspect the seal area for drips, and the baseplate for oil, water or other signs of leakage.",
   "signs of leakage", ["oil", "water"], "or other")
ex("Use only lithium-complex greases such as EP2 grade or other greases approved by the lubrication engineer.",
   "lithium-complex greases", ["EP2 grade"], "such as")
ex(R("Example 1: Pump P-104", "replaced the next morning."),
   D("Abnormal conditions"), [R("Pump P-104", "replaced the next morning")], "example")
ex(R("Consider a pump that vibrates only at low flow.", "rather than replacing the bearings."),
   D("Abnormal conditions"), [R("a pump that vibrates", "rather than replacing the bearings")],
   "consider")
# --- rules
rule("The operator on shift shall carry out the following checks at the start of every shift:",
     WHOLE, actor="The operator on shift")
rule("Read the suction and discharge pressure gauges and compare them with the values on the pump data card.", WHOLE)
rule("Listen for unusual noise, especially a crackling sound like gravel passing through the casing, which usually indicates cavitation.", WHOLE)
ex("Listen for unusual noise, especially a crackling sound like gravel passing through the casing, which usually indicates cavitation.",
   "unusual noise", ["crackling sound like gravel passing through the casing"], "especially")
rule("Measure the bearing housing temperature with the handheld infrared thermometer.", WHOLE)
rule("Inspect the seal area for drips, and the baseplate for oil, water or other signs of leakage.", WHOLE)
rule("Most mechanics like to check coupling alignment with a dial indicator, but the laser alignment tool is the preferred method on this site.",
     "the laser alignment tool is the preferred method on this site", mod="recommendation")
rule("If the pump overheats, shut it down and let it cool before investigating.",
     "shut it down and let it cool before investigating", cond=["the pump overheats"])
rule("Close discharge valve V2 if the discharge pressure exceeds 6 bar.",
     "Close discharge valve V2", cond=["the discharge pressure exceeds 6 bar"])
rule("Whenever a pump trips on motor overload, the shift supervisor shall record the event in the maintenance log before any restart is attempted.",
     "the shift supervisor shall record the event in the maintenance log before any restart is attempted",
     cond=["a pump trips on motor overload"], actor="the shift supervisor")
rule("Never restart a pump that has tripped on high bearing temperature until a mechanic has inspected the bearings.",
     WHOLE, mod="prohibition", neg=True)
rule(R("If the pump is cavitating:", "Report the event to the maintenance planner."),
     R("Check that the suction valve is fully open.", "Report the event to the maintenance planner"),
     cond=["the pump is cavitating"])
rule("A centrifugal pump can run dry for about 30 seconds before the mechanical seal is damaged, but it must not be run dry deliberately.",
     "it must not be run dry deliberately", mod="prohibition", neg=True)
rule("If the suction tank level falls below the minimum mark and the low-level switch has not stopped the pump, stop the pump by hand.",
     "stop the pump by hand",
     cond=["the suction tank level falls below the minimum mark",
           "the low-level switch has not stopped the pump"])
rule("Bearings shall be regreased every 2,000 running hours unless they are of the sealed-for-life type.",
     "Bearings shall be regreased every 2,000 running hours",
     exc=["they are of the sealed-for-life type"])
rule("Use only lithium-complex greases such as EP2 grade or other greases approved by the lubrication engineer.", WHOLE)
S = "Over-greasing is a frequent cause of high bearing temperature, so add grease slowly and stop when fresh grease appears at the relief port."
rule(S, "add grease slowly")
rule(S, "stop", cond=["fresh grease appears at the relief port"])
rule("Mechanical seals must be replaced only when the pump has been isolated, drained and locked out in accordance with procedure EQ-LOTO-01.",
     "Mechanical seals must be replaced",
     cond=["the pump has been isolated, drained and locked out in accordance with procedure EQ-LOTO-01"],
     nec=True)
rule("Operators may replace the gland packing on low-pressure pumps provided that they have completed the packing course.",
     "Operators may replace the gland packing on low-pressure pumps",
     cond=["they have completed the packing course"], actor="Operators", mod="permission")
rule("The pump bay is a cramped space that is awkward to work in, so plan the job before removing any guard.",
     "plan the job before removing any guard")
rule("In this case the pump is probably operating far to the left of its best efficiency point; raise the flow or fit a minimum-flow bypass rather than replacing the bearings.",
     "raise the flow or fit a minimum-flow bypass rather than replacing the bearings")
# --- relations
rel("The impeller, the vaned wheel that transfers energy from the shaft to the liquid, runs inside a spiral casing called the volute.",
    "The impeller", "runs inside", "a spiral casing called the volute")
rel("A mechanical seal, also known as a face seal, stops leakage where the shaft passes through the casing.",
    "A mechanical seal", "stops", "leakage", extra=["where the shaft passes through the casing"])
rel("Listen for unusual noise, especially a crackling sound like gravel passing through the casing, which usually indicates cavitation.",
    "a crackling sound like gravel passing through the casing", "indicates", "cavitation",
    extra=["usually"])
rel("Over-greasing is a frequent cause of high bearing temperature, so add grease slowly and stop when fresh grease appears at the relief port.",
    "Over-greasing", "is a frequent cause of", "high bearing temperature")
rel("A centrifugal pump can run dry for about 30 seconds before the mechanical seal is damaged, but it must not be run dry deliberately.",
    "A centrifugal pump", "can run dry", None,
    extra=["for about 30 seconds", "before the mechanical seal is damaged"])
rel("Most mechanics like to check coupling alignment with a dial indicator, but the laser alignment tool is the preferred method on this site.",
    "Most mechanics", "like to check", "coupling alignment", extra=["with a dial indicator"])

doc("equipment/lockout_tagout_procedure.txt")
dfn("Lockout is the placement of a lock on an energy-isolating device so that the equipment cannot be operated until the lock is removed.",
    "Lockout",
    "the placement of a lock on an energy-isolating device so that the equipment cannot be operated until the lock is removed",
    genus="placement")
dfn("Tagout refers to the placement of a warning tag on an energy-isolating device to show that the equipment must not be operated.",
    "Tagout",
    "the placement of a warning tag on an energy-isolating device to show that the equipment must not be operated",
    genus="placement")
S = "Energy-isolating device means a mechanical device that physically prevents the transmission or release of energy, such as a manually operated circuit breaker, a disconnect switch or a line valve."
dfn(S, "Energy-isolating device",
    "a mechanical device that physically prevents the transmission or release of energy",
    genus="mechanical device")
ex(S, "Energy-isolating device",
   ["manually operated circuit breaker", "disconnect switch", "line valve"], "such as")
ex("Push buttons, selector switches and other control-circuit devices are not energy-isolating devices.",
   "control-circuit devices", ["Push buttons", "selector switches"], "and other")
dfn("An authorized employee is a person who locks out or tags out equipment in order to service it.",
    "authorized employee", "a person who locks out or tags out equipment in order to service it",
    genus="person")
S = "Stored energy, also called residual energy, is energy that remains in a machine after it has been isolated, for example in springs, capacitors, raised loads or pressurized lines."
dfn(S, "Stored energy", "energy that remains in a machine after it has been isolated",
    genus="energy", aliases=["residual energy"])
ex(S, "Stored energy", ["springs", "capacitors", "raised loads", "pressurized lines"],
   "for example")
ex("A tag may be used without a lock only if the energy-isolating device cannot physically accept a lock and the plant engineer has approved additional measures, e.g. removal of a fuse or a valve handle.",
   "additional measures", ["removal of a fuse or a valve handle"], "e.g.")
ex("Operate every energy-isolating device so that the equipment is isolated from all energy sources, including electrical, hydraulic, pneumatic, thermal and gravitational energy.",
   "energy sources",
   ["electrical", "hydraulic", "pneumatic", "thermal", "gravitational energy"], "including")
ex(R("Consider a hydraulic press with its ram in the raised position.", "places a hand under it."),
   D("stored energy", 2), [R("a hydraulic press with its ram", "places a hand under it")],
   "consider")
rel("Push buttons, selector switches and other control-circuit devices are not energy-isolating devices.",
    "Push buttons, selector switches and other control-circuit devices", "are not",
    "energy-isolating devices", neg=True)
rel("Shift changes do not cancel a lockout: the incoming employee must apply a lock before the outgoing employee removes his.",
    "Shift changes", "do not cancel", "a lockout", neg=True)
rel("Shift changes do not cancel a lockout: the incoming employee must apply a lock before the outgoing employee removes his.",
    "the incoming employee", "must apply", "a lock",
    extra=["before the outgoing employee removes his"], mod="obligation")
rel("Even with the pump isolated and locked, the ram can fall under gravity if a hose is disconnected.",
    "the ram", "can fall", None,
    extra=["under gravity", "Even with the pump isolated and locked", "if a hose is disconnected"])
rel("Each authorized employee shall apply his or her own personal lock.",
    "Each authorized employee", "shall apply", "his or her own personal lock", mod="obligation")

doc("equipment/rotating_machinery_safety.pdf")
ex("These rules apply to all rotating machinery on site, including lathes, drill presses, milling machines, belt conveyors, pumps, fans and shaft couplings.",
   "rotating machinery",
   ["lathes", "drill presses", "milling machines", "belt conveyors", "pumps", "fans",
    "shaft couplings"], "including")
ex("Portable rotating tools such as angle grinders and paddle mixers are covered as well when they are used in the maintenance workshop.",
   "Portable rotating tools", ["angle grinders", "paddle mixers"], "such as")
S = "A nip point, also known as a pinch point or in-running nip, is the point where two parts move together and can draw in a hand, clothing or hair, for example where a belt runs onto a pulley."
dfn(S, "nip point",
    "the point where two parts move together and can draw in a hand, clothing or hair",
    genus="point", aliases=["pinch point", "in-running nip"])
# not an example: "for example where ..." introduces a circumstance, not an instance of a noun
# (README, Examples, "Not examples"); removed in the change log of README.md
dfn("Entanglement refers to the catching and winding of clothing, hair, gloves or jewellery around a rotating part.",
    "Entanglement",
    "the catching and winding of clothing, hair, gloves or jewellery around a rotating part",
    genus="catching and winding")
dfn("A fixed guard is a guard that is held in place by fasteners and can only be removed with a tool.",
    "fixed guard", "a guard that is held in place by fasteners and can only be removed with a tool",
    genus="guard")
dfn("An interlocked guard is a movable guard that is connected to the machine control so that the machine cannot run while the guard is open.",
    "interlocked guard",
    "a movable guard that is connected to the machine control so that the machine cannot run while the guard is open",
    genus="movable guard")
ex("Gloves, loose sleeves, ties, rings and other items that can be caught must not be worn near any exposed rotating part.",
   "items that can be caught", ["Gloves", "loose sleeves", "ties", "rings"], "and other")
ex(R("Example 3: A fitter wearing leather gloves", "or a gloved hand."),
   D("Entanglement"), [R("A fitter wearing leather gloves", "or a gloved hand")], "example")
ex(R("Consider a belt conveyor that stops", "when the jam sensor clears."),
   D("Starting and stopping"), [R("a belt conveyor that stops", "when the jam sensor clears")],
   "consider")
# --- rules
rule("Portable rotating tools such as angle grinders and paddle mixers are covered as well when they are used in the maintenance workshop.",
     "Portable rotating tools such as angle grinders and paddle mixers are covered as well",
     cond=["they are used in the maintenance workshop"], mod="none")
rule("Gloves must not be worn when checking drive belt tension on rotating machinery, because a glove can be drawn into the pulley faster than the hand can be pulled back.",
     "Gloves must not be worn", cond=["checking drive belt tension on rotating machinery"],
     mod="prohibition", neg=True)
rule("Gloves, loose sleeves, ties, rings and other items that can be caught must not be worn near any exposed rotating part.",
     WHOLE, mod="prohibition", neg=True)
rule("Long hair must be tied back or contained under a cap when working near rotating shafts.",
     "Long hair must be tied back or contained under a cap", cond=["working near rotating shafts"])
rule("Safety glasses shall be worn at all times in the workshop.", WHOLE)
rule("Guards must not be removed while the machine is running.", "Guards must not be removed",
     cond=["the machine is running"], mod="prohibition", neg=True)
rule("If a guard is damaged or missing, the machine shall be taken out of service until the guard has been repaired or replaced.",
     "the machine shall be taken out of service until the guard has been repaired or replaced",
     cond=["a guard is damaged or missing"])
rule("Interlocks must never be bypassed, defeated or wedged open.", WHOLE, mod="prohibition",
     neg=True)
rule("Where a guard has to be removed for maintenance, the machine must first be isolated and locked out in accordance with procedure EQ-LOTO-01.",
     "the machine must first be isolated and locked out in accordance with procedure EQ-LOTO-01",
     cond=["a guard has to be removed for maintenance"])
rule("Operators may adjust the tool rest on a bench grinder only when the wheel has stopped.",
     "Operators may adjust the tool rest on a bench grinder", cond=["the wheel has stopped"],
     actor="Operators", mod="permission", nec=True)
rule("The gap between the tool rest and the wheel should not exceed 3 mm.", WHOLE,
     mod="recommendation", neg=True)
rule("Before starting a machine, check that all guards are in place and that nobody is within reach of moving parts.",
     WHOLE)
rule("Never leave a machine running unattended.", WHOLE, mod="prohibition", neg=True)
rule("In case of entanglement, press the nearest emergency stop at once, then isolate the machine before trying to free the person.",
     "press the nearest emergency stop at once, then isolate the machine before trying to free the person",
     cond=["entanglement"])
rule("Do not reverse the machine to free a trapped person unless the maintenance supervisor has confirmed that reversing is safe.",
     "Do not reverse the machine to free a trapped person",
     exc=["the maintenance supervisor has confirmed that reversing is safe"],
     mod="prohibition", neg=True)
rule(R("If an emergency stop button has been pressed:", "record the event in the machine log."),
     R("do not reset it until", "record the event in the machine log"),
     cond=["an emergency stop button has been pressed"])
rule("Since then swarf may be removed only with the spindle stopped, using a swarf hook rather than a brush or a gloved hand.",
     "swarf may be removed", cond=["the spindle stopped"], mod="permission", nec=True)
S = "The conveyor must be isolated first, because the stopped drive can restart automatically when the jam sensor clears."
rule(S, "The conveyor must be isolated first")
rule(S, "the stopped drive can restart automatically", cond=["the jam sensor clears"], mod="none")
# --- relations
rel("These rules apply to all rotating machinery on site, including lathes, drill presses, milling machines, belt conveyors, pumps, fans and shaft couplings.",
    "These rules", "apply to", "all rotating machinery on site")
rel("A rotating shaft can catch loose clothing even when its surface looks perfectly smooth.",
    "A rotating shaft", "can catch", "loose clothing",
    extra=["even when its surface looks perfectly smooth"])
rel("Gloves must not be worn when checking drive belt tension on rotating machinery, because a glove can be drawn into the pulley faster than the hand can be pulled back.",
    "a glove", "can be drawn into", "the pulley",
    extra=["faster than the hand can be pulled back"])
rel("The conveyor must be isolated first, because the stopped drive can restart automatically when the jam sensor clears.",
    "the stopped drive", "can restart", None,
    extra=["automatically", "when the jam sensor clears"])
rel("Interlocks must never be bypassed, defeated or wedged open.",
    "Interlocks", "must never be bypassed", None, neg=True, mod="prohibition")

# ============================================================================================
# ELECTRICAL SAFETY
# ============================================================================================

doc("electrical/residual_current_devices.txt")
S = "A residual current device (RCD) is a protective device that disconnects a circuit automatically when it detects that the current flowing out along the line conductor is not equal to the current returning along the neutral conductor."
dfn(S, "residual current device",
    R("a protective device that disconnects", "returning along the neutral conductor"),
    genus="protective device", aliases=["RCD"])
rel(S, "A residual current device", "disconnects", "a circuit",
    extra=["automatically",
           R("when it detects that the current", "returning along the neutral conductor")])
dfn("In North America a similar device is known as a ground fault circuit interrupter (GFCI).",
    "ground fault circuit interrupter", "a similar device", genus="device", aliases=["GFCI"])
dfn("Residual current refers to the difference between these two currents; it usually means that current is leaking to earth, possibly through a person.",
    "Residual current", "the difference between these two currents", genus="difference")
dfn("The rated residual operating current, written IΔn, is the residual current at which the RCD is designed to trip.",
    "rated residual operating current", "the residual current at which the RCD is designed to trip",
    genus="residual current", aliases=["IΔn"])
S = "An RCBO is a type of RCD that also contains an overcurrent circuit breaker, so that a single device protects one circuit against both earth leakage and overload."
dfn(S, "RCBO",
    "a type of RCD that also contains an overcurrent circuit breaker, so that a single device protects one circuit against both earth leakage and overload",
    genus="RCD")
ex(S, "RCD", ["RCBO"], "type of")
rel(S, "An RCBO", "also contains", "an overcurrent circuit breaker")
rel("An RCD does not protect against every electric shock: a person who touches the line and neutral conductors at the same time, and is insulated from earth, will not be protected.",
    "An RCD", "does not protect against", "every electric shock", neg=True)
dfn("Nuisance tripping is the tripping of an RCD when no dangerous fault is present, often because the combined leakage of many healthy appliances is close to the trip level.",
    "Nuisance tripping", "the tripping of an RCD when no dangerous fault is present",
    genus="tripping")
ex("Circuits supplying equipment used outdoors, in bathrooms or in other wet locations must also have 30 mA RCD protection.",
   "wet locations", ["outdoors", "bathrooms"], "or other")
ex("Warn the users of the circuit before testing, because computers and other equipment on the circuit will lose power.",
   "equipment on the circuit", ["computers"], "and other")
ex(R("Suppose the RCD in the staff kitchen trips", "until it has been inspected."),
   D("Nuisance tripping"), [R("the RCD in the staff kitchen trips", "until it has been inspected")],
   "suppose")
# --- rules
rule("Socket outlets rated up to 32 A shall be protected by an RCD with a rated residual operating current not exceeding 30 mA.", WHOLE)
rule("Circuits supplying equipment used outdoors, in bathrooms or in other wet locations must also have 30 mA RCD protection.", WHOLE)
rule("Where an existing installation has no RCD protection, portable plug-in RCDs may be used as a temporary measure until the installation is upgraded.",
     "portable plug-in RCDs may be used as a temporary measure until the installation is upgraded",
     cond=["an existing installation has no RCD protection"], mod="permission")
rule("Press the test button on every RCD every three months.", WHOLE)
rule("If the RCD does not trip when the test button is pressed, it must be replaced by a qualified electrician.",
     "it must be replaced by a qualified electrician",
     cond=["the RCD does not trip when the test button is pressed"], actor="a qualified electrician")
rule("Record every test in the RCD log, including the date, the location and the result.", WHOLE)
rule("Warn the users of the circuit before testing, because computers and other equipment on the circuit will lose power.",
     "Warn the users of the circuit before testing")
rule("The annual instrument test, which measures the trip time, may be carried out only by a qualified electrician.",
     WHOLE, actor="a qualified electrician", mod="permission")
S = "If an RCD trips repeatedly, do not keep resetting it; unplug all the appliances on the circuit, reset the RCD and plug the appliances back in one at a time until the faulty one is found."
rule(S, "do not keep resetting it", cond=["an RCD trips repeatedly"], mod="prohibition", neg=True)
rule(S, "unplug all the appliances on the circuit, reset the RCD and plug the appliances back in one at a time until the faulty one is found",
     cond=["an RCD trips repeatedly"])
rule("Never bypass or bridge an RCD, even temporarily, and never replace a 30 mA device with a less sensitive one to stop it tripping.",
     WHOLE, mod="prohibition", neg=True)
rule("It should be labelled DO NOT USE and withdrawn from use until it has been inspected.", WHOLE,
     mod="recommendation")
S = "The distribution board in the basement is a cupboard that is often used for storage, which is not allowed: keep at least one metre of clear space in front of every distribution board."
rule(S, "The distribution board in the basement is a cupboard that is often used for storage, which is not allowed",
     mod="prohibition", neg=True)
rule(S, "keep at least one metre of clear space in front of every distribution board")
rel("The test button simulates a leakage current; the device should trip at once.",
    "The test button", "simulates", "a leakage current")
rel("Warn the users of the circuit before testing, because computers and other equipment on the circuit will lose power.",
    "computers and other equipment on the circuit", "will lose", "power")

doc("electrical/working_near_live_conductors.html")
dfn("Live working refers to any work in which a person touches live parts, or reaches into the zone around them, with a part of the body or with a tool.",
    "Live working",
    "any work in which a person touches live parts, or reaches into the zone around them, with a part of the body or with a tool",
    genus="work")
dfn("Dead working is work on equipment that has been isolated, proved dead and secured against re-energisation.",
    "Dead working",
    "work on equipment that has been isolated, proved dead and secured against re-energisation",
    genus="work")
dfn("An arc flash is a sudden release of energy caused by an electric arc, which produces intense heat, light, pressure and molten metal.",
    "arc flash",
    "a sudden release of energy caused by an electric arc, which produces intense heat, light, pressure and molten metal",
    genus="sudden release")
dfn("The arc flash boundary is the distance from an exposed live part at which a person without protective clothing could receive a second-degree burn.",
    "arc flash boundary",
    "the distance from an exposed live part at which a person without protective clothing could receive a second-degree burn",
    genus="distance")
dfn("A competent person, for the purposes of this rule, is someone with the training, experience and knowledge to carry out the specific task safely.",
    "competent person",
    "someone with the training, experience and knowledge to carry out the specific task safely",
    genus="someone")
dfn("The three-step check in items 3 to 5 is known as prove-test-prove.",
    "prove-test-prove", "The three-step check in items 3 to 5", genus="three-step check")
S = "Tasks such as fault-finding with test instruments and voltage measurements can justify live working; convenience or time pressure cannot."
ex(S, "Tasks", ["fault-finding with test instruments", "voltage measurements"], "such as")
rel(S, "Tasks such as fault-finding with test instruments and voltage measurements",
    "can justify", "live working")
rel(S, "convenience or time pressure", "cannot", None, neg=True)
ex("Use only insulated tools, e.g. VDE-rated screwdrivers and pliers, and place insulating mats or shrouds over nearby live parts.",
   "insulated tools", ["VDE-rated screwdrivers", "pliers"], "e.g.")
ex("If the power cannot be switched off quickly, move the casualty away from the source with a dry, non-conducting object such as a wooden broom handle or a plastic chair.",
   "dry, non-conducting object", ["wooden broom handle", "plastic chair"], "such as")
ex(R("Example 3: A technician needed", "standing by at the isolator."),
   D("Live working"), [R("A technician needed", "standing by at the isolator")], "example")
# --- rules
rule("Work on live conductors is prohibited unless it is unreasonable to make the equipment dead, it is reasonable to work live, and suitable precautions have been taken.",
     "Work on live conductors is prohibited",
     exc=["it is unreasonable to make the equipment dead, it is reasonable to work live, and suitable precautions have been taken"],
     mod="prohibition")
rule("Identify the circuit and the point of isolation from the drawings.", WHOLE)
rule("Switch off and isolate the circuit, then lock off the isolator with a personal lock.", WHOLE)
rule("Prove the voltage tester on a known live source or a proving unit.", WHOLE)
rule("Test between all conductors, and between each conductor and earth, to confirm that the circuit is dead.",
     "Test between all conductors, and between each conductor and earth")
rule("Prove the voltage tester again on the same known source.", WHOLE)
rule("If the tester fails the second proving test, treat the circuit as live and repeat the whole procedure with a different tester.",
     "treat the circuit as live and repeat the whole procedure with a different tester",
     cond=["the tester fails the second proving test"])
rule("Do not use a non-contact voltage indicator to prove that a circuit is dead.", WHOLE,
     mod="prohibition", neg=True)
rule("A second person who is trained in first aid and in freeing a casualty from a live conductor must be present.",
     WHOLE, actor="A second person who is trained in first aid and in freeing a casualty from a live conductor")
rule("Use only insulated tools, e.g. VDE-rated screwdrivers and pliers, and place insulating mats or shrouds over nearby live parts.", WHOLE)
rule("Insulating rubber gloves must be worn when working within reach of exposed live parts.",
     "Insulating rubber gloves must be worn", cond=["working within reach of exposed live parts"])
rule("Arc-rated clothing and a face shield are required inside the arc flash boundary.", WHOLE)
rule("In case of electric shock, do not touch the casualty until the power has been switched off.",
     "do not touch the casualty until the power has been switched off", cond=["electric shock"],
     mod="prohibition", neg=True)
rule("If the power cannot be switched off quickly, move the casualty away from the source with a dry, non-conducting object such as a wooden broom handle or a plastic chair.",
     "move the casualty away from the source with a dry, non-conducting object such as a wooden broom handle or a plastic chair",
     cond=["the power cannot be switched off quickly"])
S = "Once the casualty is free, call emergency services and start CPR if they are not breathing normally."
rule(S, "call emergency services", cond=["the casualty is free"])
rule(S, "start CPR", cond=["the casualty is free", "they are not breathing normally"])
rel("Arc-rated clothing and a face shield are required inside the arc flash boundary.",
    "Arc-rated clothing and a face shield", "are required", None,
    extra=["inside the arc flash boundary"])

doc("electrical/portable_appliance_inspection.md")
dfn("Portable appliance testing (PAT) is the routine inspection and testing of electrical equipment that can be moved while it is connected to the supply.",
    "Portable appliance testing",
    "the routine inspection and testing of electrical equipment that can be moved while it is connected to the supply",
    genus="routine inspection and testing", aliases=["PAT"])
S = "A portable appliance is any appliance that is intended to be moved, for example a kettle, a floor polisher or an extension lead."
dfn(S, "portable appliance", "any appliance that is intended to be moved", genus="appliance")
ex(S, "portable appliance", ["kettle", "floor polisher", "extension lead"], "for example")
dfn("A Class I appliance is an appliance that relies on an earth connection, in addition to basic insulation, for protection against electric shock.",
    "Class I appliance",
    "an appliance that relies on an earth connection, in addition to basic insulation, for protection against electric shock",
    genus="appliance")
dfn("A Class II appliance, also called a double-insulated appliance, has two layers of insulation and needs no earth connection; it is marked with a square inside a square.",
    "Class II appliance", "has two layers of insulation and needs no earth connection",
    aliases=["double-insulated appliance"])
dfn("A formal visual inspection is a documented check of an appliance, its plug and its cable, carried out by a trained person without instruments.",
    "formal visual inspection",
    "a documented check of an appliance, its plug and its cable, carried out by a trained person without instruments",
    genus="documented check")
dfn("Extension leads must not be daisy-chained, that is plugged into one another to reach further.",
    "daisy-chained", "plugged into one another to reach further")
ex("Look for signs such as scorch marks, a cracked casing, exposed coloured wires and loose cable grips.",
   "signs", ["scorch marks", "cracked casing", "exposed coloured wires", "loose cable grips"],
   "such as")
ex("Heaters, fans, coffee machines and other personal appliances must not be brought onto site unless they have passed a PAT test.",
   "personal appliances", ["Heaters", "fans", "coffee machines"], "and other")
ex(R("Example 1: During a formal visual inspection", "combined inspection and test."),
   D("formal visual inspection"), [R("During a formal visual inspection", "passed a combined inspection and test")],
   "example")
ex(R("Consider an extension lead that is coiled", "with high-power appliances."),
   D("overloaded or damaged lead"), [R("an extension lead that is coiled", "with high-power appliances")],
   "consider")
rel("Most electrical accidents at work involve portable equipment, because plugs, cables and casings are handled, dropped and pulled every day.",
    "Most electrical accidents at work", "involve", "portable equipment")
rel("A competent person uses a PAT instrument to measure earth continuity and insulation resistance.",
    "A competent person", "uses", "a PAT instrument",
    extra=["to measure earth continuity and insulation resistance"])
rel("A cable that feels warm during use can indicate an overloaded or damaged lead and should be reported.",
    "A cable that feels warm during use", "can indicate", "an overloaded or damaged lead")
rel("The site electrician is responsible for keeping the PAT register up to date.",
    "The site electrician", "is responsible for keeping", "the PAT register", extra=["up to date"])

# ============================================================================================
# FIRST AID
# ============================================================================================

doc("first_aid/burns.md")
dfn("A burn is an injury to the skin or deeper tissues caused by heat, chemicals, electricity, friction or radiation.",
    "burn",
    "an injury to the skin or deeper tissues caused by heat, chemicals, electricity, friction or radiation",
    genus="injury")
dfn("A scald is a burn caused by hot liquid or steam.", "scald", "a burn caused by hot liquid or steam",
    genus="burn")
dfn("A superficial burn, also called a first-degree burn, affects only the outer layer of the skin.",
    "superficial burn", "affects only the outer layer of the skin", aliases=["first-degree burn"])
dfn("A partial-thickness burn (second-degree burn) damages the deeper layers of the skin and usually produces blisters.",
    "partial-thickness burn", "damages the deeper layers of the skin and usually produces blisters",
    aliases=["second-degree burn"])
dfn("A full-thickness burn destroys all layers of the skin.", "full-thickness burn",
    "destroys all layers of the skin")
ex(R("Suppose a kitchen worker spills", "even if the pain has eased."),
   D("scald"), [R("a kitchen worker spills", "even if the pain has eased")], "suppose")
rel("Keep the casualty warm, because cooling a large area can cause hypothermia, especially in infants and elderly people.",
    "cooling a large area", "can cause", "hypothermia",
    extra=["especially in infants and elderly people"])
rel("Many casualties like to keep a burn tightly bandaged, but a tight bandage restricts the swelling and can make the injury worse; cling film laid loosely over the wound is better.",
    "a tight bandage", "restricts", "the swelling")
rel("All full-thickness burns need hospital treatment.", "All full-thickness burns", "need",
    "hospital treatment")

doc("first_aid/choking.txt")
dfn("Choking is a blockage of the upper airway by food or a foreign object that prevents a person from breathing effectively.",
    "Choking",
    "a blockage of the upper airway by food or a foreign object that prevents a person from breathing effectively",
    genus="blockage")
dfn("Mild choking is called a partial obstruction: the person can still speak, cry, cough or breathe.",
    "Mild choking", "the person can still speak, cry, cough or breathe",
    aliases=["partial obstruction"])
dfn("In a severe obstruction the person cannot speak, cough or breathe and may clutch at the throat.",
    "severe obstruction", "the person cannot speak, cough or breathe and may clutch at the throat")
dfn("Abdominal thrusts, also known as the Heimlich manoeuvre, are upward thrusts just above the navel that raise the pressure in the chest and push the object out.",
    "Abdominal thrusts",
    "upward thrusts just above the navel that raise the pressure in the chest and push the object out",
    genus="upward thrusts", aliases=["Heimlich manoeuvre"])
S = "Adults usually choke on food, especially large pieces of meat eaten quickly."
ex(S, "food", ["large pieces of meat eaten quickly"], "especially")
rel(S, "Adults", "choke on", "food", extra=["usually"])
S = "Young children most often choke on small round objects such as grapes, nuts, hard sweets, coins, marbles and other small toys."
ex(S, "small round objects", ["grapes", "nuts", "hard sweets", "coins", "marbles"], "such as")
ex(S, "small toys", ["marbles"], "and other")
rel(S, "Young children", "choke on", "small round objects", extra=["most often"])
# --- rules
rule("Cut grapes and cherry tomatoes lengthways into quarters before giving them to children under five.", WHOLE)
rule("If the person can cough, encourage them to keep coughing.", "encourage them to keep coughing",
     cond=["the person can cough"])
S = "Coughing is the most effective way to clear the airway, so do not slap the back of a person who is coughing well."
rule(S, "do not slap the back of a person who is coughing well", mod="prohibition", neg=True)
rel(S, "Coughing", N("is", 1), "the most effective way to clear the airway")
rule("Stay with them until they have recovered.", WHOLE)
rule(R("If coughing fails or the person cannot cough, speak or breathe:", "whether the obstruction has cleared."),
     R("stand behind them and slightly", "whether the obstruction has cleared"),
     cond=["coughing fails", "the person cannot cough, speak or breathe"], logic="or")
rule("If the back blows do not clear the obstruction, give up to five abdominal thrusts.",
     "give up to five abdominal thrusts", cond=["the back blows do not clear the obstruction"])
rule("Stand behind the person, put your arms around the upper abdomen, place a clenched fist between the navel and the bottom of the breastbone, grasp it with your other hand and pull sharply inwards and upwards.", WHOLE)
rule("Continue alternating five back blows and five abdominal thrusts until the object comes out or the person becomes unresponsive.", WHOLE)
S = "Do not give abdominal thrusts to infants under one year; use back blows and chest thrusts instead."
rule(S, "Do not give abdominal thrusts to infants under one year", mod="prohibition", neg=True)
rule(S, "use back blows and chest thrusts instead")
rule("For a person who is in late pregnancy or who is too large for you to reach around, give chest thrusts in place of abdominal thrusts.",
     "give chest thrusts in place of abdominal thrusts",
     cond=["a person who is in late pregnancy or who is too large for you to reach around"])
rule(R("If the person becomes unresponsive:", "remove any object you can see."),
     R("lower them carefully to the floor;", "remove any object you can see"),
     cond=["the person becomes unresponsive"])
rule("Never perform a blind finger sweep, because it can push the object further down the airway.",
     "Never perform a blind finger sweep", mod="prohibition", neg=True)
S = "Anyone who has received abdominal thrusts must be examined by a doctor, even if they feel well, because the thrusts can cause internal injury."
rule(S, "Anyone who has received abdominal thrusts must be examined by a doctor", actor="a doctor")
rel(S, "the thrusts", "can cause", "internal injury")
rule("A persistent cough, difficulty swallowing or the feeling that something is still stuck in the throat also need medical assessment.", WHOLE)

doc("first_aid/cpr_adult.html")
dfn("Adult Cardiopulmonary Resuscitation (CPR)", "CPR", "Cardiopulmonary Resuscitation",
    aliases=["Cardiopulmonary Resuscitation"])
dfn("Cardiopulmonary resuscitation (CPR) is an emergency procedure that combines chest compressions with rescue breaths to keep oxygenated blood flowing to the brain when the heart has stopped.",
    "Cardiopulmonary resuscitation",
    "an emergency procedure that combines chest compressions with rescue breaths to keep oxygenated blood flowing to the brain when the heart has stopped",
    genus="emergency procedure", aliases=["CPR"])
dfn("Cardiac arrest means the sudden loss of effective heart function.", "Cardiac arrest",
    "the sudden loss of effective heart function", genus="sudden loss")
S = "Agonal breathing refers to occasional, gasping breaths that often occur in the first minutes after cardiac arrest; it is not normal breathing and must not delay CPR."
dfn(S, "Agonal breathing",
    "occasional, gasping breaths that often occur in the first minutes after cardiac arrest",
    genus="occasional, gasping breaths")
rule(S, "it is not normal breathing and must not delay CPR", mod="prohibition", neg=True)
dfn("An automated external defibrillator (AED) is a portable device that analyses the heart rhythm and, if necessary, delivers an electric shock to restore a normal rhythm.",
    "automated external defibrillator",
    "a portable device that analyses the heart rhythm and, if necessary, delivers an electric shock to restore a normal rhythm",
    genus="portable device", aliases=["AED"])
ex("Remove medication patches, for instance nitroglycerin patches, from the pad area.",
   "medication patches", ["nitroglycerin patches"], "for instance")
ex("a paramedic or other healthcare professional takes over;", "healthcare professional",
   ["paramedic"], "or other")
ex(R("Consider a person who collapses in the canteen", "start compressions without delay."),
   D("Agonal breathing"), [R("a person who collapses in the canteen", "start compressions without delay")],
   "consider")
# --- rules
rule("If the person is unresponsive and not breathing normally, call emergency services and start CPR.",
     "call emergency services and start CPR",
     cond=["the person is unresponsive", "not breathing normally"])
rule("Put your phone on speaker so that the call handler can guide you.", "Put your phone on speaker")
rule("Send someone to fetch the nearest automated external defibrillator.", WHOLE)
rule("Kneel beside the casualty and place the heel of one hand in the centre of the chest, on the lower half of the breastbone.", WHOLE)
rule("Place your other hand on top and interlock your fingers.", WHOLE)
rule("Compress the chest to a depth of 5 to 6 cm at a rate of 100 to 120 compressions per minute.", WHOLE)
rule("Let the chest come back up fully after each compression.", WHOLE)
rule("If you are trained and willing, give two rescue breaths after every 30 compressions.",
     "give two rescue breaths after every 30 compressions", cond=["you are trained", "willing"])
rule("If you are untrained or unwilling to give rescue breaths, give continuous chest compressions.",
     "give continuous chest compressions",
     cond=["you are untrained", "unwilling to give rescue breaths"], logic="or")
S = "Swap with another rescuer every two minutes if possible, because the quality of compressions drops quickly when the rescuer becomes tired."
rule(S, "Swap with another rescuer every two minutes", cond=["possible"])
rel(S, "the quality of compressions", "drops", None,
    extra=["quickly", "when the rescuer becomes tired"])
S = "Anyone can use an AED: the device gives spoken instructions and will not deliver a shock unless one is needed."
rule(S, "Anyone can use an AED", actor="Anyone", mod="permission")
rule(S, "the device gives spoken instructions and will not deliver a shock", exc=["one is needed"],
     mod="none", neg=True)
rel(S, "Anyone", "can use", "an AED", mod="permission")
rel(S, "the device", "will not deliver", "a shock", extra=["unless one is needed"], neg=True)
rule("As soon as an AED arrives, switch it on and follow its spoken instructions.",
     "switch it on and follow its spoken instructions", cond=["an AED arrives"])
rule("Do not touch the casualty while the AED is analysing the rhythm or delivering a shock.",
     "Do not touch the casualty", cond=["the AED is analysing the rhythm or delivering a shock"],
     mod="prohibition", neg=True)
rule("If the casualty's chest is wet, wipe it dry before attaching the pads.",
     "wipe it dry before attaching the pads", cond=["the casualty's chest is wet"])
rule("Remove medication patches, for instance nitroglycerin patches, from the pad area.", WHOLE)
rule(R("Continue CPR until:", "the scene becomes unsafe."),
     R("Continue CPR until:", "the scene becomes unsafe"))
rule("You may stop compressions briefly when the AED tells you to stand clear.",
     "You may stop compressions briefly", cond=["the AED tells you to stand clear"], actor="You",
     mod="permission")
rule("If the casualty starts breathing normally, place them in the recovery position and monitor their breathing until help arrives.",
     "place them in the recovery position and monitor their breathing until help arrives",
     cond=["the casualty starts breathing normally"])
rule("These sounds are agonal breathing, so the first aider should call for an AED and start compressions without delay.",
     "the first aider should call for an AED and start compressions without delay",
     actor="the first aider", mod="recommendation")
# (the page footer "Report errors to the first aid coordinator." is boilerplate that the HTML reader drops)

doc("first_aid/managing_shock.docx")
dfn("Shock is a life-threatening condition in which the circulatory system fails to supply enough oxygen-rich blood to the vital organs.",
    "Shock",
    "a life-threatening condition in which the circulatory system fails to supply enough oxygen-rich blood to the vital organs",
    genus="life-threatening condition")
S = "Hypovolaemic shock refers to shock caused by a loss of blood or other body fluids, for example from severe bleeding, burns, vomiting or diarrhoea."
dfn(S, "Hypovolaemic shock", "shock caused by a loss of blood or other body fluids", genus="shock")
ex(S, "loss of blood or other body fluids", ["severe bleeding", "burns", "vomiting", "diarrhoea"],
   "for example")
ex(S, "body fluids", ["blood"], "or other")
dfn("Cardiogenic shock is shock caused by the heart failing to pump effectively, usually after a heart attack.",
    "Cardiogenic shock",
    "shock caused by the heart failing to pump effectively, usually after a heart attack",
    genus="shock")
S = "Anaphylaxis, a severe allergic reaction, can cause anaphylactic shock within minutes."
dfn(S, "Anaphylaxis", "a severe allergic reaction", genus="severe allergic reaction")
rel(S, "Anaphylaxis", "can cause", "anaphylactic shock", extra=["within minutes"])
S = "Septic shock is another type of shock, caused by an overwhelming infection."
dfn(S, "Septic shock", "another type of shock, caused by an overwhelming infection",
    genus=N("shock", 2))
ex(S, N("shock", 2), ["Septic shock"], "type of")
ex("If you suspect shock, call emergency services and treat any obvious cause, such as bleeding.",
   "obvious cause", ["bleeding"], "such as")
ex(R("Suppose a worker's forearm", "keeping pressure on the dressing."),
   D("Hypovolaemic shock"), [R("a worker's forearm", "keeping pressure on the dressing")],
   "suppose")
rel("Shock can develop slowly, so a casualty who seems well at first should still be watched closely.",
    "Shock", "can develop", None, extra=["slowly"])

doc("first_aid/severe_bleeding.txt")
dfn("Haemorrhage means heavy loss of blood from a damaged blood vessel.", "Haemorrhage",
    "heavy loss of blood from a damaged blood vessel", genus="heavy loss")
dfn("Arterial bleeding is bleeding from an artery; the blood is bright red and spurts in time with the heartbeat.",
    "Arterial bleeding", "bleeding from an artery", genus="bleeding")
dfn("Venous bleeding refers to bleeding from a vein, in which darker blood flows steadily from the wound.",
    "Venous bleeding", "bleeding from a vein, in which darker blood flows steadily from the wound",
    genus="bleeding")
dfn("A tourniquet is a constricting band that is applied around a limb to stop the flow of blood to a wound below it.",
    "tourniquet",
    "a constricting band that is applied around a limb to stop the flow of blood to a wound below it",
    genus="constricting band")
S = "A haemostatic dressing is a gauze dressing impregnated with an agent, such as kaolin or chitosan, that speeds up clotting."
dfn(S, "haemostatic dressing",
    "a gauze dressing impregnated with an agent, such as kaolin or chitosan, that speeds up clotting",
    genus="gauze dressing")
ex(S, "agent", ["kaolin", "chitosan"], "such as")
ex("Improvised tourniquets, e.g. a belt or a tie twisted with a stick, are much less effective than commercial ones and should be used only as a last resort.",
   "Improvised tourniquets", ["belt", "tie twisted with a stick"], "e.g.")
ex("In the event of an object such as glass, metal or wood being embedded in the wound, do not remove it, because it may be plugging the bleeding.",
   "object", ["glass", "metal", "wood"], "such as")
ex("If the casualty shows signs of shock, such as pale, clammy skin, a rapid, weak pulse and confusion, lay them down and raise their legs unless you suspect a fracture of the leg or pelvis.",
   "signs of shock", ["pale, clammy skin", "rapid, weak pulse", "confusion"], "such as")
S = "A nosebleed is a common kind of minor bleeding."
dfn(S, "nosebleed", "a common kind of minor bleeding", genus="minor bleeding")
ex(S, "minor bleeding", ["nosebleed"], "kind of")
rel("Heavy bleeding often leads to shock.", "Heavy bleeding", "leads to", "shock", extra=["often"])
rel("Severe bleeding can kill within minutes, so act quickly and call for help early.",
    "Severe bleeding", "can kill", None, extra=["within minutes"])

# ============================================================================================
# FOOD SAFETY
# ============================================================================================

doc("food_safety/allergen_management.html")
dfn("A food allergen is a substance in food, usually a protein, that causes an abnormal immune response in sensitive people.",
    "food allergen",
    "a substance in food, usually a protein, that causes an abnormal immune response in sensitive people",
    genus="substance")
dfn("Anaphylaxis is a severe, potentially fatal allergic reaction that can develop within minutes of eating a trigger food.",
    "Anaphylaxis",
    "a severe, potentially fatal allergic reaction that can develop within minutes of eating a trigger food",
    genus="severe, potentially fatal allergic reaction")
dfn("Cross-contact refers to the accidental transfer of an allergen from one food, surface or utensil to another food.",
    "Cross-contact",
    "the accidental transfer of an allergen from one food, surface or utensil to another food",
    genus="accidental transfer")
S = 'Precautionary allergen labelling (PAL) is a voluntary statement on packaging, e.g. "may contain nuts", that warns of an unavoidable risk of cross-contact.'
dfn(S, "Precautionary allergen labelling",
    'a voluntary statement on packaging, e.g. "may contain nuts", that warns of an unavoidable risk of cross-contact',
    genus="voluntary statement", aliases=["PAL"])
ex(S, "Precautionary allergen labelling", ["may contain nuts"], "e.g.")
rel("A food intolerance is not an allergy: it does not involve the immune system, although it can still make a customer ill.",
    "A food intolerance", "is not", "an allergy", neg=True)
S = "For example, Worcestershire sauce contains fish, many gravy granules contain wheat, and pesto usually contains tree nuts as well as milk."
ex(S, D("Hidden sources"), [R("Worcestershire sauce", "as well as milk")], "for example")
rel(S, "Worcestershire sauce", N("contains", 1), "fish")
rel(S, "many gravy granules", "contain", "wheat")
rel(S, "pesto", "contains", "tree nuts as well as milk", extra=["usually"])
S = "Substitute products, such as a different brand of stock cubes or bread, often contain different allergens."
ex(S, "Substitute products", ["different brand of stock cubes or bread"], "such as")
rel(S, "Substitute products", "contain", "different allergens", extra=["often"])
ex("If a customer shows signs of an allergic reaction, such as swelling of the lips or tongue, difficulty breathing or a sudden rash, call emergency services at once.",
   "signs of an allergic reaction",
   ["swelling of the lips or tongue", "difficulty breathing", "sudden rash"], "such as")

doc("food_safety/cleaning_and_sanitizing_latin1.txt")
dfn("Cleaning is the removal of visible soil, grease and food residue from a surface.", "Cleaning",
    "the removal of visible soil, grease and food residue from a surface", genus="removal")
dfn("Sanitizing means reducing the number of micro-organisms on a clean surface to a safe level.",
    "Sanitizing", "reducing the number of micro-organisms on a clean surface to a safe level")
S = "A food-contact surface is any surface that normally comes into contact with food, such as chopping boards, knives, slicer blades, mixing bowls and the inside of the purée blender."
dfn(S, "food-contact surface", "any surface that normally comes into contact with food",
    genus="surface")
ex(S, "food-contact surface",
   ["chopping boards", "knives", "slicer blades", "mixing bowls", "inside of the purée blender"],
   "such as")
dfn("Contact time, also called dwell time, is the length of time a sanitizer must stay wet on a surface in order to work.",
    "Contact time", "the length of time a sanitizer must stay wet on a surface in order to work",
    genus="length", aliases=["dwell time"])
S = "Quaternary ammonium compounds (quats) are a type of sanitizer that is less corrosive than chlorine and leaves a residual effect."
dfn(S, "Quaternary ammonium compounds",
    "a type of sanitizer that is less corrosive than chlorine and leaves a residual effect",
    genus="sanitizer", aliases=["quats"])
ex(S, "sanitizer", ["Quaternary ammonium compounds"], "type of")
ex(R("Example 1: After preparing the crème pâtissière", "would not have sanitized the bowl."),
   D("Contact time"), [R("After preparing the crème pâtissière", "would not have sanitized the bowl")],
   "example")
rel("Sanitize only after cleaning, because sanitizer does not work on a surface that is still dirty.",
    "sanitizer", "does not work on", "a surface that is still dirty", neg=True)
rel("Never mix chlorine bleach with acids or with ammonia-based cleaners, because the mixture releases toxic gas.",
    "the mixture", "releases", "toxic gas")

doc("food_safety/cold_storage_temperatures.txt")
dfn("Cold holding means keeping ready-to-eat food at 5 °C or below until it is served.",
    "Cold holding", "keeping ready-to-eat food at 5 °C or below until it is served")
S = "High-risk foods, namely cooked meat and poultry, dairy products, cooked rice, eggs and seafood, support the rapid growth of bacteria and must always be kept under temperature control."
ex(S, "High-risk foods",
   ["cooked meat and poultry", "dairy products", "cooked rice", "eggs", "seafood"], "namely")
rel(S, "High-risk foods", "support", "the rapid growth of bacteria")
dfn("FIFO (first in, first out) is a stock rotation method in which the oldest stock is used first.",
    "FIFO", "a stock rotation method in which the oldest stock is used first",
    genus="stock rotation method", aliases=["first in, first out"])
S = "A use-by date is the date after which a perishable food must not be used, even if it looks and smells fine; it is different from a best-before date, which concerns quality rather than safety."
dfn(S, "use-by date",
    "the date after which a perishable food must not be used, even if it looks and smells fine",
    genus=N("date", 2))
dfn(S, "best-before date", "concerns quality rather than safety")
ex("Chilled deliveries must be rejected if the product temperature is above 8 °C, and frozen deliveries must be rejected if there are signs of thawing, such as soft packs, ice crystals on the outside of the packaging or dripping cartons.",
   "signs of thawing",
   ["soft packs", "ice crystals on the outside of the packaging", "dripping cartons"], "such as")
ex("Because the food has been above 8 °C for roughly six hours, all cooked meat, dairy products, prepared salads and other high-risk food in the cooler must be discarded.",
   "high-risk food", ["cooked meat", "dairy products", "prepared salads"], "and other")
ex(R("Consider a walk-in cooler whose door", "sealed canned goods can be kept."),
   D("Temperatures", 2), [R("a walk-in cooler whose door", "sealed canned goods can be kept")],
   "consider")

doc("food_safety/cooling_cooked_food.md")
ex("Applies to all cooked food that will not be served immediately, including soups, stocks, sauces, rice, pulses and joints of meat.",
   "cooked food", ["soups", "stocks", "sauces", "rice", "pulses", "joints of meat"], "including")
dfn("The temperature danger zone is the range between 5 °C and 60 °C in which food-poisoning bacteria multiply rapidly.",
    "temperature danger zone",
    "the range between 5 °C and 60 °C in which food-poisoning bacteria multiply rapidly",
    genus="range")
S = "Spore-forming bacteria, namely Clostridium perfringens and Bacillus cereus, survive cooking and germinate as the food cools slowly."
ex(S, "Spore-forming bacteria", ["Clostridium perfringens", "Bacillus cereus"], "namely")
rel(S, "Spore-forming bacteria", "survive", "cooking")
dfn("Two-stage cooling refers to the method of cooling food first from 60 °C to 21 °C and then from 21 °C to 5 °C, with a time limit for each stage.",
    "Two-stage cooling",
    "the method of cooling food first from 60 °C to 21 °C and then from 21 °C to 5 °C, with a time limit for each stage",
    genus="method")
S = "Methods such as ice baths, ice wands, blast chillers and shallow pans are all acceptable."
ex(S, "Methods", ["ice baths", "ice wands", "blast chillers", "shallow pans"], "such as")
rule(S, WHOLE, mod="permission")
dfn("A blast chiller is a refrigeration unit that moves very cold air rapidly over food so that it passes through the danger zone quickly.",
    "blast chiller",
    "a refrigeration unit that moves very cold air rapidly over food so that it passes through the danger zone quickly",
    genus="refrigeration unit")
dfn("An ice wand, also called a cooling paddle, is a sealed plastic container filled with water that is frozen and then used to stir hot liquids.",
    "ice wand",
    "a sealed plastic container filled with water that is frozen and then used to stir hot liquids",
    genus="sealed plastic container", aliases=["cooling paddle"])
S = "Rice and other starchy foods should be cooled within one hour whenever possible, because Bacillus cereus produces toxins that reheating will not destroy."
ex(S, "starchy foods", ["Rice"], "and other")
rule(S, "Rice and other starchy foods should be cooled within one hour", cond=["possible"],
     mod="recommendation")
rel(S, "Bacillus cereus", "produces", "toxins that reheating will not destroy")
ex(R("Example 1: At 14:00 the cook", "released for use."),
   D("Two-stage cooling"), [R("At 14:00 the cook", "released for use")], "example")
ex(R("Suppose instead that the chili", "or throw it away."),
   D("Two-stage cooling"), [R("the chili had still been", "or throw it away")], "suppose")
# --- rules
rule("Cooked food must be cooled from 60 °C to 21 °C within two hours and from 21 °C to 5 °C within a further four hours.", WHOLE)
rule("If food has not reached 21 °C within two hours, reheat it to 75 °C and start cooling again, or discard it.",
     "reheat it to 75 °C and start cooling again, or discard it",
     cond=["food has not reached 21 °C within two hours"])
rule("Food may be reheated for this purpose only once.", WHOLE, mod="permission")
rule("Divide large quantities into shallow containers no deeper than 5 cm.", WHOLE)
rule("Place the containers in an ice bath or a blast chiller, leaving space between them for the air to circulate.", WHOLE)
S = "Stir soups and sauces every 15 minutes, using a clean ice wand if one is available."
rule(S, "Stir soups and sauces every 15 minutes")
rule(S, "using a clean ice wand", cond=["one is available"])
rule("Check the core temperature with a calibrated probe thermometer at the end of each stage.", WHOLE)
rule("Record the times and temperatures on the cooling log.", WHOLE)
rule("Do not put large pots of hot food directly into a walk-in refrigerator; they warm the other food and cool far too slowly.",
     "Do not put large pots of hot food directly into a walk-in refrigerator", mod="prohibition",
     neg=True)
rule("Do not leave food to cool on the bench overnight.", WHOLE, mod="prohibition", neg=True)
rule("Never stack hot containers on top of each other.", WHOLE, mod="prohibition", neg=True)
S = "Cover food loosely while it cools unless it is in a blast chiller, where it may stay uncovered until it reaches 5 °C."
rule(S, "Cover food loosely", cond=["it cools"], exc=["it is in a blast chiller"])
rule(S, "it may stay uncovered until it reaches 5 °C", cond=["it is in a blast chiller"],
     mod="permission")
rule("The first stage would have failed, and the cook would have to reheat the chili to 75 °C and cool it again, or throw it away.",
     "the cook would have to reheat the chili to 75 °C and cool it again, or throw it away",
     actor="the cook")
rule("The shift chef shall check the cooling log at the end of every shift and sign it.", WHOLE,
     actor="The shift chef")

doc("food_safety/haccp_overview.md")
dfn("Hazard Analysis and Critical Control Point (HACCP) is a systematic, preventive approach to food safety that identifies the hazards in a food operation and controls them at specific points in the process.",
    "Hazard Analysis and Critical Control Point",
    "a systematic, preventive approach to food safety that identifies the hazards in a food operation and controls them at specific points in the process",
    genus="systematic, preventive approach", aliases=["HACCP"])
rel("HACCP does not rely on testing the finished product.", "HACCP", "does not rely on",
    "testing the finished product", neg=True)
rule("The HACCP plan is a living document, and it only works if the people who use it every day understand it.",
     "it only works", cond=["the people who use it every day understand it"], mod="none", nec=True)
dfn("A hazard is a biological, chemical or physical agent in food that could cause harm to the consumer.",
    "hazard", "a biological, chemical or physical agent in food that could cause harm to the consumer",
    genus="biological, chemical or physical agent")
dfn("A critical control point (CCP) is a step at which control can be applied and is essential to prevent or eliminate a food safety hazard or reduce it to an acceptable level.",
    "critical control point",
    "a step at which control can be applied and is essential to prevent or eliminate a food safety hazard or reduce it to an acceptable level",
    genus="step", aliases=["CCP"])
dfn("A critical limit is defined as the maximum or minimum value to which a hazard must be controlled at a CCP.",
    "critical limit", "the maximum or minimum value to which a hazard must be controlled at a CCP",
    genus="maximum or minimum value")
dfn("Monitoring means a planned sequence of observations or measurements to assess whether a CCP is under control.",
    "Monitoring",
    "a planned sequence of observations or measurements to assess whether a CCP is under control",
    genus="planned sequence")
dfn("Corrective action refers to the action taken when monitoring shows that a critical limit has not been met.",
    "Corrective action", "the action taken when monitoring shows that a critical limit has not been met",
    genus="action")
ex("Hazards are of three kinds, namely biological, chemical and physical.", "Hazards",
   ["biological", "chemical", "physical"], "namely")
ex("Biological hazards include bacteria, viruses and parasites.", "Biological hazards",
   ["bacteria", "viruses", "parasites"], "include")
ex("Chemical hazards include cleaning chemicals, pesticide residues and allergens.",
   "Chemical hazards", ["cleaning chemicals", "pesticide residues", "allergens"], "include")
S = "Physical hazards such as glass, metal fragments, bone and plastic can cause choking or cuts."
ex(S, "Physical hazards", ["glass", "metal fragments", "bone", "plastic"], "such as")
rel(S, "Physical hazards", "can cause", "choking or cuts")
ex("Cooking chicken, for example, is normally a CCP, whereas washing lettuce is usually not, because washing reduces but cannot reliably eliminate pathogens.",
   "CCP", ["Cooking chicken"], "for example")
ex(R("Example 2: Cooking chicken breasts.", "boiling water every week."),
   D("critical control point"), [R("Cooking chicken breasts.", "boiling water every week")],
   "example")
ex("Critical limit: a core temperature of at least 75 °C, or an equivalent time and temperature combination such as 70 °C for two minutes.",
   "equivalent time and temperature combination", ["70 °C for two minutes"], "such as")
ex(R("Consider a batch whose temperature", "corrective action in the log."),
   D("Corrective action"), [R("a batch whose temperature", "corrective action in the log")],
   "consider")
# --- rules
rule("Conduct a hazard analysis.", WHOLE)
rule("Determine the critical control points.", WHOLE)
rule("Establish critical limits for each CCP.", WHOLE)
rule("Establish a monitoring procedure for each CCP.", WHOLE)
rule("Establish corrective actions.", WHOLE)
rule("Establish verification procedures.", WHOLE)
rule("Establish record-keeping and documentation procedures.", WHOLE)
rule("If monitoring shows that a critical limit has been exceeded, corrective action must be taken immediately and the affected product must be held until the supervisor has decided whether it is safe.",
     "corrective action must be taken immediately and the affected product must be held until the supervisor has decided whether it is safe",
     cond=["monitoring shows that a critical limit has been exceeded"])
rule("Records must be completed at the time of the check, never afterwards from memory.", WHOLE)
S = "The HACCP team leader shall review the plan at least once a year and whenever the menu, a supplier or a process changes."
rule(S, "The HACCP team leader shall review the plan at least once a year",
     actor="The HACCP team leader")
rule(S, "The HACCP team leader shall review the plan",
     cond=["the menu, a supplier or a process changes"], actor="The HACCP team leader")
rule("Staff who monitor a CCP are required to have been trained in the monitoring procedure for that CCP.",
     WHOLE, actor="Staff who monitor a CCP")
rule("A step is a CCP only if a hazard can be controlled there and no later step will eliminate it.",
     "A step is a CCP",
     cond=["a hazard can be controlled there", "no later step will eliminate it"], mod="none",
     nec=True)
rule("Corrective action: if the core temperature is below 75 °C, continue cooking and probe again.",
     "continue cooking and probe again", cond=["the core temperature is below 75 °C"])
rule("The cook should continue cooking, probe again, and note both readings and the corrective action in the log.",
     WHOLE, actor="The cook", mod="recommendation")

doc("food_safety/kitchen_quick_rules.csv#FQ-01")
rule("Wash your hands with soap and warm water for at least 20 seconds before handling food, after using the toilet, after handling raw meat and after touching bins.", WHOLE)
rel("Hand sanitiser is not a substitute for hand washing in the kitchen.", "Hand sanitiser",
    "is not", "a substitute for hand washing", extra=["in the kitchen"], neg=True)

doc("food_safety/kitchen_quick_rules.csv#FQ-02")
S = "Food handlers must report symptoms such as diarrhoea, vomiting, fever or jaundice to the manager before starting work."
ex(S, "symptoms", ["diarrhoea", "vomiting", "fever", "jaundice"], "such as")
rule(S, WHOLE, actor="Food handlers")
rule("Staff with diarrhoea or vomiting must not handle food until they have been free of symptoms for 48 hours.",
     WHOLE, actor="Staff with diarrhoea or vomiting", mod="prohibition", neg=True)

doc("food_safety/kitchen_quick_rules.csv#FQ-03")
dfn("Hot holding means keeping cooked food hot at 63 °C or above until it is served.", "Hot holding",
    "keeping cooked food hot at 63 °C or above until it is served")
rule("If hot-held food has fallen below 63 °C for more than two hours, it must be thrown away.",
     "it must be thrown away", cond=["hot-held food has fallen below 63 °C for more than two hours"])

doc("food_safety/kitchen_quick_rules.csv#FQ-04")
rule("Reheat food until the core temperature reaches at least 75 °C.", WHOLE)
rule("Food may be reheated only once.", WHOLE, mod="permission")
rule("Never use a hot-holding cabinet or a bain-marie to reheat food, because it heats far too slowly.",
     "Never use a hot-holding cabinet or a bain-marie to reheat food", mod="prohibition", neg=True)

doc("food_safety/kitchen_quick_rules.csv#FQ-05")
dfn("A probe thermometer is a digital thermometer with a metal probe that is inserted into the thickest part of the food.",
    "probe thermometer",
    "a digital thermometer with a metal probe that is inserted into the thickest part of the food",
    genus="digital thermometer")
rule("Clean and disinfect the probe with a probe wipe before and after each use, and check its accuracy every week in iced water and boiling water.", WHOLE)

doc("food_safety/kitchen_quick_rules.csv#FQ-06")
rule("Use the colour-coded chopping boards: red for raw meat, blue for raw fish, yellow for cooked meat, green for salad and fruit, brown for vegetables, white for bread and dairy, and purple for allergen-free food.", WHOLE)
rule("A red board must never be used for ready-to-eat food, even after washing, unless it has been through the dishwasher.",
     "A red board must never be used for ready-to-eat food",
     exc=["it has been through the dishwasher"], mod="prohibition", neg=True)

doc("food_safety/kitchen_quick_rules.csv#FQ-07")
S = "If you see signs of pests, for example droppings, gnawed packaging or live insects, report them to the manager immediately and do not use any food that may have been contaminated."
ex(S, "signs of pests", ["droppings", "gnawed packaging", "live insects"], "for example")
rule(S, "report them to the manager immediately", cond=["you see signs of pests"])
rule(S, "do not use any food that may have been contaminated", cond=["you see signs of pests"],
     mod="prohibition", neg=True)
rule("Only the contracted pest control company may lay baits or traps.", WHOLE,
     actor="the contracted pest control company", mod="permission")

doc("food_safety/kitchen_quick_rules.csv#FQ-08")
rule("Food handlers shall not wear jewellery other than a plain wedding band while preparing food.",
     "Food handlers shall not wear jewellery", cond=["preparing food"],
     exc=["a plain wedding band"], actor="Food handlers", mod="prohibition", neg=True)
rule("Long hair must be tied back and covered with a hat or hairnet.", WHOLE)

# ============================================================================================
# SOFTWARE OPERATIONS
# ============================================================================================

doc("software_ops/production_deployments.md")
dfn("A deployment is the process of releasing a new version of a service into an environment.",
    "deployment", "the process of releasing a new version of a service into an environment",
    genus="process")
dfn("A canary release is a deployment strategy in which the new version is first rolled out to a small share of servers or users while the rest keep running the old version.",
    "canary release",
    "a deployment strategy in which the new version is first rolled out to a small share of servers or users while the rest keep running the old version",
    genus="deployment strategy")
dfn("Rollback refers to restoring the previously deployed version of a service.", "Rollback",
    "restoring the previously deployed version of a service")
dfn("The change freeze, also known as the code freeze, is a period during which no non-emergency changes may be deployed to production.",
    "change freeze", "a period during which no non-emergency changes may be deployed to production",
    genus="period", aliases=["code freeze"])
S = "A feature flag is a configuration switch that turns a code path on or off at runtime without a new deployment."
dfn(S, "feature flag",
    "a configuration switch that turns a code path on or off at runtime without a new deployment",
    genus="configuration switch")
rel(S, "A feature flag", "turns", "a code path",
    extra=["on or off", "at runtime", "without a new deployment"])
ex("Watch the canary dashboard: error rate, p99 latency, saturation and business metrics such as checkouts per minute.",
   "business metrics", ["checkouts per minute"], "such as")
ex("Risky changes, for instance a new payment flow or a new search ranking, should be shipped behind a feature flag.",
   "Risky changes", ["new payment flow", "new search ranking"], "for instance")
S = "Flags that have been fully enabled for more than 30 days ought to be removed from the code, because stale flags and other forms of configuration debt make incidents harder to diagnose."
ex(S, "configuration debt", ["stale flags"], "and other")
rel(S, "stale flags and other forms of configuration debt", "make", "incidents harder to diagnose")
ex(R("Example 1: The orders team deployed", "had reached the canary."),
   D("The canary process"), [R("The orders team deployed", "had reached the canary")], "example")
ex(R("Suppose a deployment must go out on a Friday", "a second approver."),
   D("Preconditions"), [R("a deployment must go out on a Friday", "a second approver")], "suppose")
rel("Deploy the new version to the canary group, which receives 5% of traffic.",
    "the canary group", "receives", "5% of traffic")
rel("You do not need permission to roll back: any engineer may roll back a deployment that is harming users.",
    "any engineer", "may roll back", "a deployment that is harming users", mod="permission")
rel("The deploying engineer owns the deployment until it has reached 100% of traffic and has stayed healthy for one hour.",
    "The deploying engineer", "owns", "the deployment",
    extra=["until it has reached 100% of traffic and has stayed healthy for one hour"])
rel("The deployment tool can roll out to all regions at once, but this is not allowed: regions must be deployed one at a time.",
    "The deployment tool", "can roll out to", "all regions", extra=["at once"])

doc("software_ops/incident_response.html")
dfn("An incident is an unplanned interruption or degradation of a service that affects customers or internal users.",
    "incident",
    "an unplanned interruption or degradation of a service that affects customers or internal users",
    genus="unplanned interruption or degradation")
S = "The incident commander (IC) is the person who coordinates the response, makes decisions and delegates work; the IC does not debug."
dfn(S, "incident commander",
    "the person who coordinates the response, makes decisions and delegates work",
    genus="person", aliases=[N("IC", 1)])
rel(S, N("the IC", 1), "does not debug", None, neg=True)
dfn("A postmortem, also called a post-incident review, is a written analysis of an incident, its impact, its causes and the actions that will prevent it from happening again.",
    "postmortem",
    "a written analysis of an incident, its impact, its causes and the actions that will prevent it from happening again",
    genus="written analysis", aliases=["post-incident review"])
dfn("Mean time to recovery (MTTR) is defined as the average time between the start of an incident and the full restoration of the service.",
    "Mean time to recovery",
    "the average time between the start of an incident and the full restoration of the service",
    genus="average time", aliases=["MTTR"])
dfn("SEV1 refers to the highest severity level.", "SEV1", "the highest severity level",
    genus="highest severity level")
S = "Techniques such as rolling back the last deployment, failing over to another region, disabling a feature flag or adding capacity usually restore service faster than finding the root cause."
ex(S, "Techniques",
   ["rolling back the last deployment", "failing over to another region",
    "disabling a feature flag", "adding capacity"], "such as")
rel(S, "Techniques", "restore", "service",
    extra=["usually", "faster than finding the root cause"])
ex(R("Consider an outage caused by an engineer", "for production writes."),
   D("Postmortems"), [R("an outage caused by an engineer", "for production writes")], "consider")
# --- rules
rule("When in doubt, choose the higher severity; it is easier to downgrade an incident than to catch up after under-reacting.",
     "choose the higher severity", cond=["in doubt"])
rule("When an incident is declared, the on-call engineer shall open an incident channel and post a short summary of the symptoms.",
     "the on-call engineer shall open an incident channel and post a short summary of the symptoms",
     cond=["an incident is declared"], actor="the on-call engineer")
rule("For every SEV1 and SEV2 incident an incident commander must be appointed.",
     "an incident commander must be appointed", cond=["every SEV1 and SEV2 incident"])
rule("The IC should post an update in the channel at least every 30 minutes, even if nothing has changed.",
     "The IC should post an update in the channel at least every 30 minutes", actor="The IC",
     mod="recommendation")
rule(R("If the incident affects customers:", "in the incident channel."),
     R("update the public status page", "in the incident channel"),
     cond=["the incident affects customers"])
rule("Mitigate first and investigate later.", WHOLE)
S = "If you suspect a security breach, do not power off the affected machines; isolate them from the network instead, so that memory and disk evidence is preserved."
rule(S, "do not power off the affected machines", cond=["you suspect a security breach"],
     mod="prohibition", neg=True)
rule(S, "isolate them from the network instead", cond=["you suspect a security breach"])
rule("In the event of a personal data leak, the IC must notify the security team and the data protection officer within one hour.",
     "the IC must notify the security team and the data protection officer within one hour",
     cond=["a personal data leak"], actor="the IC")
rule("Never discuss a suspected breach in public channels or with people outside the company.",
     WHOLE, mod="prohibition", neg=True)
rule("A postmortem is required for every SEV1 and SEV2 incident and must be published within five working days.", WHOLE)
rule("Postmortems must be blameless: they describe what the system and the process allowed to happen, not who made a mistake.",
     "Postmortems must be blameless")
rule("Action items shall have an owner and a due date.", WHOLE)

doc("software_ops/backup_policy.txt")
S = "This policy sets the minimum requirements for backing up and restoring data held in production systems, including databases, object storage, configuration repositories and other stores of business data."
ex(S, "production systems", ["databases", "object storage", "configuration repositories"], "including")
ex(S, "stores of business data", ["databases", "object storage", "configuration repositories"],
   "and other")
dfn("Recovery point objective (RPO) is the maximum acceptable amount of data loss, measured as a length of time before a failure.",
    "Recovery point objective",
    "the maximum acceptable amount of data loss, measured as a length of time before a failure",
    genus="maximum acceptable amount", aliases=["RPO"])
dfn("Recovery time objective (RTO) means the maximum acceptable time between a failure and the restoration of the service.",
    "Recovery time objective",
    "the maximum acceptable time between a failure and the restoration of the service",
    genus="maximum acceptable time", aliases=["RTO"])
dfn("A full backup is a complete copy of a data set.", "full backup", "a complete copy of a data set",
    genus="complete copy")
S = "An incremental backup is a kind of backup that copies only the data changed since the previous backup of any type."
dfn(S, "incremental backup",
    "a kind of backup that copies only the data changed since the previous backup of any type",
    genus=N("backup", 2))
ex(S, N("backup", 2), ["incremental backup"], "kind of")
S = "A snapshot is a point-in-time image of a volume or database that is usually stored on the same platform as the original; a snapshot on its own is not a backup."
dfn(S, N("snapshot", 1),
    "a point-in-time image of a volume or database that is usually stored on the same platform as the original",
    genus="point-in-time image")
rel(S, N("a snapshot", 1), "is not", "a backup", extra=["on its own"], neg=True)
dfn("The 3-2-1 rule is the principle of keeping three copies of the data, on two different types of media, with one copy off-site.",
    "3-2-1 rule",
    "the principle of keeping three copies of the data, on two different types of media, with one copy off-site",
    genus="principle")
ex(R("Example: In the third quarter, the billing team", "in the restore register."),
   D("RESTORE TESTING"), [R("In the third quarter, the billing team", "in the restore register")],
   "example")
rel("Monthly backups are kept for 13 months.", "Monthly backups", "are kept", None,
    extra=["for 13 months"])
rel("A backup that has never been restored cannot be trusted.",
    "A backup that has never been restored", "cannot be trusted", None, neg=True)

doc("software_ops/oncall_handbook.md")
dfn("On-call refers to the period during which an engineer is responsible for responding to production alerts outside normal working hours.",
    "On-call",
    "the period during which an engineer is responsible for responding to production alerts outside normal working hours",
    genus="period")
rel("Each team runs a weekly rotation with a primary and a secondary engineer.", "Each team",
    "runs", "a weekly rotation", extra=["with a primary and a secondary engineer"])
S = "The primary engineer, the first person to be paged, handles all alerts; the secondary is the backup who is paged when the primary does not respond."
dfn(S, "primary engineer", "the first person to be paged", genus="first person")
dfn(S, "secondary", "the backup who is paged when the primary does not respond", genus="backup")
rel(S, "The primary engineer", "handles", "all alerts")
dfn("An escalation policy is the set of rules that decides who is paged next and after how long.",
    "escalation policy", "the set of rules that decides who is paged next and after how long",
    genus="set")
S = "A page is an urgent notification that requires a human response, as opposed to a ticket, which can wait until the next working day."
dfn(S, "page", "an urgent notification that requires a human response", genus="urgent notification")
dfn(S, "ticket", "can wait until the next working day")
S = "Toil means manual, repetitive operational work that scales with the size of the service and has no lasting value, such as restarting the same worker every night by hand."
dfn(S, "Toil",
    "manual, repetitive operational work that scales with the size of the service and has no lasting value",
    genus="manual, repetitive operational work")
ex(S, "Toil", ["restarting the same worker every night by hand"], "such as")
S = "Alerts like disk-space warnings, certificate-expiry warnings and other slow-burning alerts should be routed as tickets rather than pages."
ex(S, "Alerts", ["disk-space warnings", "certificate-expiry warnings"], "like")
ex(S, "slow-burning alerts", ["disk-space warnings", "certificate-expiry warnings"], "and other")
ex(R("Consider an alert that fires every night", "rather than getting up every night."),
   D("Alert quality"), [R("an alert that fires every night", "rather than getting up every night")],
   "consider")
# --- rules
rule("You ought to read the handover notes from the previous engineer before your shift starts.",
     WHOLE, actor="You", mod="recommendation")
rule("Check that your laptop, VPN access and paging app work, and make sure your phone is not set to silent.", WHOLE)
rule("If you are going to be unavailable during your shift, you must arrange a swap with another engineer and update the schedule yourself.",
     "you must arrange a swap with another engineer and update the schedule yourself",
     cond=["you are going to be unavailable during your shift"], actor=N("you", 2))
rule("Acknowledge a page within 5 minutes.", WHOLE)
rule("If you cannot acknowledge a page within 5 minutes, the page escalates to the secondary engineer, and after another 10 minutes to the engineering manager.",
     "the page escalates to the secondary engineer, and after another 10 minutes to the engineering manager",
     cond=["you cannot acknowledge a page within 5 minutes"], mod="none")
rule(R("If the alert fires:", "Post what you are doing in the team channel."),
     R("Acknowledge the page.", "Post what you are doing in the team channel"),
     cond=["the alert fires"])
rule("Never silence an alert without writing the reason in the team channel.", WHOLE,
     mod="prohibition", neg=True)
rule("You can silence a noisy alert for up to 2 hours provided that you have opened a ticket to fix it.",
     "You can silence a noisy alert for up to 2 hours",
     cond=["you have opened a ticket to fix it"], actor="You", mod="permission")
rule("Alerts like disk-space warnings, certificate-expiry warnings and other slow-burning alerts should be routed as tickets rather than pages.",
     WHOLE, mod="recommendation")
rule("Every page should be actionable, urgent and real.", WHOLE, mod="recommendation")
rule("Teams should spend no more than half of their on-call time on toil.", WHOLE, actor="Teams",
     mod="recommendation")
rule("The alert is not actionable, so the on-call engineer should open a ticket to change it into a daytime report or remove it, rather than getting up every night.",
     "the on-call engineer should open a ticket to change it into a daytime report or remove it, rather than getting up every night",
     actor="the on-call engineer", mod="recommendation")
rule("Engineers who were paged between 22:00 and 07:00 may start work late the next day.", WHOLE,
     actor="Engineers who were paged between 22:00 and 07:00", mod="permission")
S = "On-call engineers can also claim one day of compensatory time off for each week on the rotation."
rule(S, WHOLE, actor="On-call engineers", mod="permission")
rel(S, "On-call engineers", "can also claim", "one day of compensatory time off",
    extra=["for each week on the rotation"], mod="permission")
rule("Do not drink alcohol during an on-call shift.", "Do not drink alcohol",
     cond=["an on-call shift"], mod="prohibition", neg=True)
rule("If you feel too tired to respond safely after a long incident, hand over to the secondary engineer.",
     "hand over to the secondary engineer",
     cond=["you feel too tired to respond safely after a long incident"])
rule("Write handover notes for the next engineer, including open incidents, silenced alerts and anything that looked suspicious.", WHOLE)
rel("Most engineers like to keep the notes short; a bulleted list is enough.", "Most engineers",
    "like to keep", "the notes", extra=["short"])

doc("software_ops/access_control_policy.txt")
dfn("The principle of least privilege means that every user and every process is given only the access that is needed to perform its task, and no more.",
    "principle of least privilege",
    "every user and every process is given only the access that is needed to perform its task, and no more")
S = "Privileged access refers to any access that allows a user to change system configuration, read other users' data or bypass security controls, for example root access on servers, database administrator roles or cloud administrator roles."
dfn(S, "Privileged access",
    "any access that allows a user to change system configuration, read other users' data or bypass security controls",
    genus=N("access", 2))
ex(S, "Privileged access",
   ["root access on servers", "database administrator roles", "cloud administrator roles"],
   "for example")
S = "Multi-factor authentication (MFA) is an authentication method that requires two or more independent factors, such as a password and a hardware security key."
dfn(S, "Multi-factor authentication",
    "an authentication method that requires two or more independent factors",
    genus="authentication method", aliases=["MFA"])
ex(S, "independent factors", ["password", "hardware security key"], "such as")
dfn("A service account is a non-human account that is used by an application or automated job.",
    "service account", "a non-human account that is used by an application or automated job",
    genus="non-human account")
dfn("A break-glass account, also called an emergency access account, is a highly privileged account that is kept sealed and used only when normal access paths have failed.",
    "break-glass account",
    "a highly privileged account that is kept sealed and used only when normal access paths have failed",
    genus="highly privileged account", aliases=["emergency access account"])
S = "A break-glass account may be used only in an emergency, for example when the identity provider is down and a SEV1 incident is in progress."
# not an example: "for example when ..." introduces a circumstance (README, "Not examples");
# removed in the change log of README.md
rule(S, "A break-glass account may be used", cond=["an emergency"], mod="permission", nec=True)
ex(R("Example: During an outage of the single sign-on service", "the same afternoon."),
   D("Use of break-glass accounts"),
   [R("During an outage of the single sign-on service", "the same afternoon")], "example")
# --- rules
rule("All employees and contractors must use MFA for every company system that supports it.", WHOLE,
     actor="All employees and contractors")
S = "SMS codes are not permitted as a second factor for privileged access; hardware security keys or authenticator apps shall be used instead."
rule(S, "SMS codes are not permitted as a second factor for privileged access", mod="prohibition",
     neg=True)
rule(S, "hardware security keys or authenticator apps shall be used instead")
rule("Passwords shall not be sent by e-mail or chat.", WHOLE, mod="prohibition", neg=True)
rule("Shared accounts are prohibited, other than break-glass accounts and service accounts that are registered in the account inventory.",
     "Shared accounts are prohibited",
     exc=["break-glass accounts and service accounts that are registered in the account inventory"],
     mod="prohibition")
S = "Service accounts must have a named human owner."
rule(S, WHOLE)
rel(S, "Service accounts", "must have", "a named human owner", mod="obligation")
rule("Interactive login to a service account is not permitted except when the owner is debugging a failure and the security team has been informed.",
     "Interactive login to a service account is not permitted",
     exc=["the owner is debugging a failure and the security team has been informed"],
     mod="prohibition", neg=True)
rule("Access to production is permitted only when the request has been approved by the service owner and the employee has completed the annual security training.",
     "Access to production is permitted",
     cond=["the request has been approved by the service owner",
           "the employee has completed the annual security training"],
     mod="permission", nec=True)
rule("Privileged access shall be granted for a limited period, normally no longer than eight hours, through the just-in-time access tool.", WHOLE)
S = "Contractors have to renew their access every 90 days."
rule(S, WHOLE, actor="Contractors")
rel(S, "Contractors", "have to renew", "their access", extra=["every 90 days"], mod="obligation")
rule("When an employee leaves the company, their access shall be revoked within 24 hours of their last working day.",
     "their access shall be revoked within 24 hours of their last working day",
     cond=["an employee leaves the company"])
rule("If the departure is not amicable, access must be revoked before the employee is informed.",
     "access must be revoked before the employee is informed", cond=["the departure is not amicable"])
rule("If an employee moves to another team, any access that is not needed in the new role must be removed within five working days.",
     "any access that is not needed in the new role must be removed within five working days",
     cond=["an employee moves to another team"])
rule("Service owners are required to review the list of users with access to their systems every quarter.",
     WHOLE, actor="Service owners")
rule("If a reviewer cannot identify a user, or if the user no longer needs the access, the reviewer must request removal.",
     "the reviewer must request removal",
     cond=["a reviewer cannot identify a user", "the user no longer needs the access"],
     actor="the reviewer", logic="or")
rule("Whenever a break-glass account is used, the user must inform the security team within one hour, and the password must be rotated afterwards.",
     "the user must inform the security team within one hour, and the password must be rotated afterwards",
     cond=["a break-glass account is used"], actor="the user")
rule("Exceptions to this policy must be approved in writing by the Chief Information Security Officer and are valid for at most six months.",
     WHOLE, actor="the Chief Information Security Officer")

doc("software_ops/runbook_snippets.jsonl#RB-001")
rule("If disk usage on a database host exceeds 85%, first check whether old WAL files are piling up because a replication slot is inactive.",
     "first check whether old WAL files are piling up because a replication slot is inactive",
     cond=["disk usage on a database host exceeds 85%"])
rule("Do not delete WAL files by hand.", WHOLE, mod="prohibition", neg=True)
S = "An inactive replication slot is a slot whose consumer has disconnected, so the server keeps every WAL segment for it."
dfn(S, "inactive replication slot", "a slot whose consumer has disconnected", genus="slot")
rel(S, "the server", "keeps", "every WAL segment", extra=["for it"])
S = "Drop the slot only if the replica that owned it has been decommissioned; otherwise restart the replica."
rule(S, "Drop the slot", cond=["the replica that owned it has been decommissioned"], nec=True)
rule(S, "restart the replica", exc=["the replica that owned it has been decommissioned"])

doc("software_ops/runbook_snippets.jsonl#RB-002")
rule("When clients report certificate errors, check the expiry date of the certificate served by the load balancer.",
     "check the expiry date of the certificate served by the load balancer",
     cond=["clients report certificate errors"])
rel("Certificates are renewed automatically by the certificate manager 30 days before expiry.",
    "Certificates", "are renewed", None,
    extra=["automatically", "by the certificate manager", "30 days before expiry"])
rule("If the automatic renewal has failed, renew the certificate manually and open a ticket for the platform team.",
     "renew the certificate manually and open a ticket for the platform team",
     cond=["the automatic renewal has failed"])
rule("Never disable certificate verification in clients as a workaround.", WHOLE,
     mod="prohibition", neg=True)

doc("software_ops/runbook_snippets.jsonl#RB-003")
dfn("Queue lag refers to the number of messages that have been published but not yet consumed.",
    "Queue lag", "the number of messages that have been published but not yet consumed",
    genus="number")
rule("If the lag keeps growing for more than ten minutes, scale the consumer group up to at most twice its normal size.",
     "scale the consumer group up to at most twice its normal size",
     cond=["the lag keeps growing for more than ten minutes"])
rel("Consumers can process about 2,000 messages per second each.", "Consumers", "can process",
    "about 2,000 messages", extra=["per second", "each"])
rule("Purging a queue is prohibited unless the service owner has confirmed that the messages can be lost.",
     "Purging a queue is prohibited",
     exc=["the service owner has confirmed that the messages can be lost"], mod="prohibition")

doc("software_ops/runbook_snippets.jsonl#RB-004")
dfn("A memory leak is a defect in which a program keeps memory that it no longer needs.",
    "memory leak", "a defect in which a program keeps memory that it no longer needs",
    genus="defect")
rule("If a pod is restarted by the out-of-memory killer more than three times in an hour, capture a heap dump from one of the remaining pods before restarting them, and attach it to the incident ticket.",
     "capture a heap dump from one of the remaining pods before restarting them, and attach it to the incident ticket",
     cond=["a pod is restarted by the out-of-memory killer more than three times in an hour"])
S = "You may raise the memory limit temporarily, for example from 2 GiB to 3 GiB, but the change must be reverted within one week."
rule(S, "You may raise the memory limit temporarily", actor="You", mod="permission")
rule(S, "the change must be reverted within one week")

doc("software_ops/runbook_snippets.jsonl#RB-005")
rule("In case of a failed nightly backup, rerun the job from the scheduler once.",
     "rerun the job from the scheduler once", cond=["a failed nightly backup"])
rule("If the rerun fails as well, check the storage quota, the network route to the backup vault and the credentials of the backup service account.",
     "check the storage quota, the network route to the backup vault and the credentials of the backup service account",
     cond=["the rerun fails as well"])
S = "Backups must not be skipped for two nights in a row; if the cause cannot be fixed before the next scheduled run, escalate to the database administrators."
rule(S, "Backups must not be skipped for two nights in a row", mod="prohibition", neg=True)
rule(S, "escalate to the database administrators",
     cond=["the cause cannot be fixed before the next scheduled run"])

doc("software_ops/runbook_snippets.jsonl#RB-006")
rule("As soon as an API key is found in a public repository, a chat message or a log file, revoke it and issue a new one, even if you believe nobody has used it.",
     "revoke it and issue a new one",
     cond=["an API key is found in a public repository, a chat message or a log file"])
rule("Check the audit log for calls made with the old key since it was leaked.", WHOLE)
S = "Leaked keys, tokens and other secrets shall be reported to the security team within one hour."
rule(S, WHOLE)
ex(S, "secrets", ["keys", "tokens"], "and other")

doc("software_ops/runbook_snippets.jsonl#RB-007")
S = "DNS changes should be made with a low TTL, e.g. 300 seconds, at least one day before the planned cut-over."
rule(S, WHOLE, mod="recommendation")
ex(S, "low TTL", ["300 seconds"], "e.g.")
dfn("Time to live (TTL) is the number of seconds that resolvers may cache a DNS record.",
    "Time to live", "the number of seconds that resolvers may cache a DNS record", genus="number",
    aliases=["TTL"])
S = "If traffic drops after a DNS change, restore the previous record immediately; resolvers that cached the new record will pick up the old one once the TTL has expired."
rule(S, "restore the previous record immediately", cond=["traffic drops after a DNS change"])
rule(S, "resolvers that cached the new record will pick up the old one", cond=["the TTL has expired"],
     mod="none")

# ============================================================================================
# LOCKOUT/TAGOUT: rules (the document's definitions and examples are annotated above)
# ============================================================================================

doc("equipment/lockout_tagout_procedure.txt")
rule("Each authorized employee shall apply his or her own personal lock.", WHOLE,
     actor="Each authorized employee")
rule("A lock shall never be removed by anyone other than the person who applied it, except when the supervisor follows the absent-employee procedure in Section 6.",
     "A lock shall never be removed by anyone other than the person who applied it",
     exc=["the supervisor follows the absent-employee procedure in Section 6"],
     actor="anyone other than the person who applied it", mod="prohibition", neg=True)
rule("Where more than one person works on the same equipment, a group lockout box shall be used.",
     "a group lockout box shall be used", cond=["more than one person works on the same equipment"])
rule("A tag may be used without a lock only if the energy-isolating device cannot physically accept a lock and the plant engineer has approved additional measures, e.g. removal of a fuse or a valve handle.",
     "A tag may be used without a lock",
     cond=["the energy-isolating device cannot physically accept a lock",
           "the plant engineer has approved additional measures"],
     mod="permission", nec=True)
rule("Notify affected employees that the equipment will be shut down and locked out.", WHOLE)
rule("Shut down the equipment by the normal stopping procedure.", WHOLE)
rule("Operate every energy-isolating device so that the equipment is isolated from all energy sources, including electrical, hydraulic, pneumatic, thermal and gravitational energy.",
     "Operate every energy-isolating device")
rule("Apply a personal lock and a completed tag to each energy-isolating device.", WHOLE)
rule("Release or restrain all stored energy.", WHOLE)
rule("Block raised parts, bleed pneumatic and hydraulic lines, and discharge capacitors.", WHOLE)
rule("Verify isolation by pressing the start button and checking that the equipment does not move, then return the control to the off position.", WHOLE)
S = "If the machine starts or moves during verification, stop work immediately and inform the supervisor; the isolation has failed and must be repeated from step 2."
rule(S, "stop work immediately and inform the supervisor",
     cond=["the machine starts or moves during verification"])
rule(S, "the isolation has failed and must be repeated from step 2",
     cond=["the machine starts or moves during verification"])
rule("Even with the pump isolated and locked, the ram can fall under gravity if a hose is disconnected.",
     "the ram can fall under gravity", cond=["a hose is disconnected"], mod="none")
rule("In this case the ram must be lowered fully or blocked with a rated safety block before anyone places a hand under it.",
     "the ram must be lowered fully or blocked with a rated safety block before anyone places a hand under it")
rule("Before removing locks, ensure that all tools have been removed and all guards have been refitted.", WHOLE)
rule("Check that all employees are clear of the equipment.", WHOLE)
rule("Only then may each authorized employee remove his or her own lock.", WHOLE,
     actor="each authorized employee", mod="permission")
rule("If an employee has left the site without removing a lock, the supervisor may remove it only when all of the following conditions are met: the supervisor has verified that the employee is not on site, has made every reasonable effort to contact the employee, and has ensured that the employee is informed before returning to work.",
     "the supervisor may remove it",
     cond=["an employee has left the site without removing a lock",
           "the supervisor has verified that the employee is not on site",
           "has made every reasonable effort to contact the employee",
           "has ensured that the employee is informed before returning to work"],
     actor=N("the supervisor", 1), mod="permission", nec=True)
rule("Authorized employees are required to complete lockout training before their first lockout and every two years after that.",
     WHOLE, actor="Authorized employees")
rule("Shift changes do not cancel a lockout: the incoming employee must apply a lock before the outgoing employee removes his.",
     "the incoming employee must apply a lock before the outgoing employee removes his",
     actor="the incoming employee")


# ============================================================================================
# PARENTHETICAL ACRONYMS: "long form (ACRONYM)" gives an acronym definition of its own
# (term = acronym, definition = long form, aliases = [long form]), in addition to the full
# definition of the long form annotated above.
# ============================================================================================

def acro(sent, acronym, long_form):
    dfn(sent, N(acronym, 1), N(long_form, 1), aliases=[N(long_form, 1)])


ACRONYMS = [
    ("electrical/portable_appliance_inspection.md",
     "Portable appliance testing (PAT) is the routine inspection and testing of electrical equipment that can be moved while it is connected to the supply.",
     "PAT", "Portable appliance testing"),
    ("electrical/residual_current_devices.txt",
     "A residual current device (RCD) is a protective device that disconnects a circuit automatically when it detects that the current flowing out along the line conductor is not equal to the current returning along the neutral conductor.",
     "RCD", "residual current device"),
    ("electrical/residual_current_devices.txt",
     "In North America a similar device is known as a ground fault circuit interrupter (GFCI).",
     "GFCI", "ground fault circuit interrupter"),
    ("equipment/air_compressor_sop.txt",
     "The pressure relief valve (PRV) is a spring-loaded valve that opens automatically when the receiver pressure exceeds its set pressure.",
     "PRV", "pressure relief valve"),
    ("equipment/boiler_operation.html",
     "Total dissolved solids (TDS) is the mass of dissolved salts per litre of boiler water.",
     "TDS", "Total dissolved solids"),
    ("equipment/centrifugal_pump_maintenance.md",
     "Net positive suction head (NPSH) is defined as the margin between the absolute pressure at the pump suction and the vapour pressure of the liquid, expressed as a head of liquid.",
     "NPSH", "Net positive suction head"),
    ("first_aid/cpr_adult.html",
     "Cardiopulmonary resuscitation (CPR) is an emergency procedure that combines chest compressions with rescue breaths to keep oxygenated blood flowing to the brain when the heart has stopped.",
     "CPR", "Cardiopulmonary resuscitation"),
    ("first_aid/cpr_adult.html",
     "An automated external defibrillator (AED) is a portable device that analyses the heart rhythm and, if necessary, delivers an electric shock to restore a normal rhythm.",
     "AED", "automated external defibrillator"),
    ("food_safety/allergen_management.html",
     'Precautionary allergen labelling (PAL) is a voluntary statement on packaging, e.g. "may contain nuts", that warns of an unavoidable risk of cross-contact.',
     "PAL", "Precautionary allergen labelling"),
    ("food_safety/cleaning_and_sanitizing_latin1.txt",
     "Quaternary ammonium compounds (quats) are a type of sanitizer that is less corrosive than chlorine and leaves a residual effect.",
     "quats", "Quaternary ammonium compounds"),
    ("food_safety/cold_storage_temperatures.txt",
     "FIFO (first in, first out) is a stock rotation method in which the oldest stock is used first.",
     "FIFO", "first in, first out"),
    ("food_safety/haccp_overview.md",
     "Hazard Analysis and Critical Control Point (HACCP) is a systematic, preventive approach to food safety that identifies the hazards in a food operation and controls them at specific points in the process.",
     "HACCP", "Hazard Analysis and Critical Control Point"),
    ("food_safety/haccp_overview.md",
     "A critical control point (CCP) is a step at which control can be applied and is essential to prevent or eliminate a food safety hazard or reduce it to an acceptable level.",
     "CCP", "critical control point"),
    ("software_ops/access_control_policy.txt",
     "Multi-factor authentication (MFA) is an authentication method that requires two or more independent factors, such as a password and a hardware security key.",
     "MFA", "Multi-factor authentication"),
    ("software_ops/backup_policy.txt",
     "Recovery point objective (RPO) is the maximum acceptable amount of data loss, measured as a length of time before a failure.",
     "RPO", "Recovery point objective"),
    ("software_ops/backup_policy.txt",
     "Recovery time objective (RTO) means the maximum acceptable time between a failure and the restoration of the service.",
     "RTO", "Recovery time objective"),
    ("software_ops/incident_response.html",
     "The incident commander (IC) is the person who coordinates the response, makes decisions and delegates work; the IC does not debug.",
     "IC", "incident commander"),
    ("software_ops/incident_response.html",
     "Mean time to recovery (MTTR) is defined as the average time between the start of an incident and the full restoration of the service.",
     "MTTR", "Mean time to recovery"),
    ("software_ops/runbook_snippets.jsonl#RB-007",
     "Time to live (TTL) is the number of seconds that resolvers may cache a DNS record.",
     "TTL", "Time to live"),
]
for _doc_id, _sent, _acr, _long in ACRONYMS:
    doc(_doc_id)
    acro(_sent, _acr, _long)


# ============================================================================================
# Offsets, validation and output
# ============================================================================================

class GoldError(Exception):
    pass


def _where(fact) -> str:
    s = fact["sent"]
    return f"[{fact['kind']} in {fact['doc']}: {str(s)[:70]!r}]"


def _find_sentence(text: str, spec, fact) -> tuple[int, int]:
    if isinstance(spec, R):
        first, last = spec
        if text.count(first) != 1:
            raise GoldError(f"sentence start {first!r} occurs {text.count(first)} times {_where(fact)}")
        start = text.find(first)
        pos = text.find(last, start)
        if pos < 0:
            raise GoldError(f"sentence end {last!r} not found {_where(fact)}")
        return start, pos + len(last)
    if not isinstance(spec, str):
        raise GoldError(f"bad sentence spec {spec!r} {_where(fact)}")
    n = text.count(spec)
    if n != 1:
        raise GoldError(f"sentence occurs {n} times in the document {_where(fact)}")
    start = text.find(spec)
    return start, start + len(spec)


def _bounded(text: str, needle: str, pos: int) -> bool:
    """True if ``needle`` at ``pos`` does not start or end inside a word."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(needle)] if pos + len(needle) < len(text) else " "
    if needle[0].isalnum() and before.isalnum():
        return False
    if needle[-1].isalnum() and after.isalnum():
        return False
    return True


def _find(text: str, needle: str, lo: int, hi: int | None = None) -> int:
    """First whole-word occurrence of ``needle`` in ``text[lo:hi]`` (-1 if none)."""
    hi = len(text) if hi is None else hi
    pos = text.find(needle, lo)
    while pos >= 0 and pos + len(needle) <= hi:
        if _bounded(text, needle, pos):
            return pos
        pos = text.find(needle, pos + 1)
    return -1


def _count(text: str, needle: str, lo: int, hi: int) -> int:
    n, pos = 0, _find(text, needle, lo, hi)
    while pos >= 0:
        n += 1
        pos = _find(text, needle, pos + 1, hi)
    return n


def _nth(text: str, needle: str, n: int, lo: int, hi: int) -> int:
    pos = lo - 1
    for _ in range(n):
        pos = _find(text, needle, pos + 1, hi)
        if pos < 0:
            return -1
    return pos


def _find_span(text: str, sent: tuple[int, int], spec, fact, warnings: list,
               after: int | None = None) -> dict:
    """Locate ``spec`` inside ``sent``; plain strings are searched from ``after`` (default: the
    sentence start), so that e.g. a genus is found inside its definition and a relation's
    object after its predicate."""
    lo, hi = sent
    search_from = lo if after is None else after
    if spec is WHOLE:
        start, end = lo, hi
        while end > start and text[end - 1] in ".;: \n":
            end -= 1
    elif isinstance(spec, D):
        needle, n = spec
        start = _nth(text, needle, n, 0, len(text))
        if start < 0:
            raise GoldError(f"document span {needle!r} (#{n}) not found {_where(fact)}")
        end = start + len(needle)
    elif isinstance(spec, N):
        needle, n = spec
        start = _nth(text, needle, n, lo, hi)
        if start < 0:
            raise GoldError(f"span {needle!r} (#{n}) not found in sentence {_where(fact)}")
        end = start + len(needle)
    elif isinstance(spec, R):
        first, last = spec
        start = _find(text, first, lo, hi)
        if start < 0:
            raise GoldError(f"span start {first!r} not found in sentence {_where(fact)}")
        pos = _find(text, last, start, hi)
        if pos < 0:
            raise GoldError(f"span end {last!r} not found in sentence {_where(fact)}")
        end = pos + len(last)
    elif isinstance(spec, str):
        start = _find(text, spec, search_from, hi)
        if start < 0:
            raise GoldError(f"span {spec!r} not found in sentence {_where(fact)}")
        end = start + len(spec)
        if _count(text, spec, search_from, hi) > 1:
            warnings.append(f"span {spec!r} occurs more than once in its sentence; first taken "
                            f"{_where(fact)}")
    else:
        raise GoldError(f"bad span spec {spec!r} {_where(fact)}")
    out = {"text": text[start:end], "start": start, "end": end}
    if not out["text"] or out["text"] != out["text"].strip():
        raise GoldError(f"empty span or span with outer whitespace {out!r} {_where(fact)}")
    return out


SLOT_ORDER = {
    "rule": (("conditions", "list"), ("exceptions", "list"), ("consequence", "one"),
             ("actor", "opt")),
    "example": (("concept", "one"), ("instances", "list")),
    "definition": (("term", "one"), ("definition", "one"), ("genus", "opt"), ("aliases", "list")),
    "relation": (("subject", "one"), ("predicate", "one"), ("object", "opt"),
                 ("extra_args", "list")),
}
ATTRS = {
    "rule": ("modality", "negated", "condition_logic", "necessary"),
    "example": ("cue",),
    "definition": (),
    "relation": ("negated", "modality"),
}
CUE_WORDS = ("if ", "when ", "whenever ", "unless ", "where ", "once ", "while ", "provided ",
             "in case", "in the event", "except ", "as soon as", "during ", "for ")


def build() -> list[dict]:
    docs, skipped = read_corpus([str(ROOT / "data")])
    texts = {d.id: d.text for d in docs}
    warnings: list[str] = []
    records = []
    for fact in FACTS:
        kind, doc_id = fact["kind"], fact["doc"]
        if doc_id not in texts:
            raise GoldError(f"unknown document {doc_id!r}")
        text = texts[doc_id]
        s_start, s_end = _find_sentence(text, fact["sent"], fact)
        rec = {"kind": kind, "id": "", "doc": doc_id,
               "sentence": {"text": text[s_start:s_end], "start": s_start, "end": s_end},
               "sentence_start": s_start, "sentence_end": s_end}
        for slot, arity in SLOT_ORDER[kind]:
            value = fact[{"conditions": "conditions", "exceptions": "exceptions",
                          "consequence": "consequence", "actor": "actor", "concept": "concept",
                          "instances": "instances", "term": "term", "definition": "definition",
                          "genus": "genus", "aliases": "aliases", "subject": "subject",
                          "predicate": "predicate", "object": "object",
                          "extra_args": "extra_args"}[slot]]
            # where plain-string specs start searching: a genus inside its definition, a
            # relation's predicate after its subject and its object after its predicate
            after = None
            if kind == "definition" and slot == "genus":
                after = rec["definition"]["start"]
            elif kind == "relation" and slot == "predicate":
                after = rec["subject"]["end"]
            elif kind == "relation" and slot == "object":
                after = rec["predicate"]["end"]
            if arity == "list":
                rec[slot] = [_find_span(text, (s_start, s_end), v, fact, warnings) for v in value]
            elif value is None:
                if arity == "one":
                    raise GoldError(f"slot {slot} is required {_where(fact)}")
                rec[slot] = None
            else:
                rec[slot] = _find_span(text, (s_start, s_end), value, fact, warnings, after)
            # only a worked example's concept may lie outside its sentence
            for sp in (rec[slot] if isinstance(rec[slot], list) else [rec[slot]]):
                if sp is None:
                    continue
                outside = sp["start"] < s_start or sp["end"] > s_end
                if outside and not (kind == "example" and slot == "concept"):
                    raise GoldError(f"{slot} span outside its sentence {_where(fact)}")
        for attr in ATTRS[kind]:
            rec[attr] = fact[attr]
        records.append(rec)
    validate(records, texts, warnings)
    for rec in records:
        key = json.dumps([rec["kind"], rec["doc"]] + [rec[s] for s, _ in SLOT_ORDER[rec["kind"]]],
                         sort_keys=True)
        rec["id"] = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    return records


def _spans(rec):
    for slot, _ in SLOT_ORDER[rec["kind"]]:
        v = rec[slot]
        for sp in (v if isinstance(v, list) else [v]):
            if sp is not None:
                yield slot, sp


def validate(records: list[dict], texts: dict[str, str], warnings: list[str]) -> None:
    seen = set()
    for rec in records:
        text = texts[rec["doc"]]
        s = rec["sentence"]
        assert text[s["start"]:s["end"]] == s["text"], rec
        for slot, sp in _spans(rec):
            if text[sp["start"]:sp["end"]] != sp["text"]:
                raise GoldError(f"span text mismatch in {slot}: {sp!r}")
        kind = rec["kind"]
        if kind == "rule":
            if rec["modality"] not in MODALITIES:
                raise GoldError(f"bad modality {rec['modality']!r}")
            if rec["condition_logic"] not in ("and", "or"):
                raise GoldError("bad condition_logic")
            for c in rec["conditions"] + rec["exceptions"]:
                if c["text"].lower().startswith(CUE_WORDS):
                    raise GoldError(f"condition/exception starts with its cue: {c['text']!r}")
            if rec["consequence"]["text"][-1] in ".;:,":
                raise GoldError(f"consequence ends with punctuation: {rec['consequence']!r}")
            if rec["necessary"] and not rec["conditions"]:
                raise GoldError("necessary rule without conditions")
        elif kind == "relation":
            if rec["modality"] not in MODALITIES:
                raise GoldError(f"bad modality {rec['modality']!r}")
        elif kind == "example":
            if not rec["instances"] or not rec["cue"]:
                raise GoldError("example without instances or cue")
            for sp in rec["instances"]:
                if sp["text"].lower().startswith(("a ", "an ", "the ")) and len(sp["text"]) < 60:
                    raise GoldError(f"instance starts with a determiner: {sp['text']!r}")
        elif kind == "definition":
            if rec["term"]["text"].lower().startswith(("a ", "an ", "the ")):
                raise GoldError(f"term starts with a determiner: {rec['term']['text']!r}")
        key = (kind, rec["doc"], json.dumps([rec[a] for a, _ in SLOT_ORDER[kind]], sort_keys=True),
               json.dumps([rec[a] for a in ATTRS[kind]]))
        if key in seen:
            raise GoldError(f"duplicate fact: {kind} {rec['doc']} {rec['sentence']['text'][:60]!r}")
        seen.add(key)
    counts = Counter(r["kind"] for r in records)
    for kind, minimum in MINIMUMS.items():
        if counts[kind] < minimum:
            raise GoldError(f"only {counts[kind]} {kind} facts (minimum {minimum})")


def main() -> int:
    try:
        records = build()
    except GoldError as exc:
        print(f"make_gold: {exc}", file=sys.stderr)
        return 1
    with OUT.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts = Counter(r["kind"] for r in records)
    docs = Counter(r["doc"] for r in records)
    print(f"wrote {len(records)} facts to {OUT}: " +
          ", ".join(f"{k}={counts[k]}" for k in ("rule", "example", "definition", "relation")) +
          f"; {len(docs)} document ids")
    return 0


if __name__ == "__main__":
    sys.exit(main())
