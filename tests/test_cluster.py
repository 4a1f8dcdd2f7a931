"""Builds on a Dask cluster (kextract.cluster): a real LocalCluster of worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import kextract
from kextract.cli import main
from kextract.cluster import connect, process_on_cluster
from kextract.errors import ClusterError, ModelNotFoundError
from kextract.kb import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("cluster_corpus")
    shutil.copytree(DATA / "first_aid", out / "first_aid")
    return out


def _nquads(kb_path: Path) -> list[str]:
    with KnowledgeBase(kb_path) as kb:
        out = kb_path.parent / f"{kb_path.name}.nq"
        kb.export(out, "nquads")
    return sorted(out.read_text(encoding="utf-8").splitlines())


def test_a_cluster_build_is_the_same_kb_as_a_local_build(corpus, tmp_path):
    from distributed import Client, LocalCluster

    from kextract import cluster

    before = dict(cluster._PIPELINES)
    here = kextract.build([str(corpus)], tmp_path / "here", export=False, batch_size=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as lc, Client(lc) as client:
        there = kextract.build([str(corpus)], tmp_path / "there", export=False, batch_size=2,
                               scheduler=client)
        # the workers parsed: each loaded the pipeline in its own process; this one did not
        loaded = client.run(lambda: sorted(__import__("kextract.cluster", fromlist=["_"])
                                           ._PIPELINES))
        address = client.scheduler_info()["address"]
    assert any(loaded.values()) and cluster._PIPELINES == before
    assert (there.documents, there.sentences, there.facts, there.triples) == \
        (here.documents, here.sentences, here.facts, here.triples)
    assert here.documents == 5
    with KnowledgeBase(tmp_path / "here") as a, KnowledgeBase(tmp_path / "there") as b:
        assert b.manifest["settings"]["scheduler"] == address
        assert address.startswith("tcp://")
        for table in ("documents", "sentences", "rules", "examples", "definitions",
                      "relations", "concepts"):
            pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
        assert [x.text for x in a.ask("What should I do for a burn?", k=3)] == \
            [x.text for x in b.ask("What should I do for a burn?", k=3)]
    assert _nquads(tmp_path / "here") == _nquads(tmp_path / "there")


def test_local_starts_a_cluster_of_worker_processes_and_closes_it():
    with connect(" Local ", n_workers=1) as client:
        assert client.status == "running" and sum(client.nthreads().values()) == 1
    assert client.status == "closed"


def test_results_come_back_in_input_order_with_few_batches_in_flight(corpus):
    from distributed import Client, LocalCluster

    from kextract.corpus import CorpusReader
    from kextract.nlp import default_model_name

    docs = list(CorpusReader([str(corpus)]))
    pulled = []

    def reading():
        for d in docs:
            pulled.append(d.id)
            yield d

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        with connect(client) as same:
            assert same is client
        assert client.status == "running"          # a caller's client is used, not closed
        stream = process_on_cluster(client, reading(), default_model_name(), batch_size=1,
                                    in_flight=2)
        first = next(stream)
        assert len(pulled) == 2                     # two batches of one sent, no more
        got = [first, *stream]
        assert [p.document.id for p in got] == [d.id for d in docs]
        # an error on a worker reaches the caller
        with pytest.raises(ModelNotFoundError, match=r"^\[E001\]"):
            list(process_on_cluster(client, docs, "no_such_pipeline_xx"))


def test_bad_or_unreachable_schedulers_are_clear_errors(corpus, tmp_path, free_port):
    with pytest.raises(ValueError, match=r"^\[E048\]"):
        with connect("nonsense"):
            pass
    with pytest.raises(ClusterError, match=r"^\[E049\] Cannot connect"):
        with connect(f"tcp://127.0.0.1:{free_port()}", timeout="1s"):
            pass
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty:
        with pytest.raises(ClusterError, match=r"^\[E051\] .* has no workers"):
            with connect(empty.scheduler_address, timeout="1s"):
                pass
    res = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "kb"), "-q",
                                    "--scheduler", "nonsense"])
    assert res.exit_code == 2 and "[E048]" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "kb").exists()
    assert not list(tmp_path.glob(".kb.building-*"))   # nothing half-built is left behind
