"""Rule extractor: conditional and deontic statements as structured rules.

Works on the dependency parse of each sentence:

1. *Condition clauses* are clauses introduced by a cue (``if``, ``when``, ``as soon as``,
   ``provided that`` ...), *exceptions* by ``unless`` / ``except when``; prepositional
   conditions ("In case of fire, ...", "During defrosting, ...") are recognised too.
   Coordinated condition clauses become separate conditions joined by ``and`` / ``or``.
2. The *main clause* is what remains of the sentence once those clauses are removed; its
   verb carries the *modality* (must, shall, should, may, can, is prohibited, imperative ...)
   and negation, and its subject is the *actor*.
3. A conditional lead-in ending with a colon ("If the alarm sounds:") takes the list items
   that follow it as its actions.

Cue words and modal lexicons are module-level tables (patterns are data).
"""

from __future__ import annotations

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
    (("in", "case"), "in_case", False),
    (("in", "the", "event", "that"), "in_the_event", False),
    (("in", "the", "event", "of"), "in_the_event_of", False),
    (("provided", "that"), "provided_that", False),
    (("on", "condition", "that"), "on_condition_that", False),
    (("except", "when"), "except_when", True),
    (("except", "if"), "except_if", True),
    (("except", "where"), "except_where", True),
]
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
        if sent.text.rstrip().endswith("?"):
            continue
        try:
            rule, items = _sentence_rule(doc, doc_id, si, sent, list_items)
        except Exception:  # one odd parse must not kill the document
            continue
        if rule is not None:
            consumed.update(items)
            yield rule


def _find_cues(sent):
    """(cue token indices, clause head, pattern, is_exception, necessary) for each cue."""
    found = []
    used: set[int] = set()
    low = [t.lower_ for t in sent]
    for seq, pattern, exc in MULTIWORD_CUES:
        n = len(seq)
        for k in range(len(low) - n + 1):
            if tuple(low[k:k + n]) == seq and not used.intersection(range(k, k + n)):
                cue_toks = [sent[k + j] for j in range(n)]
                head = _clause_head_for_multi(cue_toks, pattern)
                if head is None:
                    continue
                used.update(range(k, k + n))
                found.append(({t.i for t in cue_toks}, head, pattern, exc,
                              _only_before(sent, k)))
    for k, tok in enumerate(sent):
        if k in used:
            continue
        lw = tok.lower_
        if lw in CONDITION_MARKS or lw in EXCEPTION_MARKS:
            head = _clause_head(tok)
            if head is None:
                continue
            exc = lw in EXCEPTION_MARKS
            pattern = EXCEPTION_MARKS.get(lw) or CONDITION_MARKS[lw]
            nec = _only_before(sent, k)
            found.append(({tok.i}, head, ("only_" + pattern) if nec else pattern, exc, nec))
    return found


def _only_before(sent, k: int) -> bool:
    return k > 0 and sent[k - 1].lower_ in ("only", "solely", "just")


def _clause_head(mark):
    """The verb of the clause a marker introduces, if the marker really introduces one."""
    head = mark.head
    if mark.i < head.i:
        # a fronted marker the parser hung on the main verb: "If the pump overheats, shut ..."
        inner = [c for c in head.children if c.dep_ in ("advcl", "ccomp", "csubj")
                 and mark.i < c.i < head.i]
        if inner and not any(c.dep_ == "mark" for c in inner[0].children):
            return inner[0]
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
        return ("prohibition" if neg else "recommendation"), neg, "modal_should"
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
        if neg:
            return "prohibition", True, "imperative_negative"
        return "obligation", False, "imperative"
    if any(c.lower_ == "always" for c in children) and subj is not None and is_person(subj):
        return "obligation", neg, "always"
    return "none", neg, "fact"


IMPERATIVE_LEAD = {"always", "never", "do", "not", "n't", "please", "immediately", "first",
                   "then", "also", "carefully", "only", "promptly", "now", "again", "just"}


def _is_imperative(main, sent) -> bool:
    if main.pos_ not in ("VERB", "AUX"):
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
    if main.dep_ not in ("ROOT", "conj"):
        return False
    if main.dep_ == "conj":
        return _is_imperative(main.head, sent)
    return True


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


def _sentence_rule(doc, doc_id, si, sent, list_items):
    cues = _find_cues(sent)
    conditions: list[Span] = []
    exceptions: list[Span] = []
    excluded: set[int] = set()
    patterns: list[str] = []
    logic = "and"
    necessary = False
    heads_done: set[int] = set()
    for cue_ids, head, pattern, exc, nec in cues:
        if head.i in heads_done:
            continue
        if head.pos_ == "ADP" or head.dep_ == "prep":  # "in the event of X", "in case of X"
            objs = [c for c in head.children if c.dep_ == "pobj"]
            if not objs:
                continue
            ids = set()
            for o in objs:
                ids |= subtree_indices(o)
            prep_ids = subtree_indices(head) | cue_ids
            sp = tokens_to_span(doc, ids)
            if sp is None:
                continue
            excluded |= prep_ids
            (exceptions if exc else conditions).append(sp)
            patterns.append(pattern)
            heads_done.add(head.i)
            continue
        parts, lg = _condition_parts(head, cue_ids)
        if len(parts) > 1:
            logic = lg
        part_ids = [subtree_indices(p, {q.i for q in parts if q is not p}) for p in parts]
        for p, ids in zip(parts, part_ids):
            ids = ids - cue_ids
            ids = {i for i in ids if not (doc[i].dep_ == "advmod" and doc[i].lower_ in (
                "only", "then") and doc[i].head.i == p.i)}
            sp = tokens_to_span(doc, ids, anchor=p.i)
            if sp is None:
                continue
            (exceptions if exc else conditions).append(sp)
            heads_done.add(p.i)
        excluded |= subtree_indices(head) | cue_ids
        patterns.append(pattern)
        necessary = necessary or nec
    # prepositional conditions attached to the main verb: "During defrosting, ..."
    main = _main_verb(sent, excluded)
    ends_colon = sent.text.rstrip().endswith(":")
    if main is None and not (ends_colon and conditions):
        return None, ()
    for c in (main.children if main is not None else ()):
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
    if ends_colon and (conditions or modality != "none"):
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
        if ends_colon and consequence is not None and not conditions:
            return None, ()
    if consequence is None or not (conditions or exceptions or modality != "none"):
        return None, ()
    if not conditions and not exceptions and modality == "none":
        return None, ()
    actor = _actor(doc, main, modality) if main is not None else None
    confidence = 0.55 + 0.15 * bool(conditions) + 0.15 * (modality != "none") \
        + 0.05 * bool(actor) - 0.1 * (len(consequence.text) > 200)
    pattern = "+".join(dict.fromkeys(patterns + [mod_pattern]))
    rule = Rule(
        provenance=provenance(doc_id, si, sent, EXTRACTOR, pattern, min(confidence, 0.95)),
        sentence=sent.text,
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
