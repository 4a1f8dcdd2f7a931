"""Shared, session-scoped fixtures.

* ``nlp``: the default spaCy pipeline (``kextract.nlp.load_pipeline()``), loaded once.
* ``sample_corpus``: a temporary copy of six documents of the bundled corpus, one per format
  (md, html, txt, pdf, docx, jsonl).
* ``sample_kb``: the path of a knowledge base built ONCE from ``sample_corpus``.

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
