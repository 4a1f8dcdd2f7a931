"""Semantic extractor: entities, key concepts, definitions and open relations.

* **Entities**: spaCy's named entities.
* **Concepts**: noun phrases normalised into keys (lemmas, determiners and pronouns dropped,
  lower-cased): "the pumps" and "Pump" share the key ``pump``.
* **Definitions**: copular "X is a Y that ...", "X refers to / means / is defined as Y",
  "X is called / is known as Y", appositions "X, a Y that ...", parenthetical acronyms and
  aliases "residual current device (RCD)", "the term X is used to refer to Y", a term that
  names the clause before it ("..., it is called X", "..., which is known as X", "...; this
  is X", "..., in what is called X") and non-restrictive relative clauses that characterise
  a term ("X, which means / allows / suggests ..."), glosses ("anoxic, meaning that ...",
  "brachiation, or climbing and swinging through trees") and appositions set off by dashes.
* **Relations**: subject-predicate-object triples from every verb with a subject, in active
  and passive voice and with copulas; prepositional objects become the object (predicate
  takes the preposition; time adjuncts stay extra arguments) or extra arguments; coordinated
  verbs share their subject (imperatives borrow none); coordinated subjects and objects stay
  one argument, restrictive relative clauses stay in it; non-restrictive relative clauses
  yield their own triples with the antecedent as subject (a relative pronoun object is
  resolved to its antecedent); negation and modality are kept on the predicate.
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
# -- definition pattern tables -------------------------------------------------------------
#: participles that name: "a casing called the volute", "also known as", "termed a mesocosm"
ALIAS_VERBS = {"call", "know", "term", "name", "dub", "label"}
#: constitutive verbs of descriptive definitions ("X consists of / comprises / involves Y")
CONSTITUTIVE_VERBS = {"consist", "comprise", "involve", "contain", "encompass", "compose",
                      "make"}
#: genus nouns that relate rather than classify ("a common cause of mistakes")
RELATIONAL_GENUS = {"example", "part", "way", "thing", "cause", "result", "source",
                    "consequence", "sign", "factor", "reason", "problem", "matter", "lot",
                    "bit", "instance", "case", "aspect", "effect", "issue", "application",
                    "function", "advantage", "disadvantage", "benefit", "goal", "reminder",
                    "question", "answer", "victim", "member"}
#: "a type of Y": the genus is Y
TYPE_NOUNS = {"type", "kind", "sort", "form", "class", "variety", "category", "subtype",
              "subset", "species", "branch", "family", "group", "set"}
GENERIC_DETS = {"a", "an", "the"}
DEMONSTRATIVES = {"this", "that", "these", "those", "it", "they", "which", "what", "who",
                  "here", "there"}
QUANTIFIERS = {"some", "many", "most", "all", "each", "every", "another", "other", "such",
               "both", "no", "few", "several", "any", "half", "much", "more", "less", "none",
               "either", "neither", "one", "two", "three"}
#: named-entity labels that are individuals rather than terms
NON_TERM_ENTS = {"PERSON", "GPE", "DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY",
                 "ORDINAL", "LOC", "FAC", "NORP"}
RELATIVIZERS = {"that", "which", "who", "whom", "whose", "where", "when", "whereby", "in",
                "during", "by", "at", "to", "with", "from", "for", "on", "of", "between"}
COPULA_ADVERBS = {"also", "usually", "often", "generally", "essentially", "basically",
                  "typically", "commonly", "simply", "therefore", "thus", "then", "now"}
EXAMPLE_CUES = {"for example", "for instance", "e.g.", "such as"}
CLAUSE_CC = {"so", "but", "and", "yet", "while", "whereas"}
#: conjunctions after which a second clause comments on an individual ("..., so plan the job")
CONTRAST_CC = {"so", "but", "yet"}
TERM_DROP_DEPS = {"relcl", "appos", "punct", "acl", "conj", "cc", "advmod"}
CONCEPT_DROP_POS = {"DET", "PRON", "PUNCT", "SPACE", "CCONJ", "PART"}
DASHES = {"—", "–", "--"}
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
    """The normalised key of a noun phrase: lemmas of content words, lower-cased, then
    :func:`kextract.merge.normalise_key` (what the lemmatiser leaves: a sentence-initial
    "Pumps" tagged as a proper noun, possessives, stray punctuation), so the ``concepts``
    table and the graph's concept IRIs share one key."""
    from ..merge import normalise_key

    words = []
    for t in tokens:
        if t.pos_ in CONCEPT_DROP_POS or t.is_punct or t.is_space:
            continue
        w = t.lemma_.lower() if t.pos_ in ("NOUN", "VERB", "AUX") else t.lower_
        w = w.strip()
        if w:
            words.append(w)
    return normalise_key(" ".join(words))


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
    cands: list[tuple[float, str, Span, Span, Span | None, tuple]] = []
    for fn in (_copular_definitions, _verbal_definitions, _relative_definitions,
               _appositive_definitions, _called_definitions, _colon_definitions,
               _descriptive_definitions, _term_usage_definitions, _anaphoric_definitions,
               _final_appositions, _meaning_glosses, _or_glosses):
        cands.extend(fn(doc, sent))
    # one definition per term: the most confident pattern wins
    cands.sort(key=lambda c: (-c[0], c[2].start))
    taken: list[Span] = []
    for conf, pattern, term, definition, genus, aliases in cands:
        if any(term.start < t.end and t.start < term.end for t in taken):
            continue
        if term.start < definition.end and definition.start < term.end:
            continue
        taken.append(term)
        yield Definition(provenance=provenance(doc_id, si, sent, EXTRACTOR, pattern, conf),
                         sentence=text, term=term, definition=definition, genus=genus,
                         aliases=tuple(a for a in aliases if a is not None))


def _term_np(doc, tok) -> Span | None:
    """The defined term headed by ``tok``: its noun phrase with "of" complements, without
    determiner, clauses, appositions, parentheses and other prepositional phrases."""
    ids = {t.i for t in tok.subtree}
    for c in tok.children:
        if c.dep_ in TERM_DROP_DEPS or (c.dep_ == "prep" and c.lower_ != "of"):
            ids -= subtree_indices(c)
    ids -= _parenthesised(doc, ids)
    # split subjects of a bad parse ("Cross - contact" as three nsubj): merge the siblings
    if tok.dep_ in ("nsubj", "nsubjpass"):
        sibs = [c for c in tok.head.children if c.dep_ == tok.dep_ and c.i < tok.head.i]
        if len(sibs) > 1 and all(doc[j].dep_ in ("nsubj", "nsubjpass", "compound", "amod",
                                                  "det", "punct", "prep", "pobj", "advmod")
                                 for j in range(sibs[0].left_edge.i, sibs[-1].i + 1)):
            ids |= set(range(sibs[0].left_edge.i, sibs[-1].i + 1))
    for i in sorted(ids):   # hyphenated words: "prove-test-prove", "On-call"
        if doc[i].text in ("-", "/") and i - 1 in ids and i + 1 < len(doc):
            ids.add(i + 1)
        if i + 1 < len(doc) and doc[i + 1].text in ("-", "/") and not doc[i].whitespace_ \
                and i + 2 < len(doc):
            ids |= {i + 1, i + 2}
    ids = {i for i in ids if not (i == min(ids) and doc[i].pos_ == "DET")} or {tok.i}
    return tokens_to_span(doc, ids, anchor=tok.i)


