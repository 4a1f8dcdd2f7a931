"""Run kextract on every benchmark set, print a table and update docs/benchmarks.md + .json.

Usage: python benchmarks/quality.py [--only carb,deft,...] [--bench-dir DIR] [--k 10]
                                     [--workdir DIR] [--no-write]

Sets: carb, conditional_requirements (alias conditional), scienceie, deft, xquad_en (xquad),
emanual_tv (emanual), own_gold (own). DIR defaults to $KEXTRACT_BENCHMARKS or
../shared/benchmarks next to the repository; a set whose data is absent is reported as skipped.

The results table in docs/benchmarks.md (between ``<!-- quality:start -->`` and
``<!-- quality:end -->``) and docs/benchmarks.json are rewritten; with --only, the other
sets keep their previous rows (each row carries its own date and commit).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from kextract.evaluation import runner
from kextract.evaluation.carb import default_benchmarks_dir

REPO = Path(__file__).resolve().parents[1]
DOCS_MD = REPO / "docs" / "benchmarks.md"
DOCS_JSON = REPO / "docs" / "benchmarks.json"
START, END = "<!-- quality:start -->", "<!-- quality:end -->"

SETS = ("carb", "conditional_requirements", "scienceie", "deft", "xquad_en", "emanual_tv",
        "own_gold")
ALIASES = {"conditional": "conditional_requirements", "xquad": "xquad_en",
           "emanual": "emanual_tv", "own": "own_gold"}

#: figures shown in the table per set: (figure key, label); own_gold is built from its kinds
METRICS: dict[str, tuple[tuple[str, str], ...]] = {
    "carb": (("f1", "best F1"), ("auc", "AUC"), ("precision", "P at best F1"),
             ("recall", "R at best F1")),
    "conditional_requirements": (("rule_precision", "rule P"), ("rule_recall", "rule R"),
                                 ("rule_f1", "rule F1"),
                                 ("mean_token_f1", "mean token F1 (matched)")),
    "scienceie": (("precision", "pair P"), ("recall", "pair R"), ("f1", "pair F1"),
                  ("cue_recall", "cue recall")),
    "deft": (("sentence_precision", "sentence P"), ("sentence_recall", "sentence R"),
             ("sentence_f1", "sentence F1"), ("term_precision", "term P"),
             ("term_recall", "term R"), ("term_f1", "term F1")),
    "xquad_en": (("r@1", "R@1"), ("r@5", "R@5"), ("mrr", "MRR"),
                 ("answer_f1", "answer token F1")),
    "emanual_tv": (("r@1", "R@1"), ("r@5", "R@5"), ("mrr", "MRR"),
                   ("answer_f1", "answer token F1")),
}

#: targets from the issues: (set, figure) -> minimum
TARGETS: dict[tuple[str, str], float] = {
    ("carb", "f1"): 0.50, ("carb", "auc"): 0.30,
    ("deft", "sentence_f1"): 0.60, ("deft", "term_f1"): 0.50,
    ("conditional_requirements", "rule_precision"): 0.90,
    ("conditional_requirements", "rule_recall"): 0.85,
    ("conditional_requirements", "mean_token_f1"): 0.85,
    ("scienceie", "precision"): 0.75, ("scienceie", "cue_recall"): 0.70,
    ("emanual_tv", "r@1"): 0.75, ("emanual_tv", "mrr"): 0.83,
    ("xquad_en", "r@1"): 0.93,
}

#: how each set is scored (rendered under the table)
NOTES: dict[str, str] = {
    "carb": (
        "641 sentences, one document per line (`extract --lines`); every relation is a tuple "
        "`(confidence, predicate, subject, object, extra args...)` keyed by its input line. "
        "CaRB procedure: token-level slot-wise matching, confidence sweep, best F1 and area "
        "under the P-R curve (`kextract.evaluation.carb`, calibrated to the official scorer). "
        "Baselines: the calibration outputs of OpenIE-5 and textacy's SVO triples, scored by "
        "the same scorer in the same run (official: 0.458 / 0.240 and 0.189 / 0.093)."),
    "conditional_requirements": (
        "One document per gold sentence. Gold rules are the `conditional` relations; only "
        "predicted rules with a condition are scored; a rule matching a `causal` relation is "
        "neither TP nor FP. A rule matches when condition and consequence both reach token F1 "
        ">= 0.5 (lower-cased, punctuation dropped), one-to-one. Mean token F1: over the "
        "conditions and consequences of matched rules."),
    "scienceie": (
        "One document per `.txt` (text verbatim, so brat offsets hold). Every (instance, "
        "concept) pair of an example is a predicted (hyponym, hypernym) pair; it is scored only "
        "if both spans overlap some annotated keyphrase, and matches a `Hyponym-of` pair when "
        "both spans overlap. Cue recall: recall over gold pairs whose sentence holds an "
        "exemplification cue (such as, including, e.g., for example, ...)."),
    "deft": (
        "DEFT dev: every sentence of the 68 files is one input line. Sentence level: "
        "sentences where the definition extractor fires vs. sentences with a B-Definition. "
        "Term level: (term, definition) pairs vs. Direct-/Indirect-Defines relations, both "
        "spans overlapping, one-to-one."),
    "xquad_en": (
        "A KB built with `kextract.builder.build` from one `.txt` per paragraph (240); every "
        "question (1,190) asked with `kb.ask(question, k=10)`; the rank of the first answer "
        "from the gold paragraph gives R@1, R@5, MRR. Answer token F1: the top answer's text "
        "(a sentence) vs. the gold answer span, so it is low by construction. Baselines on the "
        "same texts and questions, top 10: scikit-learn `TfidfVectorizer()` with default "
        "parameters + cosine, and bm25s (`bm25s.tokenize` without stop-word removal, "
        "`BM25()` defaults, `retrieve`)."),
    "emanual_tv": (
        "As xquad_en, but each of the 261 manual sections is written as the page a user would "
        "give `kextract build` (issue 8: one document per section): a Markdown file with the "
        "section title as a `# ` heading and the `text` lines joined by spaces as its paragraph "
        "(an HTML page with the title as `<h1>` when the corpus carries the section's `html`; "
        "the dev split does not); the 2 sections without text hold only their title. 50 "
        "questions; the gold section is resolved from `section_path` by "
        "`read_emanual` and only that section counts (for 5 questions the manual holds an "
        "identical copy of it; a copy ranked above it counts as a miss). Baselines: as published, "
        "over the section text only (`sklearn TF-IDF`, `bm25s`), and, for an even comparison "
        "with kextract, which sees the titles, over title + text (`(title + text)`). The "
        "published baselines (TF-IDF R@1 0.342 / MRR 0.511, bm25s 0.658 / 0.765) are multiples "
        "of 1/38 (13/38, 25/38): they fit the 38 questions whose last path element is a section "
        "title; on those 38 our bm25s gives "
        "0.658 / 0.762 and our TF-IDF 0.395 / 0.528. Over all 50 they are the figures in the "
        "table. bm25s with its English stop-word list instead gives R@1 0.553 on the 38."),
    "own_gold": (
        "`kextract build`-style read of `data/` (`.kextractignore` honoured) against "
        "`data/gold/facts.jsonl` with `score_facts`: per kind, exact (same offsets in every "
        "compared slot) and partial (token F1 >= 0.5 in every slot) P / R / F1, one-to-one "
        "within a document. Predictions of a kind are scored only in the documents where "
        "that kind is annotated (see data/gold/README.md); the gold relations are a sample, "
        "not exhaustive, so relation precision is a lower bound. Modality accuracy: share of "
        "gold rules matched (partially) by a predicted rule with the same modality. Issue "
        "targets: rule F1 >= 0.85 and modality accuracy >= 0.90, example F1 >= 0.85, "
        "definition F1 >= 0.85, relation F1 >= 0.70. `relation-exhaustive`: the relations of "
        "`data/gold/relations_exhaustive.jsonl` (every relation of 4 documents: boiler HTML, "
        "shock DOCX, cold-storage TXT, deployments MD; made by `data/gold/make_relations.py`), "
        "scored the same way in those documents only, so its precision is a real precision."),
}

TITLES = {"carb": "CaRB (open relations)", "conditional_requirements": "requirement rules",
          "scienceie": "ScienceIE (hyponyms)", "deft": "DEFT (definitions)",
          "xquad_en": "XQuAD en (QA)", "emanual_tv": "eManual TV (QA)",
          "own_gold": "kextract gold (data/)"}


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


@dataclass
class Context:
    bench_dir: Path
    k: int
    workdir: Path | None
    _nlp: Any = None

    @property
    def nlp(self):
        if self._nlp is None:
            from kextract.nlp import load_pipeline

            self._nlp = load_pipeline()
        return self._nlp


RUNNERS: dict[str, Callable[[Context], Any]] = {
    "carb": lambda c: runner.run_carb(c.bench_dir, nlp=c.nlp),
    "conditional_requirements": lambda c: runner.run_conditional(c.bench_dir, nlp=c.nlp),
    "scienceie": lambda c: runner.run_scienceie(c.bench_dir, nlp=c.nlp),
    "deft": lambda c: runner.run_deft(c.bench_dir, nlp=c.nlp),
    "xquad_en": lambda c: runner.run_qa("xquad_en", c.bench_dir, c.workdir, k=c.k),
    "emanual_tv": lambda c: runner.run_qa("emanual_tv", c.bench_dir, c.workdir, k=c.k),
    "own_gold": lambda c: runner.run_own_gold(nlp=c.nlp),
}


def _details(result: Any) -> dict[str, Any]:
    """Counts behind the figures, for the JSON file."""
    if isinstance(result, runner.CarbRun):
        s = result.score
        return {"sentences": result.n_sentences, "gold_tuples": s.n_gold_tuples,
                "predicted_tuples": s.n_predicted_tuples, "best_threshold": s.threshold,
                "ignored_sentences": s.n_ignored_sentences}
    if isinstance(result, runner.ConditionalRun):
        r = result.score.rules
        return {"sentences": result.n_sentences, "gold_conditional": result.n_gold_conditional,
                "gold_causal": result.n_gold_causal, "tp": r.tp_pred, "scored_predictions": r.n_pred,
                "excluded_causal": result.score.n_excluded_causal,
                "unscored_without_condition": result.score.n_unscored}
    if isinstance(result, runner.ScienceIERun):
        s = result.score
        return {"documents": result.n_documents, "tp": s.pairs.tp_pred,
                "scored_predictions": s.pairs.n_pred, "gold_pairs": s.pairs.n_gold,
                "cue_gold_pairs": s.n_cue_gold, "cue_matched": s.n_cue_matched,
                "unscored_predictions": s.n_unscored}
    if isinstance(result, runner.DeftRun):
        return {"documents": result.n_documents, "sentences": result.n_sentences,
                "definition_sentences": result.sentences.n_gold,
                "fired_sentences": result.sentences.n_pred,
                "gold_pairs": result.terms.pairs.n_gold,
                "predicted_pairs": result.terms.pairs.n_pred}
    if isinstance(result, runner.QARun):
        return {"documents": result.n_documents, "questions": result.n_questions, "k": result.k,
                "documents_skipped_by_build": result.n_skipped,
                "unanswered": result.retrieval.n_unanswered}
    if isinstance(result, runner.OwnGoldRun):
        return {"documents": result.n_documents, "matched_rules_for_modality": result.n_modality,
                "per_kind": {k.kind: {"gold": k.exact.prf.n_gold, "predicted": k.exact.prf.n_pred,
                                      "tp_exact": k.exact.prf.tp_pred,
                                      "tp_partial": k.partial.prf.tp_pred}
                             for k in result.score.kinds}}
    return {}


def git_commit() -> str:
    """Short hash of HEAD, with "+dirty" when the working tree has changes; "unknown" without git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if status.strip() else "")


