"""Example extractor: exemplification, hyponymy and worked-example passages.

Two families of records, both :class:`~kextract.model.Example`:

* **Instance lists** (Hearst patterns, direction instance -> concept): "sensors such as A,
  B and C", "such sensors as A", "including", "especially", "particularly", "like" (only as a
  preposition after a noun), "e.g." / "namely" / "for example" inside a sentence, "A, B and
  other C", "A or other C", "A is a kind/type/form of C", "C include A and B", "C, among
  which A". Coordinated instances are split; multiword noun phrases stay whole (with their
  prepositional post-modifiers and parentheses: "nonylphenol ethoxylate (NPE)"), without a
  leading determiner; the concept is the full noun phrase (determiners dropped) that the cue
  attaches to, with an "of" post-modifier ("signs of shock"), and "X" for "types of X".
  "i.e." restates rather than exemplifies, so it gives a pair only after "a kind/type/version
  of X" ("a particular version of the SAFT EoS, i.e. the SAFT-VR Mie"). A cue followed by a
  prepositional phrase or a clause ("for instance after a humid month", "for example when
  ...") introduces a circumstance, not instances, and gives nothing.
* **Worked examples** (pattern ``worked_example``): passages introduced by "For example,",
  "For instance,", "E.g.", "Example 3:", "Consider ...", "Suppose ...". The one instance is
  the passage after the cue to the end of its paragraph; the illustrated concept is resolved
  from the preceding sentence (for "For example, ...") or from the document's headings (the
  nearest one unless another heading's words recur in the passage; numbering dropped, generic
  headings such as "Examples" skipped), else the subject of the preceding sentence. These
  records are passages, not hyponym pairs.
"""

from __future__ import annotations

import math
import re
from typing import Iterator

from ..model import Example, Span
from ._util import blocks, iter_sentences, provenance, span, tokens_to_span

NAME = "kextract.examples"
VERSION = "2"
EXTRACTOR = f"{NAME}.v{VERSION}"

#: pattern id of worked-example records (a passage, not a hyponym of the concept)
WORKED_PATTERN = "worked_example"

# cue token sequences (lower-cased) that introduce a list of instances after a concept
LIST_CUES: list[tuple[tuple[str, ...], str]] = [
    (("such", "as"), "such_as"),
    (("including",), "including"),
    (("include",), "include"),
    (("includes",), "include"),
    (("especially",), "especially"),
    (("particularly",), "particularly"),
    (("in", "particular"), "in_particular"),
    (("notably",), "notably"),
    (("like",), "like"),
    (("e.g.",), "e.g."),
    (("e.g",), "e.g."),
    (("eg",), "e.g."),
    (("i.e.",), "i.e."),
    (("i.e",), "i.e."),
    (("namely",), "namely"),
    (("for", "example"), "for_example"),
    (("for", "instance"), "for_instance"),
    (("among", "them"), "among_them"),
    (("among", "which"), "among_which"),
]
CONFIDENCE = {"such_as": 0.85, "including": 0.8, "e.g.": 0.8, "like": 0.65, "include": 0.6,
              "especially": 0.7, "particularly": 0.7, "i.e.": 0.6}
#: nouns of "a kind of X": the concept is X, not the kind noun
KIND_NOUNS = {"kind", "type", "form", "sort", "example", "instance", "class", "variety",
              "category", "subtype", "member", "version", "variant", "family", "group",
              "range", "number", "set", "series", "host", "array", "subset", "genre", "style",
              "subclass", "species", "breed"}
#: nouns of complex prepositions ("in the event of X such as ..."): the concept is X
LIGHT_NOUNS = {"event", "case", "presence", "absence", "form", "use", "lack", "number",
               "amount", "part", "rest"}
#: prepositions that may lead a list of instances after "for example" ("in springs, ...")
PLACE_PREPS = {"in", "on", "at", "inside", "within", "from"}
#: words that point at a list elsewhere, not instances ("include the following:")
POINTERS = {"following", "follows", "below", "above", "these", "this", "those"}
#: restating cues: a pair only when the phrase before is "a kind/type/... of X"
RESTATING = {"i.e."}
#: verbs whose subject is defined by their object ("X is / means / refers to Y")
DEFINING_VERBS = {"be", "mean", "refer", "denote", "describe", "designate"}
WORKED_CUES = [
    (re.compile(r"^\s*for example\b[,:]?", re.I), "for example"),
    (re.compile(r"^\s*for instance\b[,:]?", re.I), "for instance"),
    (re.compile(r"^\s*e\.\s?g\.[,:]?", re.I), "e.g."),
    (re.compile(r"^\s*(?:worked\s+)?example\s*\d*\s*[:.\-\u2013]", re.I), "example"),
    (re.compile(r"^\s*consider(?:\s+(?:instead|now|also)\b)?(?:\s+that\b)?", re.I), "consider"),
    (re.compile(r"^\s*suppose(?:\s+(?:instead|now|also)\b)?(?:\s+that\b)?", re.I), "suppose"),
    (re.compile(r"^\s*imagine(?:\s+(?:instead|now|also)\b)?(?:\s+that\b)?", re.I), "suppose"),
]
#: the least similarity (weighted cosine of lemma sets) for a section or definition to be
#: taken as the concept of a worked example
MIN_SIMILARITY = 0.15
#: added to the similarity of a candidate concept that the passage names
NAMED_BONUS = 0.1
#: worked-example cues that refer back to the sentence before them
BACKWARD_CUES = {"for example", "for instance", "e.g."}
GENERIC_HEADING = re.compile(r"^(?:worked\s+)?examples?\b|^case stud(?:y|ies)\b|^scenarios?\b",
                             re.I)
#: headings of a document's structure, not of a topic: no concept for a worked example
STRUCTURE_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:key\s+)?terms?(?:\s+used\b.*)?|"
                               r"definitions?|glossary|scope|purpose|introduction|overview|"
                               r"summary|contents|references)\s*$", re.I)
#: "X refers to / means / is defined as / denotes ...", X a short capitalised phrase
EXPLICIT_DEFINITION = re.compile(r"^\s*(?:(?:A|An|The)\s+)?([A-Z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)"
                                 r"(?:\s+\([^()]{1,20}\))?\s+(?:refers\s+to|means|is\s+defined"
                                 r"\s+as|denotes)\b")
QUESTION = re.compile(r"^(?:what|why|how|when|where|who|which)\b|.*\?$", re.I)
HEADING_NUMBER = re.compile(r"^\s*(?:(?:section|chapter|part|step)\s+)?"
                            r"(?:\d+(?:\.\d+)*|[ivx]+|[a-z])[.):]?\s+", re.I)
STOP_TEXT = {")", ";", ":", ".", "!", "?", "]", "[", "\u2014", "--"}
DROP_LEFT = {"other", "such", "some", "any", "all", "many", "certain", "various", "several",
             "different", "these", "those", "the", "a", "an", "this", "that", "their", "its",
             "our", "your", "common", "most", "another"}
