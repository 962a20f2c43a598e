"""Running the pipeline over many handbooks.

`process` wraps `ingest_document` for batches (the cache, the time limit, failures kept
as data; picklable in and out, so it runs in worker processes); `run` collects inputs,
writes one JSON per handbook and the catalog, and keeps going past a file that fails.
The catalog covers every handbook the output folder holds: those of this run, and those
an earlier run wrote that this run did not try.
"""
from __future__ import annotations

import hashlib
import json
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from . import __version__
from .cache import Cache, file_digest
from .errors import IngestError, InputError, LimitError, UsageError
from .output import safe_stem, to_json, write_atomic, write_if_changed
from .pipeline import ingest_document
from .rules import load_all
from .schemas import SCHEMA_VERSION
from .settings import Settings
from .validate import validate

# what a folder's handbooks are named: PDF, Word, text and Markdown, saved web pages, a
# spreadsheet's service list saved as CSV or TSV, and one exported as YAML (a `.json` file is
# read when named, not found in a folder, which may hold this tool's own JSON output)
HANDBOOK_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".text", ".html", ".htm", ".csv", ".tsv",
                     ".yaml", ".yml"}


@dataclass
class Outcome:
    path: str
    record: Optional[dict] = None
    text: Optional[str] = None  # the record as written (to_json), encoded where it was made
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


def process(path: str, settings: Settings = Settings(), digest: Optional[str] = None) -> Outcome:
    """One file's record, with its failure kept as data, so one bad file never stops a batch.

    With a cache, an unchanged file (same bytes, same pipeline and rules) is neither read
    nor extracted again; `digest` is the file's sha256 when the caller has it already.
    """
    started = time.perf_counter()
    cache = Cache(settings.cache_dir) if settings.cache_dir else None
    try:
        digest = (digest or file_digest(path)) if cache else ""
        hit = cache.get(path, digest) if cache else None
        if hit:
            record, text = hit
        else:
            with _time_limit(settings.timeout_s, path):
                record = ingest_document(path, settings, cache, digest)[1]
            text = to_json(record)
            if cache:
                cache.put(digest, text)
        return Outcome(path, record=record, text=text, seconds=time.perf_counter() - started)
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


def collect_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(handbooks, skipped): files as given, and handbook files found recursively in
    folders, in a stable order; `skipped` are the other visible files found in folders
    (spreadsheets, images…), reported so that nothing is left out silently."""
    found: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            visible = sorted(p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts))
            found += [p for p in visible if p.suffix.lower() in HANDBOOK_SUFFIXES]
            skipped += [p for p in visible if p.suffix.lower() not in HANDBOOK_SUFFIXES]
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
    return unique, [path for path in skipped if path.resolve() not in seen]


def output_names(paths: list[str], taken: frozenset[str] = frozenset()) -> dict[str, str]:
    """`<stem>.json` per input; inputs sharing a stem, or whose name an earlier run's
    handbook already holds (`taken`), get a short hash of their path."""
    stems: dict[str, int] = {}
    for path in paths:
        stems[safe_stem(path)] = stems.get(safe_stem(path), 0) + 1
    names = {}
    for path in paths:
        stem = safe_stem(path)
        if stems[stem] > 1 or stem + ".json" in taken:
            stem += "-" + hashlib.sha256(str(path).encode()).hexdigest()[:8]
        names[path] = stem + ".json"
    return names


@dataclass
class RunSummary:
    """What a run did. Outcomes keep path, error and time; records are on disk, not here
    (a batch streams through memory whatever its size)."""

    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    kept: int = 0  # handbooks of earlier runs, not tried again, still in the catalog

    @property
    def failures(self) -> list[dict]:
        return [o.error for o in self.outcomes if o.error]

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some failed, 2 all failed."""
        if len(self.failures) == len(self.outcomes):
            return 2
        return 1 if self.failures else 0


