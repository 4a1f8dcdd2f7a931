"""Rule extractor: conditional and deontic statements as structured rules.

Works on the dependency parse of each sentence:

1. *Condition clauses* are clauses introduced by a cue (``if``, ``when``, ``as soon as``,
   ``provided that`` ...), *exceptions* by ``unless`` / ``except when``; prepositional
   conditions ("In case of fire, ...", "During defrosting, ...") are recognised too.
   Coordinated condition clauses become separate conditions joined by ``and`` / ``or``;
   an indirect question ("check if X", "determine when X") is no condition.
2. The *main clause* is what remains of the sentence once those clauses are removed; its
   verb carries the *modality* (must, shall, should, may, can, is prohibited, imperative ...)
   and negation, and its subject is the *actor*.
3. A conditional lead-in ending with a colon ("If the alarm sounds:") takes the list items
   that follow it as its actions.
4. A sentence is first split into independent clauses at ";", at a ":" inside it and at
   ", so" / ", but": each clause can give its own rule ("X, so Y" gives only Y), and a later
   clause keeps the conditions that open the sentence ("If A, do X; do Y").
   Reason, purpose and concession clauses ("because", "so that", "even if") are left out of
   the consequence; verbless conditions ("When in doubt, ...") and a fronted scope phrase
   ("For every SEV1 incident, ...") are conditions.

Cue words and modal lexicons are module-level tables (patterns are data).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from ..model import Rule, Span
from ._util import (blocks, is_person, iter_sentences, provenance, subtree_indices,
                    tokens_to_span)

NAME = "kextract.rules"
VERSION = "1"
EXTRACTOR = f"{NAME}.v{VERSION}"

# single-word clause markers -> pattern id
CONDITION_MARKS = {
    "if": "if", "when": "when", "whenever": "whenever", "once": "once", "where": "where",
    "while": "while", "wherever": "wherever", "provided": "provided_that",
    "providing": "provided_that", "assuming": "assuming", "whilst": "while",
}
EXCEPTION_MARKS = {"unless": "unless"}
# multi-word cues (lower-cased token sequences) -> (pattern id, is exception)
MULTIWORD_CUES = [
    (("as", "soon", "as"), "as_soon_as", False),
    (("provided", "that"), "provided_that", False),
    (("providing", "that"), "provided_that", False),
    (("on", "condition", "that"), "on_condition_that", False),
    (("except", "when"), "except_when", True),
    (("except", "if"), "except_if", True),
    (("except", "where"), "except_where", True),
]
# "in (the|any) case(s) of NP / where CLAUSE / that CLAUSE / CLAUSE", "in the event of/that":
# a preposition whose object is one of these nouns introduces a condition (pattern id)
CASE_NOUNS = {"case": "in_case", "cases": "in_case", "event": "in_the_event",
              "instance": "in_case", "instances": "in_case"}
CASE_PREPS = {"in"}
#: a preceding "except" / "other than" turns a case cue into an exception
EXCEPT_WORDS = {"except", "excepting"}
# markers that may follow the case noun and are dropped from the condition span
CASE_MARKERS = {"where", "when", "that", "if", "whereby", "which"}
# prepositions whose object is a condition when they modify the main verb
CONDITION_PREPS = {"during": "during", "upon": "upon", "on": None}
OBLIGATION_AUX = {"must", "shall", "have", "need", "ought", "has", "got"}
RECOMMENDATION_AUX = {"should"}
PERMISSION_AUX = {"may", "might", "can", "could"}
OBLIGATION_VERBS = {"require", "oblige", "mandate", "need", "have", "expect", "obligate"}
PERMISSION_VERBS = {"permit", "allow", "authorize", "authorise", "entitle"}
PROHIBITION_VERBS = {"prohibit", "forbid", "ban", "bar", "disallow"}
RECOMMENDATION_VERBS = {"recommend", "advise", "suggest", "encourage"}
OBLIGATION_ADJ = {"mandatory", "required", "necessary", "essential", "compulsory", "obligatory",
                  "imperative", "vital"}
RECOMMENDATION_ADJ = {"advisable", "recommended", "preferable", "best", "wise", "good"}
PROHIBITION_ADJ = {"forbidden", "prohibited", "illegal", "unacceptable"}
NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor"}
POSSIBILITY_VERBS = {"cause", "result", "lead", "occur", "happen", "become", "damage", "affect",
                     "be", "contain", "produce", "trigger", "fail", "break", "increase",
                     "reduce", "take", "vary", "spread", "grow", "develop", "survive", "appear"}


def extract(doc, doc_id: str = "") -> Iterator[Rule]:
    """Yield the rules of a parsed document."""
    sents = list(iter_sentences(doc))
    consumed: set[int] = set()
    list_items = [b for b in blocks(doc) if b.label_ == "list_item"]
    headings = {(b.start, b.end) for b in blocks(doc) if b.label_ == "heading"}
    for si, sent in sents:
        if sent.start in consumed or (sent.start, sent.end) in headings:
            continue
        if _is_question(sent):
            continue
        fronted: tuple[Span, ...] = ()
        first: tuple[Span, ...] = ()
        for seg in _segments(sent):
            try:
                rule, items = _sentence_rule(doc, doc_id, si, seg, list_items, sent)
                if rule is not None and seg.start > sent.start and first:
                    rule = _inherit(doc, seg, rule, fronted, first)
            except Exception:  # one odd parse must not kill the document
                continue
            if rule is not None:
                consumed.update(items)
                if seg.start == sent.start:
                    first = rule.conditions
                    fronted = tuple(c for c in rule.conditions
                                    if c.end <= rule.consequence.start)
                yield rule


def _elliptical(doc, cond: Span) -> bool:
    """A condition that only points back at the clause before it ("if it does not",
    "if not", "if so")."""
    toks = [t for t in doc.char_span(cond.start, cond.end, alignment_mode="expand") or ()]
    return bool(toks) and all(t.pos_ in ("PRON", "AUX", "PART") or t.lower_ in ("not", "so")
                              for t in toks)


def _inherit(doc, seg, rule: Rule, fronted: tuple[Span, ...],
             first: tuple[Span, ...]) -> Rule:
    """A clause after ";" (or ", but" ...) stays under the conditions that open the sentence
    (``fronted``: "If A, do X; do Y": Y has condition A too); an elliptical condition of its
    own ("; if it does not, ...") is added to them; "otherwise" makes the first clause's
    conditions (``first``) its exceptions instead."""
    word = next((t for t in seg if not t.is_punct and not t.is_space), None)
    if word is not None and word.lower_ == "otherwise":
        return replace(rule, exceptions=rule.exceptions + first)
    if not fronted:
        return rule
    own = rule.conditions
    if own and not all(_elliptical(doc, c) for c in own):
        return rule
    return replace(rule, conditions=fronted + own)


#: words after a comma that join two independent clauses of which each can state its own
#: rule ("X, so Y": the rule is Y; "X, but it must not ...")
CLAUSE_JOINERS = {"so", "but"}


def _finite_clause(toks) -> bool:
    """Do the tokens hold a clause of their own: a verb with a subject, or an imperative
    verb at their start?"""
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if not words:
        return False
    ids = {t.i for t in words}
    for t in words:
        if t.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i in ids for c in t.children):
            return True
    first = next((t for t in words if t.lower_ not in IMPERATIVE_OPENERS
                  and t.dep_ not in ("cc", "advmod", "mark")), None)
    if first is not None and (first.tag_ == "VB" or first.lower_ in INSTRUCTION_VERBS):
        return True
    return any(t.lower_ in CONDITION_MARKS and t.i == words[0].i for t in words)


def _segments(sent) -> list:
    """The sentence split into independent clauses that can each state a rule: at ";",
    at a ":" inside the sentence, and at ", so" / ", but" before a clause ("The room is far
    away, so the operator must walk down ..."). A split is made only when both sides are
    clauses; "so that" (purpose) is no split."""
    doc = sent.doc
    cuts: list[tuple[int, int]] = []   # (end of left part, start of right part)
    for t in sent:
        if t.i + 1 >= sent.end or t.i == sent.start:
            continue
        nxt = doc[t.i + 1]
        if t.text in (";", ":"):
            cuts.append((t.i, t.i + 1))
        elif t.text == "," and nxt.lower_ in CLAUSE_JOINERS and t.i + 2 < sent.end and \
                doc[t.i + 2].lower_ not in ("that", "as", "far", "long", "much", "many"):
            cuts.append((t.i, t.i + 2))
    if not cuts:
        return [sent]
    segs = []
    start = sent.start
    for end, nxt in cuts:
        if not _finite_clause(doc[start:end]) or not _finite_clause(doc[nxt:_next_cut(cuts, nxt, sent)]):
            continue
        segs.append((start, end))
        start = nxt
    segs.append((start, sent.end))
    # the part before ", so" gives no rule of its own: it is the reason of the rule after it
    out = []
    for k, (a, b) in enumerate(segs):
        if k + 1 < len(segs) and doc[b].text == "," and doc[b + 1].lower_ == "so":
            continue
        out.append(doc[a:b])
    return out


def _next_cut(cuts, nxt, sent) -> int:
    return next((e for e, _ in cuts if e > nxt), sent.end)


@dataclass(slots=True)
class _Cue:
    """A condition or exception found in a sentence, before it becomes spans."""

    cue: set[int]                          # the cue's token indices
    parts: list[tuple[int, set[int]]]      # (anchor, token indices) of each condition
    region: set[int]                       # tokens that leave the main clause
    pattern: str
    exception: bool
    necessary: bool
    logic: str | None = None               # "and" / "or" when the parts are coordinated
    main: object = None                    # main-clause head found by a repair, if any


WH_WORDS = {"what", "which", "who", "whom", "whose", "why", "how", "where", "when"}


def _is_question(sent) -> bool:
    """An interrogative sentence: it ends with "?" and opens with a wh-word or an inverted
    auxiliary, or has one after a fronted clause ("If the pump overheats, what ...?").
    A "?" standing for an unreadable character inside a sentence does not make a question."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words or not sent.text.rstrip().endswith("?"):
        return False
    starts = [words[0]] + [sent.doc[t.i + 1] for t in sent
                           if t.text == "," and t.i + 1 < sent.end]
    for t in starts:
        if t.lower_ in WH_WORDS and t.dep_ != "mark" and not (
                t.lower_ in ("when", "where") and t.dep_ == "advmod" and t.head.dep_ == "advcl"):
            return True
        if t.pos_ == "AUX" and t.dep_ in ("aux", "ROOT", "auxpass") and any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > t.i for c in t.head.children):
            return True
    return False