def _bare_subject(doc, verb, sent):
    """A subject the parser missed: the run of noun-phrase words from the sentence start up
    to a root verb ("Hot holding means ...")."""
    if verb.i == sent.start or verb.dep_ != "ROOT":
        return None
    toks = doc[sent.start:verb.i]
    if len(toks) > 6 or not all(t.pos_ in ("NOUN", "PROPN", "ADJ", "ADV", "PUNCT")
                                or t.tag_ in ("VBG", "VBN") for t in toks):
        return None
    if not any(t.pos_ in ("NOUN", "PROPN") for t in toks) or toks[0].is_punct:
        return None
    return tokens_to_span(doc, range(sent.start, verb.i))


def _parenthesised(doc, ids) -> set[int]:
    out, depth = set(), 0
    for i in sorted(ids):
        if doc[i].text == "(":
            depth += 1
        if depth:
            out.add(i)
        if doc[i].text == ")" and depth:
            depth -= 1
    return out


def _is_term_subject(doc, subj) -> bool:
    """A subject that can be a defined term: a generic or naming noun phrase."""
    if subj.pos_ == "PRON" or subj.lower_ in DEMONSTRATIVES or subj.lower_ in QUANTIFIERS:
        return False
    if subj.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB", "NUM", "X"):
        return False
    if subj.ent_type_ in NON_TERM_ENTS and subj.pos_ == "PROPN":
        return False
    for c in subj.children:
        if c.dep_ in ("det", "predet") and c.lower_ not in GENERIC_DETS:
            return False
        if c.dep_ == "poss" and c.pos_ == "PRON":
            return False
        if c.dep_ in ("nummod",) and c.i < subj.i:
            return False
        if c.lower_ in ("itself", "themselves"):
            return False
    first = doc[subj.left_edge.i]
    if first.lower_ in QUANTIFIERS or first.lower_ in DEMONSTRATIVES:
        return False
    return True


def _definite(subj) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)


def _clause_end(doc, start: int, end: int) -> int:
    """Where the defining text starting at ``start`` ends: before ``;``/``:``, a trailing
    example clause (", for example ...") or a coordinated independent clause."""
    for k in range(start, end):
        t = doc[k]
        if t.text in (";", ":") or (t.text in ("(", "[") and k + 1 < end
                                    and doc[k + 1].lower_ in ("see", "link", "figure", "fig")):
            return k
        if t.text == "," and k + 1 < end:
            nxt = doc[k + 1]
            two = " ".join(x.lower_ for x in doc[k + 1:min(k + 3, end)])
            if two in EXAMPLE_CUES or nxt.lower_ in ("e.g.", "i.e."):
                return k
            if nxt.lower_ in CLAUSE_CC and any(
                    x.dep_ in ("nsubj", "nsubjpass", "expl") or x.tag_ == "VB"
                    and x.i == k + 2 for x in doc[k + 2:min(k + 5, end)]):
                return k
    return end


def _genus_run(doc, k: int, end: int) -> tuple[int, int] | None:
    """The pre-modified head noun starting at ``k`` (after a determiner): ``(start, stop)``."""
    i = k
    last_noun = None
    while i < end:
        t = doc[i]
        if t.pos_ == "ADJ" and last_noun is not None and doc[last_noun].pos_ in ("NOUN", "PROPN") \
                and not (i + 1 < end and doc[i + 1].pos_ in ("NOUN", "PROPN")):
            break    # post-nominal adjective: "the energy content available to ..."
        if t.pos_ in ("NOUN", "PROPN", "NUM", "X") or (t.pos_ == "ADJ" and t.tag_ != "WDT"):
            last_noun = i
        elif t.pos_ == "ADV" and i + 1 < end and doc[i + 1].pos_ in ("ADJ", "VERB"):
            pass
        elif t.tag_ in ("VBN", "VBG") and i + 1 < end and doc[i + 1].pos_ in ("NOUN", "ADJ"):
            pass
        elif t.tag_ == "VBG" and i == k and i + 1 < end and doc[i + 1].pos_ in ("ADP", "PUNCT"):
            last_noun = i    # "bleeding from an artery"
        elif t.text in ("-", "/") or (t.text == "," and i + 1 < end and doc[i + 1].pos_ in (
                "ADJ", "ADV") and last_noun is not None and doc[last_noun].pos_ == "ADJ"):
            pass
        elif t.pos_ == "CCONJ" and last_noun is not None and i + 1 < end and doc[i + 1].pos_ in (
                "NOUN", "ADJ", "PROPN", "VERB") and (doc[i + 1].pos_ != "VERB" or (
                i + 2 < end and doc[i + 2].pos_ == "NOUN")):
            pass
        else:
            break
        i += 1
    if last_noun is None:
        return None
    return k, last_noun + 1


def _past_possessor(doc, run, end: int):
    """"the nation's chief diplomat": when the noun run stops at a possessive ``'s``, the
    genus is the run after it and the possessor restricts it (a differentia). Returns
    ``(run, has possessor)``."""
    if run is None or run[1] + 1 >= end or doc[run[1]].tag_ != "POS":
        return run, False
    inner = _genus_run(doc, run[1] + 1, end)
    return (inner, True) if inner is not None else (run, False)


def _postmodified(doc, stop: int, end: int) -> bool:
    if stop < end and doc[stop].text == "(":   # "the biomass (energy content ...) of ..."
        close = next((j for j in range(stop + 1, min(stop + 15, end)) if doc[j].text == ")"),
                     None)
        if close is not None:
            stop = close + 1
    if stop >= end:
        return False
    t = doc[stop]
    if t.text == "," and stop + 1 < end:   # "a substance in food, usually a protein, that"
        t = doc[stop + 1]
        return t.lower_ in RELATIVIZERS or t.tag_ == "VBN"
    if t.tag_ == "VBN" and t.lemma_ in ALIAS_VERBS:
        return False   # "a device called a galvanometer": a naming, no differentia
    return (t.pos_ == "ADP" or t.lower_ in RELATIVIZERS or t.tag_ in ("VBN", "VBG", "TO")
            or (t.pos_ == "ADJ" and stop + 1 < end and doc[stop + 1].pos_ == "ADP"))


def _definiens(doc, k: int, end: int, *, subj_generic: bool, appositive: bool = False):
    """Check that the text from ``k`` reads as a defining noun phrase; return
    ``(genus span or None, has differentia)`` or None."""
    while k < end and doc[k].lower_ in COPULA_ADVERBS:
        k += 1
    if k >= end:
        return None
    first = doc[k]
    if first.lower_ in ("not", "never", "no") or first.dep_ == "neg":
        return None
    det = first.lower_ if first.pos_ in ("DET", "PRON", "NUM") else ""
    if det == "another":
        det = "a"
    if det in ("those", "these") and k + 1 < end and doc[k + 1].pos_ in ("NOUN", "ADJ"):
        det = "the"     # "those members of the voting public who ..."
    if det in ("one", "someone", "something", "anyone", "those", "any"):
        if k + 1 < end and doc[k + 1].lower_ == "of":
            return None, True
        return None, _postmodified(doc, k + 1, end) or det == "any"
    if det in ("a", "an", "the"):
        run = _genus_run(doc, k + 1, end)
    elif first.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") or first.tag_ == "VBG":
        run = _genus_run(doc, k, end)
        det = "bare"
    else:
        return None
    run, possessor = _past_possessor(doc, run, end)
    if run is None:
        return None
    g0, g1 = run
    head = doc[g1 - 1]
    if det == "bare" and not any(doc[j].pos_ in ("NOUN", "PROPN") for j in range(g0, g1)):
        return None
    if head.lemma_.lower() in RELATIONAL_GENUS or head.lower_ in RELATIONAL_GENUS:
        return None
    diff = possessor or _postmodified(doc, g1, end)
    genus = span(doc, g0, g1)
    if head.lemma_.lower() in TYPE_NOUNS and g1 < end and doc[g1].lower_ == "of":
        inner = _genus_run(doc, g1 + 1 + (doc[g1 + 1].pos_ == "DET" if g1 + 1 < end else 0), end)
        if inner is None:
            return None
        genus = span(doc, *inner)
        diff = True
    if det in ("the", "bare") and not diff:
        return None
    if det in ("a", "an") and not diff and not (subj_generic or appositive):
        return None
    return genus, diff