#: quantifiers marking a noun phrase as the set whose members are listed
QUANTIFIERS = {"various", "several", "many", "different", "certain", "other", "some", "all",
               "numerous", "multiple", "diverse", "any", "every"}
#: determiners of a specific (not generic) singular noun phrase
SPECIFIC_DET = {"a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "your",
                "my"}
ITEM_POS = ("NOUN", "PROPN", "NUM", "VERB", "ADJ", "X")


def extract(doc, doc_id: str = "") -> Iterator[Example]:
    """Yield the examples of a parsed document."""
    sents = list(iter_sentences(doc))
    ctx = _Context(doc)
    prev = None
    for si, sent in sents:
        try:
            yield from _instance_lists(doc, doc_id, si, sent)
            worked = _worked_example(doc, doc_id, si, sent, prev, ctx)
            if worked is not None:
                yield worked
        except Exception:  # one odd parse must not kill the document
            pass
        prev = sent


# -- noun phrases -------------------------------------------------------------------------

def _skip_back(doc, sent, j: int) -> int:
    """From token ``j`` leftwards, skip commas, adverbs ("possibly including") and one
    parenthetical or bracketed citation right before a cue."""
    while j >= sent.start:
        t = doc[j]
        if t.text in (",", "(") or t.is_space or (t.pos_ == "ADV" and t.tag_ == "RB"
                                                  and t.lower_ not in ("not", "only")):
            j -= 1
            continue
        if t.text in (")", "]"):
            opener = "(" if t.text == ")" else "["
            k = j - 1
            while k >= sent.start and doc[k].text != opener and j - k < 12:
                k -= 1
            if k >= sent.start and doc[k].text == opener:
                j = k - 1
                continue
        break
    return j


def _np_before(doc, sent, pos: int):
    """The noun phrase ending right before token ``pos``: (start, end, head)."""
    j = _skip_back(doc, sent, pos - 1)
    if j < sent.start:
        return None
    head = doc[j]
    if head.pos_ not in ("NOUN", "PROPN", "NUM") and not (head.pos_ == "ADJ" and j > sent.start):
        return None
    start = j
    while start - 1 >= sent.start and doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ", "NUM",
                                                               "DET", "PRON") and \
            doc[start - 1].tag_ != "PRP" and doc[start - 1].text not in (",",) and \
            not (doc[start - 1].pos_ == "DET" and start - 1 < j - 6):
        start -= 1
        if doc[start].pos_ == "DET":
            break
    # hyphenated compounds ("food - grade") and participles inside them ("Energy-isolating")
    moved = True
    while moved:
        moved = False
        while start - 2 >= sent.start and doc[start - 1].tag_ == "HYPH":
            start -= 2
            moved = True
        while start - 1 >= sent.start and doc[start - 1].dep_ in ("amod", "compound") and \
                start <= doc[start - 1].head.i <= j and \
                doc[start - 1].tag_ in ("VBG", "VBN", "JJ", "NN", "NNS"):
            start -= 1
            moved = True
    return start, j + 1, head


def _concept_span(doc, start: int, end: int) -> Span | None:
    while start < end and (doc[start].lower_ in DROP_LEFT or doc[start].pos_ in ("DET", "PRON")
                           or doc[start].is_punct):
        start += 1
    if start >= end:
        return None
    return span(doc, start, end)


def _noun_phrase_concept(doc, sent, start: int, end: int) -> Span | None:
    """The concept of an NP ``[start, end)`` ending before a cue. "types of X" -> X; an NP
    that is the object of "of" is widened to the noun it modifies ("signs of shock")."""
    head = doc[end - 1]
    # "X of three kinds" / "three kinds" alone: nothing to exemplify but the kind noun
    if head.lemma_.lower() in KIND_NOUNS:
        return None
    if head.dep_ == "conj" and head.head.dep_ == "pobj" and head.head.i < start and \
            all(doc[k].lower_ in ("or", "and", "other") or doc[k].pos_ in (
                "NOUN", "PROPN", "ADJ", "DET") for k in range(head.head.i, start)):
        start, head = head.head.left_edge.i, head.head  # "a loss of blood or other fluids"
        if head.left_edge.i < head.head.i:
            return _concept_span(doc, start, end)
    of = head.head if head.dep_ == "pobj" else None
    if any(doc[k].lower_ in QUANTIFIERS for k in range(start, end)):
        of = None  # "the dynamics of various phenomena, such as ...": the set is the NP itself
    if of is not None and of.lower_ in ("on", "in", "at") and of.i == start - 1 and \
            of.head.i == of.i - 1 and of.head.pos_ in ("NOUN", "PROPN") and end - start <= 2:
        # "all rotating machinery on site, including ...": the noun the place modifies
        outer = of.head
        left = [t for t in outer.subtree if t.i <= outer.i and t.i >= sent.start and
                t.dep_ not in ("punct", "relcl", "appos")]
        return _concept_span(doc, min(t.i for t in left), outer.i + 1)
    if of is not None and of.lower_ == "of" and of.i == start - 1 and of.head.i < of.i and \
            of.head.pos_ in ("NOUN", "PROPN") and of.head.i >= sent.start:
        outer = of.head
        if outer.lemma_.lower() not in KIND_NOUNS and outer.lemma_.lower() not in LIGHT_NOUNS:
            left = [t for t in outer.subtree if t.i <= outer.i and t.dep_ not in (
                "punct", "relcl", "appos") and t.i >= sent.start]
            o_start = min(t.i for t in left)
            if all(doc[k].pos_ not in ("VERB", "AUX", "PUNCT") or doc[k].tag_ in ("VBG", "VBN",
                                                                                   "HYPH")
                   for k in range(o_start, outer.i)):
                start = o_start
    return _concept_span(doc, start, end)


def _strip_item(doc, idx: list[int]) -> list[int]:
    """Drop a leading determiner / possessive pronoun of an instance."""
    while idx and (doc[idx[0]].pos_ == "DET" or doc[idx[0]].tag_ == "PRP$") and len(idx) > 1:
        idx = idx[1:]
    return idx


def _inner_conjunction(doc, i: int, end: int) -> bool:
    """Is the "and"/"or" at ``i`` inside one item of a comma-separated list: directly
    between two nouns, and followed by a comma, more items and the list's own final
    conjunction ("cooked meat and poultry, dairy products, eggs and seafood")?"""
    if i + 1 >= end or doc[i + 1].pos_ not in ("NOUN", "PROPN") or doc[i - 1].pos_ not in (
            "NOUN", "PROPN"):
        return False
    commas = 0
    for k in range(i + 1, end):
        t = doc[k]
        if t.text in STOP_TEXT or t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN"):
            return False
        if t.text == ",":
            commas += 1
        elif t.lower_ in ("and", "or") and commas >= 2:
            return True
    return False


