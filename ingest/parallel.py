"""Running `process` over many handbooks: worker processes on this machine, or a Dask
cluster. Either way outcomes come back in input order, so the catalog is the same
whatever the number of workers.

Each worker warms up once (rules loaded and compiled, PDF library imported) and caps its
own memory, so one pathological document costs only itself: a worker that crashes is
replaced and the document that crashed it is reported as failed.
"""
from __future__ import annotations

import resource
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from .pipeline import Outcome
from .settings import Settings


def warm_up(max_memory_mb: int | None = None) -> None:
    """Load once per worker what every document needs, and cap the worker's memory."""
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import pdfplumber  # noqa: F401  (imported here, not per document)

    from .extractors.base import compile_rule, field_rules
    from .rules import load_rules

    load_rules("taxonomy")
    rules = field_rules()
    for rule in rules["preconditions"] + rules["durations"] + rules["coverage"]:
        compile_rule(rule["pattern"])


def _crashed(path: str) -> Outcome:
    return Outcome(path, error={"code": "worker_crashed", "path": path,
                                "message": "the worker reading this file died (out of memory, "
                                           "or a crash in a PDF/DOCX library)"})


def process_pool_map(function: Callable[[str], Outcome], items: Iterable[str],
                     settings: Settings) -> Iterator[Outcome]:
    """Map over worker processes in input order, keeping a bounded window of work queued
    (results are streamed, never accumulated). A crashed worker is replaced."""
    pending = deque(items)
    window = 2 * settings.workers
    while pending:
        pool = ProcessPoolExecutor(settings.workers, initializer=warm_up,
                                   initargs=(settings.max_memory_mb,))
        queued: deque = deque()
        try:
            while pending or queued:
                while pending and len(queued) < window:
                    item = pending.popleft()
                    queued.append((item, pool.submit(function, item)))
                item, future = queued[0]
                result = future.result()
                queued.popleft()
                yield result
        except BrokenProcessPool:
            first, _ = queued.popleft()
            pending.extendleft(reversed([item for item, _ in queued]))
            yield _isolated(function, first, settings)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _isolated(function: Callable[[str], Outcome], item: str, settings: Settings) -> Outcome:
    """Retry one document alone in a fresh worker, to tell the culprit from bystanders."""
    try:
        with ProcessPoolExecutor(1, initializer=warm_up, initargs=(settings.max_memory_mb,)) as pool:
            return pool.submit(function, item).result()
    except BrokenProcessPool:
        return _crashed(item)


def dask_map(function: Callable[[str], Outcome], items: Iterable[str],
             address: str) -> Iterator[Outcome]:
    """Map over a Dask distributed cluster (`pip install .[cluster]`), in input order."""
    try:
        from dask.distributed import Client
    except ImportError:
        from .errors import IngestError

        raise IngestError("--scheduler needs Dask: pip install 'handbook-ingest[cluster]'") from None
    with Client(address) as client:
        futures = client.map(function, list(items), pure=False)
        for future in futures:
            yield future.result()


def mapper_for(settings: Settings):
    """The map function a run should use: cluster, worker processes, or this process."""
    if settings.scheduler:
        return lambda function, items: dask_map(function, items, settings.scheduler)
    return lambda function, items: process_pool_map(function, items, settings)