def _copular_definitions(doc, sent):
    """"X is a Y that ...", "X is the Y of ...", "Xs are Ys which ..."."""
    for c in sent:
        if c.lemma_ != "be" or c.tag_ not in ("VBZ", "VBP") or c.dep_ in ("aux", "auxpass"):
            continue
        if any(x.dep_ == "neg" or (x.dep_ == "aux" and x.lower_ in MODALS) for x in c.children):
            continue
        subj = next((x for x in c.children if x.dep_ in ("nsubj", "csubj") and x.i < c.i), None)
        if subj is None and c.dep_ == "conj" and c.head.lemma_ in ALIAS_VERBS:
            subj = next((x for x in c.head.children if x.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not _is_term_subject(doc, subj):
            continue
        if c.i + 1 < sent.end and (doc[c.i + 1].tag_ in ("VBN", "VBG") or doc[c.i + 1].lower_ in (
                "to", "also", "called", "known")) and doc[c.i + 1].dep_ not in ("attr", "acomp"):
            if doc[c.i + 1].lower_ != "also" or (c.i + 2 < sent.end and doc[c.i + 2].tag_ in (
                    "VBN", "VBG")):
                continue
        aliases = _aliases(doc, subj)
        if c.dep_ == "conj" and c.head.lemma_ in ALIAS_VERBS and _alias_object(c.head) is not None:
            aliases += (_term_np(doc, _alias_object(c.head)),)
        definite = _definite(subj)
        if definite and any(x.dep_ == "prep" and x.lower_ != "of" for x in subj.children) \
                and not aliases:
            continue  # "The distribution board in the basement is ..." names an individual
        generic = not definite or bool(aliases)
        indef_subj = any(x.dep_ == "det" and x.lower_ in ("a", "an") for x in subj.children)
        end = _clause_end(doc, c.i + 1, sent.end)
        got = _definiens(doc, c.i + 1, end, subj_generic=indef_subj or bool(aliases))
        if got is None:
            continue
        genus, diff = got
        if definite and not aliases and _compound_clause(doc, c.i + 1, sent.end):
            continue  # "The pump bay is a cramped space ..., so plan the job ..."
        term = _term_np(doc, subj) if subj.dep_ != "csubj" else _full(doc, subj)
        k = c.i + 1
        while k < end and doc[k].lower_ in COPULA_ADVERBS:
            k += 1
        definition = tokens_to_span(doc, range(k, end))
        if term is None or definition is None:
            continue
        conf = 0.6 + 0.1 * diff + 0.1 * bool(aliases) + 0.05 * indef_subj - 0.1 * (
            definite and not aliases) - 0.05 * (not generic)
        yield (round(min(conf, 0.95), 3), "copula", term, definition, genus, aliases)


def _compound_clause(doc, start: int, end: int) -> bool:
    """A second clause of comment or consequence (", so plan ...", ", but it must ...")."""
    for k in range(start, end - 1):
        if doc[k].text == "," and doc[k + 1].lower_ in CONTRAST_CC:
            return True
    return False


def _aliases(doc, tok) -> tuple[Span, ...]:
    """Alternative names attached to a term: "X, also called Y", "X (Y)", "X, or Y,"."""
    out = []
    for c in tok.children:
        if c.dep_ == "appos" and c.i > tok.i and _alias_cue(doc, c.left_edge.i):
            sp = _term_np(doc, c)
            if sp is not None:
                out.append(sp)
        elif c.dep_ in ("acl", "relcl") and c.lemma_ in ALIAS_VERBS and c.tag_ in ("VBN", "VBD"):
            name = _alias_object(c)
            if name is not None:
                out.append(_term_np(doc, name))
        elif c.dep_ == "conj" and c.i > tok.i + 1 and doc[c.left_edge.i - 1].lower_ == "or" and \
                doc[c.left_edge.i - 2].text == "," and len([x for x in tok.children
                                                            if x.dep_ == "conj"]) == 1 \
                and (c.right_edge.i + 1 >= len(doc) or doc[c.right_edge.i + 1].text == ","):
            out.append(_term_np(doc, c))
    # "X (Y)" where the parse left the parentheses unattached
    r = tok.right_edge.i if tok.right_edge.i > tok.i else tok.i
    j = tok.i + 1
    while j < len(doc) and j <= r and doc[j].text != "(":
        j += 1
    if j < len(doc) and doc[j].text == "(" and not out:
        k = j + 1
        while k < len(doc) and doc[k].text != ")" and k - j < 8:
            k += 1
        if k < len(doc) and doc[k].text == ")" and k > j + 1 and doc[j + 1].lower_ not in (
                "see", "link", "figure", "fig", "e.g.", "i.e."):
            sp = tokens_to_span(doc, range(j + 1, k))
            if sp is not None and any(ch.isalpha() for ch in sp.text) and not any(
                    doc[x].like_num for x in range(j + 1, k)):
                out.append(sp)
    return tuple(a for a in out if a is not None)


def _alias_cue(doc, i: int) -> bool:
    """Is token ``i`` introduced as an alternative name: "(Y", ", or Y", ", also called Y"?"""
    if i == 0:
        return False
    if doc[i - 1].text == "(":
        return True
    words = [t.lower_ for t in doc[max(0, i - 4):i]]
    tail = " ".join(words)
    return tail.endswith((", or", ", also called", ", also known as", ", also termed",
                          "also called", "also known as")) or (
        doc[i].lower_ == "or" and i > 0 and doc[i - 1].text == ",") or (
        doc[i].lower_ == "also" and i + 1 < len(doc) and doc[i + 1].lemma_ in ALIAS_VERBS)


def _imperative(sent) -> bool:
    root = sent.root
    return root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux")
                                         for c in root.children)


def _alias_object(verb):
    for c in verb.children:
        if c.dep_ in ("oprd", "attr", "dobj"):
            return c
        if c.dep_ == "prep" and c.lower_ == "as":
            pobj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _verbal_definitions(doc, sent):
    """"X refers to / means / denotes Y", "X is defined as Y", "we define X as Y",
    "Y is called / known as / termed / referred to as X"."""
    for verb in sent:
        lemma = verb.lemma_.lower()
        if lemma not in DEFINING_VERBS or verb.pos_ not in ("VERB", "AUX"):
            continue
        if any(x.dep_ == "neg" or (x.dep_ == "aux" and x.lower_ in MODALS)
               for x in verb.children):
            continue
        pattern, subj_is_term = DEFINING_VERBS[lemma]
        passive = any(c.dep_ == "auxpass" for c in verb.children) or (
            verb.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in verb.children))
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if lemma == "define" and not passive:
            # "we define X as Y"
            dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            obj = _as_object(verb)
            if dobj is not None and obj is not None:
                term, definition = _term_np(doc, dobj), _full(doc, obj)
                if term and definition:
                    yield (0.8, "define_as", term, definition, _genus_of(doc, obj), ())
            continue
        bare = None
        if subj is None and subj_is_term and not passive:
            bare = _bare_subject(doc, verb, sent)
            if bare is None:
                continue
        elif subj is None:
            continue
        if lemma == "refer" and passive:
            subj_is_term, pattern = False, "is_referred_to_as"
        if subj_is_term:
            if lemma == "define" and not passive:
                continue
            if lemma == "describe" and not passive and (subj is None or _definite(subj) or any(
                    c.dep_ == "advmod" for c in verb.children)):
                continue   # "The report describes the incident": an individual, not a term
            if bare is None and not _is_term_subject(doc, subj):
                continue
            if lemma == "describe" and not passive:
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            elif lemma in ("define", "describe"):
                obj = _as_object(verb)
                if obj is None:   # "X is defined to be Y"
                    x = next((c for c in verb.children if c.dep_ == "xcomp"), None)
                    obj = x if x is not None and x.lemma_ == "be" else None
                    if obj is not None:
                        obj = next((c for c in x.children if c.dep_ in ("attr", "acomp", "prep")),
                                   None)
            elif lemma in ("refer", "stand"):
                obj = _prep_object(verb, ("to", "for"))
                if obj is not None and _names_by(verb, obj):
                    continue   # "Scientists refer to an organism by its genus": naming usage
                if obj is None:   # "refers to vapour bubbles" mis-parsed as "to" + verb
                    obj = next((c for c in verb.children if c.dep_ == "xcomp" and any(
                        a.lower_ in ("to", "for") and a.i == verb.i + 1 for a in c.children)),
                        None)
                    if obj is not None:
                        definition = tokens_to_span(doc, range(verb.i + 2, _clause_end(
                            doc, verb.i + 2, max(obj.right_edge.i + 1, verb.i + 3))))
                        term = bare or _term_np(doc, subj)
                        if term and definition:
                            yield (0.75, pattern, term, definition, None, ())
                        continue
            else:
                obj = next((c for c in verb.children if c.dep_ in ("dobj", "ccomp", "attr",
                                                                   "xcomp")), None)
            if obj is None:
                continue
            term = bare or (_term_np(doc, subj) if subj.dep_ != "csubj" else _full(doc, subj))
            if obj.dep_ == "ccomp" or obj.pos_ in ("VERB", "AUX"):
                definition = _tail(doc, obj, sent)
            else:
                definition = _tail(doc, obj, sent, from_tok=obj.left_edge)
            if term and definition:
                yield (0.8 if lemma not in ("describe", "represent") else 0.6, pattern, term,
                       definition, _genus_of(doc, obj), _aliases(doc, subj) if subj else ())
        else:
            # "Y is called / known as X": X is a name for Y
            if not passive:
                continue
            name = _alias_object(verb)
            if name is None or (lemma == "know" and not _prep_object(verb, ("as",))):
                continue
            if subj.lower_ == "what":   # "..., in what is called X": X names the clause
                term, definition = _term_np(doc, name), _free_relative_scope(doc, verb, sent)
                if term and definition:
                    yield (0.7, pattern, term, definition, None, ())
                continue
            if subj.pos_ == "PRON":
                continue
            term = _term_np(doc, name)
            definition = _full(doc, subj)
            # "This process is called X" only points back: any definition with content that
            # the sentence gives X (", which describes ...") is preferred
            conf = 0.5 if _bare_demonstrative(subj) else 0.75
            if term and definition:
                yield (conf, pattern, term, definition, None, (_term_np(doc, subj),))