def _items_after(doc, sent, start: int) -> list[Span]:
    """Split the coordinated noun phrases that follow a cue into instances."""
    items: list[Span] = []
    cur: list[int] = []
    i = start
    end = sent.end

    def flush():
        idx = _strip_item(doc, cur)
        if idx and not (len(idx) == 1 and doc[idx[0]].lower_ in POINTERS):
            sp = tokens_to_span(doc, idx)
            if sp is not None and any(doc[k].pos_ in ITEM_POS for k in idx):
                items.append(sp)
        cur.clear()

    def pp_end(adp) -> int:
        """End (exclusive) of the contiguous run of ``adp``'s subtree from ``adp`` on; a
        comma-separated conjunct inside it starts a new instance ("the movement of
        pendulums, planets, or water waves"), a plain "X or Y" does not ("swelling of the
        lips or tongue")."""
        sub = {t.i for t in adp.subtree}
        k = adp.i
        while k < end and (k in sub or doc[k].is_space) and doc[k].text not in (";",):
            if doc[k].text == "," and k + 1 < end and (
                    doc[k + 1].dep_ in ("conj", "cc") or any(
                        c.dep_ == "conj" and c.i > k for c in doc[k].head.children)):
                break
            k += 1
        return k

    saw_cc = False
    while i < end:
        t = doc[i]
        low = t.lower_
        if t.text == "," and saw_cc and cur:
            break  # "X, including A and B, verb ...": the list ends after its last conjunct
        if low in ("and", "or") and i + 1 < end and doc[i + 1].lower_ == "other":
            break  # "A, B and other C": C is the concept of an "and other" record
        if low in ("and", "or") and cur and not saw_cc and _inner_conjunction(doc, i, end):
            cur.append(i)  # "cooked meat and poultry, dairy products, ... and seafood"
            i += 1
            continue
        if t.text == "," or low in ("and", "or", "and/or", "&"):
            saw_cc = saw_cc or t.text != ","
            flush()
            i += 1
            continue
        if low == "as" and i + 2 < end and doc[i + 1].lower_ == "well" and doc[i + 2].lower_ == "as":
            flush()
            i += 3
            continue
        if t.text == "(" and cur:
            # a parenthesis stays with its phrase: "nonylphenol ethoxylate (NPE)"
            k = i + 1
            while k < end and doc[k].text not in (")", "(") and k - i < 15:
                k += 1
            if k < end and doc[k].text == ")":
                cur.extend(range(i, k + 1))
                i = k + 1
                continue
            break
        if low in ("etc", "etc.") or t.text in STOP_TEXT or t.text == "(" or t.is_space:
            break
        if low == "but" and [x.lower_ for x in doc[i + 1:i + 4]] == ["not", "limited", "to"]:
            i += 4  # "including but not limited to"
            continue
        if not cur and (t.pos_ in ("ADP", "SCONJ") or t.tag_ in ("WRB", "WDT", "WP")) and items:
            break  # "..., possibly including Kelvin waves, with the largest amplitudes"
        if t.pos_ == "ADP" and t.lower_ != "like" and cur and t.head.i in cur and \
                t.dep_ in ("prep", "agent") and (i + 1 < end and doc[i + 1].pos_ not in (
                    "VERB", "AUX", "SCONJ")):
            # a prepositional post-modifier of the current instance, kept whole with its own
            # coordination ("swelling of the lips or tongue", "root access on servers")
            k = pp_end(t)
            if k > i + 1:
                cur.extend(range(i, k))
                i = k
                continue
        if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN") and cur:
            break
        if t.pos_ == "AUX" or (t.pos_ == "VERB" and t.dep_ in ("ROOT", "relcl") and cur):
            break
        if t.tag_ in ("WDT", "WP", "WRB") or (t.pos_ == "SCONJ"):
            break
        if t.pos_ == "ADP" and low not in ("of",) and cur and not (
                low == "like" and doc[i - 1].pos_ in ("NOUN", "PROPN")):
            break
        if t.pos_ == "ADP" and low == "like" and cur:
            # "a crackling sound like gravel passing through the casing"
            k = pp_end(t)
            cur.extend(range(i, max(k, i + 1)))
            i = max(k, i + 1)
            continue
        cur.append(i)
        i += 1
    flush()
    return items


# -- instance lists -----------------------------------------------------------------------

def _instance_lists(doc, doc_id, si, sent) -> Iterator[Example]:
    low = [t.lower_ for t in sent]
    seen: set[tuple] = set()
    for seq, pattern in LIST_CUES:
        n = len(seq)
        for k in range(len(low) - n + 1):
            if tuple(low[k:k + n]) != seq:
                continue
            cue_start = sent.start + k
            if pattern in ("for_example", "for_instance") and (k == 0 or all(
                    t.is_punct or t.is_space for t in sent[:k])):
                continue  # a worked example, handled separately
            if pattern == "like" and not _like_introduces_instances(doc[cue_start]):
                continue
            if pattern == "include" and doc[cue_start].pos_ != "VERB":
                continue
            ex = _list_example(doc, doc_id, si, sent, cue_start, cue_start + n, pattern)
            if ex is not None:
                key = (ex.concept.start, tuple((i.start, i.end) for i in ex.instances))
                if key not in seen:
                    seen.add(key)
                    yield ex
    yield from _such_np_as(doc, doc_id, si, sent, seen)
    yield from _and_other(doc, doc_id, si, sent, seen)
    yield from _kind_of(doc, doc_id, si, sent, seen)


def _like_introduces_instances(tok) -> bool:
    # "Most cooks like sharp knives" is sometimes parsed with "like" as a preposition; a
    # sentence with no other verb means "like" is the verb
    return tok.dep_ == "prep" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i < tok.i \
        and tok.i - 1 >= 0 and tok.doc[tok.i - 1].pos_ in ("NOUN", "PROPN") \
        and any(t.pos_ in ("VERB", "AUX") and t.i != tok.i for t in tok.sent)


def _kind_of_object(doc, sent, np) -> Span | None:
    """X of an NP "a (particular) kind/type/version of X" ending at ``np``; else None."""
    start, end, head = np
    if head.dep_ != "pobj" or head.head.lower_ != "of":
        return None
    kind = head.head.head
    if kind.lemma_.lower() not in KIND_NOUNS or kind.i >= head.i:
        return None
    left = [t for t in head.subtree if t.i <= head.i]
    return _concept_span(doc, max(min(t.i for t in left), sent.start), head.i + 1)