def _find_cues(sent) -> list[_Cue]:
    """Every condition / exception cue of a sentence with the tokens of its clause."""
    found: list[_Cue] = []
    used: set[int] = set()
    low = [t.lower_ for t in sent]
    for k, tok in enumerate(sent):
        if low[k] in CASE_PREPS:
            cue = _case_cue(sent, k)
            if cue is not None:
                used.update(i - sent.start for i in cue.cue)
                found.append(cue)
    for seq, pattern, exc in MULTIWORD_CUES:
        n = len(seq)
        for k in range(len(low) - n + 1):
            if tuple(low[k:k + n]) == seq and not used.intersection(range(k, k + n)):
                cue_toks = [sent[k + j] for j in range(n)]
                head = _clause_head_for_multi(cue_toks, pattern)
                if head is None:
                    continue
                used.update(range(k, k + n))
                nec = _only_before(sent, k)
                found.append(_clause_cue(sent, {t.i for t in cue_toks}, head, pattern, exc, nec))
    for k, tok in enumerate(sent):
        if k in used:
            continue
        lw = tok.lower_
        if lw in CONDITION_MARKS or lw in EXCEPTION_MARKS:
            verbless = _verbless(sent, k) if lw in VERBLESS_MARKS else None
            if verbless is not None:
                nec = _only_before(sent, k)
                found.append(_Cue({tok.i}, [(max(verbless), verbless)], verbless | {tok.i},
                                  ("only_" if nec else "") + CONDITION_MARKS[lw] + "_verbless",
                                  False, nec))
                continue
            head = _clause_head(tok)
            if head is None or lw == "once" and tok.dep_ != "mark" and head.i < tok.i:
                continue  # "at least once a year", "reheated only once": an adverb
            exc = lw in EXCEPTION_MARKS
            pattern = EXCEPTION_MARKS.get(lw) or CONDITION_MARKS[lw]
            nec = _only_before(sent, k)
            found.append(_clause_cue(sent, {tok.i}, head, ("only_" + pattern) if nec else pattern,
                                     exc, nec))
    return found


#: markers that also introduce a verbless condition ("When in doubt, ...", "if necessary",
#: "Store the cloths when dry")
VERBLESS_MARKS = {"if", "when", "whenever", "while", "once"}


