"""The three independent extractors. Each is a pure function over a parsed spaCy Doc that
yields typed records with provenance; they meet only in :mod:`kextract.merge`."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from ..model import FACT_KINDS, Fact
from . import examples, rules, semantic

EXTRACTORS: dict[str, Callable] = {
    "rules": rules.extract,
    "examples": examples.extract,
    "semantic": semantic.extract,
}
#: which fact kinds each extractor produces
PRODUCES = {
    "rules": ("rule",),
    "examples": ("example",),
    "semantic": ("definition", "relation", "entity", "concept"),
}
VERSIONS = {"rules": rules.EXTRACTOR, "examples": examples.EXTRACTOR,
            "semantic": semantic.EXTRACTOR}


def extract_all(doc, doc_id: str, kinds: Iterable[str] | None = None) -> Iterator[Fact]:
    """Run every extractor that produces one of ``kinds`` (default: all) over ``doc``."""
    wanted = set(kinds) if kinds else set(FACT_KINDS)
    unknown = wanted - set(FACT_KINDS)
    if unknown:
        raise ValueError(f"unknown fact kind(s) {sorted(unknown)}; choose from {FACT_KINDS}")
    for name, fn in EXTRACTORS.items():
        if wanted.intersection(PRODUCES[name]):
            for fact in fn(doc, doc_id):
                if fact.kind in wanted:
                    yield fact


__all__ = ["EXTRACTORS", "PRODUCES", "VERSIONS", "extract_all"]