def _definiendum(doc, head) -> Span | None:
    """The defined term when ``head`` ends a relative clause on the genus of a definition:
    "X means a device that prevents the release of energy, such as ..." -> X."""
    tok = head
    for _ in range(8):
        if tok.dep_ == "attr" and tok.head.lemma_.lower() == "be" and tok is not head and \
                all(t.dep_ in ("prep", "pobj") for t in doc[tok.i + 1:head.i + 1]
                    if t.head.i >= tok.i) and _generic_np(tok):
            # "X is a voluntary statement on packaging, e.g. ...": the genus with a
            # prepositional post-modifier; X is what the instances exemplify
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and _generic_np(subj):
                return _defined_subject(doc, tok.head)
            return None
        if tok.dep_ == "relcl":
            genus = tok.head
            while genus.dep_ in ("appos", "conj") and genus.head.i < genus.i:
                genus = genus.head
            verb = genus.head
            if genus.dep_ == "pobj" and verb.lower_ == "to":
                verb = verb.head
            if genus.dep_ not in ("attr", "dobj", "pobj") or \
                    verb.lemma_.lower() not in DEFINING_VERBS:
                return None
            return _defined_subject(doc, verb)
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _generic_np(noun) -> bool:
    """A noun phrase without a definite or demonstrative determiner or a possessive."""
    return not any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "any", "every")
                   for c in noun.children)