def _bare_demonstrative(tok) -> bool:
    """A noun phrase that only points back ("this process", "these soils", "this type of
    reaction"): a demonstrative determiner and no content modifier besides adjectives or the
    complement of a type noun. As a definition of the name it says little."""
    if not any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those")
               for c in tok.children):
        return False
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "appos"):
            return False
        if c.dep_ == "prep" and not (c.lower_ == "of" and tok.lemma_.lower() in TYPE_NOUNS):
            return False
    return True


def _free_relative_scope(doc, verb, sent) -> Span | None:
    """The clause a free relative "what is called X" names: the main clause before the phrase
    that attaches it ("Scientists refer to ... , in what is called binomial nomenclature")."""
    attach = verb
    while attach.head.i != attach.i and attach.head.dep_ != "ROOT":
        attach = attach.head
    if attach.head.i == attach.i or attach.i < attach.head.i:
        return None       # "What is called X is ...": the clause is the subject itself
    stop = attach.left_edge.i
    while stop > sent.start and (doc[stop - 1].is_punct or doc[stop - 1].pos_ == "CCONJ"):
        stop -= 1
    if stop - sent.start < 3:
        return None
    return tokens_to_span(doc, range(sent.start, stop))


def _names_by(verb, obj) -> bool:
    """"Operators refer to the standby pump as the lag pump": the verb reports how people
    name something, it does not define its subject."""
    return any(c.dep_ == "prep" and c.lower_ == "as" for t in (verb, obj) for c in t.children)


def _as_object(verb):
    return _prep_object(verb, ("as",))


def _prep_object(verb, preps):
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            return next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
    return None


def _genus_of(doc, tok):
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    return _strip_det(doc, _np(doc, tok))


def _tail(doc, tok, sent, from_tok=None) -> Span | None:
    """From ``from_tok`` (default: the leftmost token of ``tok``'s subtree) to the end of
    the defining clause."""
    start = (from_tok or tok.left_edge).i
    end = _clause_end(doc, start, max(tok.right_edge.i + 1, start + 1))
    return tokens_to_span(doc, range(start, end))


def _relative_definitions(doc, sent):
    """Non-restrictive relative copula: "pathogens, which are agents that cause disease"."""
    for rel in sent:
        if rel.dep_ != "relcl" or rel.tag_ not in ("VBZ", "VBP"):
            continue
        wh = next((c for c in rel.children if c.dep_ == "nsubj" and c.lower_ in ("which", "who")),
                  None)
        if wh is None or wh.i == 0 or doc[wh.i - 1].text != ",":
            continue
        head = rel.head
        if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in NON_TERM_ENTS:
            continue
        if rel.lemma_ != "be":
            got = _relative_verb_definition(doc, rel, head)
            if got is not None:
                yield got
            continue
        end = _clause_end(doc, rel.i + 1, rel.right_edge.i + 1)
        got = _definiens(doc, rel.i + 1, end, subj_generic=True)
        if got is None:
            continue
        term = _term_np(doc, head)
        definition = tokens_to_span(doc, range(rel.i + 1, end))
        if term and definition:
            yield (0.65, "relative", term, definition, got[0], ())


#: light verbs whose non-restrictive relative clause narrates rather than characterises
LIGHT_VERBS = {"have", "do", "say", "tell", "go", "come", "get"}


def _relative_verb_definition(doc, rel, head):
    """"economies of scale, which means that ...", "disengagement theory, which suggests
    that ...": a non-restrictive present-tense relative clause that characterises a generic
    term (no determiner other than a/an: "the pump, which runs ..." is an individual)."""
    if rel.lemma_.lower() in LIGHT_VERBS:
        return None
    if any(x.dep_ == "neg" or (x.dep_ == "aux" and x.lower_ in MODALS) for x in rel.children):
        return None
    if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in head.children):
        return None     # "the pump, which runs ...", "my car, which ...": an individual
    if head.pos_ == "PROPN" or head.dep_ not in ("pobj", "dobj", "attr", "appos", "nsubj",
                                                 "nsubjpass", "conj"):
        return None
    end = _clause_end(doc, rel.i, rel.right_edge.i + 1)
    start = rel.i
    while start > rel.left_edge.i and doc[start - 1].dep_ in ("advmod", "aux"):
        start -= 1
    term = _term_np(doc, head)
    definition = tokens_to_span(doc, range(start, end))
    if term is None or definition is None or end - start < 3:
        return None
    return (0.55, "relative_verb", term, definition, None, ())