def _verbless(sent, k: int) -> set[int] | None:
    """The tokens of a verbless condition after the marker ``sent[k]``: up to the next comma
    when the marker opens the sentence, else up to the end of the sentence part; at most six
    words and no verb (a participle "when dry", "if needed" is no verb here but "if possible"
    and "if necessary" are kept too), and no word after it depends on it."""
    doc = sent.doc
    mark = sent[k]
    fronted = _fronted(sent, mark.i)
    ids: list[int] = []
    j = mark.i + 1
    while j < sent.end and doc[j].text not in (",", ";", ":", ".", "!", "?") and \
            not doc[j].is_space:
        ids.append(j)
        j += 1
    if not ids or len(ids) > 6 or mark.lower_ == "once" and not fronted:
        return None  # "at least once a year"
    if fronted and (j >= sent.end or doc[j].text != ","):
        return None
    if not fronted and j < sent.end and doc[j].text not in (".", "!", ";", ":", ","):
        return None
    if any(doc[x].head.i in ids for x in range(j, sent.end) if not doc[x].is_punct):
        return None  # the phrase goes on past the comma ("if wind, rain or hail flow ...")
    toks = [doc[i] for i in ids]
    if any(t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN",) or t.tag_ in (
            "WDT", "WP", "PRP") or t.dep_ in ("nsubj", "nsubjpass") for t in toks):
        return None
    if toks[0].pos_ not in ("ADP", "ADJ", "NOUN", "PROPN", "ADV", "VERB", "DET") or \
            toks[0].pos_ == "VERB" and toks[0].tag_ != "VBN":
        return None
    return set(ids)


def _case_cue(sent, k: int) -> _Cue | None:
    """"in (the) case(s) of NP", "in the case where/that CLAUSE", "in the event of NP" ..."""
    doc = sent.doc
    j = k + 1
    if j < len(sent) and sent[j].dep_ == "det" and sent[j].lower_ in ("the", "any", "a"):
        j += 1
    if j >= len(sent) or sent[j].lower_ not in CASE_NOUNS or sent[j].pos_ not in ("NOUN", "PROPN"):
        return None
    noun = sent[j]
    pattern = CASE_NOUNS[noun.lower_]
    exc = k > 0 and sent[k - 1].lower_ in EXCEPT_WORDS
    cue_ids = {t.i for t in sent[k:j + 1]}
    if exc:
        cue_ids.add(sent[k - 1].i)
    nxt = doc[noun.i + 1] if noun.i + 1 < sent.end else None
    if nxt is None:
        return None
    if nxt.lower_ == "of":
        # the parser may hang a modifier of the object on the case noun ("in the case of
        # small vessels with two engines"): it belongs to the condition as well
        mods = [c for c in noun.children if c.i > nxt.i and c.dep_ in ("prep", "acl", "relcl")]
        ids = {i for i in subtree_indices(nxt).union(*(subtree_indices(c) for c in mods))
               if sent.start <= i < sent.end} - {nxt.i}
        if not ids:
            return None
        cue_ids.add(nxt.i)
        return _Cue(cue_ids, [(max(ids), ids)], ids | cue_ids, pattern + "_of", exc,
                    _only_before(sent, k))
    # a clause after the noun: its head is a child of the noun or the highest verb that
    # starts right after it
    head = next((c for c in noun.children if c.dep_ in ("relcl", "acl", "ccomp", "advcl")
                 and c.i > noun.i), None)
    if head is None:
        x = nxt
        if x.lower_ in CASE_MARKERS and x.i + 1 < sent.end:
            x = doc[x.i + 1]
        while x.head.i != x.i and x.head.i > noun.i and x.head.left_edge.i > noun.i:
            x = x.head
        head = x if x.pos_ in ("VERB", "AUX") else None
    if head is None or not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")
                               for c in head.children) and head.tag_ != "VBN":
        return None
    if nxt.lower_ in CASE_MARKERS:
        cue_ids.add(nxt.i)
    return _clause_cue(sent, cue_ids, head, pattern, exc, _only_before(sent, k))


def _clause_cue(sent, cue_ids: set[int], head, pattern: str, exc: bool, nec: bool) -> _Cue:
    """A cue that introduces a clause headed by ``head``: repair common mis-parses, then split
    coordinated clauses into separate conditions."""
    head = _climb(head, min(cue_ids))
    cue_end = max(cue_ids)
    main = extra = None
    clause_ids = subtree_indices(head)
    fronted = _fronted(sent, min(cue_ids))
    then = next((t for t in sent if t.i > cue_end and t.lower_ == "then" and t.dep_ == "advmod"
                 and t.head.pos_ in ("VERB", "AUX") and t.head.i > t.i), None) if fronted else None
    if then is not None and then.i - 1 > cue_end:
        # "If A [,] then B": the cue's clause runs to "then", whatever the parse says
        clause_ids = set(range(cue_end + 1, then.i)) | cue_ids
        main = then.head
        if head.i >= then.i:
            head = next((t for t in sent[cue_end + 1 - sent.start:then.i - sent.start]
                         if t.head.i >= then.i or t.head.i == t.i), head)
    elif fronted and (head.i == sent.root.i or head.dep_ == "ROOT"):
        hidden = _hidden_main(sent, head, cue_end) or _comma_split(sent, cue_end)
        if hidden is not None:
            main, main_ids = hidden
            clause_ids -= main_ids
            if head.i in main_ids:
                head = _highest(sent.doc, clause_ids - cue_ids) or head
    else:
        coord = _dangling_coordination(head)
        if coord is not None:
            clause_ids = subtree_indices(coord)
            extra = (coord, clause_ids - subtree_indices(head))
    parts, logic = _condition_parts(head, cue_ids)
    if extra is not None:
        parts, logic = [head, extra[0]], _coord_logic(head)
    part_ids = []
    for p in parts:
        ids = subtree_indices(p, {q.i for q in parts if q is not p}) & clause_ids
        ids -= cue_ids
        ids = {i for i in ids if not (sent.doc[i].dep_ == "advmod" and sent.doc[i].lower_ in (
            "only", "then") and sent.doc[i].head.i == p.i)}
        part_ids.append((p.i, ids))
    if len(parts) == 1 and then is not None:
        part_ids = [(head.i, clause_ids - cue_ids)]
    pivot = _existential_pivot(sent, head) if fronted and main is None else set()
    if pivot and len(part_ids) == 1:
        part_ids = [(head.i, part_ids[0][1] | pivot)]
        clause_ids |= pivot
    region = clause_ids | cue_ids
    return _Cue(set(cue_ids), part_ids, region, pattern, exc, nec,
                logic if len(parts) > 1 else None, main)


