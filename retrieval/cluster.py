"""Building on a Dask cluster: the build's attribution and tokenization batches run on the
cluster's workers (``newsbot index --dask tcp://HOST:8786``).

The client reads the corpus, cuts the same batches a local build cuts and puts the results
together in the same order (index.news_index.remote_workers), so the index is the one a local build
makes. Workers need newsbot installed (the same version: they run its code) but no corpus and
no index directory. Dask's ``distributed`` is an optional dependency (the ``dask`` extra).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .index.news_index import remote_workers

_initialized: str | None = None
"""On a worker: the build whose initializer last ran in this process."""


def _run_batch(func: Callable, batch: Any, build: str, initializer: Callable | None, initargs: tuple) -> tuple[Any, str]:
    """On a worker: ``func(batch)`` after ``initializer`` (once per build and worker process),
    with the worker's address (so the client can say where the work ran)."""
    global _initialized
    from distributed import get_worker

    if initializer is not None and _initialized != build:
        initializer(*initargs)
        _initialized = build
    return func(batch), get_worker().address


@dataclass(slots=True)
class ClusterWork:
    """What ran on the cluster during one build: tasks and the workers that ran them."""

    address: str
    tasks: int = 0
    workers: set[str] = field(default_factory=set)


class ClusterError(Exception):
    """The Dask scheduler cannot be reached (one line naming the address)."""


@contextlib.contextmanager
def dask_cluster(address: str, timeout: float = 10.0) -> Iterator[ClusterWork]:
    """Inside this block builds run their batches on the Dask cluster at ``address``."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError("building on a Dask cluster needs Dask's distributed package: pip install 'newsbot[dask]'") from exc
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    work = ClusterWork(address)

    def remote(func: Callable, batches: list, initializer: Callable | None, initargs: tuple) -> list:
        build = uuid.uuid4().hex
        shared = client.scatter(initargs, broadcast=True) if initializer is not None else ()  # sent once per worker
        futures = client.map(
            _run_batch, [func] * len(batches), batches, build=build, initializer=initializer, initargs=shared, pure=False
        )
        results = []
        for result, worker in client.gather(futures):
            results.append(result)
            work.workers.add(worker)
        work.tasks += len(batches)
        return results

    try:
        with remote_workers(remote):
            yield work
    finally:
        client.close()
