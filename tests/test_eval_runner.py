"""Tests of kextract.evaluation.runner on tiny synthetic benchmark folders built in tmp.

Expected figures are worked out by hand or hold by construction (e.g. a gold file written from
kextract's own output must score 1.0); every runner must skip cleanly without its data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kextract.builder import process
from kextract.evaluation import runner
from kextract.evaluation.runner import SkipBenchmark

CARB_LINES = [
    "The committee approved the new budget on Monday .",
    "Marie Curie discovered polonium in 1898 .",
    "The old bridge crosses the river near the mill .",
]


def _relations(nlp, lines):
    """kextract's own relation tuples per line: (predicate, subject, object, *extra)."""
    out = {}
    for parsed in process(nlp, runner.line_documents(lines), kinds=["relation"]):
        for fact in parsed.facts:
            d = fact.to_json()
            args = [d["subject"]["text"]] + ([d["object"]["text"]] if d["object"] else [])
            args += [a["text"] for a in d["extra_args"]]
            out.setdefault(int(parsed.document.id), []).append((d["predicate"]["text"], args))
    return out


def _write_carb(folder: Path, lines, gold_rows) -> None:
    folder.mkdir(parents=True)
    (folder / "sentences.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "gold.tsv").write_text(
        "".join("\t".join([s, rel, *args]) + "\n" for s, rel, args in gold_rows),
        encoding="utf-8")


def test_carb_gold_copied_from_kextract_scores_one(nlp, tmp_path):
    own = _relations(nlp, CARB_LINES)
    assert own, "the extractor found no relation in three plain SVO sentences"
    rows = [(CARB_LINES[i - 1], rel, args) for i, tuples in own.items() for rel, args in tuples]
    _write_carb(tmp_path / "carb", CARB_LINES, rows)
    run = runner.run_carb(tmp_path, nlp=nlp)
    # every gold tuple is matched by its identical prediction at the lowest threshold
    assert run.score.f1 == pytest.approx(1.0)
    assert (run.score.precision, run.score.recall) == (pytest.approx(1.0), pytest.approx(1.0))
    assert run.n_sentences == 3
    assert run.references == ()          # no calibration folder here


def test_carb_unmatchable_gold_tuple_lowers_recall_only(nlp, tmp_path):
    own = _relations(nlp, CARB_LINES)
    rows = [(CARB_LINES[i - 1], rel, args) for i, tuples in own.items() for rel, args in tuples]
    n = len(rows)
    # one more gold tuple whose relation shares no word with anything predicted: recall 0 for
    # it, and the n predictions still match n gold tuples one-to-one with precision 1, so
    # P = 1, R = n / (n + 1), F1 = 2n / (2n + 1)
    rows.append((CARB_LINES[0], "xyzzy", ["plugh", "quux"]))
    _write_carb(tmp_path / "carb", CARB_LINES, rows)
    run = runner.run_carb(tmp_path, nlp=nlp)
    assert run.score.precision == pytest.approx(1.0)
    assert run.score.recall == pytest.approx(n / (n + 1))
    assert run.score.f1 == pytest.approx(2 * n / (2 * n + 1))


