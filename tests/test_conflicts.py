"""Conflicting rules across documents: library, KnowledgeBase and CLI."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kextract
from kextract.cli import main
from kextract.kb import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def conflict_kb(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("conflict-corpus")
    for rel in ("equipment/air_compressor_sop.txt", "equipment/rotating_machinery_safety.pdf",
                "first_aid/burns.md"):
        shutil.copy(DATA / rel, corpus / Path(rel).name)
    out = tmp_path_factory.mktemp("conflict-kb") / "kb"
    kextract.build([str(corpus)], out)
    return out


def test_planted_glove_conflict_is_found(conflict_kb):
    with KnowledgeBase(conflict_kb) as kb:
        df = kb.conflicts(cross_document_only=True)
    assert len(df) == 1
    row = df.iloc[0]
    assert {row.first_modality, row.second_modality} == {"obligation", "prohibition"}
    assert {row.first_doc, row.second_doc} == {"air_compressor_sop.txt",
                                               "rotating_machinery_safety.pdf"}
    assert "drive belt tension" in row.first_sentence and "drive belt tension" in row.second_sentence


def test_conflicts_cli(conflict_kb):
    res = CliRunner().invoke(main, ["conflicts", str(conflict_kb), "--cross-document"])
    assert res.exit_code == 0, res.output
    assert "[prohibition] rotating_machinery_safety.pdf" in res.output
    assert "[obligation] air_compressor_sop.txt" in res.output
    res = CliRunner().invoke(main, ["conflicts", str(conflict_kb), "--format", "json"])
    assert res.exit_code == 0 and '"similarity"' in res.output


def test_no_conflict_without_opposite_modality(tmp_path):
    (tmp_path / "a.txt").write_text("Gloves must be worn when handling raw meat.\n")
    (tmp_path / "b.txt").write_text("Gloves should be worn when handling raw meat.\n")
    kextract.build([str(tmp_path)], tmp_path / "kb")
    with KnowledgeBase(tmp_path / "kb") as kb:
        assert kb.conflicts().empty
