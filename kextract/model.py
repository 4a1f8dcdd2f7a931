"""The data model: frozen, slotted records handed from stage to stage.

Every fact carries a :class:`Provenance` that traces it to the characters it came from.
Identifiers are derived from content (document id, offsets, pattern), never from counters,
so two builds of the same corpus produce the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable

MODALITIES = ("obligation", "prohibition", "permission", "recommendation", "none")
FACT_KINDS = ("rule", "example", "definition", "relation", "entity", "concept")
BLOCK_KINDS = ("heading", "paragraph", "list_item")


def content_id(*parts: object, length: int = 16) -> str:
    """A short, stable hexadecimal id derived from ``parts``."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a document: its text and its character offsets ``[start, end)``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Span":
        return cls(str(data["text"]), int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Block:
    """A structural block of a document (heading, paragraph or list item)."""

    kind: str
    start: int
    end: int
    level: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the character range it governs."""

    title: str
    level: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """One document of the corpus: the text kextract stores and its structure.

    All offsets anywhere in kextract refer to ``text``.
    """

    id: str
    text: str
    source: str
    format: str
    title: str | None = None
    blocks: tuple[Block, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def sections(self) -> tuple[Section, ...]:
        """Sections derived from heading blocks; a section runs to the next heading of equal or
        higher rank."""
        heads = [b for b in self.blocks if b.kind == "heading"]
        out = []
        for i, h in enumerate(heads):
            end = len(self.text)
            for later in heads[i + 1:]:
                if later.level <= h.level:
                    end = later.start
                    break
            out.append(Section(self.text[h.start:h.end], h.level, h.start, end))
        return tuple(out)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset`` (None before the first heading)."""
        best = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.start >= best.start):
                best = s
        return best

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    section: str | None = None

    @property
    def id(self) -> str:
        return content_id("sentence", self.doc_id, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from, down to character offsets, and what produced it."""

    doc_id: str
    sentence_index: int
    sentence_start: int
    sentence_end: int
    extractor: str
    pattern: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Fact:
    """Base of the six fact records. ``sentence`` is the text of the source sentence."""

    kind: ClassVar[str] = "fact"
    provenance: Provenance
    sentence: str

    def spans(self) -> Iterable[tuple[str, Span]]:
        """(slot name, span) pairs of the fact, in a fixed order."""
        return ()

    @property
    def id(self) -> str:
        p = self.provenance
        offsets = [(name, s.start, s.end) for name, s in self.spans()]
        return content_id(self.kind, p.doc_id, p.pattern, offsets)

    @property
    def start(self) -> int:
        starts = [s.start for _, s in self.spans()]
        return min(starts) if starts else self.provenance.sentence_start

    @property
    def end(self) -> int:
        ends = [s.end for _, s in self.spans()]
        return max(ends) if ends else self.provenance.sentence_end

    def _base_json(self) -> dict[str, Any]:
        p = self.provenance
        return {
            "kind": self.kind,
            "id": self.id,
            "doc": p.doc_id,
            "sentence": self.sentence,
            "sentence_index": p.sentence_index,
            "sentence_start": p.sentence_start,
            "sentence_end": p.sentence_end,
            "extractor": p.extractor,
            "pattern": p.pattern,
            "confidence": round(p.confidence, 4),
        }

    def to_json(self) -> dict[str, Any]:
        """The stable ``extract --format jsonl`` record (see README)."""
        return self._base_json()

    def text(self) -> str:
        """A one-line human rendering used by indexes and answers."""
        return self.sentence


def _opt(span: Span | None) -> dict[str, Any] | None:
    return span.to_dict() if span is not None else None


@dataclass(frozen=True, slots=True)
class Rule(Fact):
    kind: ClassVar[str] = "rule"
    conditions: tuple[Span, ...] = ()
    exceptions: tuple[Span, ...] = ()
    consequence: Span | None = None
    actor: Span | None = None
    modality: str = "none"
    negated: bool = False
    condition_logic: str = "and"
    necessary: bool = False
    actions: tuple[Span, ...] = ()

    def spans(self):
        for c in self.conditions:
            yield "condition", c
        for e in self.exceptions:
            yield "exception", e
        if self.consequence is not None:
            yield "consequence", self.consequence
        if self.actor is not None:
            yield "actor", self.actor

    def to_json(self):
        d = self._base_json()
        d.update(
            conditions=[c.to_dict() for c in self.conditions],
            exceptions=[e.to_dict() for e in self.exceptions],
            consequence=_opt(self.consequence),
            actor=_opt(self.actor),
            modality=self.modality,
            negated=self.negated,
            condition_logic=self.condition_logic,
            necessary=self.necessary,
            actions=[a.to_dict() for a in self.actions],
        )
        return d

    def text(self) -> str:
        parts = []
        if self.conditions:
            joiner = f" {self.condition_logic} "
            parts.append("IF " + joiner.join(c.text for c in self.conditions))
        if self.exceptions:
            parts.append("UNLESS " + " or ".join(e.text for e in self.exceptions))
        if self.consequence is not None:
            parts.append(("THEN " if parts else "") + self.consequence.text)
        return " ".join(parts) + f" [{self.modality}]"


@dataclass(frozen=True, slots=True)
class Example(Fact):
    kind: ClassVar[str] = "example"
    concept: Span | None = None
    instances: tuple[Span, ...] = ()
    cue: str = ""

    def spans(self):
        if self.concept is not None:
            yield "concept", self.concept
        for i in self.instances:
            yield "instance", i

    def to_json(self):
        d = self._base_json()
        d.update(concept=_opt(self.concept), instances=[i.to_dict() for i in self.instances],
                 cue=self.cue)
        return d

    def text(self) -> str:
        concept = self.concept.text if self.concept else "?"
        return f"{concept}: " + "; ".join(i.text for i in self.instances)


@dataclass(frozen=True, slots=True)
class Definition(Fact):
    kind: ClassVar[str] = "definition"
    term: Span | None = None
    definition: Span | None = None
    genus: Span | None = None
    aliases: tuple[Span, ...] = ()

    def spans(self):
        if self.term is not None:
            yield "term", self.term
        if self.definition is not None:
            yield "definition", self.definition
        if self.genus is not None:
            yield "genus", self.genus
        for a in self.aliases:
            yield "alias", a

    def to_json(self):
        d = self._base_json()
        d.update(term=_opt(self.term), definition=_opt(self.definition), genus=_opt(self.genus),
                 aliases=[a.to_dict() for a in self.aliases])
        return d

    def text(self) -> str:
        term = self.term.text if self.term else "?"
        return f"{term}: {self.definition.text if self.definition else ''}"


@dataclass(frozen=True, slots=True)
class Relation(Fact):
    kind: ClassVar[str] = "relation"
    subject: Span | None = None
    predicate: Span | None = None
    object: Span | None = None
    extra_args: tuple[Span, ...] = ()
    negated: bool = False
    modality: str = "none"

    def spans(self):
        if self.subject is not None:
            yield "subject", self.subject
        if self.predicate is not None:
            yield "predicate", self.predicate
        if self.object is not None:
            yield "object", self.object
        for a in self.extra_args:
            yield "extra_arg", a

    def to_json(self):
        d = self._base_json()
        d.update(subject=_opt(self.subject), predicate=_opt(self.predicate),
                 object=_opt(self.object), extra_args=[a.to_dict() for a in self.extra_args],
                 negated=self.negated, modality=self.modality)
        return d

    def text(self) -> str:
        parts = [s.text for s in (self.subject, self.predicate, self.object) if s is not None]
        parts += [a.text for a in self.extra_args]
        return " | ".join(parts)


@dataclass(frozen=True, slots=True)
class Entity(Fact):
    kind: ClassVar[str] = "entity"
    span: Span | None = None
    label: str = ""

    def spans(self):
        if self.span is not None:
            yield "span", self.span

    def to_json(self):
        d = self._base_json()
        d.update(span=_opt(self.span), label=self.label)
        return d

    def text(self) -> str:
        return f"{self.span.text if self.span else ''} ({self.label})"


@dataclass(frozen=True, slots=True)
class Concept(Fact):
    """A mention of a key concept; ``key`` is the normalized form shared by all its mentions."""

    kind: ClassVar[str] = "concept"
    span: Span | None = None
    label: str = ""
    key: str = ""

    def spans(self):
        if self.span is not None:
            yield "span", self.span

    def to_json(self):
        d = self._base_json()
        d.update(span=_opt(self.span), label=self.label, key=self.key)
        return d

    def text(self) -> str:
        return self.label


FACT_TYPES: dict[str, type[Fact]] = {
    cls.kind: cls for cls in (Rule, Example, Definition, Relation, Entity, Concept)
}


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """An input that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document with its sentences and all facts the extractors found in it."""

    document: Document
    sentences: tuple[Sentence, ...]
    facts: tuple[Fact, ...] = field(default=())