def _appositive_definitions(doc, sent):
    """"The impeller, the vaned wheel that ..., runs ...", "Anaphylaxis, a severe reaction",
    and the same set off by dashes: "a flywheel—a heavy wheel that stores energy—"."""
    for tok in sent:
        if tok.dep_ != "appos" or tok.i < tok.head.i:
            continue
        left = tok.left_edge.i
        while left < tok.i and doc[left].text in DASHES:
            left += 1      # the opening dash hangs on the appositive
        if left >= 2 and (doc[left - 2].lower_, doc[left - 1].lower_) == ("that", "is") or (
                left >= 1 and doc[left - 1].lower_ == "i.e."):
            left_cue = left - 2 if doc[left - 1].lower_ == "is" else left - 1
        else:
            left_cue = left
        dashed = left_cue > 0 and doc[left_cue - 1].text in DASHES
        head = tok.head
        if dashed:   # "... referred to as grade inflation—a term used to ...": the name
            named = _np_head_before(doc, left_cue - 1)   # just given, whatever the parse says
            if named is not None and _naming_object(named):
                head = named
        if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in NON_TERM_ENTS | {"ORG"} \
                or tok.ent_type_ in NON_TERM_ENTS:
            continue
        before = doc[head.left_edge.i - 1 if head.left_edge.i else 0]
        if _imperative(sent) or before.lower_ in ("example", "instance", "including", "like",
                                                  "e.g.") or (
                before.text == "," and doc[before.i - 1].pos_ != "ADV") or (
                before.lower_ == "as" and not (dashed and _naming_object(head))):
            continue   # an instruction, or an item of a list
        if left_cue == 0 or not (doc[left_cue - 1].text == "," or dashed) or any(
                x.lower_ in ("also", "called", "known", "or", "e.g.") or x.pos_ == "ADV"
                for x in doc[left_cue:left + 1]):
            continue
        if any(c.dep_ == "conj" for c in tok.children) or any(
                c.dep_ == "conj" for c in head.children):
            continue   # a list, not an apposition
        if any(c.dep_ == "acl" and c.lemma_ in ALIAS_VERBS for c in tok.children):
            continue   # "X, a requirement known as the mita": it names a new term, not X
        stop = tok.right_edge.i + 1
        if any(t.pos_ == "CCONJ" and t.head.i in (tok.i, head.i) for t in doc[left:stop]):
            continue
        if stop < sent.end and not (doc[stop].text in (";", ".", "!") or (
                dashed and doc[stop].text in DASHES) or (
                doc[stop].text == "," and stop + 1 < sent.end
                and doc[stop + 1].pos_ in ("VERB", "AUX", "ADV"))):
            continue   # "X, a Y, verbs ..." or "... X, a Y." -- not a list "X, a Y, Z"
        end = _clause_end(doc, left, stop)
        got = _definiens(doc, left, end, subj_generic=True, appositive=True)
        if got is None:
            if dashed:
                yield from _dashed_name(doc, head, tok, left_cue - 1)
            continue
        term = _term_np(doc, head)
        definition = tokens_to_span(doc, range(left, end))
        if term and definition:
            yield (0.6 + 0.1 * got[1], "apposition", term, definition, got[0], ())


def _naming_object(tok) -> bool:
    """Is ``tok`` the name given by a naming verb ("called X", "known as X", "referred to
    as X")?"""
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "as" else tok.head
    if verb.lemma_ == "refer" or (verb.dep_ == "prep" and verb.head.lemma_ == "refer"):
        return tok.dep_ == "pobj"
    return verb.lemma_ in ALIAS_VERBS and (tok.dep_ in ("oprd", "attr") or tok.head.lower_ == "as")


def _dashed_name(doc, head, name, dash: int):
    """"organisms that can grow without oxygen—anaerobic organisms—": a short bare noun
    phrase between dashes names the described noun phrase before it."""
    if name.right_edge.i - name.left_edge.i > 3 or any(
            c.dep_ in ("det", "poss", "relcl", "acl", "prep") for c in name.children) or not all(
            t.pos_ in ("NOUN", "PROPN", "ADJ") or t.text == "-" for t in name.subtree
            if t.text not in DASHES):
        return
    if not any(c.dep_ in ("relcl", "acl", "prep") and c.i > head.i for c in head.children):
        return     # the noun phrase before the dashes has no differentia
    term = _term_np(doc, name)
    definition = tokens_to_span(doc, range(head.left_edge.i, dash))
    if term is not None and definition is not None:
        yield (0.6, "apposition", term, definition, _strip_det(doc, _np(doc, head)), ())


def _final_appositions(doc, sent):
    """A sentence-final apposition that the parser attached elsewhere: "... by a patrician
    class, a ruling group composed of a small number of privileged families." The phrase after
    the last comma must be one noun phrase with a differentia, and the noun before the comma
    must not be an item of a list."""
    end = sent.end
    while end > sent.start and doc[end - 1].is_punct:
        end -= 1
    comma = next((k for k in range(end - 2, sent.start + 1, -1) if doc[k].text == ","), None)
    if comma is None or _imperative(sent):
        return
    roots = [t for t in doc[comma + 1:end] if not comma < t.head.i < end or t.head.i == t.i]
    if len(roots) != 1 or roots[0].pos_ != "NOUN" or roots[0].dep_ == "conj" or (
            roots[0].dep_ == "appos" and roots[0].head.i == comma - 1):
        return      # none, several phrases, or a proper apposition (handled elsewhere)
    if any(t.dep_ == "mark" or t.lower_ in SUBORDINATORS for t in doc[sent.start:comma]):
        return      # "If ... after a long incident, hand over ...": a lead-in clause
    head = _np_head_before(doc, comma)
    if head is None or head.dep_ not in ("pobj", "dobj", "attr") or \
            head.ent_type_ in NON_TERM_ENTS | {"ORG"} or head.dep_ == "conj" or any(
            c.dep_ == "conj" for c in head.children) or any(
            t.text == "," for t in doc[head.left_edge.i:comma]):
        return
    if doc[comma + 1].lower_ in ("e.g.", "i.e.", "etc", "and", "or", "but", "which", "who"):
        return
    if doc[comma + 1].pos_ != "DET" and roots[0].tag_ != "NNS":
        return      # a bare singular noun is no appositive noun phrase ("..., IC within ...")
    stop = _clause_end(doc, comma + 1, end)
    got = _definiens(doc, comma + 1, stop, subj_generic=True, appositive=True)
    if got is None or not got[1]:
        return
    term = _term_np(doc, head)
    definition = tokens_to_span(doc, range(comma + 1, stop))
    if term is not None and definition is not None:
        yield (0.55, "final_apposition", term, definition, got[0], ())


def _called_definitions(doc, sent):
    """"a spiral casing called the volute", "three tiny bones known as the ossicles"."""
    for verb in sent:
        if verb.lemma_ not in ALIAS_VERBS or verb.tag_ not in ("VBN", "VBD"):
            continue
        if doc[verb.i - 1].pos_ == "ADV" or any(
                x.lower_ in ("also", "often", "sometimes", "commonly")
                for x in doc[max(verb.i - 2, 0):verb.i]):
            continue   # "X, also / better / typically called Y": an alias of X
        name = _alias_object(verb)
        head = verb.head
        if verb.dep_ == "conj" and verb.i >= 2 and doc[verb.i - 1].text == "," and not any(
                c.dep_ in SUBJ_DEPS or c.dep_ in ("aux", "auxpass") for c in verb.children):
            # "... held in a state of readiness, called the resting potential": the parser
            # made the participle a conjunct of the main verb; it names the noun before it
            head = _np_head_before(doc, verb.i - 1)
            if head is None:
                continue
        elif verb.dep_ != "acl":
            continue
        if name is None or head.pos_ not in ("NOUN", "PROPN"):
            continue
        if verb.lemma_ == "know" and _prep_object(verb, ("as",)) is None:
            continue
        term = _term_np(doc, name)
        start = head.left_edge.i
        if _bare_noun(head, verb):
            # "a process called organogenesis" names but does not say what; "The heart of a
            # meter is a device called a galvanometer": the copular clause does
            subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None) \
                if head.dep_ == "attr" and head.head.lemma_ == "be" else None
            if subj is None:
                continue
            start = subj.left_edge.i
        definition = tokens_to_span(doc, range(start, verb.i))
        if term and definition:
            yield (0.7, "called", term, definition, _strip_det(doc, _np(doc, head)), ())


