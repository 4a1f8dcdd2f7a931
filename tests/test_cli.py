"""The command line through its real entry points.

A few end-to-end checks run ``python -m kextract`` in a subprocess (build, ask, extract from
stdin, --help); the rest use click's CliRunner on the session's ``sample_kb``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from kextract import __version__
from kextract.cli import main
from kextract.vocab import KX

BASE_KEYS = {"kind", "doc", "sentence", "sentence_start", "sentence_end", "extractor",
             "pattern", "confidence"}
KIND_KEYS = {
    "rule": {"conditions", "exceptions", "consequence", "actor", "modality", "negated"},
    "example": {"concept", "instances", "cue"},
    "definition": {"term", "definition", "genus", "aliases"},
    "relation": {"subject", "predicate", "object", "extra_args", "negated", "modality"},
    "entity": {"span", "label"},
    "concept": {"label", "key"},
}
DOCS_QUERY = ("SELECT ?id WHERE { ?d a kx:Document ; dcterms:identifier ?id } ORDER BY ?id")


def kx(*args, stdin: str | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kextract", *map(str, args)], input=stdin,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def doc_texts(sample_kb) -> dict[str, str]:
    t = pq.read_table(Path(sample_kb) / "tables" / "documents.parquet", columns=["id", "text"])
    return dict(zip(t.column("id").to_pylist(), t.column("text").to_pylist()))


def assert_user_error(result, code: str) -> None:
    """Exit code 2, a one-line coded message on stderr, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: [{code}]"), result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


# -- end to end, in a subprocess ----------------------------------------------------------

def test_help_is_instant_and_lists_the_commands():
    r = kx("--help")
    assert r.returncode == 0, r.stderr
    for cmd in ("build", "extract", "query", "ask", "stats"):
        assert re.search(rf"^\s+{cmd}\s", r.stdout, re.M), cmd
    # --help must not pay for spaCy, scikit-learn or rdflib
    probe = ("import sys\nfrom kextract.cli import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "heavy = [m for m in ('spacy', 'sklearn', 'rdflib', 'pyoxigraph', 'pandas') "
             "if m in sys.modules]\nprint('HEAVY', heavy)")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                       timeout=60)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_build_then_ask_on_a_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pump.txt").write_text(
        "Pump care\n\nIf the pump overheats, the operator must stop it immediately.\n\n"
        "A mechanical seal is a device that prevents leaks along the shaft.\n",
        encoding="utf-8")
    (corpus / "valves.md").write_text(
        "# Valves\n\nGrease every valve once a month.\n", encoding="utf-8")
    (corpus / "diagram.png").write_bytes(b"\x89PNG\r\n")
    kb = tmp_path / "kb"
    r = kx("build", corpus, "-o", kb, "-q")
    assert r.returncode == 0, r.stderr
    assert re.search(r"^Built .*kb: 2 documents, \d+ sentences", r.stdout), r.stdout
    assert "Skipped 1 input(s)" in r.stderr and "diagram.png" in r.stderr
    assert (kb / "manifest.json").is_file()

    r = kx("ask", kb, "What should I do if the pump overheats?", "-k", "3")
    assert r.returncode == 0, r.stderr
    first = r.stdout.splitlines()[0]
    assert first.startswith("1. (") and "If the pump overheats" in first
    m = re.search(r"source: (\S+) \[(\d+):(\d+)\], section 'Pump care'", r.stdout)
    assert m, r.stdout
    doc, start, end = m.group(1), int(m.group(2)), int(m.group(3))
    text = pq.read_table(kb / "tables" / "documents.parquet").to_pylist()
    text = {row["id"]: row["text"] for row in text}[doc]
    assert text[start:end] == "If the pump overheats, the operator must stop it immediately."


STDIN_LINES = [
    "If the pump overheats, the operator must stop it immediately.",
    "A centrifugal pump is a machine that moves liquid by rotation.",
    "Hazards such as noise, heat and dust must be controlled.",
    "On 12 March 2024 John Smith from Siemens inspected the boiler in London.",
    "",
    "   The valve controls the flow of water.",
]