def run_sets(names: list[str], ctx: Context, commit: str) -> dict[str, dict[str, Any]]:
    entries = {}
    for name in names:
        date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
        t0 = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            result = RUNNERS[name](ctx)
        except runner.SkipBenchmark as exc:
            entries[name] = {"status": "skipped", "reason": str(exc), "date": date,
                             "commit": commit}
            print(f"  {exc}", file=sys.stderr)
            continue
        seconds = time.perf_counter() - t0
        entries[name] = {"status": "ok", "date": date, "commit": commit,
                         "seconds": round(seconds, 1),
                         "figures": {k: round(v, 4) for k, v in result.figures().items()},
                         "baselines": {m: {b: round(v, 4) for b, v in bs.items()}
                                       for m, bs in result.baseline_figures().items() if bs},
                         "details": _details(result)}
        print(f"  done in {seconds:.1f} s", file=sys.stderr)
    return entries


# --------------------------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------------------------

HEADER = ("set", "metric", "kextract", "baselines", "target", "date (UTC)", "commit", "seconds")


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def _rows(name: str, entry: dict[str, Any]) -> list[tuple[str, ...]]:
    if entry.get("status") != "ok":
        reason = entry.get("reason", "").removeprefix("[EVAL] ")
        return [(name, "skipped: " + reason, "", "", "", entry.get("date", ""),
                 entry.get("commit", ""), "")]
    figures, baselines = entry["figures"], entry.get("baselines", {})
    rows: list[tuple[str, str, str, str, str]] = []
    if name == "own_gold":
        kinds = sorted({k.split("_")[0] for k in figures if k.endswith("_f1") and "_exact_" in k})
        for kind in kinds:
            for mode in ("exact", "partial"):
                p, r, f = (figures[f"{kind}_{mode}_{m}"] for m in ("precision", "recall", "f1"))
                rows.append((f"{kind} P / R / F1 ({mode})", f"{p:.3f} / {r:.3f} / {f:.3f}", "", ""))
        if "rule_modality_accuracy" in figures:
            n = entry.get("details", {}).get("matched_rules_for_modality", "?")
            rows.append((f"rule modality accuracy (n={n})", _fmt(figures["rule_modality_accuracy"]),
                         "", ""))
    else:
        for key, label in METRICS[name]:
            base = baselines.get(key, {})
            base_txt = ", ".join(f"{b} {v:.3f}" for b, v in base.items())
            target = TARGETS.get((name, key))
            target_txt = ""
            if target is not None:
                met = figures.get(key, 0.0) >= target
                target_txt = f"≥ {target:.2f} {'✓' if met else '✗'}"
            rows.append((label, _fmt(figures.get(key)), base_txt, target_txt))
    out = []
    for i, (metric, value, base, target) in enumerate(rows):
        first = i == 0
        out.append((name if first else "", metric, value, base, target,
                    entry["date"] if first else "", entry["commit"] if first else "",
                    f"{entry['seconds']:.1f}" if first else ""))
    return out