def _existential_pivot(sent, head) -> set[int]:
    """"If there is at least one spare pump, the flag ...": the parser may give the noun
    phrase of an existential condition to the main clause and leave "there is" bare. The
    tokens after such a bare "there be" up to the next comma are the condition's own."""
    doc = sent.doc
    if head.lemma_ != "be" or not any(c.dep_ == "expl" for c in head.children) or any(
            c.dep_ in ("attr", "nsubj", "nsubjpass", "acomp", "dobj", "ccomp", "xcomp")
            for c in head.children):
        return set()
    end = next((t.i for t in doc[head.i + 1:sent.end] if t.text in (",", ";")), None)
    if end is None or end == head.i + 1:
        return set()
    ids = set(range(head.i + 1, end))
    if not any(doc[i].pos_ in ("NOUN", "PROPN", "PRON") for i in ids) or any(
            doc[i].pos_ in ("VERB", "AUX") for i in ids):
        return set()
    return ids


def _highest(doc, ids: set[int]):
    """The token of ``ids`` whose head lies outside them (the first one if several)."""
    for i in sorted(ids):
        t = doc[i]
        if t.head.i == t.i or t.head.i not in ids:
            if not t.is_punct:
                return t
    return None


def _dangling_coordination(head):
    """"If A and B, C" parsed with A's "and" left dangling and B as A's head: B."""
    cc = [c for c in head.children if c.dep_ == "cc" and c.lower_ in ("and", "or")]
    if not cc or any(c.dep_ == "conj" and c.i > cc[-1].i for c in head.children):
        return None
    if max(c.i for c in head.children) != cc[-1].i:
        return None
    parent = head.head
    if parent.i > head.i and parent.pos_ in ("VERB", "AUX") and parent.dep_ not in ("ROOT",) \
            and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in parent.children):
        return parent
    return None


def _coord_logic(head) -> str:
    cc = [c for c in head.children if c.dep_ == "cc" and c.lower_ in ("and", "or")]
    return cc[-1].lower_ if cc else "and"


def _comma_split(sent, cue_end: int):
    """Fallback for a fronted condition whose clause the parser could not separate from the
    main clause: the condition ends at the first comma that is not followed by a
    coordinating conjunction and after which a verb follows; (main head, main indices)."""
    doc = sent.doc
    for t in sent:
        if t.i <= cue_end + 1 or t.text not in (",", ";"):
            continue
        if t.i + 1 >= sent.end or doc[t.i + 1].dep_ == "cc" or doc[t.i + 1].lower_ in (
                "and", "or", "but", "nor"):
            continue
        rest = set(range(t.i + 1, sent.end))
        verbs = [doc[i] for i in sorted(rest) if doc[i].pos_ in ("VERB", "AUX")
                 and doc[i].dep_ not in ("aux", "auxpass", "amod")]
        if not verbs:
            continue
        main = _highest(doc, {v.i for v in verbs} | {
            i for i in rest if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ in (
                "ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis")}) or verbs[0]
        return main, rest
    return None