def _defined_subject(doc, verb) -> Span | None:
    """The subject of a defining verb, without relative clauses and appositions. "X, also
    called Y, is Z" is often parsed with X as the subject of "called"; that X is taken."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        subj = next((g for c in verb.children if c.i < verb.i and c.dep_ in ("ccomp", "acl")
                     for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.i < c.i),
                    None)
    if subj is None or subj.pos_ == "PRON":
        return None
    left = [t for t in subj.subtree if t.i <= subj.i and t.dep_ not in (
        "relcl", "appos", "punct", "acl")]
    return _concept_span(doc, min(t.i for t in left), subj.i + 1)


def _list_example(doc, doc_id, si, sent, cue_start, cue_end, pattern) -> Example | None:
    conf = CONFIDENCE.get(pattern, 0.7)
    if pattern == "include":
        verb = doc[cue_start]
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        left = [t for t in subj.subtree if t.dep_ not in ("relcl", "appos", "punct")]
        concept = _concept_span(doc, min(t.i for t in left), subj.i + 1)
    else:
        inline = _inline_subject_example(doc, doc_id, si, sent, cue_start, cue_end, pattern,
                                         conf)
        if inline is not None:
            return inline
        # "e.g." and friends often sit inside parentheses after the concept
        np = _np_before(doc, sent, cue_start)
        if np is None:
            # "X is energy that remains ... after it has been isolated, for example in ...":
            # a clause ends before the cue; the concept is the defined term, if any
            j = _skip_back(doc, sent, cue_start - 1)
            comma = j >= sent.start and doc[j + 1].text == ","
            concept = _definiendum(doc, doc[j]) if comma \
                and pattern in ("for_example", "for_instance", "e.g.") else None
            before = cue_start - 1
            while before > j and doc[before].text != ",":
                before -= 1
            if concept is None and before > j:
                # "all cooked food that will not be served immediately, including soups":
                # the noun the relative clause qualifies
                concept = _relcl_antecedent(doc, sent, doc[before - 1])
            if concept is None:
                return None
            return _finish_list(doc, doc_id, si, sent, cue_start, cue_end, pattern, conf,
                                concept, _definition_subject(doc, sent))
        kind_obj = _kind_of_object(doc, sent, np)
        if pattern in RESTATING:
            if kind_obj is None or np[2].tag_ in ("NNS", "NNPS"):
                return None
            concept = kind_obj
        else:
            concept = kind_obj
            comma = any(doc[k].text == "," for k in range(np[1], cue_start))
            if concept is None and comma and not _quantified(np[2]):
                # "two or more independent factors, such as ...": the set named by the
                # quantity is what the list illustrates, not the defined term
                concept = _definiendum(doc, np[2])
            if concept is None:
                concept = _noun_phrase_concept(doc, sent, np[0], np[1])
            if concept is None and np[2].lemma_.lower() in KIND_NOUNS:
                concept = _kind_subject(doc, np[2])
            if pattern in ("including", "like") and concept is not None and \
                    _specific_singular(doc, concept):
                # "the service record, including the date ...": parts or contents of one
                # thing, not instances of a class
                return None
    comma = doc[cue_start - 1].text == "," if cue_start > sent.start else False
    return _finish_list(doc, doc_id, si, sent, cue_start, cue_end, pattern, conf, concept,
                        _definition_subject(doc, sent) if comma else None)


def _inline_subject_example(doc, doc_id, si, sent, cue_start, cue_end, pattern,
                            conf) -> Example | None:
    """"Cooking chicken, for example, is normally a CCP": the subject is an instance of the
    predicate noun."""
    if pattern not in ("for_example", "for_instance", "e.g.") or cue_start - 1 <= sent.start \
            or cue_end + 1 >= sent.end or doc[cue_start - 1].text != "," or \
            doc[cue_end].text != ",":
        return None
    k = cue_end + 1
    while k < sent.end and doc[k].pos_ in ("AUX", "ADV", "PART") and doc[k].lemma_ != "be":
        k += 1
    if k >= sent.end or doc[k].lemma_ != "be":
        return None
    verb = doc[k]
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < cue_start), None)
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.i > verb.i), None)
    if subj is None or attr is None or subj.pos_ == "PRON" or subj.i != _skip_back(
            doc, sent, cue_start - 1) or attr.pos_ not in ("NOUN", "PROPN"):
        return None
    s_left = [t for t in subj.subtree if t.i <= subj.i and t.dep_ != "punct"]
    a_left = [t for t in attr.subtree if t.i <= attr.i and t.dep_ != "punct"]
    inst = _concept_span(doc, min(t.i for t in s_left), subj.i + 1)
    concept = _concept_span(doc, min(t.i for t in a_left), attr.i + 1)
    if inst is None or concept is None:
        return None
    return Example(provenance=provenance(doc_id, si, sent, EXTRACTOR, f"{pattern}_subject",
                                         conf),
                   sentence=sent.text, concept=concept, instances=(inst,),
                   cue=" ".join(doc[cue_start:cue_end].text.split()).lower())


def _quantified(head) -> bool:
    """Is a noun counted or quantified ("two or more factors", "several tools")?"""
    return any(c.dep_ == "nummod" or (c.lower_ in QUANTIFIERS and c.dep_ in ("amod", "det"))
               for c in head.children)


def _relcl_antecedent(doc, sent, last) -> Span | None:
    """The noun that a relative clause ending at token ``last`` qualifies, without the
    clause."""
    tok = last
    for _ in range(6):
        if tok.dep_ == "relcl":
            noun = tok.head
            if noun.pos_ not in ("NOUN", "PROPN") or noun.i < sent.start or \
                    max(t.i for t in tok.subtree if t.text != ",") != last.i:
                return None
            left = [t for t in noun.subtree if sent.start <= t.i <= noun.i and t.dep_ not in (
                "punct", "appos")]
            return _concept_span(doc, min(t.i for t in left), noun.i + 1)
        if tok.head is tok or tok.head.i < sent.start:
            return None
        tok = tok.head
    return None


def _definition_subject(doc, sent) -> Span | None:
    """The defined term of a defining sentence ("Privileged access refers to ...")."""
    root = sent.root
    if root.lemma_.lower() not in DEFINING_VERBS:
        return None
    return _defined_subject(doc, root)


def _finish_list(doc, doc_id, si, sent, cue_start, cue_end, pattern, conf,
                 concept, term: Span | None = None) -> Example | None:
    """The instances after a cue, and the record. ``term``: the defined term of the
    sentence, taken as the concept instead when an instance has its head noun ("Privileged
    access refers to any access that allows ..., for example root access on servers")."""
    if concept is None:
        return None
    start = cue_end
    while start < sent.end and (doc[start].text in (",", ":") or doc[start].is_space):
        start += 1
    if start >= sent.end:
        return None
    first = doc[start]
    quoted = _quoted_item(doc, sent, start)
    if quoted is not None:
        instances = [quoted]  # 'e.g. "may contain nuts"'
    elif first.lower_ in PLACE_PREPS and pattern in ("for_example", "for_instance", "e.g.") and \
            start + 1 < sent.end:
        # "energy that remains ..., for example in springs, capacitors or raised loads": a
        # list of places or sources; one phrase alone ("for example from 2 GiB to 3 GiB")
        # is a circumstance
        instances = _items_after(doc, sent, start + 1)
        if len(instances) < 3:
            return None
    elif first.pos_ in ("ADP", "SCONJ") or first.tag_ in ("WRB", "WDT", "WP", "IN"):
        return None  # a circumstance ("for instance after a humid month"), not instances
    else:
        instances = _items_after(doc, sent, start)
    if not instances:
        return None
    if term is not None and term.start != concept.start and \
            _head_lemma(doc, term) in {_head_lemma(doc, i) for i in instances}:
        concept = term
    return Example(
        provenance=provenance(doc_id, si, sent, EXTRACTOR, pattern, conf),
        sentence=sent.text, concept=concept, instances=tuple(instances),
        cue=" ".join(doc[cue_start:cue_end].text.split()).lower())


def _quoted_item(doc, sent, start: int) -> Span | None:
    """A quotation right after a cue, as one instance, quotes left out."""
    if doc[start].tag_ != "``" and doc[start].text not in ('"', "\u201c", "'"):
        return None
    close = next((k for k in range(start + 1, min(start + 15, sent.end))
                  if doc[k].tag_ == "''" or doc[k].text in ('"', "\u201d", "'")), None)
    if close is None or close == start + 1:
        return None
    return span(doc, start + 1, close)


def _specific_singular(doc, concept: Span) -> bool:
    """Is the concept a singular noun phrase with an article or possessive ("a complete
    characterisation of the oxide particles", "the service record")?"""
    toks = [t for t in doc if concept.start <= t.idx < concept.end]
    if not toks:
        return False
    head = next((t for t in toks if t.head.i < toks[0].i or t.head.i > toks[-1].i
                 or t.head is t), toks[-1])
    if head.tag_ not in ("NN", "NNP"):
        return False
    dets = [c for c in head.children if c.dep_ in ("det", "poss")]
    return any(d.lower_ in SPECIFIC_DET or d.tag_ == "PRP$" for d in dets)


def _kind_subject(doc, kind) -> Span | None:
    """"Hazards are of three kinds, namely ...": the subject the kinds divide."""
    verb = kind.head.head if kind.dep_ == "pobj" else kind.head
    if verb.lemma_.lower() != "be":
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    left = [t for t in subj.subtree if t.i <= subj.i and t.dep_ not in ("punct", "relcl")]
    return _concept_span(doc, min(t.i for t in left), subj.i + 1)


def _such_np_as(doc, doc_id, si, sent, seen) -> Iterator[Example]:
    """"such sensors as A and B"."""
    for tok in sent:
        if tok.lower_ != "such":
            continue
        nxt = tok.i + 1
        as_i = next((j for j in range(nxt + 1, min(nxt + 6, sent.end))
                     if doc[j].lower_ == "as"), None)
        if as_i is None or doc[as_i - 1].pos_ not in ("NOUN", "PROPN"):
            continue
        concept = _concept_span(doc, nxt, as_i)
        instances = _items_after(doc, sent, as_i + 1)
        if concept is None or not instances:
            continue
        key = (concept.start, tuple((i.start, i.end) for i in instances))
        if key in seen:
            continue
        seen.add(key)
        yield Example(provenance=provenance(doc_id, si, sent, EXTRACTOR, "such_np_as", 0.8),
                      sentence=sent.text, concept=concept, instances=tuple(instances),
                      cue="such ... as")


def _and_other_concept(doc, sent, other) -> Span | None:
    """The noun phrase after "and/or other", with an "of"/"on" post-modifier or a "that"
    relative clause ("other work on the compressor", "other items that can be caught");
    "other forms of X" -> X."""
    end = other.i + 1
    head = None
    while end < sent.end and doc[end].pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "NUM") and \
            doc[end].tag_ not in ("VBZ", "VBP", "VBD", "MD") and doc[end].dep_ != "ROOT" or \
            (end < sent.end and doc[end].tag_ == "HYPH") or (
                end + 1 < sent.end and doc[end].pos_ == "ADV" and doc[end + 1].tag_ == "HYPH"):
        end += 1
        if doc[end - 1].pos_ in ("NOUN", "PROPN") and (end >= sent.end or doc[end].pos_ not in (
                "NOUN", "PROPN") and doc[end].tag_ != "HYPH"):
            head = doc[end - 1]
            break
    if head is None:
        return _concept_span(doc, other.i + 1, end)
    start = other.i + 1
    if end < sent.end and doc[end].lower_ in ("of", "on") and end + 1 < sent.end:
        pp = doc[end]
        sub = sorted(t.i for t in pp.subtree)
        if sub and sub[0] == end and sub[-1] - end < 8 and \
                not any(doc[k].pos_ in ("VERB", "AUX") and doc[k].tag_ not in ("VBG", "VBN")
                        for k in sub):
            if head.lemma_.lower() in KIND_NOUNS and pp.lower_ == "of":
                start = end + 1  # "other forms of configuration debt"
            end = sub[-1] + 1
    elif end < sent.end and doc[end].lower_ == "that" and doc[end].tag_ == "WDT":
        verb = doc[end].head
        sub = sorted(t.i for t in verb.subtree if t.i >= end)
        if verb.dep_ == "relcl" and sub and sub[0] == end and sub[-1] - end < 8:
            end = sub[-1] + 1
    return _concept_span(doc, start, end)