def test_extract_lines_from_stdin_emits_documented_jsonl():
    r = kx("extract", "--lines", "-", stdin="\n".join(STDIN_LINES) + "\n")
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert records
    kinds = {rec["kind"] for rec in records}
    assert kinds == set(KIND_KEYS), kinds
    for rec in records:
        missing = (BASE_KEYS | KIND_KEYS[rec["kind"]]) - set(rec)
        assert not missing, (rec["kind"], missing)
        # doc = line number from 1 (blank line 5 produces nothing); offsets are in the line
        assert rec["doc"] in {"1", "2", "3", "4", "6"}
        line = STDIN_LINES[int(rec["doc"]) - 1].strip()
        assert line[rec["sentence_start"]:rec["sentence_end"]] == rec["sentence"]
        assert 0 < rec["confidence"] <= 1
        assert rec["extractor"].startswith("kextract.")
        for key, value in rec.items():
            spans = value if isinstance(value, list) else [value]
            for sp in spans:
                if isinstance(sp, dict) and key != "predicate":  # predicate: see test_kb
                    assert line[sp["start"]:sp["end"]] == sp["text"], (key, sp)
    by_kind = {k: [rec for rec in records if rec["kind"] == k] for k in kinds}
    assert any(rec["doc"] == "1" and rec["modality"] == "obligation" for rec in by_kind["rule"])
    assert any(rec["label"] == "PERSON" and rec["span"]["text"] == "John Smith"
               for rec in by_kind["entity"])
    assert any(rec["doc"] == "2" for rec in by_kind["definition"])


# -- query --------------------------------------------------------------------------------

