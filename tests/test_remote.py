"""Pushing a KB's graph to a SPARQL server and serving it over HTTP (kextract.remote).

A real Oxigraph server (the ``oxigraph`` command of the dev extra) is started on a free
loopback port for each test that needs one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kextract.cli import main
from kextract.errors import RemoteError
from kextract.remote import graph_url, oxigraph_executable, push, serve_command

MANUAL = """# Pump manual

If the pump overheats, stop the motor and close the inlet valve.
Cavitation is the formation of vapour bubbles in a liquid where the pressure drops.
"""
RULES = """Visitors must sign in at the gate.
Examples of protective equipment include helmets, gloves and goggles.
"""


@pytest.fixture(scope="module")
def small_kb(build_small_kb):
    return build_small_kb("remote", {"pump.md": MANUAL, "rules.txt": RULES})


def wait_until_up(base: str, proc: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: "
                               f"{proc.stderr.read().decode(errors='replace')}")
        try:
            sparql(base, "ASK {}")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server on {base} after {seconds}s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    if proc.stderr is not None:
        proc.stderr.close()


def sparql(base: str, query: str):
    req = urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        data = json.loads(r.read())
    return data.get("boolean", data.get("results", {}).get("bindings"))


def counts_by_graph(base: str) -> dict[str, int]:
    rows = sparql(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


@pytest.fixture()
def server(tmp_path, free_port):
    """An empty, writable Oxigraph server: its base address."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_executable(), "serve", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc)
        yield base
    finally:
        stop(proc)


def local_counts(kb_path: Path) -> dict[str, int]:
    from kextract.kb import KnowledgeBase

    with KnowledgeBase(kb_path) as kb:
        df = kb.sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(g): int(n) for g, n in zip(df["g"], df["n"])}


def test_graph_url_addresses_named_and_default_graphs():
    assert graph_url("http://h:1/store", "https://w3id.org/x#a b") == \
        "http://h:1/store?graph=https%3A%2F%2Fw3id.org%2Fx%23a%20b"
    assert graph_url("http://h:1/store", None) == "http://h:1/store?default"
    assert graph_url("http://h:1/gsp?ds=kx", None) == "http://h:1/gsp?ds=kx&default"
    assert graph_url("http://h:1/store?", "urn:g") == "http://h:1/store?graph=urn%3Ag"


@pytest.mark.parametrize("url,why", [
    ("ftp://h/store", "not http"), ("http:///store", "no host"),
    ("http://exa mple.org/store", "no host"), ("http://h:abc/store", "cannot be parsed"),
    ("http://h/store#main", "fragment"), ("http://h/store#", "fragment"),
    ("http://h/store?graph=urn:x", "already names a graph"),
    ("http://h/store?default", "already names a graph"),
    ("http://user:s3cret@h/store", "password")])
def test_store_urls_that_would_not_address_one_graph_are_refused(url, why):
    # a PUT without its ?graph= replaces a server's whole dataset: never send one
    with pytest.raises(ValueError, match=r"^\[E042\].*" + why) as exc:
        graph_url(url, "urn:g")
    assert "s3cret" not in str(exc.value)