def _bare_noun(head, verb) -> bool:
    """A noun with nothing but a determiner besides ``verb`` ("a process", "books")."""
    return not any(c.i != verb.i and c.dep_ not in ("det", "punct") for c in head.children)


def _meaning_glosses(doc, sent):
    """A participle "meaning (that) ..." that glosses the technical word just before its
    comma: a predicate adjective ("the atmosphere was anoxic, meaning that there was no
    oxygen") or a name just given ("a process called schizocoely, meaning that ...").
    After any other word it states a consequence ("The pump ran for hours, meaning that the
    tank overflowed"), not a meaning."""
    for verb in sent:
        if verb.lower_ != "meaning" or verb.tag_ != "VBG" or verb.i < sent.start + 2 or \
                doc[verb.i - 1].text != ",":
            continue
        word = doc[verb.i - 2]
        named = word.dep_ in ("oprd", "attr", "dobj") and word.head.lemma_ in ALIAS_VERBS
        if not named and not (word.pos_ == "ADJ" and word.dep_ == "acomp"
                              and word.head.lemma_ == "be"):
            continue
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        start = clause.left_edge.i
        while start < clause.i and doc[start].dep_ == "mark":
            start += 1
        end = _clause_end(doc, start, clause.right_edge.i + 1)
        term = _term_np(doc, word) if named else span(doc, word.i, word.i + 1)
        definition = tokens_to_span(doc, range(start, end))
        if term is not None and definition is not None and end - start >= 3:
            yield (0.72, "meaning_gloss", term, definition, None, ())


def _or_glosses(doc, sent):
    """"adapted for brachiation, or climbing and swinging through trees", "multiple possible
    variations, or alleles": two noun phrases joined by ", or" (not a list) where one is a
    short name and the other a much longer description of it. Two phrases of similar length
    are alternatives or aliases ("the tympanic membrane, or eardrum"), not a gloss."""
    for cc in sent:
        if cc.lower_ != "or" or cc.dep_ != "cc" or doc[cc.i - 1].text != ",":
            continue
        first = cc.head
        conj = [c for c in first.children if c.dep_ == "conj" and c.i > cc.i]
        while first.dep_ == "pobj" and first.head.lower_ == "of" and conj and \
                first.head.head.pos_ in ("NOUN", "PROPN"):
            first = first.head.head     # "a mixture of gases, or syngas": the whole phrase
        if first.pos_ in ("VERB", "AUX") and len(conj) == 1:
            # "lead to ageism, or prejudice ...": the parser joined the gloss to the verb
            first = _np_head_before(doc, cc.i - 1)
            if first is None or first.head.head.i != cc.head.i:
                continue
        elif len(conj) != 1 or len([c for c in first.children if c.dep_ == "conj"]) != 1 \
                or first.i > cc.i:
            continue
        second = conj[0]
        if first.pos_ not in ("NOUN", "PROPN") or not (second.pos_ in ("NOUN", "PROPN")
                                                      or second.tag_ == "VBG"):
            continue
        if first.ent_type_ or second.ent_type_ or doc[first.left_edge.i - 1].text == ",":
            continue   # names, numbers, or a list "A, B, or C"
        if first.dep_ in ("attr", "acomp"):
            continue   # "time is change, or the interval ...": two answers to one copula
        after = second.right_edge.i + 1
        if after < sent.end and not doc[after].is_punct:
            continue
        a = tokens_to_span(doc, range(first.left_edge.i, cc.i - 1))
        b = tokens_to_span(doc, range(second.left_edge.i, after))
        if a is None or b is None:
            continue
        na, nb = _content_size(doc, first.left_edge.i, cc.i - 1), _content_size(
            doc, second.left_edge.i, after)
        if na <= 2 and nb >= na + 2:
            term, definition = _term_np(doc, first), b
        elif nb <= 2 and na >= nb + 2 and second.pos_ != "VERB":
            term, definition = _term_np(doc, second), a
        else:
            continue
        if term is not None:
            yield (0.55, "or_gloss", term, definition, None, ())


def _content_size(doc, start: int, stop: int) -> int:
    """Words of ``doc[start:stop]`` that are not determiners or punctuation."""
    return sum(1 for t in doc[start:stop] if t.pos_ not in ("DET", "PUNCT"))


def _np_head_before(doc, k: int):
    """The noun phrase ending just before token ``k`` ("a state of readiness" before a
    comma): its head, climbing "of" complements."""
    tok = doc[k - 1]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN",
                                                                                  "PROPN"):
        tok = tok.head.head
    return tok


#: verbs of naming after "use the term X to ..." / "the term X is used to ..."
USAGE_VERBS = {"refer": ("to",), "describe": (), "denote": (), "mean": (), "designate": (),
               "indicate": (), "identify": ()}
TERM_WORDS = {"term", "word", "phrase", "expression", "label", "name"}


def _term_usage_definitions(doc, sent):
    """"The term X is used to refer to Y", "Economists use the term X to describe Y"."""
    for verb in sent:
        lemma = verb.lemma_.lower()
        if lemma not in USAGE_VERBS or verb.dep_ not in ("xcomp", "advcl") or \
                verb.head.lemma_ != "use":
            continue
        use = verb.head
        name = None
        for c in use.children:
            if c.dep_ in ("nsubjpass", "dobj") and c.lemma_.lower() in TERM_WORDS:
                name = next((a for a in c.children if a.dep_ == "appos"), None)
            elif c.dep_ in ("nsubjpass", "dobj") and any(
                    a.dep_ in ("compound", "nmod") and a.lemma_.lower() in TERM_WORDS
                    for a in c.children):
                name = c
                term_word = next(a for a in c.children if a.lemma_.lower() in TERM_WORDS)
                term = tokens_to_span(doc, range(term_word.i + 1, c.i + 1))
                break
        else:
            term = _term_np(doc, name) if name is not None else None
        if name is None or term is None:
            continue
        preps = USAGE_VERBS[lemma]
        obj = _prep_object(verb, preps) if preps else next(
            (c for c in verb.children if c.dep_ in ("dobj", "ccomp")), None)
        if obj is None:
            continue
        definition = _tail(doc, obj, sent, from_tok=obj.left_edge)
        if definition is not None:
            yield (0.8, "term_usage", term, definition, _genus_of(doc, obj), ())


ANAPHORS = {"it", "this", "that", "which"}
SUBORDINATORS = {"if", "when", "whenever", "once", "before", "after", "until", "unless",
                 "while", "as", "because", "since", "although", "though"}


