"""Running `process` over many handbooks: worker processes on this machine, or a Dask
cluster. Either way outcomes come back in input order, so the catalog is the same
whatever the number of workers.

Each worker warms up once (rules loaded and compiled, PDF library imported) and caps its
own memory, so one pathological document costs only itself: a worker that crashes is
replaced and the document that crashed it is reported as failed. There are never more
workers than documents, and a single document is read in this process: starting and
warming up a worker would cost more than the document (the time limit and the memory cap
still hold; only a crash of a PDF/DOCX library would take the run with it).
"""
from __future__ import annotations

import ctypes
import os
import resource
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from .batch import Outcome
from .settings import Settings


def warm_up(max_memory_mb: int | None = None, parent: int | None = None) -> None:
    """Load once per worker what every document needs, then cap the worker's memory.

    The cap comes last, so a low `--max-memory-mb` fails the documents that need more
    (a clear per-document message), not the worker's start. The worker also dies with
    its parent: a killed `ingest run` leaves no idle workers behind.
    """
    if parent is not None:
        _die_with(parent)
    _quiet_native_stderr()
    import pdfplumber  # noqa: F401  (every module a document needs, imported once here)

    from . import pipeline  # noqa: F401
    from .readers import docx, pdf, text  # noqa: F401
    from .rules import load_all
    from .schemas import checker_for
    from .textnorm import to_simplified

    load_all()  # every rule file, every pattern compiled
    checker_for("handbook")
    to_simplified("")
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@contextmanager
def memory_cap(max_memory_mb: int):
    """The worker's memory cap around one document read in this process, lifted after it.

    Only the soft limit is lowered (the hard one could not be raised back), so a document
    that needs more raises MemoryError, which `process` reports naming --max-memory-mb.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = max_memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _quiet_native_stderr() -> None:
    """A worker reports through its results; what native code prints as it dies (pdfium's
    `std::bad_alloc` when the memory cap is reached) would only garble the run's one-line
    messages, so the worker's file descriptor 2 goes to /dev/null."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when `parent` exits (a no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def _crashed(path: str, settings: Settings) -> Outcome:
    return Outcome(path, error={"code": "worker_crashed", "path": path,
                                "message": "the worker reading this file died: out of memory "
                                           f"(the cap is {settings.max_memory_mb} MB, raise it "
                                           "with --max-memory-mb) or a crash in a PDF/DOCX "
                                           "library"})


def _read_by_native_code(path: str) -> bool:
    """A PDF is read by pdfium (C++), which aborts the process when memory runs out instead
    of raising MemoryError: it is read in a worker even alone, so the run survives it."""
    from .readers import detect_format

    try:
        return detect_format(path) == "pdf"
    except Exception:  # unreadable or unknown: `process` reports it, in this process
        return False


def _pool(workers: int, settings: Settings) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=warm_up,
                               initargs=(settings.max_memory_mb, os.getpid()))


def process_pool_map(function: Callable[[str], Outcome], items: Iterable[str],
                     settings: Settings) -> Iterator[Outcome]:
    """Map over worker processes in input order, keeping a bounded window of work queued
    (results are streamed, never accumulated). A crashed worker is replaced. One document
    alone is read in this process (a PDF excepted); more start at most one worker each."""
    pending = deque(items)
    if len(pending) == 1 and not _read_by_native_code(pending[0]):
        with memory_cap(settings.max_memory_mb):
            outcome = function(pending[0])
        yield outcome
        return
    while pending:
        workers = min(settings.workers, len(pending))
        window = 4 * workers
        pool = _pool(workers, settings)
        queued: deque = deque()
        try:
            while pending or queued:
                while pending and len(queued) < window:
                    queued.append((pending[0], pool.submit(function, pending[0])))
                    pending.popleft()  # only once submitted: a broken pool refuses submit
                item, future = queued[0]
                result = future.result()
                queued.popleft()
                yield result
        except BrokenProcessPool:
            first = queued.popleft()[0] if queued else pending.popleft()
            pending.extendleft(reversed([item for item, _ in queued]))
            yield _isolated(function, first, settings)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _isolated(function: Callable[[str], Outcome], item: str, settings: Settings) -> Outcome:
    """Retry one document alone in a fresh worker, to tell the culprit from bystanders."""
    try:
        with _pool(1, settings) as pool:
            return pool.submit(function, item).result()
    except BrokenProcessPool:
        return _crashed(item, settings)


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