def _stolen_subject(doc, main, cues) -> set[int]:
    """A main clause without subject right after a condition that ends in a noun phrase took
    its subject ("If it is impractical to apply the factors, concurrence of the Authority is
    required"; "If both devices have a variable PIN the BD_ADDR ... shall be used"): give the
    noun phrase back to the main clause. Returns the indices moved."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass")
           for c in main.children):
        return set()
    if not any(c.dep_ in ("aux", "auxpass") for c in main.children) and main.tag_ not in (
            "VBZ", "VBD"):
        return set()
    core = {main.i} | {c.i for c in main.children if c.dep_ in ("aux", "auxpass", "neg")}
    for cue in cues:
        for n, (anchor, ids) in enumerate(cue.parts):
            if not ids or max(ids) + 1 not in core:
                continue
            end = max(ids)
            appos = [i for i in sorted(ids) if doc[i].dep_ == "appos" and i > min(ids)
                     and doc[i].right_edge.i == end and doc[doc[i].left_edge.i - 1].text != ","
                     and doc[doc[i].left_edge.i].dep_ == "det"]
            k = end
            while k > min(ids) and doc[k].text not in (",", ";") and doc[k].pos_ not in (
                    "VERB", "AUX"):
                k -= 1
            if appos:
                start = doc[appos[0]].left_edge.i
            elif doc[k].text in (",", ";"):
                start = k + 1
            else:
                return set()
            moved = set(range(start, end + 1))
            if not moved or not appos and any(doc[i].pos_ in ("VERB", "AUX") for i in moved) \
                    or not any(doc[i].pos_ in ("NOUN", "PROPN", "PRON") for i in moved):
                return set()
            cue.parts[n] = (anchor, ids - moved - ({k} if doc[k].text == "," else set()))
            cue.region -= moved
            return moved
    return set()


def _fronted(sent, cue_i: int) -> bool:
    """The cue opens the sentence (after conjunctions, adverbs and commas at most)."""
    for t in sent:
        if t.i >= cue_i:
            return True
        if not (t.is_punct or t.pos_ in ("CCONJ", "ADV", "PART") or t.lower_ in ("only",)):
            return False
    return True


def _climb(head, mark_i: int | None = None):
    """A marker hung on a word inside its clause is moved to the clause's verb: a bare word
    ("If fracture mechanics data are not available"), an auxiliary ("When a file is
    deleted"), a modifier inside the clause ("when unknown vessels approach"), or the last of
    coordinated verbs whose first one follows the marker ("when records are added or
    deleted": the marker introduces the whole coordination)."""
    if head.dep_ in ("aux", "auxpass") and head.head.i > head.i and \
            head.head.pos_ in ("VERB", "AUX"):
        head = head.head
    if head.dep_ in ("amod", "compound", "nummod") and head.head.i > head.i:
        word = head.head
        if word.dep_ in ("nsubj", "nsubjpass") and word.head.i > word.i:
            word = word.head
        if word.pos_ in ("VERB", "AUX") and word.dep_ != "ROOT":
            head = word
    first = head.head
    if mark_i is not None and head.dep_ == "conj" and first.pos_ in ("VERB", "AUX") and \
            mark_i < first.i < head.i and not any(
                c.dep_ == "mark" or c.i < mark_i for c in first.children):
        head = first
    if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT":
        return head
    parent = head.head
    if parent.pos_ in ("VERB", "AUX") and parent.i > head.i and parent.dep_ in (
            "advcl", "ccomp", "csubj", "conj") and all(c.dep_ in ("mark", "advmod", "punct")
                                                     for c in head.children):
        return parent
    return head


#: verbs that frame a rule stated in their complement clause ("This ensures that when ...")
FRAMING_VERBS = {"mean", "ensure", "imply", "note", "say", "state", "indicate", "show",
                 "remember", "guarantee", "specify"}
MAIN_MODALS = {"shall", "must", "should", "will", "would", "may", "might", "need", "can",
               "could", "wo", "sha"}
RELATIVE_WORDS = {"that", "which", "who", "whom", "whose", "where"}


def _hidden_main(sent, head, cue_end: int):
    """The parser made a fronted condition the root and buried the main clause under it
    ("If both devices have a fixed PIN they cannot be paired"). Return (main head, its
    token indices) when a clause with a modal, or after a comma, can be split off."""
    doc = sent.doc
    for v in sorted(subtree_indices(head)):
        t = doc[v]
        if v <= cue_end + 1 or t.i == head.i or t.pos_ not in ("VERB", "AUX"):
            continue
        if t.dep_ not in ("conj", "relcl", "ccomp", "advcl", "acl", "appos", "parataxis", "dep"):
            continue
        aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        modal = any(a.lower_ in MAIN_MODALS for a in aux) or t.lower_ in MAIN_MODALS
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if subj is not None and (subj.lower_ in RELATIVE_WORDS or subj.tag_ in ("WDT", "WP")):
            continue
        if any(c.lower_ in RELATIVE_WORDS and c.i < t.i and c.dep_ in ("mark", "advmod", "dobj")
               for c in t.children):
            continue
        left = t.left_edge.i
        # a subject the parser hung elsewhere: tokens back to the previous comma
        k = left - 1
        while k > cue_end and doc[k].dep_ != "punct" and doc[k].pos_ not in ("VERB", "AUX") \
                and doc[k].dep_ in ("cc", "nsubj", "nsubjpass", "compound", "det", "amod"):
            k -= 1
        comma = doc[k].text == "," if k > cue_end else False
        if not modal and not comma:
            continue
        start = k + 1 if comma or k < left - 1 else left
        if subj is None and not comma:
            continue
        ids = set(range(start, t.right_edge.i + 1))
        return t, ids
    return None


def _only_before(sent, k: int) -> bool:
    return k > 0 and sent[k - 1].lower_ in ("only", "solely", "just")


#: verbs whose object can be an indirect question ("check if the valve is closed",
#: "determine when the filter was replaced"): an "if" / "when" clause that is their
#: complement asks, it states no condition
INQUIRY_VERBS = {"ask", "check", "verify", "determine", "decide", "know", "see", "establish",
                 "ascertain", "find", "test", "confirm", "wonder", "investigate", "examine",
                 "inspect", "assess", "evaluate", "query", "learn", "judge", "doubt"}


def _indirect_question(mark, head) -> bool:
    """Does ``mark`` open the complement of a verb of inquiry ("determine if X")?"""
    verb = head.head
    if mark.lower_ not in ("if", "when") or not verb.i < mark.i or \
            verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in INQUIRY_VERBS:
        return False
    if head.dep_ == "ccomp":
        return True
    # "check if X" read as an adverbial clause: the active verb has no object and "if"
    # follows it at once
    return head.dep_ == "advcl" and mark.lower_ == "if" and mark.i == verb.i + 1 and not any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "auxpass", "nsubjpass") for c in verb.children)


def _clause_head(mark):
    """The verb of the clause a marker introduces, if the marker really introduces one
    (an indirect question, "check if X", is no condition)."""
    head = mark.head
    if _indirect_question(mark, head):
        return None
    if mark.i < head.i:
        # a fronted marker the parser hung on the main verb: "If the pump overheats, shut ..."
        inner = [c for c in head.children if c.dep_ in ("advcl", "ccomp", "csubj")
                 and mark.i < c.i < head.i]
        if inner and not any(c.dep_ == "mark" for c in inner[0].children):
            return inner[0]
    if _swallowed_condition(mark, head):
        return head
    if mark.dep_ == "mark" or (mark.dep_ in ("advmod", "mark") and head.dep_ in (
            "advcl", "ccomp", "conj", "ROOT", "csubj")):
        if head.pos_ in ("VERB", "AUX", "ADJ") or head.dep_ == "advcl":
            if mark.lower_ == "where" and head.dep_ == "relcl":
                return None
            return head
    if mark.lower_ in ("once", "when", "whenever", "if") and mark.dep_ == "advmod" and \
            head.pos_ in ("VERB", "AUX"):
        if head.dep_ == "relcl":
            return None
        return head
    return None