def _anaphoric_definitions(doc, sent):
    """The term names a clause stated before it: "If torpor occurs in summer, it is called
    estivation", "Some people are born deaf, which is known as congenital deafness", "...
    periods finally cease; this is menopause"."""
    for verb in sent:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ not in ANAPHORS or subj.i == sent.start or \
                doc[subj.i - 1].text not in (",", ";"):
            continue
        if any(x.dep_ == "neg" or (x.dep_ == "aux" and x.lower_ in MODALS)
               for x in verb.children):
            continue
        if verb.lemma_ in ALIAS_VERBS | {"refer"} and subj.dep_ == "nsubjpass":
            if verb.lemma_ == "refer":
                name = _prep_object(next((c for c in verb.children if c.dep_ == "prep"
                                          and c.lower_ == "to"), verb), ("as",)) \
                    or _as_object(verb)
            else:
                name = _alias_object(verb)
            if name is None or (verb.lemma_ == "know" and _as_object(verb) is None):
                continue
            pattern, conf = "anaphoric_called", 0.7
        elif verb.lemma_ == "be" and subj.lower_ in ("this", "that") and doc[
                subj.i - 1].text == ";":
            name = next((c for c in verb.children if c.dep_ == "attr"), None)
            if name is None or name.pos_ not in ("NOUN", "PROPN") or any(
                    c.dep_ in ("det", "poss", "prep", "relcl", "acl") for c in name.children):
                continue   # "; this is a problem": a comment, not a name
            pattern, conf = "anaphoric_copula", 0.6
        else:
            continue
        # the named clause: the conditional/temporal clause before the subject, else the
        # text from the sentence start up to the comma or semicolon
        start = sent.start
        adv = next((c for c in verb.children if c.dep_ == "advcl" and c.i < subj.i), None)
        if adv is not None:
            start = adv.left_edge.i
        while start < subj.i and (doc[start].dep_ == "mark" or doc[start].lower_ in (
                "if", "when", "whenever", "where") or doc[start].is_punct):
            start += 1
        definition = tokens_to_span(doc, range(start, subj.i - 1))
        term = _term_np(doc, name)
        if term is not None and definition is not None and subj.i - 1 - start >= 2:
            yield (conf, pattern, term, definition, None, ())


def _colon_definitions(doc, sent):
    """"the greenhouse effect: the warming of Earth due to ..."."""
    for k in range(sent.start + 1, sent.end - 2):
        if doc[k].text != ":" or doc[k - 1].pos_ not in ("NOUN", "PROPN"):
            continue
        left = doc[k - 1]
        if left.left_edge.i <= sent.start or left.ent_type_ in NON_TERM_ENTS or _imperative(sent):
            continue   # "Term: ..." at the start is as often a heading as a glossary entry
        end = _clause_end(doc, k + 1, sent.end)
        first = doc[k + 1]
        if first.is_title and first.pos_ != "DET" and k - 1 == sent.start:
            continue
        got = _definiens(doc, k + 1, end, subj_generic=False, appositive=True)
        if got is None or not got[1]:
            continue
        # the right side must be a noun phrase, not a clause with its own subject
        if any(doc[j].dep_ in ("nsubj", "nsubjpass") and doc[j].head.i >= k + 1 and
               doc[j].head.dep_ not in ("relcl", "acl", "advcl")
               for j in range(k + 1, end)):
            continue
        term = _term_np(doc, left)
        definition = tokens_to_span(doc, range(k + 1, end))
        if term and definition:
            yield (0.6, "colon", term, definition, got[0], ())


def _descriptive_definitions(doc, sent):
    """Verb-phrase definitions: constitutive verbs ("X consists of / comprises / involves
    Y") and any present-tense statement about a term that carries its alias ("A superficial
    burn, also called a first-degree burn, affects only the outer layer")."""
    root = sent.root
    extra_alias: tuple = ()
    if root.lemma_ in ALIAS_VERBS and _alias_object(root) is not None and any(
            c.lower_ == "also" for c in root.children):
        # "A superficial burn, also called a first-degree burn, affects ..." parsed with
        # "called" as the root and the real predicate as its conjunct
        conj = next((c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                     and c.tag_ in ("VBZ", "VBP")), None)
        subj0 = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if conj is None or subj0 is None or conj.lemma_ == "be":
            return
        extra_alias = (_term_np(doc, _alias_object(root)),)
        root = conj
    if root.pos_ not in ("VERB", "AUX") or root.tag_ not in ("VBZ", "VBP"):
        return
    if any(x.dep_ == "neg" or (x.dep_ == "aux" and x.lower_ in MODALS) for x in root.children):
        return
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and extra_alias:
        subj = subj0
    if subj is None or not _is_term_subject(doc, subj) or subj.i > root.i:
        return
    lemma = root.lemma_.lower()
    aliases = _aliases(doc, subj) + tuple(a for a in extra_alias if a is not None)
    constitutive = lemma in CONSTITUTIVE_VERBS and (
        lemma not in ("compose", "make") or any(c.dep_ == "auxpass" for c in root.children))
    if not constitutive and not aliases:
        return
    if any(c.dep_ == "advmod" and c.lower_ in ("often", "sometimes", "usually", "also",
                                                "typically", "generally", "always", "never",
                                                "still", "then") for c in root.children):
        return   # a generalisation about the term, not what it is
    if not aliases and any(c.dep_ in ("relcl", "acl") for c in subj.children):
        return
    if lemma in DEFINING_VERBS or lemma == "be":
        return
    start = root.i
    while start > subj.right_edge.i + 1 and doc[start - 1].dep_ in ("advmod", "aux", "auxpass",
                                                                     "neg"):
        start -= 1
    end = _clause_end(doc, root.i + 1, sent.end)
    term = _term_np(doc, subj)
    definition = tokens_to_span(doc, range(start, end))
    if term and definition:
        conf = 0.55 + 0.1 * bool(aliases) + 0.05 * (not _definite(subj))
        yield (round(conf, 3), "constitutive" if constitutive else "aliased_subject", term,
               definition, None, aliases)


def _strip_det(doc, sp: Span | None) -> Span | None:
    if sp is None:
        return None
    m = re.match(r"^(?:a|an|the|any)\s+", sp.text, re.I)
    if m:
        return Span(sp.text[m.end():], sp.start + m.end(), sp.end)
    return sp


def _acronyms(doc, doc_id, si, sent) -> Iterator[Definition]:
    """Parenthetical abbreviations, after Schwartz & Hearst (2003): "residual current device
    (RCD)", "Quaternary ammonium compounds (quats)", and the reverse "FIFO (first in, first
    out)"."""
    text = doc.text
    for tok in sent:
        if tok.text != "(" or tok.i == sent.start:
            continue
        close = next((t.i for t in doc[tok.i + 1:min(tok.i + 12, sent.end)] if t.text == ")"),
                     None)
        if close is None or close == tok.i + 1:
            continue
        inner = doc[tok.i + 1:close]
        before = doc[tok.i - 1]
        if len(inner) == 1 or (len(inner) == 2 and inner[-1].text in ("s", "'s")):
            short = inner
            long_end = before.idx + len(before.text)
            n = _acronym_letters(short.text)
            if n is None:
                continue
            k = max(sent.start, tok.i - min(n + 5, 2 * n))
            while k < tok.i and any(t.text in (";", ":", "(", ")", "\u2014") for t in
                                    doc[k:tok.i]):
                k += 1
            if k >= tok.i:
                continue
            cand_start = doc[k].idx
            found = _best_long_form(short.text, text[cand_start:long_end])
            if found is None:
                continue
            long_sp = Span(text[cand_start + found:long_end], cand_start + found, long_end)
            short_sp = Span(short.text, short.start_char, short.end_char)
        elif _acronym_letters(before.text) is not None and before.is_upper and len(inner) >= 2:
            # "FIFO (first in, first out)"
            short_sp = Span(before.text, before.idx, before.idx + len(before.text))
            found = _best_long_form(before.text, inner.text)
            if found != 0:
                continue
            long_sp = Span(inner.text, inner.start_char, inner.end_char)
        else:
            continue
        words = long_sp.text.split()
        if not words or len(long_sp.text) <= len(short_sp.text) or \
                short_sp.text.lower() in long_sp.text.lower():
            continue
        yield Definition(provenance=provenance(doc_id, si, sent, EXTRACTOR, "acronym", 0.9),
                         sentence=sent.text, term=short_sp, definition=long_sp, genus=None,
                         aliases=(long_sp,))