def _and_other(doc, doc_id, si, sent, seen) -> Iterator[Example]:
    """"A, B and other C" / "A or other C" / "in A or in other C"."""
    for tok in sent:
        if tok.lower_ != "other" or tok.i - 1 < sent.start:
            continue
        cc = doc[tok.i - 1]
        if cc.pos_ == "ADP" and tok.i - 2 >= sent.start and \
                doc[tok.i - 2].lower_ in ("and", "or"):
            cc = doc[tok.i - 2]  # "in bathrooms or in other wet locations"
        if cc.lower_ not in ("and", "or"):
            continue
        concept = _and_other_concept(doc, sent, tok)
        if concept is None:
            continue
        # the instances: coordinated noun phrases before "and other"
        instances = _items_before(doc, sent, cc.i)
        if not instances:
            continue
        if len(instances) > 1 and _listed_under_other_concept(doc, sent, instances[0],
                                                              concept):
            # "small round objects such as grapes, nuts, marbles and other small toys": the
            # items are instances of "small round objects"; only the one joined to "and
            # other" is sure to be a small toy
            instances = instances[-1:]
        key = (concept.start, tuple((i.start, i.end) for i in instances))
        if key in seen:
            continue
        seen.add(key)
        yield Example(provenance=provenance(doc_id, si, sent, EXTRACTOR, f"{cc.lower_}_other",
                                            0.75),
                      sentence=sent.text, concept=concept, instances=tuple(instances),
                      cue=f"{cc.lower_} other")


def _head_lemma(doc, sp: Span) -> str | None:
    """Lemma of the head of a span: its first word token whose syntactic head lies outside
    the span, else its last word token."""
    toks = [t for t in doc if sp.start <= t.idx and t.idx + len(t) <= sp.end and t.is_alpha]
    if not toks:
        return None
    ids = {t.i for t in toks}
    head = next((t for t in toks if t.head.i not in ids or t.head is t), toks[-1])
    return head.lemma_.lower()


def _listed_under_other_concept(doc, sent, first: Span, concept: Span) -> bool:
    """Do the items before "and other C" follow a cue ("X such as A, B and other C") whose
    concept X has another head than C?"""
    toks = [t for t in sent if t.idx < first.start]
    while toks and (toks[-1].text in (",", ":") or toks[-1].pos_ in ("DET", "ADP")
                    and toks[-1].lower_ not in ("like", "as")):
        toks.pop()
    if not toks:
        return False
    cue = toks[-1]
    if cue.lower_ == "as" and cue.i - 1 >= sent.start and doc[cue.i - 1].lower_ == "such":
        cue = doc[cue.i - 1]
    elif cue.lower_ not in ("like", "including", "especially", "particularly", "e.g.",
                            "namely"):
        return False
    np = _np_before(doc, sent, cue.i)
    if np is None:
        return False
    return np[2].lemma_.lower() != _head_lemma(doc, concept)


def _items_before(doc, sent, end: int) -> list[Span]:
    """Coordinated noun phrases ending at token ``end`` (exclusive), read right to left."""
    items: list[Span] = []
    cur: list[int] = []
    i = end - 1

    def flush():
        idx = _strip_item(doc, cur)
        # "a paramedic or other ...": an adjective alone after an article is a noun
        noun_adj = len(idx) == 1 and len(cur) > 1 and doc[cur[0]].pos_ == "DET" and \
            doc[idx[0]].pos_ == "ADJ"
        if idx:
            sp = tokens_to_span(doc, idx)
            if sp is not None and (noun_adj or any(doc[k].pos_ in ("NOUN", "PROPN", "NUM")
                                                   for k in idx)):
                items.append(sp)
        cur.clear()

    while i >= sent.start:
        t = doc[i]
        if t.lower_ in ("including", "like", "as", "namely", "especially", "particularly",
                        "e.g.", "i.e.", "include", "includes"):
            break
        if t.text == ",":
            flush()
            i -= 1
            continue
        if t.lower_ in ("and", "or"):
            flush()
            i -= 1
            continue
        if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or t.tag_ == "HYPH" or (
                t.pos_ == "DET" and cur) or (t.tag_ in ("VBG", "VBN") and cur and t.dep_ in (
                    "amod", "compound")) or (
                t.tag_ in ("VB", "VBP", "VBD", "VBN", "VBG") and cur and i - 1 >= sent.start and (
                    doc[i - 1].text == "," or doc[i - 1].lower_ in ("and", "or"))):
            cur.insert(0, i)
            if t.pos_ == "DET":
                flush()
                # a determiner starts the phrase; continue only if a comma/cc precedes and
                # it is no quantifier over the whole list ("all A, B and other C")
                if i - 1 < sent.start or t.lower_ in ("all", "every", "any", "both", "each") or \
                        doc[i - 1].text not in (",",) and doc[i - 1].lower_ not in ("and", "or"):
                    break
            i -= 1
            continue
        break
    flush()
    items.reverse()
    return items


def _kind_of(doc, doc_id, si, sent, seen) -> Iterator[Example]:
    """"A centrifugal pump is a kind of dynamic pump"."""
    for tok in sent:
        if tok.lemma_.lower() not in KIND_NOUNS or tok.dep_ not in ("attr", "appos"):
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None:
            continue
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        verb = tok.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if pobj is None or subj is None or subj.pos_ == "PRON":
            continue
        if tok.dep_ == "attr" and verb.lemma_.lower() != "be":
            continue
        left = [t for t in pobj.subtree if t.i <= pobj.i]
        concept = _concept_span(doc, min(t.i for t in left), pobj.i + 1)
        sub = [t for t in subj.subtree if t.dep_ not in ("relcl", "appos", "punct", "acl")
               and t.i <= subj.i]
        inst = _concept_span(doc, min(t.i for t in sub), subj.i + 1)
        if concept is None or inst is None:
            continue
        key = (concept.start, ((inst.start, inst.end),))
        if key in seen:
            continue
        seen.add(key)
        yield Example(provenance=provenance(doc_id, si, sent, EXTRACTOR,
                                            f"{tok.lemma_.lower()}_of", 0.85),
                      sentence=sent.text, concept=concept, instances=(inst,),
                      cue=f"{tok.lemma_.lower()} of")


# -- worked examples ----------------------------------------------------------------------

def _content_lemmas(doc, start_char: int, end_char: int) -> set[str]:
    sp = doc.char_span(start_char, end_char, alignment_mode="expand")
    if sp is None:
        return set()
    # lemma prefixes, so that "tripping" (a heading noun) meets "trips"
    return {t.lemma_.lower()[:4] for t in sp
            if not (t.is_stop or t.is_punct or t.is_space or t.like_num) and len(t.text) > 1}


def _lemma_seq(doc, sp: Span) -> list[str]:
    """Lower-case lemmas of the word tokens of a span, in order."""
    cs = doc.char_span(sp.start, sp.end, alignment_mode="expand")
    return [t.lemma_.lower() for t in cs or () if t.is_alpha and not t.is_stop]


def _stem(lemma: str) -> str:
    """A crude stem that lets "working" meet "work" and "trips" meet "trip"."""
    for suf in ("ing", "ed", "es", "s"):
        if lemma.endswith(suf) and len(lemma) - len(suf) >= 3:
            return lemma[:-len(suf)]
    return lemma


