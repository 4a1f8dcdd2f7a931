"""Identity across documents: concept keys, aliases and propositions.

Applied when the graph is written (:mod:`kextract.graph`), on top of what the extractors
produce. Everything here is a pure function of one document's records, so IRIs derived from
its output are the same whichever partition of the corpus a document was built in, and
separately built graphs merge by plain union.

* :func:`normalise_key` makes "pump", "pumps", "the pump", "Pump" one key. The extractors'
  ``concept_key`` lemmatises nouns, drops determiners and ends with this function (for what
  the lemmatiser leaves: proper-noun tagged plurals such as a sentence-initial "Pumps", stray
  punctuation, possessives, spacing), so the ``concepts`` table and the graph share keys; the
  graph applies it again (it is idempotent) to keys from older tables and other producers.
* :func:`alias_map` merges the aliases a document defines ("residual current device (RCD)",
  "X, also known as Y") into one concept per document, preferring the spelled-out form.
* :func:`proposition_key` is the content of a fact without its position: facts with the same
  normalised content, in any document, state the same proposition.
"""

from __future__ import annotations

import re
import unicodedata

from .model import Concept, Definition, Entity, Example, Fact, ParsedDocument, Relation, Rule, \
    Span, content_id

#: words ending in "s" that are not plurals (or whose singular would be wrong)
_NOT_PLURAL = frozenset("""
    news lens series species means physics mathematics electronics economics ethics gas gases
    bus buses canvas chassis bias atlas alias aliases status process analysis basis axis
    diagnosis apparatus plus campus virus corpus census premises overalls goggles scissors
    pliers tongs tweezers trousers glasses clothes thanks headquarters whereabouts measles
    diabetes rabies herpes mumps ts ms kms hrs mins secs less unless always perhaps various
    previous serious hazardous dangerous continuous
""".split())
_DETERMINERS = frozenset("a an the this that these those any each every some no its their "
                         "his her our your my".split())
_PUNCT = re.compile(r"[^\w\s\-/+.%&]")


def singular(word: str) -> str:
    """A conservative English singular of one lower-case word (unchanged when unsure)."""
    if len(word) <= 3 or not word.isalpha() or word in _NOT_PLURAL or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ous", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def normalise_key(key: str) -> str:
    """The canonical concept key: NFKC, lower case, no leading determiners, possessives or
    punctuation, single spaces, last word singular. Idempotent."""
    k = unicodedata.normalize("NFKC", key).lower().replace("\u2019", "'")
    k = re.sub(r"'s\b", "", k)
    k = _PUNCT.sub(" ", k)
    words = [w.strip(".-/") for w in k.split()]
    words = [w for w in words if w]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


def _looks_like_acronym(text: str) -> bool:
    t = text.strip().strip("().")
    return 1 < len(t) <= 8 and " " not in t and sum(c.isupper() for c in t) >= 2


def span_key(sp: Span, keys: dict[tuple[int, int], str]) -> str | None:
    """The key of the longest concept mention inside ``sp`` (already normalised), else None."""
    best = None
    for (s, e), key in keys.items():
        if s >= sp.start and e <= sp.end and (best is None or (e - s) > best[0]):
            best = (e - s, key)
    return best[1] if best else None


def whole_span_key(sp: Span, keys: dict[tuple[int, int], str]) -> str:
    """The key of a whole span: the concept mention that covers it, else its normalised text."""
    k = keys.get((sp.start, sp.end))
    if k is None:
        inner = span_key(sp, keys)
        text_key = normalise_key(sp.text)
        # a mention covering most of the span ("the RCD" in "RCD") names it; else the text
        k = inner if inner and len(inner) >= len(text_key) * 0.6 else text_key
    return k


