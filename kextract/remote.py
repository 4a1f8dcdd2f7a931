"""The graph beyond one process: push it to a SPARQL server, or serve it over HTTP.

Embedded by default, distributed when needed: a KB's graph lives in an on-disk Oxigraph store
that one process queries. When others need it over the network, kextract does not grow a
server of its own:

* :func:`push` copies the KB's named graphs (one per document, plus the vocabulary) to any
  server that speaks the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph, Fuseki, GraphDB,
  Virtuoso, ...), one HTTP ``PUT`` per graph. ``PUT`` replaces a graph, so pushing again after
  a rebuild replaces each document's graph and touches no other graph of the server.
* :func:`serve_command` is the command line of the SPARQL server that the ``oxigraph``
  package ships (``oxigraph serve-read-only``), pointed at the KB's store: SPARQL 1.1 Query
  and Graph Store endpoints on ``/query`` and ``/store``, with the union of the named graphs
  as default graph, as :meth:`kextract.kb.KnowledgeBase.sparql` sees it.
"""

from __future__ import annotations

import http.client
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .errors import Errors, RemoteError

#: media type of the graphs :func:`push` sends
NTRIPLES = "application/n-triples"


@dataclass(frozen=True, slots=True)
class PushSummary:
    """What :func:`push` sent."""

    url: str
    graphs: int
    triples: int
    seconds: float


def check_store_url(store_url: str) -> str:
    """``store_url`` if it can address graphs: http(s), a host, a valid port, no fragment, no
    user name or password (send credentials with a header) and no ``graph``/``default``
    parameter of its own (each request adds one). Raises ValueError (E042) otherwise."""
    try:
        parts = urllib.parse.urlsplit(store_url)
        parts.port                                  # raises ValueError on a bad port
    except ValueError:
        raise ValueError(Errors.E042.format(url=_shown(store_url), why="it cannot be parsed"))
    params = {k for k, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)}
    why = ("it is not http(s)" if parts.scheme not in ("http", "https") else
           "it has no host" if not parts.hostname or " " in parts.netloc else
           "it holds a user name or password (send credentials with --header)"
           if parts.username is not None or parts.password is not None else
           "it has a #fragment" if parts.fragment or store_url.rstrip().endswith("#") else
           "it already names a graph" if params & {"graph", "default"} else None)
    if why:
        raise ValueError(Errors.E042.format(url=_shown(store_url), why=why))
    return store_url


def _shown(url: str) -> str:
    """``url`` without any password, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{netloc}"))
    except ValueError:
        return url


def graph_url(store_url: str, graph: str | None) -> str:
    """The Graph Store Protocol address of ``graph`` (``None``: the default graph) at
    ``store_url`` (e.g. ``http://localhost:7878/store``): ``?graph=<iri>`` or ``?default``
    added to its query string (see :func:`check_store_url` for what ``store_url`` may be)."""
    parts = urllib.parse.urlsplit(check_store_url(store_url))
    query = [q for q in parts.query.split("&") if q]
    query.append("default" if graph is None else
                 "graph=" + urllib.parse.quote(graph, safe=""))
    return urllib.parse.urlunsplit(parts._replace(query="&".join(query)))


def push(kb, store_url: str, *, headers: Mapping[str, str] | None = None,
         graphs: Iterable[str] | None = None, timeout: float = 120.0,
         progress=None) -> PushSummary:
    """Copy the named graphs of ``kb`` (a :class:`~kextract.kb.KnowledgeBase` or its path) to
    the Graph Store Protocol endpoint ``store_url``, each with an HTTP ``PUT`` of its
    N-Triples, which replaces that graph on the server.

    ``graphs`` limits the push to those graph IRIs (default: all, sorted); ``headers`` are
    added to every request (e.g. ``Authorization``); ``progress`` is called with the number of
    graphs done after each one. Raises :class:`~kextract.errors.RemoteError` naming the graph
    and the server's answer when a request fails; graphs pushed before it stay pushed.
    """
    import pyoxigraph as ox

    from .kb import KnowledgeBase

    check_store_url(store_url)
    own = not isinstance(kb, KnowledgeBase)
    base = KnowledgeBase(kb) if own else kb
    try:
        store = base.graph
        inner = store.dataset.store._inner  # the pyoxigraph.Store behind oxrdflib
        known = store.graph_names()
        names = sorted(graphs) if graphs is not None else known
        unknown = sorted(set(names) - set(known))
        if unknown:
            raise ValueError(Errors.E043.format(graphs=", ".join(unknown[:5])))
        t0 = time.perf_counter()
        triples = 0
        for done, name in enumerate(names, start=1):
            data = [ox.Triple(q.subject, q.predicate, q.object)
                    for q in inner.quads_for_pattern(None, None, None, ox.NamedNode(name))]
            body = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES)
            _put(graph_url(store_url, name), body, headers or {}, timeout, name)
            triples += len(data)
            if progress is not None:
                progress(done)
        return PushSummary(store_url, len(names), triples, time.perf_counter() - t0)
    finally:
        if own:
            base.close()


def _put(url: str, body: bytes, headers: Mapping[str, str], timeout: float, graph: str) -> None:
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": NTRIPLES, **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip()
        raise RemoteError(Errors.E044.format(graph=graph, url=url, status=exc.code,
                                             detail=detail or exc.reason)) from exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise RemoteError(Errors.E045.format(url=url, reason=reason)) from exc


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` command (from the ``oxigraph`` PyPI package): next to this
    Python's own scripts first, then on ``PATH``."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if found is None:
        raise RemoteError(Errors.E046)
    return found


def serve_command(kb_path: str | Path, bind: str = "localhost:7878", *,
                  cors: bool = False, timeout_s: int | None = None) -> list[str]:
    """The command line that serves the KB at ``kb_path`` read-only with Oxigraph's SPARQL
    server (its union default graph on). Several read-only servers and KnowledgeBase handles
    may share a store; none may run while ``kextract build`` rewrites that KB."""
    from .kb import KnowledgeBase

    with KnowledgeBase(kb_path) as base:   # checks the KB is one, with a clear error if not
        location = base.path / "graph"
    cmd = [oxigraph_executable(), "serve-read-only", "--location", str(location),
           "--bind", bind, "--union-default-graph"]
    if cors:
        cmd.append("--cors")
    if timeout_s is not None:
        cmd += ["--timeout-s", str(int(timeout_s))]
    return cmd