def table_rows(entries: dict[str, dict[str, Any]]) -> list[tuple[str, ...]]:
    return [row for name in SETS if name in entries for row in _rows(name, entries[name])]


def markdown_table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*HEADER), fmt.format(*("-" * w for w in widths))]
                     + [fmt.format(*r) for r in rows])


# --------------------------------------------------------------------------------------------
# docs/benchmarks.md and .json
# --------------------------------------------------------------------------------------------

INTRO = """# Benchmarks

How well kextract's extractors and question answering do on public, externally annotated
evaluation sets (their development splits, read at run time from `../shared/benchmarks` or
`$KEXTRACT_BENCHMARKS`; nothing is copied into the repository) and on the project's own gold
annotations of `data/`. The scorers live in `kextract/evaluation/` (`scoring.py`, `carb.py`),
the per-set drivers in `kextract/evaluation/runner.py`.

Reproduce the table below (a few minutes on a laptop CPU; it rewrites this table and
`docs/benchmarks.json`):

```sh
make quality
# or
.venv/bin/python benchmarks/quality.py [--only carb,deft] [--bench-dir DIR]
```

Targets come from the project's issues; ✓ / ✗ say whether the figure meets its target. Each
row carries the date and the commit (`+dirty`: uncommitted changes) it was measured at, and the
wall-clock seconds of its set (parse + extract + score; QA sets include building the KB).
The CaRB scorer is checked against the official scorer with `benchmarks/calibrate_carb.py`.

"""