def _contains(seq: list[str], sub: list[str]) -> bool:
    """Is ``sub`` a contiguous run of ``seq``?"""
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


def _headings(doc) -> list[tuple[Span | None, int]]:
    """The document's headings as concept candidates, ``(span, block start)``: numbering
    dropped; generic ones ("Examples", "Worked example") give ``None``."""
    out = []
    for b in blocks(doc):
        if b.label_ != "heading":
            continue
        m = HEADING_NUMBER.match(b.text)
        start = b.start_char + (m.end() if m else 0)
        text = doc.text[start:b.end_char].rstrip(" .:")
        if not text or GENERIC_HEADING.match(text):
            out.append((None, b.start_char))
            continue
        out.append((Span(text, start, start + len(text)), b.start_char))
    return out


def _defined_terms(doc) -> list[tuple[Span, object]]:
    """Subjects of defining sentences ("X is a ...", "X means ...", "X refers to ...",
    also a gerund subject: "Agonal breathing refers to ..."), with their sentence."""
    out = []
    for _, sent in iter_sentences(doc):
        m = EXPLICIT_DEFINITION.match(sent.text)
        if m is not None:
            # "Live working refers to ...": the form says it, however the words were tagged
            start = sent.start_char + m.start(1)
            out.append((Span(m.group(1), start, start + len(m.group(1))), sent))
            continue
        for verb in sent:
            if verb.lemma_.lower() not in DEFINING_VERBS or verb.pos_ not in ("VERB", "AUX"):
                continue
            if not any(c.dep_ in ("attr", "dobj") or (c.dep_ == "prep" and c.lower_ == "to")
                       for c in verb.children):
                continue
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
            if subj is None or subj.i - sent.start > 6 or not (
                    subj.pos_ in ("NOUN", "PROPN") or subj.tag_ == "VBG"):
                continue
            left = [t for t in subj.subtree if t.i <= subj.i and t.dep_ not in (
                "punct", "appos") and t.i >= sent.start]
            if any(t.lower_ in ("these", "those", "this", "that", "such") for t in left):
                break  # "These sounds are agonal breathing": an anaphor, not a term
            sp = _concept_span(doc, min(t.i for t in left), subj.i + 1)
            if sp is not None and not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG"
                                          for t in doc[min(t.i for t in left):subj.i]):
                out.append((sp, sent))
            break
    return out


def _sections(doc, headings) -> list[tuple[Span, int, int]]:
    """Concept candidates from the document's structure: every non-generic heading, and
    every short verbless line that stands as a paragraph of its own (an unrecognised heading
    of a plain-text or PDF file), with the character range of the text under it."""
    marks: list[tuple[Span | None, int, int]] = [(h, b, h.end if h else b) for h, b in headings]
    for _, sent in iter_sentences(doc):
        text = doc.text
        alone = (sent.start_char == 0 or text[max(0, sent.start_char - 2):sent.start_char]
                 == "\n\n") and text[sent.end_char:sent.end_char + 2] in ("\n\n", "")
        if not alone or any(b == sent.start_char for _, b, _ in marks):
            continue
        h = _heading_like(doc, sent)
        if h is not None:
            marks.append((h, sent.start_char, sent.end_char))
        elif len(sent) <= 8 and GENERIC_HEADING.match(sent.text.strip()):
            marks.append((None, sent.start_char, sent.end_char))
    marks.sort(key=lambda m: m[1])
    out = []
    for k, (h, start, body) in enumerate(marks):
        end = marks[k + 1][1] if k + 1 < len(marks) else len(doc.text)
        if h is not None:
            out.append((h, body, end))
    return out


class _Context:
    """Per-document candidates for the concept of a worked example (computed lazily)."""

    def __init__(self, doc):
        self.doc = doc
        self._headings = None
        self._terms = None
        self._sections = None
        self._df = None
        self._n = 1

    @property
    def headings(self):
        if self._headings is None:
            self._headings = _headings(self.doc)
        return self._headings

    @property
    def terms(self) -> list[Span]:
        return [t for t, _ in self.definitions]

    @property
    def definitions(self):
        if self._terms is None:
            self._terms = _defined_terms(self.doc)
        return self._terms

    @property
    def sections(self):
        if self._sections is None:
            self._sections = _sections(self.doc, self.headings)
        return self._sections

    def title_words(self) -> list[str]:
        """Lemmas of the document's title (its first heading, at the start)."""
        heads = self.headings
        if not heads or heads[0][0] is None or self.doc.text[:heads[0][1]].strip():
            return []
        return _lemma_seq(self.doc, heads[0][0])

    def section_of(self, char: int) -> Span | None:
        """The heading (or heading-like line) of the section holding ``char``."""
        best = None
        for h, start, end in self.sections:
            if h.start < char < end:
                best = h
        return best

    def previous_sentence(self, sent, prev) -> list:
        """The sentence before the passage, if it is in the same section and does not close
        another worked example."""
        doc = self.doc
        if prev is None:
            return []
        if any(prev.start_char <= b < sent.start_char for _, b in self.headings) or any(
                prev.start_char <= h.start < sent.start_char for h, _, _ in self.sections):
            return []
        para = next((b for b in blocks(doc) if b.start_char <= prev.start_char < b.end_char),
                    None)
        if para is None or para.start_char <= sent.start_char < para.end_char:
            return [prev]
        first = next((s for _, s in iter_sentences(doc)
                      if para.start_char <= s.start_char < para.end_char), None)
        if first is not None and any(rx.match(first.text) for rx, _ in WORKED_CUES):
            return []  # the sentence closing another worked example
        return [prev]

    def idf(self, lemma: str) -> float:
        if self._df is None:
            self._df = {}
            sents = list(iter_sentences(self.doc))
            for _, s in sents:
                for w in _content_lemmas(self.doc, s.start_char, s.end_char):
                    self._df[w] = self._df.get(w, 0) + 1
            self._n = max(len(sents), 1)
        return math.log((self._n + 1) / (self._df.get(lemma, 0) + 1)) + 1.0

    def similarity(self, a: set[str], b: set[str]) -> float:
        """Cosine of two lemma sets weighted by their rarity in the document."""
        if not a or not b:
            return 0.0
        num = sum(self.idf(w) ** 2 for w in a & b)
        da = math.sqrt(sum(self.idf(w) ** 2 for w in a))
        db = math.sqrt(sum(self.idf(w) ** 2 for w in b))
        return num / (da * db)

    def closest(self, passage: Span, sent, prev=None) -> Span | None:
        """The candidate concept most similar to the passage: an earlier section heading
        (by the section's text; the passage's own section was tried first), a defined term
        (by its defining sentence) or the subject of the preceding sentence (by that
        sentence); a term or subject whose words all recur in the passage gets a bonus (a
        heading's words are already part of its section's text)."""
        doc = self.doc
        words = _content_lemmas(doc, passage.start, passage.end)
        cands: list[tuple[Span, set[str], bool]] = []   # (concept, context, may be named)
        for k, (h, start, end) in enumerate(self.sections):
            if start <= passage.start < end or h.start >= passage.start:
                continue
            if k == 0 and not doc.text[:h.start].strip() or STRUCTURE_HEADING.match(h.text) \
                    or QUESTION.match(h.text):
                continue  # the document's title, its "Definitions" / "Scope" sections
            cands.append((h, _content_lemmas(doc, start, end) | _content_lemmas(
                doc, h.start, h.end), False))
        title = self.title_words()
        for t, tsent in self.definitions:
            if tsent.end_char > sent.start_char and tsent.start_char < passage.end:
                continue  # a defining sentence inside the worked example itself
            if _lemma_seq(doc, t) and _contains(title, _lemma_seq(doc, t)):
                continue  # the document's own topic ("centrifugal pump" in a pump guide)
            cands.append((t, _content_lemmas(doc, tsent.start_char, tsent.end_char), True))
        for psent in self.previous_sentence(sent, prev):
            subj = _subject_np(doc, psent)
            if subj is not None:
                cands.append((subj, _content_lemmas(doc, psent.start_char, psent.end_char),
                              True))
        full = {t.lemma_.lower() for t in doc.char_span(passage.start, passage.end,
                                                         alignment_mode="expand") or ()}
        passage_seq = _lemma_seq(doc, passage)
        best, best_score = None, MIN_SIMILARITY
        for c, context, nameable in cands:
            cw = {t.lemma_.lower() for t in doc.char_span(c.start, c.end,
                                                          alignment_mode="expand") or ()
                  if not (t.is_stop or t.is_punct or t.is_space)}
            # named: the candidate's own words recur (a lemma or an inflection of it:
            # "cooling" / "cool", not "rollback" / "roll")
            named = nameable and cw and all(_named(w, full) for w in cw)
            # a multiword term that recurs as a phrase is stronger evidence than loose words
            phrase = named and len(cw) > 1 and _contains(
                [_stem(w) for w in passage_seq], [_stem(w) for w in _lemma_seq(doc, c)])
            score = self.similarity(words, context) + NAMED_BONUS * (
                len(cw) if phrase else bool(named))
            if score > best_score:
                best, best_score = c, score
        return best


