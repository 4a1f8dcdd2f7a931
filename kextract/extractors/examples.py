"""Example extractor: exemplification, hyponymy and worked-example passages.

Two families of records, both :class:`~kextract.model.Example`:

* **Instance lists** (Hearst patterns, direction instance -> concept): "sensors such as A,
  B and C", "such sensors as A", "including", "especially", "particularly", "like" (only as a
  preposition after a noun), "e.g." / "i.e." / "namely" / "for example" inside a sentence,
  "A, B and other C", "A or other C", "A is a kind/type/form of C", "C include A and B".
  Coordinated instances are split; multiword noun phrases stay whole; the concept is the
  full noun phrase (determiners dropped) that the cue attaches to.
* **Worked examples**: sentences introduced by "For example,", "For instance,", "E.g.",
  "Example 3:", "Consider ...", "Suppose ...". The instance is the passage; the illustrated
  concept is resolved from the section heading or the preceding sentence.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Example, Span
from ._util import iter_sentences, provenance, span, tokens_to_span

NAME = "kextract.examples"
VERSION = "1"
EXTRACTOR = f"{NAME}.v{VERSION}"

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
    (("namely",), "namely"),
    (("for", "example"), "for_example"),
    (("for", "instance"), "for_instance"),
    (("among", "them"), "among_them"),
    (("among", "which"), "among_which"),
]
KIND_NOUNS = {"kind", "type", "form", "sort", "example", "instance", "class", "variety",
              "category", "subtype", "member"}
WORKED_CUES = [
    (re.compile(r"^\s*for example\b[,:]?", re.I), "for example"),
    (re.compile(r"^\s*for instance\b[,:]?", re.I), "for instance"),
    (re.compile(r"^\s*e\.\s?g\.[,:]?", re.I), "e.g."),
    (re.compile(r"^\s*example\s*\d*\s*[:.\-\u2013]", re.I), "example"),
    (re.compile(r"^\s*worked example\b", re.I), "example"),
    (re.compile(r"^\s*consider\b", re.I), "consider"),
    (re.compile(r"^\s*suppose\b", re.I), "suppose"),
    (re.compile(r"^\s*imagine\b", re.I), "suppose"),
]
STOP_TEXT = {")", ";", ":", ".", "!", "?", "]", "\u2014", "--"}
DROP_LEFT = {"other", "such", "some", "any", "all", "many", "certain", "various", "several",
             "different", "these", "those", "the", "a", "an", "this", "that", "their", "its",
             "our", "your", "common", "most"}


def extract(doc, doc_id: str = "") -> Iterator[Example]:
    """Yield the examples of a parsed document."""
    sents = list(iter_sentences(doc))
    prev = None
    for si, sent in sents:
        try:
            yield from _instance_lists(doc, doc_id, si, sent)
            worked = _worked_example(doc, doc_id, si, sent, prev)
            if worked is not None:
                yield worked
        except Exception:  # one odd parse must not kill the document
            pass
        prev = sent


# -- noun phrases -------------------------------------------------------------------------

def _np_before(doc, sent, pos: int):
    """The noun phrase ending right before token ``pos`` (commas skipped): (start, end, head)."""
    j = pos - 1
    while j >= sent.start and (doc[j].text in (",", "(") or doc[j].is_space):
        j -= 1
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
    # hyphenated compounds ("food - grade")
    while start - 2 >= sent.start and doc[start - 1].tag_ == "HYPH":
        start -= 2
    return start, j + 1, head


def _concept_span(doc, start: int, end: int) -> Span | None:
    while start < end and (doc[start].lower_ in DROP_LEFT or doc[start].pos_ in ("DET", "PRON")
                           or doc[start].is_punct):
        start += 1
    if start >= end:
        return None
    return span(doc, start, end)


def _items_after(doc, sent, start: int) -> list[Span]:
    """Split the coordinated noun phrases that follow a cue into instances."""
    items: list[Span] = []
    cur: list[int] = []
    i = start
    end = sent.end

    def flush():
        if cur:
            sp = tokens_to_span(doc, cur)
            if sp is not None and any(doc[k].pos_ in ("NOUN", "PROPN", "NUM", "VERB", "ADJ",
                                                       "X") for k in cur):
                items.append(sp)
        cur.clear()

    saw_cc = False
    while i < end:
        t = doc[i]
        low = t.lower_
        if t.text == "," and saw_cc and cur:
            break  # "X, including A and B, verb ...": the list ends after its last conjunct
        if t.text == "," or low in ("and", "or", "and/or", "&"):
            saw_cc = saw_cc or t.text != ","
            flush()
            i += 1
            continue
        if low == "as" and i + 2 < end and doc[i + 1].lower_ == "well" and doc[i + 2].lower_ == "as":
            flush()
            i += 3
            continue
        if low in ("etc", "etc.") or t.text in STOP_TEXT or t.is_space:
            break
        if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN") and cur:
            break
        if t.pos_ == "AUX" or (t.pos_ == "VERB" and t.dep_ in ("ROOT", "relcl") and cur):
            break
        if t.tag_ in ("WDT", "WP") or (t.pos_ == "SCONJ"):
            break
        if t.pos_ == "ADP" and low not in ("of",) and cur:
            break
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
        and any(t.pos_ in ("VERB", "AUX") and t.i != tok.i for t in tok.sent)


def _list_example(doc, doc_id, si, sent, cue_start, cue_end, pattern) -> Example | None:
    if pattern == "include":
        verb = doc[cue_start]
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        left = [t for t in subj.subtree if t.dep_ not in ("relcl", "appos", "punct")]
        concept = _concept_span(doc, min(t.i for t in left), subj.i + 1)
        conf = 0.6
    else:
        skip = cue_start
        # "e.g." and friends often sit inside parentheses after the concept
        np = _np_before(doc, sent, skip)
        if np is None:
            return None
        concept = _concept_span(doc, np[0], np[1])
        conf = {"such_as": 0.85, "including": 0.8, "e.g.": 0.8, "like": 0.65,
                "especially": 0.7, "particularly": 0.7}.get(pattern, 0.7)
    if concept is None:
        return None
    start = cue_end
    while start < sent.end and (doc[start].text in (",", ":") or doc[start].is_space):
        start += 1
    instances = _items_after(doc, sent, start)
    if not instances:
        return None
    return Example(
        provenance=provenance(doc_id, si, sent, EXTRACTOR, pattern, conf),
        sentence=sent.text, concept=concept, instances=tuple(instances),
        cue=" ".join(doc[cue_start:cue_end].text.split()).lower())


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


def _and_other(doc, doc_id, si, sent, seen) -> Iterator[Example]:
    """"A, B and other C" / "A or other C"."""
    for tok in sent:
        if tok.lower_ != "other" or tok.i - 1 < sent.start:
            continue
        cc = doc[tok.i - 1]
        if cc.lower_ not in ("and", "or"):
            continue
        # the concept: from "other" to the end of its noun phrase
        end = tok.i + 1
        while end < sent.end and doc[end].pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and \
                doc[end].tag_ not in ("VBZ", "VBP", "VBD", "MD") and doc[end].dep_ != "ROOT":
            end += 1
            if doc[end - 1].pos_ in ("NOUN", "PROPN") and (end >= sent.end or doc[end].pos_ not in (
                    "NOUN", "PROPN")):
                break
        concept = _concept_span(doc, tok.i + 1, end)
        if concept is None:
            continue
        # the instances: coordinated noun phrases before "and other"
        instances = _items_before(doc, sent, cc.i)
        if not instances:
            continue
        key = (concept.start, tuple((i.start, i.end) for i in instances))
        if key in seen:
            continue
        seen.add(key)
        yield Example(provenance=provenance(doc_id, si, sent, EXTRACTOR, f"{cc.lower_}_other",
                                            0.75),
                      sentence=sent.text, concept=concept, instances=tuple(instances),
                      cue=f"{cc.lower_} other")


def _items_before(doc, sent, end: int) -> list[Span]:
    """Coordinated noun phrases ending at token ``end`` (exclusive), read right to left."""
    items: list[Span] = []
    cur: list[int] = []
    i = end - 1

    def flush():
        if cur:
            sp = tokens_to_span(doc, cur)
            if sp is not None and any(doc[k].pos_ in ("NOUN", "PROPN", "NUM") for k in cur):
                items.append(sp)
        cur.clear()

    while i >= sent.start:
        t = doc[i]
        if t.text == ",":
            flush()
            i -= 1
            continue
        if t.lower_ in ("and", "or"):
            flush()
            i -= 1
            continue
        if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or t.tag_ == "HYPH" or (
                t.pos_ == "DET" and cur) or (t.tag_ in ("VBG", "VBN") and cur and t.dep_ == "amod"):
            cur.insert(0, i)
            if t.pos_ == "DET":
                flush()
                # a determiner starts the phrase; continue only if a comma/cc precedes
                if i - 1 < sent.start or doc[i - 1].text not in (",",) and doc[i - 1].lower_ not in (
                        "and", "or"):
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

def _worked_example(doc, doc_id, si, sent, prev) -> Example | None:
    text = sent.text
    for rx, cue in WORKED_CUES:
        m = rx.match(text)
        if m is None:
            continue
        if cue in ("consider", "suppose") and sent[0].pos_ not in ("VERB", "NOUN", "PROPN"):
            return None
        concept = _illustrated_concept(doc, sent, prev)
        passage = _passage(doc, sent, 0 if cue in ("consider", "suppose") else m.end())
        if concept is None or passage is None:
            return None
        return Example(provenance=provenance(doc_id, si, sent, EXTRACTOR, "worked_example", 0.6),
                       sentence=text, concept=concept, instances=(passage,), cue=cue)
    return None


def _passage(doc, sent, skip_chars: int) -> Span | None:
    start = sent.start_char + skip_chars
    while start < sent.end_char and doc.text[start] in " \t:,-\u2013":
        start += 1
    if start >= sent.end_char:
        return None
    return Span(doc.text[start:sent.end_char], start, sent.end_char)


def _illustrated_concept(doc, sent, prev) -> Span | None:
    """The section heading if there is one, else the subject of the preceding sentence."""
    from ._util import blocks

    heads = [b for b in blocks(doc) if b.label_ == "heading" and b.end_char <= sent.start_char]
    if heads:
        h = heads[-1]
        if not h.text.lower().startswith("example"):
            return Span(h.text, h.start_char, h.end_char)
    if prev is not None:
        subj = next((t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"),
                    None)
        if subj is not None:
            left = [t for t in subj.subtree if t.i <= subj.i and t.dep_ not in ("punct",)]
            return _concept_span(doc, min(t.i for t in left), subj.i + 1)
        return Span(prev.text, prev.start_char, prev.end_char)
    return None