def test_push_sends_one_put_per_graph_with_the_headers_given(small_kb):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class Recorder(BaseHTTPRequestHandler):
        def do_PUT(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((self.path, dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        summary = push(small_kb, f"http://127.0.0.1:{httpd.server_port}/gsp?ds=kx",
                       headers={"Authorization": "Bearer t0ken"})
    finally:
        httpd.shutdown()
    from kextract.kb import KnowledgeBase

    with KnowledgeBase(small_kb) as kb:
        names = kb.graph.graph_names()
    assert summary.graphs == len(names) == len(seen)
    assert [urllib.parse.parse_qs(urllib.parse.urlsplit(p).query) for p, _, _ in seen] == \
        [{"ds": ["kx"], "graph": [n]} for n in names]
    assert all(h["Authorization"] == "Bearer t0ken" and
               h["Content-Type"] == "application/n-triples" for _, h, _ in seen)
    assert sum(len(b.splitlines()) for _, _, b in seen) == summary.triples


def test_push_copies_every_named_graph_and_replaces_on_a_second_push(small_kb, server):
    want = local_counts(small_kb)
    assert len(want) == 3          # two documents and the vocabulary (+ an empty conflicts graph)
    # a graph of someone else on the server is left alone
    other = "https://example.org/other"
    req = urllib.request.Request(graph_url(f"{server}/store", other), method="PUT",
                                 data=b"<https://example.org/a> <https://example.org/b> "
                                      b"<https://example.org/c> .\n",
                                 headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req, timeout=10).read()

    done = []
    summary = push(small_kb, f"{server}/store", progress=done.append)
    assert summary.graphs == 4 and summary.triples == sum(want.values())
    assert done == [1, 2, 3, 4]
    assert counts_by_graph(server) == {**want, other: 1}
    # PUT replaces: a stale triple in a document's graph on the server is gone after a push
    doc = next(g for g in want if "pump" in g)
    stale = urllib.request.Request(f"{server}/update", method="POST", data=(
        f"INSERT DATA {{ GRAPH <{doc}> {{ <https://example.org/s> <https://example.org/p> "
        f"\"stale\" }} }}").encode(), headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(stale, timeout=10).read()
    assert counts_by_graph(server)[doc] == want[doc] + 1
    push(small_kb, f"{server}/store")
    assert counts_by_graph(server) == {**want, other: 1}
    # and the server answers the same rule query as the KB
    q = ("PREFIX kx: <https://w3id.org/kextract/ns#> "
         "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g { ?r a kx:Rule } }")
    from kextract.kb import KnowledgeBase

    with KnowledgeBase(small_kb) as kb:
        n_rules = int(kb.sparql(q)["n"][0])
    assert n_rules >= 2 and int(sparql(server, q)[0]["n"]["value"]) == n_rules


def test_push_only_the_graphs_asked_for(small_kb, server):
    want = local_counts(small_kb)
    doc = next(g for g in want if "pump" in g)
    summary = push(small_kb, f"{server}/store", graphs=[doc])
    assert summary.graphs == 1 and counts_by_graph(server) == {doc: want[doc]}


def test_push_errors_are_clear_and_coded(small_kb, server, free_port):
    with pytest.raises(ValueError, match=r"^\[E042\]"):
        push(small_kb, "ftp://example.org/store")
    with pytest.raises(ValueError, match=r"^\[E043\].*https://example.org/nope"):
        push(small_kb, f"{server}/store", graphs=["https://example.org/nope"])
    # a server that refuses the request: the query endpoint does not take PUT
    with pytest.raises(RemoteError, match=r"^\[E044\] The server refused graph .* HTTP 4\d\d"):
        push(small_kb, f"{server}/query")
    with pytest.raises(RemoteError, match=r"^\[E045\] Cannot reach"):
        push(small_kb, f"http://127.0.0.1:{free_port()}/store", timeout=5)


def test_cli_push_and_its_errors(small_kb, server, free_port):
    runner = CliRunner()
    res = runner.invoke(main, ["push", str(small_kb), f"{server}/store", "-q",
                               "--header", "X-Test: 1"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("pushed 4 graphs (") and f"{server}/store" in res.output
    assert counts_by_graph(server) == local_counts(small_kb)
    res = runner.invoke(main, ["push", str(small_kb), f"http://127.0.0.1:{free_port()}/store",
                               "-q"])
    assert res.exit_code == 2 and "[E045]" in res.output and "Traceback" not in res.output
    res = runner.invoke(main, ["push", str(small_kb), f"{server}/store", "--header", "nocolon"])
    assert res.exit_code == 2 and "NAME: VALUE" in res.output


def test_serve_runs_oxigraph_read_only_on_the_kb(small_kb, free_port):
    cmd = serve_command(small_kb, "127.0.0.1:1", cors=True, timeout_s=5)
    assert cmd[1:3] == ["serve-read-only", "--location"] and cmd[3].endswith("graph")
    assert "--union-default-graph" in cmd and "--cors" in cmd and cmd[-2:] == ["--timeout-s", "5"]
    res = CliRunner().invoke(main, ["serve", str(small_kb), "--print-command"])
    assert res.exit_code == 0 and "serve-read-only" in res.output

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kextract.cli", "serve", str(small_kb),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc)
        assert counts_by_graph(base) == local_counts(small_kb)
        # the default graph is the union of the named graphs, as in KnowledgeBase.sparql
        q = ("PREFIX kx: <https://w3id.org/kextract/ns#> "
             "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a kx:Rule }")
        from kextract.kb import KnowledgeBase

        with KnowledgeBase(small_kb) as kb:
            assert int(sparql(base, q)[0]["n"]["value"]) == int(kb.sparql(q)["n"][0])
    finally:
        stop(proc)


def test_serve_on_a_missing_kb_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(main, ["serve", str(tmp_path / "nope"), "--print-command"])
    assert res.exit_code == 2 and "[E012]" in res.output