def alias_map(parsed: ParsedDocument, keys: dict[tuple[int, int], str]) -> dict[str, str]:
    """alias key -> canonical key for the aliases defined in one document.

    The canonical name of a term and its aliases is the spelled-out one when the other looks
    like an acronym ("RCD" -> "residual current device"), else the one with most words, then
    the alphabetically first. Chains resolve to one canonical key; the result does not depend
    on the order of the definitions."""
    edges: dict[str, set[str]] = {}
    acronyms: set[str] = set()
    for f in parsed.facts:
        if not isinstance(f, Definition) or f.term is None or not f.aliases:
            continue
        tkey = whole_span_key(f.term, keys)
        if _looks_like_acronym(f.term.text):
            acronyms.add(tkey)
        for a in f.aliases:
            akey = whole_span_key(a, keys)
            if not tkey or not akey or akey == tkey:
                continue
            if _looks_like_acronym(a.text):
                acronyms.add(akey)
            edges.setdefault(tkey, set()).add(akey)
            edges.setdefault(akey, set()).add(tkey)
    out: dict[str, str] = {}
    seen: set[str] = set()
    for start in sorted(edges):
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            k = todo.pop()
            if k not in group:
                group.add(k)
                todo.extend(edges.get(k, ()))
        seen |= group
        canonical = min(group, key=lambda k: (k in acronyms, -len(k.split()), k))
        out.update({k: canonical for k in group if k != canonical})
    return out


def _norm_text(sp: Span | None) -> str:
    if sp is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", sp.text).lower().split()).strip(" .;:,")


def _proposition(f: Fact) -> tuple[list[str], str]:
    """(normalised parts, readable label) of what a fact states, without where."""
    n = _norm_text
    if isinstance(f, Rule):
        conds = sorted(n(c) for c in f.conditions)
        excs = sorted(n(c) for c in f.exceptions)
        acts = [n(a) for a in f.actions]
        parts = ["c:" + "|".join(conds), "x:" + "|".join(excs), "q:" + n(f.consequence),
                 "a:" + n(f.actor), "s:" + "|".join(acts), f.modality, str(f.negated),
                 f.condition_logic, str(f.necessary)]
        label = []
        if conds:
            label.append("if " + f" {f.condition_logic} ".join(conds))
        if excs:
            label.append("unless " + " or ".join(excs))
        if f.consequence is not None:
            label.append(("then " if label else "") + n(f.consequence))
        if acts:
            label.append(": " + "; ".join(acts))
        return parts, " ".join(label) + f" [{f.modality}]"
    if isinstance(f, Example):
        inst = sorted(n(i) for i in f.instances)
        return [n(f.concept), "|".join(inst)], f"{n(f.concept) or '?'}: " + "; ".join(inst)
    if isinstance(f, Definition):
        aliases = sorted(n(a) for a in f.aliases)
        parts = [n(f.term), n(f.definition), n(f.genus), "|".join(aliases)]
        return parts, f"{n(f.term) or '?'}: {n(f.definition)}"
    if isinstance(f, Relation):
        args = [n(a) for a in f.extra_args]
        parts = [n(f.subject), n(f.predicate), n(f.object), "|".join(args), str(f.negated),
                 f.modality]
        shown = [p for p in (n(f.subject), n(f.predicate), n(f.object)) if p] + args
        return parts, " | ".join(shown)
    if isinstance(f, Entity):
        return [n(f.span), f.label], f"{n(f.span)} ({f.label})"
    if isinstance(f, Concept):
        k = normalise_key(f.key)
        return [k], k
    raise TypeError(f"unknown fact type {type(f).__name__}")  # pragma: no cover


def proposition_key(f: Fact) -> str:
    """What a fact states, without where: kind, normalised slot texts and flags. Facts with
    equal keys, in any documents, state the same proposition."""
    return "\x1e".join([f.kind, *_proposition(f)[0]])


def proposition_id(f: Fact) -> str:
    return content_id(proposition_key(f))


def proposition_label(f: Fact) -> str:
    """A readable, position-free rendering built from the same normalised parts as the key
    (so every fact of one proposition gives the same label)."""
    return _proposition(f)[1]