def run(paths: list[str | Path], out_dir: Path, settings: Settings = Settings(),
        on_outcome: Callable[[Outcome, int, int], None] = lambda o, i, n: None,
        mapper=None) -> RunSummary:
    """Ingest every handbook under `paths` into `out_dir`: one JSON each, plus catalog.json.

    `mapper(function, items)` runs `process` over the inputs and yields outcomes in input
    order: the built-in `map` by default, `ingest.parallel.mapper_for(settings)` for
    worker processes or a cluster. The output does not depend on which.

    Nothing to read, or a rule file that fails its checks (when a handbook is to be read),
    is an error and writes nothing.
    Handbooks an earlier run left in `out_dir` stay in the catalog unless this run tried
    them again; one that now fails leaves the catalog (and its old file is removed), and is
    listed under failures.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError("is a file; --out names the folder ingest run writes into", str(out_dir))
    handbooks, skipped = collect_inputs(paths)
    if not handbooks:
        others = f", {len(skipped)} skipped as other kinds" if skipped else ""
        raise InputError(f"holds no handbook files to read ({' '.join(sorted(HANDBOOK_SUFFIXES))})"
                         f"{others}; nothing written", ", ".join(str(p) for p in paths))
    inputs = [str(p) for p in handbooks]
    earlier, earlier_failures = _earlier_catalog(out_dir)
    tried = {Path(p).resolve() for p in inputs}
    kept = {path: name for path, name in earlier.items()
            if Path(path).resolve() not in tried and (out_dir / name).is_file()}
    names = output_names(inputs, frozenset(kept.values()))
    started = datetime.now(timezone.utc)
    summary = RunSummary(skipped=[str(p) for p in skipped], kept=len(kept))
    for index, outcome in enumerate(_outcomes(inputs, settings, mapper or map), 1):
        if outcome.record:
            write_if_changed(out_dir / names[outcome.path], outcome.text)
        on_outcome(outcome, index, len(inputs))
        summary.outcomes.append(replace(outcome, record=None, text=None))
    summary.outcomes.sort(key=lambda o: o.path)
    written = {o.path: names[o.path] for o in summary.outcomes if not o.error}
    catalog = dict(sorted((kept | written).items()))
    failures = sorted([f for f in earlier_failures if Path(f["path"]).resolve() not in tried]
                      + summary.failures, key=lambda f: f["path"])
    write_atomic(out_dir / "catalog.json",
                 _catalog_chunks([out_dir / name for name in catalog.values()], failures))
    write_atomic(out_dir / "run.json", to_json({
        "ingest_version": __version__, "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": len(inputs), "succeeded": len(written), "failed": len(summary.failures),
        "failures": summary.failures, "outputs": written, "skipped": summary.skipped,
        "catalog": {"handbooks": catalog, "failures": failures}}))
    for name in set(earlier.values()) - set(catalog.values()):
        (out_dir / name).unlink(missing_ok=True)
    return summary


def _earlier_catalog(out_dir: Path) -> tuple[dict[str, str], list[dict]]:
    """(source path → handbook file, failures) of the catalog an earlier run wrote, from its
    run.json (one written before run.json had `catalog` has them as `outputs` and `failures`).

    Only plain `*.json` names inside `out_dir` are taken, since this run may delete them;
    a run.json that is missing or not ours counts as no earlier run.
    """
    try:
        earlier = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
        index = earlier.get("catalog") or {"handbooks": earlier["outputs"],
                                            "failures": earlier["failures"]}
        handbooks = {str(path): name for path, name in index["handbooks"].items()
                     if isinstance(name, str) and _own_file_name(name)}
        failures = [{key: str(f[key]) for key in ("code", "message", "path")} for f in index["failures"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, []
    return handbooks, failures


def _own_file_name(name: str) -> bool:
    return Path(name).name == name and name.endswith(".json") and name not in ("catalog.json", "run.json")


def _outcomes(inputs: list[str], settings: Settings, mapper) -> Iterator[Outcome]:
    """Outcomes in input order. Handbooks already in the cache are answered here, without
    starting a worker; only the others go through `mapper`."""
    digests: dict[str, str] = {}
    if settings.cache_dir:
        cache = Cache(settings.cache_dir)
        for path in inputs:
            try:
                digest = file_digest(path)
            except OSError:
                continue  # `process` reports it
            if cache.has(digest):
                digests[path] = digest
    misses = [path for path in inputs if path not in digests]
    if misses:  # one error before any handbook is read, not a failure of every handbook
        load_all()
    fresh = iter(mapper(partial(process, settings=settings), misses) if misses else ())
    for path in inputs:
        yield process(path, settings, digests[path]) if path in digests else next(fresh)


def _catalog_chunks(record_files: list[Path], failures: list[dict]) -> Iterator[str]:
    """catalog.json, streamed: the handbooks' files as written, indented into the catalog.

    Byte for byte what `to_json` gives for the whole catalog, without holding it. Each
    record was validated before it was written, so only the catalog's frame is checked here.
    Indenting a file is replacing its line breaks: all are `to_json`'s, strings hold none
    (`textwrap.indent` would also break at a U+2028 or U+0085 inside a string).
    """
    frame = {"failures": failures, "handbooks": [], "schema_version": SCHEMA_VERSION}
    validate(frame, "catalog")
    head, tail = to_json(frame).split(' "handbooks": []', 1)
    yield head + ' "handbooks": ['
    for index, path in enumerate(record_files):
        record = path.read_text(encoding="utf-8").rstrip("\n")
        yield ("\n  " if index == 0 else ",\n  ") + record.replace("\n", "\n  ")
    yield ("\n ]" if record_files else "]") + tail