def _named(word: str, lemmas: set[str]) -> bool:
    """Does ``word`` occur among ``lemmas``, as itself or as an inflection differing by a
    suffix of at most three letters?"""
    return word in lemmas or any(
        (w.startswith(word) or word.startswith(w)) and abs(len(w) - len(word)) <= 3 and
        min(len(w), len(word)) >= 3 for w in lemmas)


def _worked_example(doc, doc_id, si, sent, prev, ctx) -> Example | None:
    text = sent.text
    for rx, cue in WORKED_CUES:
        m = rx.match(text)
        if m is None:
            continue
        if cue in ("consider", "suppose") and sent[0].pos_ not in ("VERB", "NOUN", "PROPN"):
            return None
        passage = _passage(doc, sent, m.end())
        if passage is None:
            return None
        concept = _illustrated_concept(doc, sent, prev, ctx, passage,
                                       backward=cue in BACKWARD_CUES)
        if concept is None:
            return None
        return Example(provenance=provenance(doc_id, si, sent, EXTRACTOR, WORKED_PATTERN, 0.6),
                       sentence=text, concept=concept, instances=(passage,), cue=cue)
    return None


def _passage(doc, sent, skip_chars: int) -> Span | None:
    """From after the cue to the end of the sentence's paragraph, final stop left out. A
    paragraph that only names the case ("Example 2: Cooking chicken breasts.") or ends with
    a colon runs on over the list items right after it ("Hazard: ...", "Monitoring: ...")."""
    start = sent.start_char + skip_chars
    end = sent.end_char
    bl = blocks(doc)
    k = next((i for i, b in enumerate(bl) if b.start_char <= sent.start_char < b.end_char),
             None)
    para = bl[k] if k is not None else None
    if para is not None and para.label_ != "heading":
        end = max(end, para.end_char)
        body = doc.text[start:para.end_char].strip()
        if para.label_ == "paragraph" and (body.endswith(":") or (
                sent.end_char >= para.end_char and len(body.split()) <= 8)):
            while k + 1 < len(bl) and bl[k + 1].label_ == "list_item":
                k += 1
                end = bl[k].end_char
    text = doc.text
    while start < end and text[start] in " \t\n:,-\u2013":
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".;:"):
        end -= 1
    if start >= end:
        return None
    return Span(text[start:end], start, end)


def _illustrated_concept(doc, sent, prev, ctx, passage: Span, backward: bool) -> Span | None:
    """The concept a worked example illustrates: for "For example, ..." the subject of the
    preceding sentence of its paragraph; the nearest heading if half its words recur in the
    passage; else the best-scoring candidate of the document -- an earlier section heading
    (scored by how similar the section's text is to the passage), a defined term (by its
    defining sentence) or the subject of the preceding sentence, with a bonus for a
    candidate that the passage names; else the nearest (non-generic) heading."""
    same_para = prev is not None and not any(
        prev.start_char < b.start_char <= sent.start_char for b in blocks(doc))
    if backward and same_para:
        c = _subject_np(doc, prev)
        if c is not None:
            return c
    words = _content_lemmas(doc, passage.start, passage.end)
    near = [h for h, b in ctx.headings if b < sent.start_char]
    nearest = near[-1] if near else None
    own = ctx.section_of(sent.start_char)
    for h in dict.fromkeys(x for x in (own, nearest) if x is not None):
        nw = _content_lemmas(doc, h.start, h.end)
        if nw and len(nw & words) / len(nw) >= 0.5:
            return h
    closest = ctx.closest(passage, sent, prev)
    if closest is not None:
        return closest
    if nearest is not None:
        return nearest
    if prev is not None:
        return _subject_np(doc, prev) or _heading_like(doc, prev)
    return None


def _heading_like(doc, sent) -> Span | None:
    """A short verbless line before the passage (an unrecognised heading: "5. Restore
    testing"), numbering dropped."""
    if len(sent) > 8 or sent.text.rstrip()[-1:] in ".!?;," or any(
            t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG" and not (
                t.i + 1 < sent.end and sent.doc[t.i + 1].lower_ == "of") for t in sent):
        return None  # a gerund ("Starting and stopping") or "Use of ..." may head a heading
    m = HEADING_NUMBER.match(sent.text)
    start = sent.start_char + (m.end() if m else 0)
    text = doc.text[start:sent.end_char].rstrip(" .:")
    if not text or GENERIC_HEADING.match(text):
        return None
    return Span(text, start, start + len(text))


def _subject_np(doc, sent) -> Span | None:
    subj = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"),
                None)
    if subj is None:
        return None
    left = [t for t in subj.subtree if t.i <= subj.i and t.dep_ not in ("punct",)]
    return _concept_span(doc, min(t.i for t in left), subj.i + 1)
