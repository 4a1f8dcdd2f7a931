"""Parse and extract on a Dask cluster (``dask.distributed``), for corpora too large for one
machine's cores.

Parsing is where a build spends its time, and documents parse independently, so only that
step is distributed: the process that runs ``kextract build`` reads the corpus, sends batches
of documents to the workers, and receives their parsed sentences and facts back *in corpus
order* while it writes tables, graph and indexes itself (one writer, as the embedded store
needs). A cluster build therefore gives the same KB as a local one.

``scheduler`` is either ``"local"`` (a :class:`distributed.LocalCluster` of worker processes
on this machine, closed after the build), the address of a running scheduler
(``tcp://host:8786``; its workers need kextract and the spaCy pipeline installed, nothing is
downloaded on them), or a :class:`distributed.Client` the caller owns.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence

from .errors import ClusterError, Errors
from .model import Document, ParsedDocument

#: pipelines loaded in this (worker) process, by name: each worker loads a model once
_PIPELINES: dict[str, object] = {}
_PIPELINES_LOCK = threading.Lock()


def process_batch(documents: Sequence[Document], model: str, batch_size: int = 32,
                  kinds: Sequence[str] | None = None) -> list[ParsedDocument]:
    """Parse and extract ``documents`` with the pipeline ``model`` (run on a worker)."""
    from .builder import process
    from .nlp import load_pipeline

    with _PIPELINES_LOCK:          # a worker with several threads loads the model once
        nlp = _PIPELINES.get(model)
        if nlp is None:
            nlp = _PIPELINES[model] = load_pipeline(model)
    return list(process(nlp, documents, batch_size=batch_size, kinds=kinds))


#: a scheduler address: scheme://... (tcp, tls, ucx, inproc) or host:port
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|[\w.\-\[\]:]+:\d+/?)$", re.I)


@contextmanager
def connect(scheduler, n_workers: int = 1, timeout: str = "20s"):
    """A :class:`distributed.Client` for ``scheduler`` (see the module doc), closed on exit
    unless the caller passed their own. ``timeout``: how long to wait for a scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError(Errors.E047) from exc
    if isinstance(scheduler, Client):
        yield scheduler
        return
    if isinstance(scheduler, str):
        scheduler = scheduler.strip()
        if scheduler.lower() == "local":
            scheduler = "local"
    if not isinstance(scheduler, str) or not (scheduler == "local" or
                                              _ADDRESS.match(scheduler)):
        raise ValueError(Errors.E048.format(scheduler=scheduler))
    if scheduler == "local":
        with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(Errors.E049.format(scheduler=scheduler, reason=exc)) from exc
    try:
        try:    # a scheduler without workers would take batches and never return them
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError as exc:
            raise ClusterError(Errors.E051.format(scheduler=scheduler, timeout=timeout)) \
                from exc
        yield client
    finally:
        client.close()


def process_on_cluster(client, documents: Iterable[Document], model: str, *,
                       batch_size: int = 32, kinds: Sequence[str] | None = None,
                       in_flight: int | None = None) -> Iterator[ParsedDocument]:
    """Parse and extract ``documents`` on the workers of ``client``, yielding results in
    input order. At most ``in_flight`` batches (default: twice the workers' threads, at
    least 2) are sent ahead of the one being written, so memory stays bounded on the reading
    side whatever the corpus size. An error on a worker is raised here."""
    from .builder import _batched

    if in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        in_flight = max(2, 2 * threads)
    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    pending: deque = deque()

    def next_result():
        try:
            return pending.popleft().result()
        except (KilledWorker, CommClosedError) as exc:   # the cluster, not the documents
            raise ClusterError(Errors.E050.format(reason=f"{type(exc).__name__}: {exc}")) \
                from exc

    try:
        for batch in _batched(documents, batch_size):
            pending.append(client.submit(process_batch, batch, model, batch_size, kinds,
                                         pure=False))
            while len(pending) >= in_flight:
                yield from next_result()
        while pending:
            yield from next_result()
    finally:
        for future in pending:
            future.cancel()