def test_query_formats_table_csv_and_json(runner, sample_kb, doc_texts):
    ids = sorted(doc_texts)
    r = runner.invoke(main, ["query", str(sample_kb), DOCS_QUERY, "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["id"] and [row[0] for row in rows[1:]] == ids

    r = runner.invoke(main, ["query", str(sample_kb), DOCS_QUERY, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"id": i} for i in ids]

    r = runner.invoke(main, ["query", str(sample_kb), DOCS_QUERY])  # table is the default
    assert r.exit_code == 0, r.output
    assert f"{len(ids)} row(s)" in r.stdout
    for i in ids:
        assert i in r.stdout


def test_query_from_file(runner, sample_kb, tmp_path):
    rq = tmp_path / "docs.rq"
    rq.write_text("# documents\n" + DOCS_QUERY + "\n", encoding="utf-8")
    from_file = runner.invoke(main, ["query", str(sample_kb), f"@{rq}", "--format", "csv"])
    inline = runner.invoke(main, ["query", str(sample_kb), DOCS_QUERY, "--format", "csv"])
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout == inline.stdout and from_file.stdout.count("\n") > 1
    missing = runner.invoke(main, ["query", str(sample_kb), f"@{tmp_path / 'nope.rq'}"])
    assert_user_error(missing, "E021")
    assert "nope.rq" in missing.stderr


def test_query_ask_and_construct(runner, sample_kb):
    r = runner.invoke(main, ["query", str(sample_kb), "ASK { ?r a kx:Rule }"])
    assert (r.exit_code, r.stdout.strip()) == (0, "true")
    r = runner.invoke(main, ["query", str(sample_kb), "ASK { ?r a kx:Nothing }"])
    assert (r.exit_code, r.stdout.strip()) == (0, "false")
    r = runner.invoke(main, ["query", str(sample_kb),
                             "CONSTRUCT { ?r a kx:Rule } WHERE { ?r a kx:Rule }"])
    assert r.exit_code == 0, r.output
    g = Graph().parse(data=r.stdout, format="turtle")
    n_rules = json.loads((Path(sample_kb) / "manifest.json").read_text())["counts"]["rule"]
    assert len(set(g.subjects(RDF.type, KX.Rule))) == n_rules > 0


def test_bad_sparql_is_a_clean_e020_error(runner, sample_kb):
    r = runner.invoke(main, ["query", str(sample_kb), "SELECT ?x WHERE { ?x ?y }"])
    assert_user_error(r, "E020")
    assert re.search(r"\b1:\d+\b", r.stderr)


# -- ask ----------------------------------------------------------------------------------

def test_ask_json_answers_are_cited(runner, sample_kb, doc_texts):
    q = "What should I do if someone is choking?"
    r = runner.invoke(main, ["ask", str(sample_kb), q, "--json", "-k", "4"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["question"] == q
    assert 0 < len(out["answers"]) <= 4
    scores = [a["score"] for a in out["answers"]]
    assert scores == sorted(scores, reverse=True)
    for a in out["answers"]:
        src = a["source"]
        assert doc_texts[src["doc"]][src["start"]:src["end"]] == src["sentence"] == a["text"]
        assert a["kind"] in {"sentence", "rule", "example", "definition", "relation"}
        assert ("fact_id" in a) == (a["kind"] != "sentence")
    assert any(a["source"]["doc"] == "choking.txt" for a in out["answers"])


def test_ask_text_output_with_explain(runner, sample_kb, doc_texts):
    r = runner.invoke(main, ["ask", str(sample_kb), "What is anaphylaxis?", "-k", "2",
                             "--explain"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("1. (") and any(ln.startswith("2. (") for ln in lines)
    assert "explain:" in r.stdout and "index score" in r.stdout
    for doc, start, end in re.findall(r"source: (\S+) \[(\d+):(\d+)\]", r.stdout):
        assert doc_texts[doc][int(start):int(end)] in r.stdout
    r = runner.invoke(main, ["ask", str(sample_kb), "zzqxv wwkpt"])
    assert (r.exit_code, r.stdout.strip()) == (0, "No answer found.")


def test_ask_questions_file_gives_one_json_line_per_question(runner, sample_kb, tmp_path):
    qs = tmp_path / "q.txt"
    qs.write_text("What is anaphylaxis?\n\n  \nHow do I rotate a leaked API key?\n",
                  encoding="utf-8")
    r = runner.invoke(main, ["ask", str(sample_kb), "--questions", str(qs), "-k", "2"])
    assert r.exit_code == 0, r.output
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["question"] for o in out] == ["What is anaphylaxis?",
                                            "How do I rotate a leaked API key?"]
    assert all(0 < len(o["answers"]) <= 2 for o in out)


def test_ask_needs_a_question(runner, sample_kb):
    r = runner.invoke(main, ["ask", str(sample_kb)])
    assert r.exit_code == 2 and "give a QUESTION or --questions FILE" in r.stderr


# -- stats --------------------------------------------------------------------------------

def test_stats_text_and_json(runner, sample_kb):
    manifest = json.loads((Path(sample_kb) / "manifest.json").read_text())
    r = runner.invoke(main, ["stats", str(sample_kb), "--json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert s["counts"] == manifest["counts"]
    assert s["corpus_fingerprint"] == manifest["corpus_fingerprint"]
    assert s["model"]["name"] == manifest["model"]["name"]
    r = runner.invoke(main, ["stats", str(sample_kb)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"Knowledge base {sample_kb}")
    assert re.search(rf"documents: {manifest['counts']['documents']}\b", r.stdout)
    assert manifest["corpus_fingerprint"] in r.stdout


def test_version(runner):
    r = runner.invoke(main, ["--version"])
    assert r.exit_code == 0 and __version__ in r.stdout


# -- errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("cmd", [["query", "{kb}", "ASK { ?s ?p ?o }"],
                                 ["ask", "{kb}", "What is a pump?"],
                                 ["stats", "{kb}"]])
def test_missing_kb_is_e012_with_exit_code_2(runner, tmp_path, cmd):
    missing = str(tmp_path / "no_kb")
    r = runner.invoke(main, [missing if c == "{kb}" else c for c in cmd])
    assert_user_error(r, "E012")
    assert f"kextract build CORPUS -o {missing}" in r.stderr


def test_directory_that_is_not_a_kb_is_e013(runner, tmp_path):
    r = runner.invoke(main, ["stats", str(tmp_path)])
    assert_user_error(r, "E013")


def test_unknown_kind_is_a_usage_error(runner):
    r = runner.invoke(main, ["extract", "-", "--kinds", "rule,bogus"], input="Stop the pump.\n")
    assert r.exit_code == 2
    assert "--kinds" in r.stderr and "bogus" in r.stderr
    assert r.stdout == ""


def test_extract_missing_input_is_e010(runner, tmp_path):
    r = runner.invoke(main, ["extract", str(tmp_path / "missing.txt")])
    assert_user_error(r, "E010")


def test_build_refuses_to_overwrite_a_non_kb_directory(runner, tmp_path):
    (tmp_path / "corpus.txt").write_text("Stop the pump.", encoding="utf-8")
    target = tmp_path / "thesis"
    target.mkdir()
    (target / "chapter1.tex").write_text("years of work")
    r = runner.invoke(main, ["build", str(tmp_path / "corpus.txt"), "-o", str(target), "-q"])
    assert_user_error(r, "E015")
    assert [p.name for p in target.iterdir()] == ["chapter1.tex"]
