"""Semantic extractor: entities, key concepts, definitions and open relations.

* **Entities**: spaCy's named entities.
* **Concepts**: noun phrases normalised into keys (lemmas, determiners and pronouns dropped,
  lower-cased): "the pumps" and "Pump" share the key ``pump``.
* **Definitions**: copular "X is a Y that ...", "X refers to / means / is defined as Y",
  "X is called / is known as Y", appositions "X, a Y that ...", parenthetical acronyms and
  aliases "residual current device (RCD)".
* **Relations**: subject-predicate-object triples from every verb with a subject, in active
  and passive voice and with copulas; prepositional objects become the object (predicate
  takes the preposition) or extra arguments; coordinated verbs share their subject,
  coordinated subjects and objects are split; relative clauses yield their own triples with
  the antecedent as subject; negation and modality are kept on the predicate.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Concept, Definition, Entity, Relation, Span
from ._util import iter_sentences, provenance, span, subtree_indices, tokens_to_span

NAME = "kextract.semantic"
VERSION = "1"
EXTRACTOR = f"{NAME}.v{VERSION}"

DEFINING_VERBS = {
    # verb lemma -> (pattern, the subject is the term?)
    "refer": ("refers_to", True),
    "mean": ("means", True),
    "denote": ("denotes", True),
    "describe": ("describes", True),
    "define": ("is_defined_as", True),
    "call": ("is_called", False),
    "know": ("is_known_as", False),
    "term": ("is_termed", False),
    "name": ("is_named", False),
    "represent": ("represents", True),
    "stand": ("stands_for", True),
}
MODALS = {"must": "obligation", "shall": "obligation", "should": "recommendation",
          "ought": "recommendation", "may": "permission", "might": "permission",
          "can": "permission", "could": "permission", "will": "none", "would": "none"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
OBJ_DEPS = {"dobj", "attr", "acomp", "oprd", "dative", "ccomp", "xcomp"}
ARG_DROP_DEPS = {"relcl", "punct", "cc", "conj", "appos", "advcl", "preconj"}
CONCEPT_DROP_POS = {"DET", "PRON", "PUNCT", "SPACE", "CCONJ", "PART"}
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&/\-]{1,9}s?$")


def extract(doc, doc_id: str = "") -> Iterator:
    """Yield entities, concepts, definitions and relations of a parsed document."""
    for si, sent in iter_sentences(doc):
        for fn in (_entities, _concepts, _definitions, _relations):
            try:
                yield from fn(doc, doc_id, si, sent)
            except Exception:  # one odd parse must not kill the document
                continue


# -- entities and concepts ----------------------------------------------------------------

def _entities(doc, doc_id, si, sent) -> Iterator[Entity]:
    for ent in sent.ents:
        if not ent.text.strip():
            continue
        yield Entity(provenance=provenance(doc_id, si, sent, EXTRACTOR, "ner", 0.8),
                     sentence=sent.text, span=Span(ent.text, ent.start_char, ent.end_char),
                     label=ent.label_)


def concept_key(tokens) -> str:
    """The normalised key of a noun phrase: lemmas of content words, lower-cased."""
    words = []
    for t in tokens:
        if t.pos_ in CONCEPT_DROP_POS or t.is_punct or t.is_space:
            continue
        w = t.lemma_.lower() if t.pos_ in ("NOUN", "VERB", "AUX") else t.lower_
        w = w.strip()
        if w:
            words.append(w)
    return " ".join(words)


def _concepts(doc, doc_id, si, sent) -> Iterator[Concept]:
    for chunk in sent.noun_chunks:
        toks = [t for t in chunk if not (t.pos_ in CONCEPT_DROP_POS or t.is_punct)]
        while toks and toks[0].pos_ in ("ADJ",) and toks[0].lower_ in ("other", "such", "many",
                                                                       "several", "some",
                                                                       "various", "certain"):
            toks = toks[1:]
        if not toks or chunk.root.pos_ == "PRON" or all(t.is_stop for t in toks):
            continue
        key = concept_key(toks)
        if not key or len(key) < 2:
            continue
        sp = span(doc, toks[0].i, toks[-1].i + 1)
        conf = 0.5 + 0.1 * min(len(toks), 3)
        yield Concept(provenance=provenance(doc_id, si, sent, EXTRACTOR, "noun_chunk", conf),
                      sentence=sent.text, span=sp, label=sp.text, key=key)


# -- definitions --------------------------------------------------------------------------

def _np(doc, tok, *, drop=("relcl", "appos", "punct", "acl", "prep", "conj", "cc")) -> Span | None:
    """The noun phrase headed by ``tok`` without clauses, appositions or prepositions."""
    ids = {t.i for t in tok.subtree}
    for c in tok.children:
        if c.dep_ in drop:
            ids -= subtree_indices(c)
    ids = {i for i in ids if doc[i].pos_ != "DET" or i != min(ids)}
    return tokens_to_span(doc, ids, anchor=tok.i)


def _full(doc, tok, drop=("punct",)) -> Span | None:
    ids = {t.i for t in tok.subtree}
    for c in tok.children:
        if c.dep_ in drop and c.dep_ != "punct":
            ids -= subtree_indices(c)
    return tokens_to_span(doc, ids, anchor=tok.i)


def _definitions(doc, doc_id, si, sent) -> Iterator[Definition]:
    text = sent.text
    if text.rstrip().endswith("?"):
        return
    yield from _acronyms(doc, doc_id, si, sent)
    root = sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    neg = any(c.dep_ == "neg" for c in root.children)
    modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in root.children)
    if subj is not None and not neg and not modal and subj.pos_ != "PRON" and \
            subj.lower_ not in ("this", "that", "these", "those", "it"):
        lemma = root.lemma_.lower()
        if lemma == "be":
            attr = next((c for c in root.children if c.dep_ == "attr"), None)
            if attr is not None and attr.pos_ in ("NOUN", "PROPN") and _indefinite_or_generic(attr):
                term = _np(doc, subj)
                definition = _full(doc, attr)
                genus = _np(doc, attr)
                if term and definition and genus and attr.lemma_.lower() not in (
                        "kind", "type", "example", "part", "way", "thing"):
                    has_diff = any(c.dep_ in ("relcl", "acl", "prep") for c in attr.children)
                    conf = 0.8 if has_diff else 0.55
                    yield Definition(provenance=provenance(doc_id, si, sent, EXTRACTOR,
                                                           "copula", conf),
                                     sentence=text, term=term, definition=definition,
                                     genus=_strip_det(doc, genus))
        elif lemma in DEFINING_VERBS:
            pattern, subj_is_term = DEFINING_VERBS[lemma]
            passive = any(c.dep_ == "auxpass" for c in root.children)
            yield from _verb_definition(doc, doc_id, si, sent, root, subj, pattern,
                                        subj_is_term, passive)
    # appositions: "X, a Y that ..., "
    for tok in sent:
        if tok.dep_ == "appos" and tok.pos_ in ("NOUN",) and tok.head.pos_ in ("NOUN", "PROPN") \
                and any(c.lower_ in ("a", "an") for c in tok.children) and \
                any(c.dep_ in ("relcl", "acl", "prep") for c in tok.children):
            term = _np(doc, tok.head)
            definition = _full(doc, tok)
            genus = _np(doc, tok)
            if term and definition:
                yield Definition(provenance=provenance(doc_id, si, sent, EXTRACTOR,
                                                       "apposition", 0.6),
                                 sentence=text, term=term, definition=definition,
                                 genus=_strip_det(doc, genus) if genus else None)


def _indefinite_or_generic(attr) -> bool:
    dets = [c for c in attr.children if c.dep_ == "det"]
    if not dets:
        return attr.tag_ in ("NN", "NNS") and not any(c.dep_ == "poss" for c in attr.children)
    return dets[0].lower_ in ("a", "an", "any")


def _strip_det(doc, sp: Span | None) -> Span | None:
    if sp is None:
        return None
    m = re.match(r"^(?:a|an|the|any)\s+", sp.text, re.I)
    if m:
        return Span(sp.text[m.end():], sp.start + m.end(), sp.end)
    return sp


def _verb_definition(doc, doc_id, si, sent, root, subj, pattern, subj_is_term, passive):
    text = sent.text
    obj = None
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "as", "for"):
            obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                break
        if c.dep_ in ("dobj", "oprd", "attr", "ccomp", "xcomp"):
            obj = c
            break
    if obj is None:
        return
    if pattern in ("is_defined_as",) and not passive:
        return
    subj_sp = _np(doc, subj)
    obj_sp = _full(doc, obj)
    if subj_sp is None or obj_sp is None:
        return
    if subj_is_term:
        term, definition, aliases = subj_sp, obj_sp, ()
        genus = _strip_det(doc, _np(doc, obj)) if obj.pos_ in ("NOUN", "PROPN") else None
    else:
        # "X is called / known as Y": Y is a name for X
        if not passive:
            return
        term, definition, aliases = _np(doc, obj) or obj_sp, _full(doc, subj), (subj_sp,)
        genus = None
        if definition is None:
            return
    yield Definition(provenance=provenance(doc_id, si, sent, EXTRACTOR, pattern, 0.8),
                     sentence=text, term=term, definition=definition, genus=genus,
                     aliases=tuple(a for a in aliases if a is not None))


def _acronyms(doc, doc_id, si, sent) -> Iterator[Definition]:
    """"residual current device (RCD)": long form followed by its acronym in parentheses."""
    toks = list(sent)
    for k, tok in enumerate(toks):
        if tok.text != "(" or k + 2 >= len(toks) or toks[k + 2].text != ")":
            continue
        short = toks[k + 1]
        if not ACRONYM.match(short.text) or sum(ch.isupper() for ch in short.text) < 2:
            continue
        letters = [ch.lower() for ch in short.text if ch.isupper()]
        # walk back over the long form: as many words as the acronym has capitals (+ "of/and")
        j = k - 1
        words = []
        while j >= 0 and len([w for w in words if w.lower_ not in ("of", "and", "for", "the",
                                                                    "-", "&")]) < len(letters):
            if toks[j].is_punct and toks[j].text not in ("-",):
                break
            words.insert(0, toks[j])
            j -= 1
        content = [w for w in words if w.lower_ not in ("of", "and", "for", "the", "-", "&")]
        if not content or len(content) != len(letters):
            continue
        initials = [w.text[0].lower() for w in content]
        if initials != letters:
            # allow hyphenated/compound words contributing one letter each only on exact match
            continue
        long_sp = Span(doc.text[words[0].idx:toks[k - 1].idx + len(toks[k - 1].text)],
                       words[0].idx, toks[k - 1].idx + len(toks[k - 1].text))
        short_sp = Span(short.text, short.idx, short.idx + len(short.text))
        yield Definition(provenance=provenance(doc_id, si, sent, EXTRACTOR, "acronym", 0.9),
                         sentence=sent.text, term=short_sp, definition=long_sp, genus=None,
                         aliases=(long_sp,))


# -- relations ----------------------------------------------------------------------------

def _arg_span(doc, tok, exclude: set[int] = frozenset()) -> Span | None:
    ids = {tok.i}
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if t.i in exclude or (t.head.i == tok.i and t.dep_ in ARG_DROP_DEPS):
            continue
        ids.add(t.i)
        stack.extend(t.children)
    return tokens_to_span(doc, ids, anchor=tok.i)


def _conjuncts(tok):
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == tok.pos_ or (c.dep_ == "conj" and c.pos_ in (
                "NOUN", "PROPN") and tok.pos_ in ("NOUN", "PROPN")):
            out.extend(_conjuncts(c))
    return out


def _subject(verb):
    subj = next((c for c in verb.children if c.dep_ in SUBJ_DEPS), None)
    if subj is not None:
        return subj
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _relations(doc, doc_id, si, sent) -> Iterator[Relation]:
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.dep_ in ("aux", "auxpass"):
            continue
        if verb.pos_ == "AUX" and verb.lemma_ != "be" and not any(
                c.dep_ in ("dobj", "attr", "acomp") for c in verb.children):
            continue
        if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            continue  # folded into the governing verb's predicate
        subj = _subject(verb)
        if subj is None:
            continue
        relative = verb.dep_ == "relcl" and subj.i == verb.head.i
        if not relative and verb.dep_ == "acl":
            relative = True
        if subj.lower_ in ("which", "who", "that", "whom") and subj.head.i == verb.i:
            if verb.dep_ == "relcl":
                subj = verb.head
                relative = True
            else:
                continue
        yield from _verb_triples(doc, doc_id, si, sent, verb, subj, relative)


def _verb_triples(doc, doc_id, si, sent, verb, subj, relative) -> Iterator[Relation]:
    children = list(verb.children)
    pred_ids = {verb.i}
    negated = False
    modality = "none"
    for c in children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt"):
            pred_ids.add(c.i)
            if c.dep_ == "neg":
                negated = True
            if c.dep_ == "aux" and c.lower_ in MODALS:
                modality = MODALS[c.lower_]
        if c.dep_ == "advmod" and c.lower_ in ("never", "not"):
            pred_ids.add(c.i)
            negated = True
    # xcomp chains: "wants to replace", "agreed to pay"
    obj_host = verb
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if xcomp is not None:
        pred_ids |= {c.i for c in xcomp.children if c.dep_ in ("aux", "neg", "prt")} | {xcomp.i}
        obj_host = xcomp
    host_children = list(obj_host.children) + ([c for c in children if c.i != xcomp.i and c.dep_
                                               in ("prep", "agent")] if xcomp is not None else [])
    obj = next((c for c in host_children if c.dep_ in ("dobj", "attr", "oprd", "dative")), None)
    if obj is None:
        obj = next((c for c in host_children if c.dep_ in ("acomp",)), None)
    preps = [c for c in host_children if c.dep_ in ("prep", "agent") and c.i > obj_host.i]
    extra: list[Span] = []
    obj_span = None
    objs: list = []
    if obj is not None:
        objs = _conjuncts(obj) if obj.pos_ in ("NOUN", "PROPN") else [obj]
    elif preps:
        # "walked to the store": predicate takes the first preposition, its object is the object
        first = preps[0]
        pobj = next((c for c in first.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            pred_ids.add(first.i)
            if first.dep_ == "agent":
                pass
            objs = _conjuncts(pobj) if pobj.pos_ in ("NOUN", "PROPN") else [pobj]
            preps = preps[1:]
    ccomp = next((c for c in host_children if c.dep_ == "ccomp"), None)
    if not objs and ccomp is not None:
        objs = [ccomp]
    for p in preps:
        sp = _arg_span(doc, p, exclude=set())
        if sp is not None:
            extra.append(sp)
    for c in host_children:
        if c.dep_ == "npadvmod" or (c.dep_ == "advmod" and c.i > obj_host.i and c.pos_ == "ADV"
                                    and c.lower_ not in ("not", "never", "also", "then")):
            sp = _arg_span(doc, c)
            if sp is not None:
                extra.append(sp)
    # fronted temporal/locative prepositions: "In 1941, X joined Y"
    for c in children:
        if c.dep_ == "prep" and c.i < verb.i and c.i < subj.i:
            sp = _arg_span(doc, c)
            if sp is not None:
                extra.append(sp)
    predicate = _pred_span(doc, pred_ids)
    if predicate is None:
        return
    subjects = _conjuncts(subj) if subj.pos_ in ("NOUN", "PROPN") and not relative else [subj]
    for s in subjects:
        s_span = _arg_span(doc, s, exclude={verb.i}) if not relative else _np_full(doc, s, verb)
        if s_span is None:
            continue
        for o in (objs or [None]):
            o_span = _arg_span(doc, o) if o is not None else None
            if o is not None and o.dep_ == "ccomp":
                o_span = _full(doc, o)
            conf = _confidence(s, o, verb, extra, relative, s_span, o_span)
            yield Relation(
                provenance=provenance(doc_id, si, sent, EXTRACTOR,
                                      "relcl" if relative else ("svo" if o is not None else "sv"),
                                      conf),
                sentence=sent.text, subject=s_span, predicate=predicate, object=o_span,
                extra_args=tuple(extra), negated=negated, modality=modality)


def _np_full(doc, head, verb) -> Span | None:
    """The antecedent of a relative clause, without the clause itself."""
    ids = {head.i}
    stack = [c for c in head.children if c.i != verb.i and c.dep_ not in ("relcl", "punct",
                                                                           "appos", "conj", "cc")]
    while stack:
        t = stack.pop()
        ids.add(t.i)
        stack.extend(t.children)
    return tokens_to_span(doc, ids, anchor=head.i)


GAP_OK = {"ADV", "AUX", "PART"}


def _pred_span(doc, ids: set[int]) -> Span | None:
    """A contiguous predicate span. Adverbs, auxiliaries and particles inside the range are
    kept ("can still make"); at any other gap the predicate is cut, so that the span's text
    is always the document slice its offsets denote."""
    idx = sorted(ids)
    if not idx:
        return None
    end = idx[0]
    for i in idx[1:]:
        if all(doc[j].pos_ in GAP_OK or doc[j].dep_ in ("neg", "auxpass", "aux", "prt")
               for j in range(end + 1, i)):
            end = i
        else:
            break
    return span(doc, idx[0], end + 1)


def _confidence(subj, obj, verb, extra, relative, s_span, o_span) -> float:
    c = 0.55
    if obj is not None:
        c += 0.2
    if subj.pos_ == "PRON":
        c -= 0.1
    if relative:
        c -= 0.05
    if s_span is not None and len(s_span.text.split()) > 12:
        c -= 0.1
    if o_span is not None and len(o_span.text.split()) > 15:
        c -= 0.1
    if verb.dep_ in ("advcl", "acl", "xcomp", "ccomp"):
        c -= 0.1
    c += 0.02 * min(len(extra), 2)
    return max(0.05, min(c, 0.95))