def _clause_head_for_multi(cue_toks, pattern):
    last = cue_toks[-1]
    if pattern in ("in_the_event_of",):
        return last  # the preposition "of": its object is the condition
    if pattern == "in_case":
        case = cue_toks[1]
        of = next((c for c in case.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            return of
        clause = next((c for c in case.children if c.dep_ in ("acl", "relcl", "ccomp")), None)
        if clause is not None:
            return clause
        if last.head.pos_ in ("VERB", "AUX") and last.head.i != cue_toks[0].i and \
                last.head.dep_ in ("advcl", "ccomp"):
            return last.head
        return None
    for t in reversed(cue_toks):
        if t.head.i not in {c.i for c in cue_toks} and t.head.pos_ in ("VERB", "AUX", "ADJ"):
            return t.head
    return None


def _condition_parts(head, cue_ids: set[int]):
    """Split a clause at coordinated verbs: ("If A and B" -> [A, B], "and")."""
    parts = [head]
    logic = "and"
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and any(
                ch.dep_ in ("nsubj", "nsubjpass", "expl") for ch in c.children):
            parts.append(c)
    for c in head.children:
        if c.dep_ == "cc" and c.lower_ in ("or", "and"):
            logic = c.lower_
    return parts, logic


def _modality(main, sent) -> tuple[str, bool, str]:
    """(modality, negated, pattern) of a main-clause verb."""
    children = list(main.children)
    aux = [c for c in children if c.dep_ in ("aux", "auxpass")]
    aux_l = {a.lower_ for a in aux} | {a.lemma_.lower() for a in aux}
    neg = any(c.dep_ == "neg" or c.lower_ in ("never",) for c in children) or any(
        c.dep_ == "neg" for a in aux for c in a.children)
    subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is not None and subj.lower_ in ("no", "nobody", "none", "nothing") or (
            subj is not None and any(d.lower_ == "no" for d in subj.children)):
        neg = True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    lemma = main.lemma_.lower()
    xcomp = next((c for c in children if c.dep_ == "xcomp"), None)

    if aux_l & {"must", "shall"}:
        return ("prohibition" if neg else "obligation"), neg, "modal_must"
    if aux_l & RECOMMENDATION_AUX or "ought" in aux_l or lemma == "ought":
        return "recommendation", neg, "modal_should"
    if lemma in ("have", "need") and xcomp is not None and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
        if neg and lemma == "need":
            return "permission", True, "need_not"
        return ("prohibition" if neg else "obligation"), neg, "have_to"
    if lemma in PROHIBITION_VERBS:
        return "prohibition", neg, "prohibited"
    if lemma in OBLIGATION_VERBS and passive:
        return ("prohibition" if neg else "obligation"), neg, "required"
    if lemma in PERMISSION_VERBS and passive:
        return ("prohibition" if neg else "permission"), neg, "permitted"
    if lemma in RECOMMENDATION_VERBS and (passive or subj is not None and subj.lower_ in (
            "we", "i", "manufacturer")):
        return ("prohibition" if neg else "recommendation"), neg, "recommended"
    if lemma == "be":
        acomp = next((c for c in children if c.dep_ in ("acomp", "attr")), None)
        if acomp is not None:
            a = acomp.lemma_.lower()
            if a in OBLIGATION_ADJ or acomp.lower_ in OBLIGATION_ADJ:
                return ("prohibition" if neg else "obligation"), neg, "adj_required"
            if a in RECOMMENDATION_ADJ or acomp.lower_ in RECOMMENDATION_ADJ:
                return ("prohibition" if neg else "recommendation"), neg, "adj_advisable"
            if a in PROHIBITION_ADJ or acomp.lower_ in PROHIBITION_ADJ:
                return "prohibition", neg, "adj_forbidden"
    if aux_l & PERMISSION_AUX:
        if main.lemma_.lower() in POSSIBILITY_VERBS and not passive and not (
                subj is not None and is_person(subj)):
            return "none", neg, "modal_possibility"
        if subj is not None and is_person(subj) or passive or subj is None:
            if neg:
                return "prohibition", True, "modal_may_not"
            return "permission", False, "modal_may"
        return "none", neg, "modal_ability"
    if _is_imperative(main, sent):
        lead = []
        for t in sent:
            if t.is_punct or t.lower_ not in IMPERATIVE_OPENERS:
                break
            lead.append(t.lower_)
        neg = neg or bool({"never", "not", "n't"} & set(lead))
        if neg:
            return "prohibition", True, "imperative_negative"
        return "obligation", False, "imperative"
    if any(c.lower_ == "always" for c in children) and subj is not None and is_person(subj):
        return "obligation", neg, "always"
    return "none", neg, "fact"


IMPERATIVE_LEAD = {"always", "never", "do", "not", "n't", "please", "immediately", "first",
                   "then", "also", "carefully", "only", "promptly", "now", "again", "just"}


#: verbs that open a worked example or a hypothesis rather than give an instruction
#: ("Consider a pump that ...", "Suppose the RCD trips ...")
SCENARIO_VERBS = {"consider", "suppose", "imagine", "assume", "picture", "say"}


#: verbs common at the head of instructions; the small English models often tag them as
#: nouns or adjectives at the start of a sentence ("Wear gloves ...", "Close valve V2 ...")
INSTRUCTION_VERBS = frozenset("""
add adjust apply ask assess attach avoid block bring call cancel change check clean clear
close complete confirm connect contact continue cool cover cut declare disable disconnect
discard disinfect drain drink drop eat empty enable enter ensure escalate evacuate examine
fill fit follow give hand handle hold identify inform inspect install isolate keep kneel
label leave lift listen lock log look lower make measure monitor move notify open operate
place plug post press prevent protect pull push put raise read record reduce refer release
remove repair replace report reset restart restore return review roll run seal send set
shut start stay stir stop store swap switch take tell test throw tighten turn unplug update
use verify wait wash watch wear wipe write
""".split())
IMPERATIVE_OPENERS = {"always", "never", "do", "not", "n't", "please", "then", "first",
                      "immediately", "also", "now", "again", "just", "carefully", "only"}


def _lexical_imperative(main, sent) -> bool:
    """An imperative the tagger missed: the sentence opens (after "Never", "Always", "Do not",
    "Please" ...) with a common instruction verb that the parse made a noun, an adjective or
    part of the subject of a verb without auxiliaries."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    k = 0
    while k < len(words) - 1 and words[k].lower_ in IMPERATIVE_OPENERS:
        k += 1
    if not words or k >= len(words):
        return False
    w = words[k]
    if w.lower_ not in INSTRUCTION_VERBS or w.pos_ in ("VERB", "AUX") and w.tag_ == "VB":
        return False
    if w.i + 1 < sent.end and sent.doc[w.i + 1].pos_ in ("VERB", "AUX") and \
            sent.doc[w.i + 1].tag_ != "VB":
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in main.children) or main.tag_ in (
            "VBZ", "VBD", "VBN", "MD"):
        return False
    if main.i == w.i:
        return True
    subj = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass", "compound", "amod")]
    in_subject = any(c.left_edge.i <= w.i <= c.right_edge.i for c in subj)
    return in_subject or main.pos_ in ("NOUN", "PROPN") and main.left_edge.i <= w.i


def _swallowed_condition(mark, noun) -> bool:
    """"If the pump overheats, shut it down": the small model may read the condition's verb
    as a plural noun, hang the marker on it and make "the pump overheats" the subject of the
    main verb. Such a subject, introduced by the marker and closed by a comma before its
    verb, is the condition clause."""
    verb = noun.head
    return (mark.dep_ == "mark" and noun.dep_ == "nsubj" and noun.tag_ in ("NNS", "VBZ")
            and mark.i < noun.i < verb.i and verb.pos_ in ("VERB", "AUX")
            and any(t.text == "," for t in noun.doc[noun.i + 1:verb.i]))


def _condition_subject(main, sent) -> bool:
    """Whether ``main``'s subject is a swallowed condition (see :func:`_swallowed_condition`)."""
    subj = next((c for c in main.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    return any(c.lower_ in CONDITION_MARKS and _swallowed_condition(c, subj)
               for c in subj.children)


def _is_imperative(main, sent) -> bool:
    if _lexical_imperative(main, sent):
        return True
    if main.pos_ not in ("VERB", "AUX"):
        return False
    if _condition_subject(main, sent):
        # the imperative of "If the pump overheats, shut it down" (often tagged VBD/VBP)
        return main.lower_ == main.lemma_.lower() and not any(
            c.dep_ in ("aux", "auxpass") for c in main.children)
    if main.dep_ == "conj" and _opens_condition(main.head):
        # "When the tank is full, close the valve": the main clause hangs off the condition
        return main.tag_ in ("VB", "VBP") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl", "aux") for c in main.children)
    if main.lemma_.lower() in SCENARIO_VERBS and any(
            c.dep_ in ("ccomp", "advcl") or c.dep_ == "dobj" and any(
                d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children)
            for c in main.children):
        return False
    if main.tag_ != "VB":
        # sentence-initial base forms are often tagged VBP/NN ("Wear gloves ...")
        lead = [t for t in sent if t.i < main.i and not t.is_punct and not t.is_space]
        if main.tag_ not in ("VBP", "NN", "NNP") or any(
                t.lower_ not in IMPERATIVE_LEAD for t in lead if t.dep_ != "prep"
                and t.head.i == main.i and t.dep_ not in ("advcl", "prep")):
            return False
        if main.lower_ != main.lemma_.lower():
            return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in main.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ not in ("do", "not", "never") for c in main.children):
        return False
    own_root = main.head.i < sent.start or main.head.i >= sent.end  # root of a clause part
    if main.dep_ not in ("ROOT", "conj") and not own_root:
        return False
    if main.dep_ == "conj" and not own_root:
        return _is_imperative(main.head, sent)
    return True


def _opens_condition(verb) -> bool:
    """Whether ``verb`` heads a clause introduced by a condition marker."""
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in CONDITION_MARKS and c.i < verb.i
               for c in verb.children)


def _first_word(sent) -> int:
    return next((t.i for t in sent if not t.is_punct and not t.is_space), sent.start)


def _main_verb(sent, excluded: set[int]):
    root = sent.root
    if root.i not in excluded:
        return root
    # the root itself is a condition clause: look for a clause head outside the conditions
    for t in sent:
        if t.i not in excluded and t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj",
                                                                             "ccomp"):
            return t
    return None


#: "For every incident, ...", "For a person who ..., ...": a fronted "for" phrase whose
#: noun phrase opens with one of these determiners sets the scope of a rule (a condition)
SCOPE_PREPS = {"for"}
SCOPE_DETS = {"every", "each", "all", "any", "a", "an"}
#: nouns of durations and amounts ("For a few minutes, ...") and of purposes, which are no scope
NON_SCOPE_NOUNS = {"second", "minute", "hour", "day", "week", "month", "year", "time", "while",
                   "moment", "period", "example", "instance", "reason", "purpose", "number",
                   "lot", "bit", "couple", "few", "amount", "case"}


def _scope_phrase(prep) -> bool:
    if prep.lower_ not in SCOPE_PREPS:
        return False
    obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN") or obj.lemma_.lower() in NON_SCOPE_NOUNS:
        return False
    if any(c.dep_ == "nummod" or c.like_num and c.dep_ != "nmod" for c in obj.children):
        return False
    det = next((c for c in obj.children if c.dep_ == "det"), None)
    return det is not None and det.lower_ in SCOPE_DETS


#: markers of clauses that give a reason, a purpose or a concession: they are not part of
#: a rule's consequence and not conditions ("because ...", "so that ...", "even if ...")
REASON_MARKS = {"because", "although", "though", "whereas"}
CONCESSIVE_MARKS = {"if", "though", "when", "after"}


def _side_clauses(sent) -> set[int]:
    """Token indices of reason, purpose and concession clauses of a sentence part."""
    doc = sent.doc
    out: set[int] = set()
    for t in sent:
        low = t.lower_
        start = None
        if low in REASON_MARKS and t.dep_ == "mark":
            start = t.i
        elif low == "so" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "that":
            start = t.i
        elif low in CONCESSIVE_MARKS and t.i > sent.start and doc[t.i - 1].lower_ == "even":
            start = t.i - 1
        if start is None or t.head.i == t.i:
            continue
        head = t.head
        if head.pos_ not in ("VERB", "AUX", "ADJ") or head.dep_ == "ROOT" and \
                head.i == sent.root.i and start == _first_word(sent):
            continue
        ids = {i for i in subtree_indices(head) if sent.start <= i < sent.end} | set(
            range(start, head.i + 1))
        if min(ids) < start:
            continue  # the marker does not open its clause
        out |= ids
    return out


def _sentence_rule(doc, doc_id, si, sent, list_items, full=None):
    """The rule of a sentence, or of one clause ``sent`` of the sentence ``full``."""
    full = sent if full is None else full
    inside = set(range(sent.start, sent.end))
    cues = _find_cues(sent)
    for cue in cues:
        cue.parts = [(a, ids & inside) for a, ids in cue.parts]
        cue.region &= inside
    conditions: list[Span] = []
    exceptions: list[Span] = []
    excluded: set[int] = set()
    patterns: list[str] = []
    logic = "and"
    necessary = False
    heads_done: set[int] = set()
    hidden_main = None
    cues.sort(key=lambda c: min(c.cue))
    for outer in cues:
        for inner in cues:
            if inner is not outer and inner.cue <= outer.region and inner.region < outer.region:
                # a nested condition ("If A when B") is a condition of its own
                outer.parts = [(a, ids - inner.region) for a, ids in outer.parts]
    drop = _side_clauses(sent)
    cues = [c for c in cues if not c.cue & drop]
    live = []
    for cue in cues:
        if any(a in heads_done for a, _ in cue.parts):
            continue
        heads_done.update(a for a, _ in cue.parts)
        excluded |= cue.region
        live.append(cue)
        if cue.main is not None and hidden_main is None:
            hidden_main = cue.main
    main = hidden_main if hidden_main is not None and hidden_main.i not in excluded \
        else _main_verb(sent, excluded)
    excluded |= set(range(full.start, full.end)) - inside
    excluded |= drop
    if main is not None and main.lemma_.lower() in FRAMING_VERBS and live and not any(
            c.dep_ == "aux" and c.lower_ in MAIN_MODALS for c in main.children):
        # "This means that, if a feature is used, it is used ...": the rule is the clause
        comp = next((c for c in main.children if c.dep_ == "ccomp" and c.i > main.i), None)
        if comp is not None and all(c.cue <= subtree_indices(comp) for c in live):
            excluded |= set(range(sent.start, comp.left_edge.i)) | {
                c.i for c in comp.children if c.dep_ == "mark"}
            main = comp
    if main is not None:
        moved = _stolen_subject(doc, main, live)
        excluded -= moved
        if main.lemma_ == "be" and any(c.dep_ == "attr" for c in main.children):
            # "An RCD is a device that disconnects a circuit when ...": the condition belongs
            # to the definition, not to a rule
            attr_ids = set().union(*(subtree_indices(r) for c in main.children
                                     if c.dep_ == "attr" for r in c.subtree
                                     if r.dep_ in ("relcl", "acl")))
            live = [c for c in live if not c.cue <= attr_ids]
    for cue in live:
        for anchor, ids in cue.parts:
            sp = tokens_to_span(doc, ids, anchor=anchor if anchor in ids else None)
            if sp is None:
                continue
            (exceptions if cue.exception else conditions).append(sp)
        if cue.logic:
            logic = cue.logic
        patterns.append(cue.pattern)
        necessary = necessary or cue.necessary
    # prepositional conditions attached to the main verb: "During defrosting, ..."
    ends_colon = sent.text.rstrip().endswith(":")
    if main is None and not (ends_colon and conditions):
        return None, ()
    for c in (main.children if main is not None else ()):
        if c.dep_ == "prep" and c.i < main.i and c.i not in excluded and \
                c.i == _first_word(sent) and _scope_phrase(c):
            # "For every SEV1 incident, ...": the scope of the rule is a condition
            objs = [o for o in c.children if o.dep_ == "pobj"]
            sp = tokens_to_span(doc, subtree_indices(objs[0]) & inside)
            if sp is not None:
                conditions.append(sp)
                excluded |= subtree_indices(c)
                patterns.append("for_scope")
            continue
        if c.dep_ == "prep" and c.i < main.i and c.lower_ in CONDITION_PREPS and \
                CONDITION_PREPS[c.lower_] and c.i not in excluded:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                sp = tokens_to_span(doc, set().union(*(subtree_indices(o) for o in objs)))
                if sp is not None:
                    conditions.append(sp)
                    excluded |= subtree_indices(c)
                    patterns.append(CONDITION_PREPS[c.lower_])
    if main is not None:
        modality, negated, mod_pattern = _modality(main, sent)
    else:
        modality, negated, mod_pattern = "none", False, "lead_in"
    # a lead-in such as "If the alarm sounds:" takes the following list items as actions
    actions: list[Span] = []
    consumed: list[int] = []
    # a deontic lead-in that is complete in itself ("The operator shall carry out the
    # following checks:") is a rule of its own and its items are rules of their own; one
    # that the items complete ("Continue CPR until:") takes them as its actions
    colon = next((t for t in reversed(sent) if t.text == ":"), None)
    open_ended = colon is not None and colon.i > sent.start and (
        sent.doc[colon.i - 1].pos_ in ("ADP", "SCONJ", "PART") or sent.doc[colon.i - 1].dep_
        in ("mark", "prep", "aux"))
    if ends_colon and (conditions or modality != "none" and open_ended):
        items = [b for b in list_items if b.start_char > sent.end_char]
        seq = []
        gap_end = sent.end_char
        for b in items:
            between = doc.text[gap_end:b.start_char]
            if between.strip():
                break
            seq.append(b)
            gap_end = b.end_char
        if seq:
            actions = [Span(b.text, b.start_char, b.end_char) for b in seq]
            consumed = [b.start for b in seq]
            if modality == "none":
                first = seq[0]
                modality, negated, mod_pattern = _modality(first.root, first)
                if modality == "none":
                    modality, mod_pattern = "obligation", "list_actions"
    if main is None and not actions:
        return None, ()
    main_ids = subtree_indices(main) - excluded if main is not None else set()
    if main is not None and (main.dep_ == "conj" or main.i != sent.root.i):
        main_ids |= {t.i for t in sent if t.i not in excluded and t.i not in main_ids
                     and t.dep_ != "punct" and not t.is_space}
    main_ids = {i for i in main_ids if not (doc[i].lower_ in ("then", "otherwise")
                                            and doc[i].dep_ == "advmod")}
    if actions:
        consequence = Span(doc.text[actions[0].start:actions[-1].end], actions[0].start,
                           actions[-1].end)
    else:
        consequence = tokens_to_span(doc, main_ids, anchor=main.i if main is not None else None)
        if ends_colon and consequence is not None and not conditions and modality == "none":
            return None, ()
    if consequence is None or not (conditions or exceptions or modality != "none"):
        return None, ()
    if not conditions and not exceptions and modality == "none":
        return None, ()
    actor = _actor(doc, main, modality) if main is not None and not mod_pattern.startswith(
        "imperative") else None
    confidence = 0.55 + 0.15 * bool(conditions) + 0.15 * (modality != "none") \
        + 0.05 * bool(actor) - 0.1 * (len(consequence.text) > 200)
    pattern = "+".join(dict.fromkeys(patterns + [mod_pattern]))
    rule = Rule(
        provenance=provenance(doc_id, si, full, EXTRACTOR, pattern, min(confidence, 0.95)),
        sentence=full.text,
        conditions=tuple(conditions),
        exceptions=tuple(exceptions),
        consequence=consequence,
        actor=actor,
        modality=modality,
        negated=negated,
        condition_logic=logic,
        necessary=necessary,
        actions=tuple(actions),
    )
    return rule, consumed



def _actor(doc, main, modality) -> Span | None:
    subj = next((c for c in main.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is None and main.dep_ == "conj":
        subj = next((c for c in main.head.children if c.dep_ in ("nsubj",)), None)
    if subj is None:
        agent = next((c for c in main.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return tokens_to_span(doc, subtree_indices(pobj))
        return None
    if subj.pos_ == "PRON" and subj.lower_ in ("it", "this", "that", "they", "which"):
        return None
    if modality == "none" and not is_person(subj):
        return None
    ids = {i for i in subtree_indices(subj) if doc[i].dep_ not in ("relcl",)}
    return tokens_to_span(doc, ids, anchor=subj.i)


__all__ = ["extract", "EXTRACTOR"]