def test_conditional_rule_matched_and_causal_not_counted(nlp, tmp_path):
    folder = tmp_path / "conditional_requirements"
    folder.mkdir()
    gold = [
        {"sentence": "If the alarm sounds , stop the line .",
         "relations": [{"cue": "If", "kind": "conditional", "condition": ["the alarm sounds"],
                        "consequence": ["stop the line"]}]},
        {"sentence": "Because the pump overheated , the operator stopped the line .",
         "relations": [{"cue": "Because", "kind": "causal", "condition": ["the pump overheated"],
                        "consequence": ["the operator stopped the line"]}]},
    ]
    (folder / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    run = runner.run_conditional(tmp_path, nlp=nlp)
    assert (run.n_sentences, run.n_gold_conditional, run.n_gold_causal) == (2, 1, 1)
    rules = run.score.rules
    # the one conditional rule is found; a rule on the causal sentence is excluded, not an FP
    assert (rules.tp_gold, rules.n_gold) == (1, 1)
    assert rules.precision == pytest.approx(1.0) and rules.recall == pytest.approx(1.0)
    assert run.figures()["rule_f1"] == pytest.approx(1.0)
    # the gold spans are the clauses themselves, so matched spans are (nearly) exact
    assert run.mean_token_f1 >= 0.8


# twelve "NBSP space" pairs: normalizing whitespace would shift later offsets by 12 characters,
# more than the length of any annotated word, so no predicted span would overlap its gold span
SCIENCEIE_TEXT = ("Earlier studies" + "".join(f"\u00a0 [{i}]" for i in range(1, 13))
                  + " examined alloys. Metals such as copper and iron conduct heat well.\n")


def test_scienceie_offsets_survive_non_breaking_spaces(nlp, tmp_path):
    folder = tmp_path / "scienceie"
    folder.mkdir()
    (folder / "S1.txt").write_text(SCIENCEIE_TEXT, encoding="utf-8")
    spans = {w: SCIENCEIE_TEXT.index(w) for w in ("Metals", "copper", "iron")}
    ann = [f"T{i}\tMaterial {s} {s + len(w)}\t{w}" for i, (w, s) in enumerate(spans.items(), 1)]
    ann += ["R1\tHyponym-of Arg1:T2 Arg2:T1", "R2\tHyponym-of Arg1:T3 Arg2:T1"]
    (folder / "S1.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    run = runner.run_scienceie(tmp_path, nlp=nlp)
    # copper -> Metals and iron -> Metals, in a sentence with the cue "such as"; the doubled
    # spaces before it would shift every offset if the text were normalized
    assert run.score.pairs.n_gold == 2 and run.score.n_cue_gold == 2
    assert run.score.pairs.recall == pytest.approx(1.0)
    assert run.score.cue_recall == pytest.approx(1.0)


QA_PARAGRAPHS = [
    "Photosynthesis converts light energy into chemical energy inside green plants.",
    "The Danube river flows through ten European countries before reaching the Black Sea.",
]


def _write_xquad(folder: Path) -> None:
    folder.mkdir(parents=True)
    paragraphs = []
    for i, text in enumerate(QA_PARAGRAPHS):
        # the question copies the paragraph's content words; the gold answer is the paragraph
        question = "Which " + " ".join(text.rstrip(".").split()[1:]) + "?"
        paragraphs.append({"context": text, "qas": [
            {"id": f"q{i}", "question": question,
             "answers": [{"text": text, "answer_start": 0}]}]})
    data = {"version": "1.1", "data": [{"title": "Tiny", "paragraphs": paragraphs}]}
    (folder / "xquad.en.json").write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.slow
def test_qa_copied_questions_rank_their_paragraph_first(tmp_path):
    _write_xquad(tmp_path / "bench" / "xquad_en")
    run = runner.run_qa("xquad_en", tmp_path / "bench", tmp_path / "work", k=5)
    assert (run.n_documents, run.n_questions, run.k, run.n_skipped) == (2, 2, 5, 0)
    r = run.retrieval
    assert (r.recall_at_1, r.recall_at_5, r.mrr) == (1.0, 1.0, 1.0)
    # each paragraph is one sentence and the gold answer is that sentence
    assert run.answer_f1 == pytest.approx(1.0)
    assert [b.name for b in run.baselines] == ["sklearn TF-IDF", "bm25s"]
    for b in run.baselines:
        assert (b.retrieval.recall_at_1, b.retrieval.mrr) == (1.0, 1.0), b.name
    # the KB and its corpus were written under workdir/<set>
    assert sorted(p.name for p in (tmp_path / "work" / "xquad_en" / "corpus").iterdir()) == [
        "d0001.txt", "d0002.txt"]


MANUAL = {
    "section_0": {"id": "section_0", "title": "Pairing the remote",
                  "text": ["Point the remote at the sensor and hold the Back", "button."]},
    "section_1": {"id": "section_1", "title": "Cleaning the screen",
                  "text": ["Wipe the panel with a dry cloth.", "- 7 -"],
                  "html": ["<p>Wipe the panel with a dry cloth.</p>"]},
}


def _write_emanual(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "smart_tv_remote_manual_corpus.json").write_text(json.dumps(MANUAL),
                                                                encoding="utf-8")
    (folder / "smart_tv_remote_50_questions.csv").write_text(
        "question_id,question,section_path,section_link,answer\n"
        "1,How do I pair the remote?,Quick Guides>Pairing the remote,,Point the remote\n"
        "2,How do I clean the screen?,Care>Cleaning the screen,,Wipe the panel\n",
        encoding="utf-8")


@pytest.mark.slow
def test_emanual_sections_are_written_as_titled_pages(tmp_path):
    _write_emanual(tmp_path / "bench" / "emanual_tv")
    run = runner.run_qa("emanual_tv", tmp_path / "bench", tmp_path / "work", k=2)
    assert (run.n_documents, run.n_questions, run.n_skipped) == (2, 2, 0)
    assert (run.retrieval.recall_at_1, run.retrieval.mrr) == (1.0, 1.0)
    corpus = tmp_path / "work" / "emanual_tv" / "corpus"
    # a section with HTML is written as an HTML page, one without as Markdown
    assert sorted(p.name for p in corpus.iterdir()) == ["d0001.md", "d0002.html"]
    assert (corpus / "d0001.md").read_text().startswith("# Pairing the remote\n\n")
    assert "<h1>Cleaning the screen</h1>" in (corpus / "d0002.html").read_text()
    # the published baselines over the text, and the same over title + text
    assert [b.name for b in run.baselines] == [
        "sklearn TF-IDF", "bm25s", "sklearn TF-IDF (title + text)", "bm25s (title + text)"]
    assert set(run.baseline_figures()["mrr"]) == {b.name for b in run.baselines}


@pytest.mark.parametrize("text", ["Hold Back and Home. - 7 -", "- 7 - then *bold* <b>x</b>",
                                  "1. First [step] & `code` #2 _x_ ~y~!", "+ more", "12) item",
                                  "back\\slash", ""])
def test_section_page_reads_back_as_title_and_text(tmp_path, text):
    from kextract.corpus import CorpusReader

    suffix, content = runner.section_page("Using #1 *Smart* Hub", text)
    assert suffix == ".md"
    (tmp_path / f"s{suffix}").write_text(content, encoding="utf-8")
    doc = next(iter(CorpusReader([str(tmp_path / f"s{suffix}")])))
    assert doc.title == "Using #1 *Smart* Hub"
    assert doc.text == "Using #1 *Smart* Hub" + (f"\n\n{text}" if text else "")
    assert doc.blocks[0].kind == "heading"


def test_section_page_prefers_the_sections_html(tmp_path):
    from kextract.corpus import CorpusReader

    for i, html in enumerate(["<p>Press <b>Home</b>.</p><p>Select Apps.</p>",
                              "<h2>Using Apps</h2><p>Press <b>Home</b>.</p><p>Select Apps.</p>"]):
        suffix, content = runner.section_page("Using Apps", "ignored", html)
        assert suffix == ".html"
        (tmp_path / f"s{i}{suffix}").write_text(content, encoding="utf-8")
        doc = next(iter(CorpusReader([str(tmp_path / f"s{i}{suffix}")])))
        # the title is the page's one heading, whether the HTML had it or not
        assert doc.title == "Using Apps"
        assert doc.text == "Using Apps\n\nPress Home.\n\nSelect Apps."


def test_baselines_rank_by_shared_words():
    texts = ["red apples and green pears", "blue whales swim in the ocean", "green tea leaves"]
    questions = ["where do whales swim", "green pears"]
    for ranking in (runner.tfidf_ranking, runner.bm25_ranking):
        rows = ranking(texts, questions, 2)
        assert [row[0] for row in rows] == [1, 0], ranking.__name__
        assert all(len(row) == 2 for row in rows)


def test_own_gold_copied_from_kextract_with_one_modality_flipped(nlp, tmp_path):
    corpus = tmp_path / "data"
    corpus.mkdir()
    (corpus / "rules.txt").write_text(
        "If the alarm sounds, stop the line. Operators must wear gloves when handling raw "
        "meat. Never open the panel while the power is on.\n", encoding="utf-8")
    from kextract.corpus import CorpusReader

    facts = [f.to_json() for p in process(nlp, list(CorpusReader([str(corpus)])))
             for f in p.facts if f.kind in ("rule", "example", "definition", "relation")]
    # one gold fact per distinct (kind, doc, compared spans): identical predictions collapse
    slots = {"rule": ("conditions", "consequence"), "example": ("concept", "instances"),
             "definition": ("term", "definition"), "relation": ("subject", "predicate", "object")}
    gold, seen = [], set()
    for f in facts:
        key = (f["kind"], f["doc"], json.dumps([f[s] for s in slots[f["kind"]]], sort_keys=True))
        if key not in seen:
            seen.add(key)
            gold.append(dict(f))
    rules = [g for g in gold if g["kind"] == "rule"]
    assert rules, "no rule found in three plain rules"
    rules[0]["modality"] = "permission" if rules[0]["modality"] != "permission" else "obligation"
    gold_path = tmp_path / "facts.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")

    run = runner.run_own_gold(gold_path, corpus, nlp=nlp)
    rule = run.score.kind("rule")
    assert rule.exact.prf.f1 == pytest.approx(1.0)
    assert rule.partial.prf.f1 == pytest.approx(1.0)
    assert run.n_modality == len(rules)
    assert run.modality_accuracy == pytest.approx((len(rules) - 1) / len(rules))
    assert run.figures()["rule_exact_f1"] == pytest.approx(1.0)


def test_line_documents_mirror_extract_lines():
    docs = runner.line_documents(["  first line ", "", "third"])
    assert [(d.id, d.text) for d in docs] == [("1", "first line"), ("3", "third")]
    assert docs[0].blocks[0].end == len("first line")
    with pytest.raises(ValueError):
        runner.line_documents(["two\nlines"])


@pytest.mark.parametrize("call", [
    lambda b: runner.run_carb(b),
    lambda b: runner.run_conditional(b),
    lambda b: runner.run_scienceie(b),
    lambda b: runner.run_deft(b),
    lambda b: runner.run_qa("xquad_en", b),
    lambda b: runner.run_qa("emanual_tv", b),
    lambda b: runner.run_own_gold(b / "gold" / "facts.jsonl", b),
], ids=["carb", "conditional", "scienceie", "deft", "xquad_en", "emanual_tv", "own_gold"])
def test_every_runner_skips_without_its_data(call, tmp_path):
    with pytest.raises(SkipBenchmark, match="does not exist"):
        call(tmp_path)


def test_skip_when_folder_exists_but_holds_no_data(tmp_path):
    (tmp_path / "scienceie").mkdir()
    (tmp_path / "deft" / "dev").mkdir(parents=True)
    with pytest.raises(SkipBenchmark):
        runner.run_scienceie(tmp_path)
    with pytest.raises(SkipBenchmark):
        runner.run_deft(tmp_path)


def test_unknown_qa_set_is_an_error(tmp_path):
    with pytest.raises(ValueError):
        runner.run_qa("squad_fr", tmp_path)
