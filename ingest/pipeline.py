"""The whole pipeline on one screen:

    read_document → handbook_record (segment → extract → normalize) → verify_evidence
    → validate → write_atomic

`ingest_file` is a pure function of one file (picklable in and out), so batches can run
it in worker processes; `run` collects inputs, writes one JSON per handbook and the
catalog, and keeps going past a file that fails.
"""
from __future__ import annotations

import hashlib
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import __version__
from .cache import Cache, file_digest
from .catalog import handbook_record
from .errors import IngestError, InputError, LimitError, TooLargeError
from .model import Document
from .output import safe_stem, to_json, write_atomic
from .readers import read_document
from .schemas import SCHEMA_VERSION
from .settings import Settings
from .validate import validate, verify_evidence

HANDBOOK_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".text"}


def ingest_file(path: str | Path, settings: Settings = Settings()) -> dict:
    """One handbook file → its validated catalog record (raises IngestError on bad input)."""
    return ingest_document(path, settings)[1]


def ingest_document(path: str | Path, settings: Settings = Settings()) -> tuple[Document, dict]:
    """The document as read and its validated record, for callers that quote section text."""
    size = Path(path).stat().st_size
    if size > settings.max_file_mb * 1024 * 1024:
        raise TooLargeError(f"is {_megabytes(size)} MB, over the {settings.max_file_mb:g} MB "
                            "limit (raise it with --max-file-mb)", str(path))
    doc = read_document(path, max_pages=settings.max_pages)
    record = handbook_record(doc)
    verify_evidence(record, doc.text)
    validate(record, "handbook")
    return doc, record


def _megabytes(size: int) -> str:
    """`0.0236`, `1.5`, `250`: small sizes keep their digits (not `0 MB` over a 0.01 MB limit)."""
    mb = size / 1048576
    return f"{mb:.3g}" if mb < 100 else f"{mb:.0f}"


@dataclass
class Outcome:
    path: str
    record: Optional[dict] = None
    error: Optional[dict] = None
    seconds: float = 0.0


@contextmanager
def _time_limit(seconds: float, path: str):
    """Interrupt a document that takes longer than `seconds` (where signals can reach it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise LimitError(f"took longer than {seconds:g} s, the per-document time limit "
                         "(raise it with --timeout)", path)
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process(path: str, settings: Settings = Settings()) -> Outcome:
    """`ingest_file` with its failure kept as data, so one bad file never stops a batch.

    With a cache, an unchanged file (same bytes, same pipeline and rules) is not read again.
    """
    started = time.perf_counter()
    cache = Cache(settings.cache_dir) if settings.cache_dir else None
    try:
        digest = file_digest(path) if cache else ""
        record = cache.get(path, digest) if cache else None
        if record is None:
            with _time_limit(settings.timeout_s, path):
                record = ingest_file(path, settings)
            if cache:
                cache.put(digest, record)
        return Outcome(path, record=record, seconds=time.perf_counter() - started)
    except IngestError as exc:
        error = exc.to_dict() | {"path": path}
    except MemoryError:
        error = {"code": LimitError.code, "path": path,
                 "message": f"needed more than {settings.max_memory_mb} MB of memory, the "
                            "per-document limit (raise it with --max-memory-mb)"}
    except OSError as exc:
        error = {"code": "unreadable", "path": path, "message": f"cannot be read: {exc.strerror or exc}"}
    except Exception as exc:  # a bug on one document must not cost the rest of the batch
        error = {"code": "internal_error", "path": path,
                 "message": f"internal error ({type(exc).__name__}: {exc}); rerun with --debug"}
    return Outcome(path, error=error, seconds=time.perf_counter() - started)


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and handbook files found recursively in folders, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and p.suffix.lower() in HANDBOOK_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            found.append(path)
        else:
            raise InputError("does not exist", str(path))
    unique, seen = [], set()
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def output_names(paths: list[str]) -> dict[str, str]:
    """`<stem>.json` per input; inputs sharing a stem get a short hash of their path."""
    stems: dict[str, int] = {}
    for path in paths:
        stems[safe_stem(path)] = stems.get(safe_stem(path), 0) + 1
    names = {}
    for path in paths:
        stem = safe_stem(path)
        if stems[stem] > 1:
            stem += "-" + hashlib.sha256(str(path).encode()).hexdigest()[:8]
        names[path] = stem + ".json"
    return names


@dataclass
class RunSummary:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[dict]:
        return [o.error for o in self.outcomes if o.error]

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some failed, 2 all failed (or nothing to read)."""
        if not self.outcomes or len(self.failures) == len(self.outcomes):
            return 2
        return 1 if self.failures else 0


def run(paths: list[str | Path], out_dir: Path, settings: Settings = Settings(),
        on_outcome: Callable[[Outcome, int, int], None] = lambda o, i, n: None,
        mapper=None) -> RunSummary:
    """Ingest every handbook under `paths` into `out_dir`: one JSON each, plus catalog.json.

    `mapper(function, items)` runs `process` over the inputs and yields outcomes in input
    order: the built-in `map` by default, `ingest.parallel.mapper_for(settings)` for
    worker processes or a cluster. The output does not depend on which.
    """
    inputs = [str(p) for p in collect_inputs(paths)]
    names = output_names(inputs)
    started = datetime.now(timezone.utc)
    summary = RunSummary()
    results = (mapper or map)(partial(process, settings=settings), inputs)
    for index, outcome in enumerate(results, 1):
        summary.outcomes.append(outcome)
        if outcome.record:
            write_atomic(out_dir / names[outcome.path], to_json(outcome.record))
        on_outcome(outcome, index, len(inputs))
    summary.outcomes.sort(key=lambda o: o.path)
    catalog = {"schema_version": SCHEMA_VERSION,
               "handbooks": [o.record for o in summary.outcomes if o.record],
               "failures": summary.failures}
    validate(catalog, "catalog")
    write_atomic(out_dir / "catalog.json", to_json(catalog))
    write_atomic(out_dir / "run.json", to_json({
        "ingest_version": __version__, "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": len(inputs), "succeeded": len(inputs) - len(summary.failures),
        "failed": len(summary.failures), "failures": summary.failures,
        "outputs": {o.path: names[o.path] for o in summary.outcomes if o.record}}))
    return summary