def render_block(entries: dict[str, dict[str, Any]]) -> str:
    parts = [START, "", markdown_table(table_rows(entries)), "", "### How each set is scored", ""]
    for name in SETS:
        if name in entries:
            parts.append(f"- **{name}** ({TITLES[name]}): {NOTES[name]}")
    parts += ["", "No set is subsampled: every sentence, document and question of the dev "
              "splits is used.", "", END]
    return "\n".join(parts)


def write_docs(entries: dict[str, dict[str, Any]], md_path: Path = DOCS_MD) -> None:
    block = render_block(entries)
    if md_path.exists():
        text = md_path.read_text(encoding="utf-8")
        if START in text and END in text and text.index(START) < text.index(END):
            head, rest = text.split(START, 1)
            tail = rest.split(END, 1)[1]
            text = head + block + tail
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        md_path.parent.mkdir(parents=True, exist_ok=True)
        text = INTRO + block + "\n"
    md_path.write_text(text, encoding="utf-8")


def load_entries(json_path: Path = DOCS_JSON) -> dict[str, dict[str, Any]]:
    if not json_path.exists():
        return {}
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}
    return {k: v for k, v in data.get("sets", {}).items() if k in SETS}


def write_json(entries: dict[str, dict[str, Any]], json_path: Path = DOCS_JSON) -> None:
    data = {"generated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "targets": {f"{s}/{m}": v for (s, m), v in TARGETS.items()},
            "sets": {name: entries[name] for name in SETS if name in entries}}
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------


