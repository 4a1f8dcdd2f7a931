"""Shared, session-scoped fixtures.

* ``nlp``: the default spaCy pipeline (``kextract.nlp.load_pipeline()``), loaded once.
* ``sample_corpus``: a temporary copy of six documents of the bundled corpus, one per format
  (md, html, txt, pdf, docx, jsonl).
* ``sample_kb``: the path of a knowledge base built ONCE from ``sample_corpus``.
* ``build_small_kb``: builds a KB from a few texts; ``free_port``: a free loopback port.

The KB's graph is an on-disk Oxigraph store that only one open handle may use at a time, so
tests should open it with ``with KnowledgeBase(sample_kb) as kb: ...`` (or close it) rather
than keep a ``KnowledgeBase`` open across tests. Tests must not modify ``sample_kb``; copy it
or build a KB of their own in ``tmp_path`` for that.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"

#: one document of every format the corpus reader supports (besides csv)
SAMPLE_FILES = (
    "first_aid/burns.md",
    "food_safety/allergen_management.html",
    "first_aid/choking.txt",
    "equipment/rotating_machinery_safety.pdf",
    "first_aid/managing_shock.docx",
    "software_ops/runbook_snippets.jsonl",
)


@pytest.fixture(scope="session")
def build_small_kb(tmp_path_factory):
    """``build_small_kb(name, files)``: build a KB (no Turtle export) from ``files`` (file
    name -> text) written into a new temporary corpus folder; returns the KB's path."""
    import kextract

    def build(name: str, files: dict[str, str]) -> Path:
        corpus = tmp_path_factory.mktemp(f"{name}_corpus")
        for file_name, text in files.items():
            (corpus / file_name).write_text(text, encoding="utf-8")
        out = tmp_path_factory.mktemp(f"{name}_kb") / "kb"
        kextract.build([str(corpus)], out, export=False)
        return out

    return build


@pytest.fixture(scope="session")
def free_port():
    """``free_port()``: a TCP port of 127.0.0.1 that nothing listens on right now."""
    import socket

    def pick() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    return pick


@pytest.fixture(scope="session")
def nlp():
    from kextract.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample_corpus")
    for rel in SAMPLE_FILES:
        shutil.copy2(DATA / rel, root / Path(rel).name)
    return root


@pytest.fixture(scope="session")
def sample_kb(sample_corpus, tmp_path_factory) -> Path:
    import kextract

    out = tmp_path_factory.mktemp("sample_kb") / "kb"
    kextract.build([str(sample_corpus)], out)
    return out