def _acronym_letters(s: str) -> int | None:
    """Letters of a short-form candidate (2-10 characters, starting alphanumeric, with at
    least one capital or being a single lower-case word), or None."""
    if not 2 <= len(s) <= 10 or not s[0].isalnum() or not any(ch.isalpha() for ch in s):
        return None
    if " " in s or ":" in s or s.lower() in ("s", "es", "e.g.", "i.e.", "etc"):
        return None
    if sum(ch.isupper() for ch in s) == 0 and len(s) > 6:
        return None
    return sum(ch.isalnum() for ch in s)


def _best_long_form(short: str, long: str) -> int | None:
    """Schwartz & Hearst: the offset in ``long`` where the long form of ``short`` starts."""
    s = len(short) - 1
    l = len(long) - 1
    while s >= 0:
        ch = short[s].lower()
        if not ch.isalnum():
            s -= 1
            continue
        while (l >= 0 and long[l].lower() != ch) or (s == 0 and l > 0 and long[l - 1].isalnum()):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = long.rfind(" ", 0, l + 1) + 1
    if len(long[start:].split()) < 2 and sum(c.isupper() for c in short) >= 2 and \
            len(long[start:]) < 2 * len(short):
        return None
    return start


# -- relations ----------------------------------------------------------------------------

def _restrictive(doc, clause) -> bool:
    """A relative clause that restricts its noun ("a room that nobody likes to clean"), not a
    non-restrictive one set off by a comma or dash ("the canary group, which receives ...")."""
    left = clause.left_edge.i
    return clause.dep_ == "relcl" and left > 0 and doc[left - 1].text not in (",", "(", "-",
                                                                              "\u2014", ";")


def _arg_span(doc, tok, exclude: set[int] = frozenset(), coordination: bool = False
              ) -> Span | None:
    """The argument headed by ``tok``; with ``coordination`` its conjuncts are kept ("all
    cooked meat, dairy products and other high-risk food")."""
    ids = {tok.i}
    last_conj = max((c.i for c in tok.children if c.dep_ == "conj"), default=tok.i) \
        if coordination else tok.i
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if t.i in exclude or (t.head.i == tok.i and t.dep_ in ARG_DROP_DEPS
                              and not _restrictive(doc, t)
                              and not (t.dep_ in ("conj", "cc", "punct")
                                       and tok.i < t.i <= last_conj)):
            continue
        ids.add(t.i)
        stack.extend(t.children)
    return tokens_to_span(doc, ids, anchor=tok.i)


def _name_coordination(tok) -> bool:
    """"The London, Midland and Scottish Railway Company": proper nouns coordinated inside
    one name (single capitalised words before a multi-word final conjunct) are not split."""
    conj = [c for c in tok.subtree if c.dep_ == "conj" and c.head.i in {t.i for t in tok.subtree}]
    if tok.pos_ != "PROPN" or not conj:
        return False
    names = [tok] + conj
    if not all(n.pos_ == "PROPN" and n.is_title for n in names):
        return False
    last = names[-1]
    return all(len([c for c in n.children if c.dep_ == "compound"]) == 0 for n in names[:-1]) \
        and any(c.dep_ == "compound" for c in last.children)


def _subject(verb):
    subj = next((c for c in verb.children if c.dep_ in SUBJ_DEPS), None)
    if subj is not None:
        return subj
    if _bare_imperative(verb) and not (verb.dep_ == "conj" and _shares_aux(verb.head)):
        return None   # "..., so never leave the area", "Do not overfill ...": imperatives
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _bare_imperative(verb) -> bool:
    """A base-form verb without subject whose only auxiliary is do-support: "..., so never
    leave the area", "Do not overfill refrigerators"."""
    if verb.tag_ != "VB" or verb.dep_ in ("xcomp", "aux", "auxpass"):
        return False
    for c in verb.children:
        if c.dep_ in SUBJ_DEPS or c.dep_ == "auxpass" or (c.dep_ == "aux"
                                                         and c.lemma_.lower() != "do"):
            return False
    return True


def _shares_aux(verb) -> bool:
    """Is ``verb`` a base form under a modal or auxiliary that a coordinated base form shares
    ("should recognise ..., lay ... and call ...")?"""
    while verb.tag_ == "VB":
        if any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() != "do"
               for c in verb.children):
            return True
        if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
            return False
        verb = verb.head
    return False


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
    objs: list = []
    if obj is not None:
        objs = [obj]
    elif preps and not _adjunct_prep(preps[0]):
        # "walked to the store": predicate takes the first preposition, its object is the object
        # (a time or frequency adjunct -- "within three days", "at all times" -- stays extra)
        first = preps[0]
        pobj = next((c for c in first.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            pred_ids.add(first.i)
            if first.dep_ == "agent":
                pass
            objs = [pobj]
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
    # a coordinated subject is one argument: "Whole uncut vegetables and sealed canned goods
    # can be kept" states one fact about both
    whole_name = _name_coordination(subj)
    subjects = [subj]
    if negated and modality in ("obligation", "permission"):
        modality = "prohibition"  # "must not", "may not": as for rules (README contract)
    for s in subjects:
        s_span = _arg_span(doc, s, exclude={verb.i}, coordination=True) if not relative \
            else _np_full(doc, s, verb)
        if whole_name:
            s_span = tokens_to_span(doc, {t.i for t in s.subtree}, anchor=s.i)
        if s_span is None:
            continue
        for o in (objs or [None]):
            o_span = _arg_span(doc, o, coordination=True) if o is not None else None
            ante = _relative_antecedent(o, verb)
            if ante is not None:   # "a room that nobody likes to clean": the room
                o_span = _np_full(doc, ante, verb)
            if o is not None and o.dep_ == "ccomp":
                o_span = _full(doc, o)
            conf = _confidence(s, o, verb, extra, relative, s_span, o_span)
            yield Relation(
                provenance=provenance(doc_id, si, sent, EXTRACTOR,
                                      "relcl" if relative else ("svo" if o is not None else "sv"),
                                      conf),
                sentence=sent.text, subject=s_span, predicate=predicate, object=o_span,
                extra_args=tuple(extra), negated=negated, modality=modality)


#: prepositions that introduce adjuncts of time, not arguments of the verb
TIME_PREPS = {"within", "during", "after", "before", "until", "till", "since", "throughout"}
#: nouns of time and frequency ("at all times", "on every round", "for five minutes")
TIME_NOUNS = {"time", "second", "minute", "hour", "day", "week", "month", "year", "night",
              "morning", "afternoon", "evening", "weekend", "round", "shift", "moment",
              "period", "decade", "century", "season", "o'clock"}
TIME_ENTS = {"DATE", "TIME"}


def _adjunct_prep(prep) -> bool:
    """A prepositional phrase of time or frequency: an extra argument, not the object."""
    if prep.lower_ in TIME_PREPS:
        return True
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return False
    return pobj.ent_type_ in TIME_ENTS or pobj.lemma_.lower() in TIME_NOUNS


def _relative_antecedent(obj, verb):
    """The noun a relative pronoun object stands for ("a room *that* nobody likes to clean"),
    or None."""
    if obj is None or obj.lower_ not in ("that", "which", "whom", "who") or obj.i > verb.i:
        return None
    clause = verb
    while clause.dep_ in ("xcomp", "ccomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
        return clause.head
    return None


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
    if subj.pos_ == "PROPN":
        c += 0.05    # a name is a reliable argument
    if len(verb.sent) > LONG_SENTENCE:
        c -= 0.05    # long sentences are parsed less reliably
    c += 0.02 * min(len(extra), 2)
    return max(0.05, min(c, 0.95))


#: tokens above which a sentence's parse (and so its relations) is trusted less
LONG_SENTENCE = 30