def parse_sets(only: str | None) -> list[str]:
    if not only:
        return list(SETS)
    names = []
    for raw in only.split(","):
        name = ALIASES.get(raw.strip(), raw.strip())
        if name not in SETS:
            raise SystemExit(f"unknown set {raw!r}; choose from {', '.join(SETS)} "
                             f"(aliases: {', '.join(ALIASES)})")
        if name not in names:
            names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated sets to run (default: all)")
    parser.add_argument("--bench-dir", type=Path, default=None,
                        help="folder of the shared benchmark sets "
                             "(default: $KEXTRACT_BENCHMARKS or ../shared/benchmarks)")
    parser.add_argument("--k", type=int, default=10, help="answers per question (QA sets)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the QA corpora and KBs here (default: a temporary folder)")
    parser.add_argument("--no-write", action="store_true",
                        help="print the table only; leave docs/ untouched")
    args = parser.parse_args(argv)
    names = parse_sets(args.only)
    bench_dir = args.bench_dir or default_benchmarks_dir()
    commit = git_commit()
    with tempfile.TemporaryDirectory(prefix="kextract-quality-") as tmp:
        ctx = Context(bench_dir, args.k, args.workdir or Path(tmp))
        t0 = time.perf_counter()
        fresh = run_sets(names, ctx, commit)
        total = time.perf_counter() - t0
    print(text_table(table_rows(fresh)))
    print(f"\ntotal {total:.1f} s; benchmarks from {bench_dir}")
    if not args.no_write:
        entries = load_entries()
        entries.update(fresh)
        write_json(entries)
        write_docs(entries)
        print(f"updated {DOCS_MD.relative_to(REPO)} and {DOCS_JSON.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
