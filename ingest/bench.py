"""How fast the pipeline reads handbooks, against the floor cost of the PDF library.

    python -m ingest.bench [--pages N] [--long-pages N] [--repeat K] [--corpus DIR] [--json]
                           [--quick]

One corpus is built (or reused with --corpus) and every figure is measured on it:

  (1) bare pdfplumber `page.extract_text()` over every PDF page, in one process, and bare
      pypdfium2 `textpage.get_text_range()` (the floor cost of the library the reader uses);
  (2) the whole pipeline as `ingest run --jobs 1 --no-cache` runs it;
  (3) the same with two worker processes, beside what the machine gives two CPU-bound
      processes at once (a pure-Python loop in one, then in two);
  (4) a warm re-run with the cache (after a cold run filling a fresh cache), and a
      re-run after a rule change (records stale, documents still cached: extraction only);
  (5) the peak RSS of `python -m ingest run --jobs 1 --no-cache` (the whole process
      tree, workers included, and each process's own peak) on the corpus and on a corpus
      twice as large: streamed means no process grows with the corpus;
  documents/s for the DOCX and text readers' paths;
  (6) one long handbook of --long-pages pages and one four times as long (the PDFs of
      `sources/` appended page after page): a cold run and a re-run extracting from the
      cached document, each per page, so the ratio shows whether the cost grows with the
      square of a handbook's length;
  (7) `ingest run` on one small text file against `process()` of it, each a fresh
      process: what starting the batch machinery costs a single document.

Every PDF, DOCX and text file in the corpus is a copy of a handbook in `sources/` or
`tests/data/seeds/` with changed bytes (a comment after `%%EOF`, a zip comment, a trailing
line), so no cache can recognise one. Pipeline runs (2)-(4) each happen in a fresh Python
process that calls `run(...)` exactly as the command line does, timed around that call
(wall clock, best of --repeat), so one measurement cannot warm up the next.

The targets are printed beside the figures with ✓/✗; the exit status is 0 regardless,
since this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEEDS = ROOT / "tests" / "data" / "seeds"
MANIFEST = "bench-corpus.json"
CORPUS_FORMAT = 2

DEFAULT_PAGES = 400
QUICK_PAGES = 60
DEFAULT_LONG_PAGES = 400
QUICK_LONG_PAGES = 25
LONG_FACTOR = 4

TARGET_PIPELINE_RATIO = 4.0  # (2) / (1): the pipeline at least 4× bare pdfplumber
TARGET_PDFIUM_RATIO = 1 / 3  # (2) / (1b): within 3× of bare pypdfium2
TARGET_SPEEDUP = 1.7  # (3) / (2), on two cores
TARGET_WARM_RATIO = 50.0  # (2) / (4)
MEMORY_GROWTH_TOLERANCE = 0.10  # 2× corpus may peak at most this much higher ("not growing")
TARGET_LONG_RATIO = 1.2  # (6) per-page time at LONG_FACTOR × the pages / at 1×
TARGET_ONE_FILE_RATIO = 1.3  # (7) `ingest run FILE` / `process(FILE)`
POLL_SECONDS = 0.02


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --- the machine ------------------------------------------------------------------------

def machine_info() -> dict:
    model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    try:
        import pdfplumber
        pdfplumber_version = pdfplumber.__version__
    except ImportError:  # pragma: no cover
        pdfplumber_version = None
    try:
        import pypdfium2
        pypdfium2_version = pypdfium2.version.PYPDFIUM_INFO.version
    except ImportError:  # pragma: no cover
        pypdfium2_version = None
    from . import __version__
    return {"cpu_count": os.cpu_count() or 1, "usable_cpus": usable,
            "cpu_model": model or "unknown", "python": platform.python_version(),
            "platform": platform.platform(),
            "pdfplumber": pdfplumber_version, "pypdfium2": pypdfium2_version,
            "ingest": __version__}


# --- the corpus -------------------------------------------------------------------------

def pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def copy_pdf(source: Path, target: Path, tag: str) -> None:
    """A byte-different copy: a comment line after `%%EOF` (readers ignore it)."""
    data = source.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    target.write_bytes(data + f"%bench-copy-{tag}\n".encode())


def copy_docx(source: Path, target: Path, tag: str) -> None:
    """A byte-different copy: the same zip members under a different zip comment."""
    shutil.copyfile(source, target)
    with zipfile.ZipFile(target, "a") as archive:
        archive.comment = f"bench-copy-{tag}".encode()


def copy_text(source: Path, target: Path, tag: str) -> None:
    """A byte-different copy: one trailing comment line."""
    data = source.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    target.write_bytes(data + f"<!-- bench-copy-{tag} -->\n".encode())


def long_pdf(target: Path, pages: int, sources: list[Path]) -> None:
    """One handbook of exactly `pages` pages: the sources' pages appended in turn, with
    pypdfium2 (installed with pdfplumber)."""
    import pypdfium2

    opened = [pypdfium2.PdfDocument(str(path)) for path in sources]
    out = pypdfium2.PdfDocument.new()
    try:
        turn = 0
        while len(out) < pages:
            source = opened[turn % len(opened)]
            out.import_pages(source, list(range(min(len(source), pages - len(out)))))
            turn += 1
        out.save(str(target))
    finally:
        out.close()
        for document in opened:
            document.close()


def _pdf_plan(pages: int, sources: list[tuple[Path, int]]) -> list[tuple[Path, int]]:
    """Sources in turn (3, 8, 40 pages, …) until the plan holds at least `pages` pages."""
    plan, total = [], 0
    while total < pages:
        source, count = sources[len(plan) % len(sources)]
        plan.append((source, count))
        total += count
    return plan


def build_corpus(root: Path, pages: int, copies: int, long_pages: int) -> dict:
    """Write the corpus under `root` (pdf/, pdf-more/, docx/, text/, long/) and its manifest.

    `pdf-more/` mirrors `pdf/` with other copies, so `pdf/ + pdf-more/` is a corpus exactly
    twice as large (for the memory figure). Reuses a manifest that matches.
    """
    manifest_path = root / MANIFEST
    wanted = {"format": CORPUS_FORMAT, "pages_requested": pages, "copies": copies,
              "long_pages": long_pages}
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if all(manifest.get(k) == v for k, v in wanted.items()) and all(
                    (root / f).is_file() for key in ("pdf", "pdf_more", "docx", "text", "long")
                    for f in manifest[key]):
                return manifest | {"root": str(root), "reused": True}
        except (ValueError, KeyError, TypeError):
            pass
    pdfs = sorted(SOURCES.glob("*.pdf"))
    docxs = sorted(SOURCES.glob("*.docx"))
    seeds = sorted(SEEDS.glob("*.txt"))
    if not (pdfs and docxs and seeds):
        raise SystemExit(f"bench: needs the handbooks in {SOURCES} and {SEEDS} "
                         "(run from a checkout of the project)")
    counted = [(path, pdf_pages(path)) for path in pdfs]
    plan = _pdf_plan(pages, counted)
    for sub in ("pdf", "pdf-more", "docx", "text", "long"):
        folder = root / sub
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    manifest = wanted | {"pdf": [], "pdf_more": [], "docx": [], "text": [], "long": [],
                         "pdf_pages": sum(count for _, count in plan)}
    for index, (source, _) in enumerate(plan):
        for key, sub, prefix in (("pdf", "pdf", "a"), ("pdf_more", "pdf-more", "b")):
            tag = f"{prefix}{index:04d}"
            name = f"{sub}/{tag}_{source.name}"
            copy_pdf(source, root / name, tag)
            manifest[key].append(name)
    for copy in range(copies):
        for source in docxs:
            tag = f"d{copy:03d}"
            name = f"docx/{tag}_{source.name}"
            copy_docx(source, root / name, tag)
            manifest["docx"].append(name)
        for source in seeds:
            tag = f"t{copy:03d}"
            name = f"text/{tag}_{source.name}"
            copy_text(source, root / name, tag)
            manifest["text"].append(name)
    for count in (long_pages, LONG_FACTOR * long_pages):
        name = f"long/long-{count}.pdf"
        long_pdf(root / name, count, pdfs)
        if pdf_pages(root / name) != count:
            raise SystemExit(f"bench: {name} does not have {count} pages")
        manifest["long"].append(name)
    _check_copies(root, manifest, dict(counted))
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest | {"root": str(root), "reused": False}


def _check_copies(root: Path, manifest: dict, counts: dict[Path, int]) -> None:
    """The first copy of each PDF reads to the same pages and text as its source."""
    import pdfplumber

    checked = set()
    for name in manifest["pdf"]:
        source = SOURCES / name.split("_", 1)[1]
        if source in checked:
            continue
        checked.add(source)
        with pdfplumber.open(source) as a, pdfplumber.open(root / name) as b:
            if (len(a.pages) != len(b.pages)
                    or a.pages[0].extract_text() != b.pages[0].extract_text()):
                raise SystemExit(f"bench: the copy {name} does not read like {source.name}")


# --- measurements -----------------------------------------------------------------------

def best_of(repeat: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(max(1, repeat)))


def bare_pdfplumber(paths: list[Path]) -> tuple[float, int]:
    """(seconds, pages): `page.extract_text()` on every page, in this process."""
    import pdfplumber

    pages = 0
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return time.perf_counter() - started, pages


def bare_pypdfium2(paths: list[Path]) -> tuple[float, int]:
    """(seconds, pages): every page's text through pdfium's text page, in this process."""
    import pypdfium2

    pages = 0
    started = time.perf_counter()
    for path in paths:
        pdf = pypdfium2.PdfDocument(str(path))
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return time.perf_counter() - started, pages


_CPU_LOOP = "s = 0\nfor i in range(6_000_000):\n    s += i"


def machine_ceiling() -> dict:
    """How much faster two CPU-bound Python processes finish together than one after the
    other on this machine: the most two workers can give over one. On a shared VM (CPU
    steal, one core's worth of cache) it is well under 2, and (3)/(2) is read against it."""
    command = [sys.executable, "-c", _CPU_LOOP]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    one = time.perf_counter() - started
    started = time.perf_counter()
    both = [subprocess.Popen(command) for _ in range(2)]
    if any([process.wait() for process in both]):  # every child waited for
        raise RuntimeError("the CPU loop failed in a child process")
    two = time.perf_counter() - started
    return {"one_seconds": one, "two_seconds": two, "speedup": 2 * one / two}


def _child_run(spec: dict) -> dict:
    """In a fresh process: one `run(...)` as `ingest run` makes it, timed around the call."""
    from .parallel import mapper_for
    from .batch import run
    from .settings import Settings

    if spec.get("rule_edit"):
        # As if a rule file had been edited (the n-th time) since the cold run: every
        # record in the cache is stale, every document still cached.
        from . import cache

        edited = f"{cache.pipeline_version()}-edit-{spec['rule_edit']}"
        cache.pipeline_version = lambda cache_root=None: edited
    settings = Settings(jobs=spec["jobs"],
                        cache_dir=Path(spec["cache_dir"]) if spec["cache_dir"] else None)
    started = time.perf_counter()
    summary = run([Path(p) for p in spec["paths"]], Path(spec["out"]), settings,
                  mapper=mapper_for(settings))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "inputs": len(summary.outcomes),
            "failed": len(summary.failures), "failures": summary.failures[:3]}


def pipeline_once(paths: list[Path], jobs: int, cache_dir: Optional[Path] = None,
                  rule_edit: int = 0) -> dict:
    with tempfile.TemporaryDirectory(prefix="ingest-bench-out-") as out:
        spec = {"paths": [str(p) for p in paths], "out": out, "jobs": jobs,
                "cache_dir": str(cache_dir) if cache_dir else None,
                "rule_edit": rule_edit}
        done = subprocess.run([sys.executable, "-m", "ingest.bench", "--child", json.dumps(spec)],
                              capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"bench: a pipeline run failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["failed"]:
        _log(f"warning: {result['failed']} of {result['inputs']} files failed: "
             f"{result['failures']}")
    return result


def pipeline_best(paths: list[Path], jobs: int, repeat: int,
                  cache_dir: Optional[Path] = None) -> tuple[float, int, int]:
    """(best seconds, documents, failed documents) over `repeat` fresh processes."""
    runs = [pipeline_once(paths, jobs, cache_dir) for _ in range(max(1, repeat))]
    return min(r["seconds"] for r in runs), runs[0]["inputs"], max(r["failed"] for r in runs)


def long_documents(paths: list[Path], pages: list[int], repeat: int) -> dict:
    """(6): per-page seconds of a cold run (which fills a fresh cache, as `ingest run` does
    by default) and of a re-run after a rule change (extraction only), for each length."""
    runs, failed = [], 0
    for path in paths:
        cold, extract = [], []
        for _ in range(max(1, repeat)):
            with tempfile.TemporaryDirectory(prefix="ingest-bench-cache-") as cache:
                cold.append(pipeline_once([path], 1, Path(cache)))
                extract.append(pipeline_once([path], 1, Path(cache), rule_edit=1))
        failed = max([failed] + [r["failed"] for r in cold + extract])
        runs.append((min(r["seconds"] for r in cold), min(r["seconds"] for r in extract)))
    (short, short_extract), (long, long_extract) = runs
    return {"failed": failed, "pages": pages[0], "pages_long": pages[1],
            "seconds": short, "seconds_long": long,
            "ms_per_page": 1000 * short / pages[0], "ms_per_page_long": 1000 * long / pages[1],
            "ratio": (long / pages[1]) / (short / pages[0]),
            "extract_seconds": short_extract, "extract_seconds_long": long_extract,
            "extract_ms_per_page": 1000 * short_extract / pages[0],
            "extract_ms_per_page_long": 1000 * long_extract / pages[1],
            "extract_ratio": (long_extract / pages[1]) / (short_extract / pages[0])}


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command[:4])}… failed:\n{done.stderr[-2000:]}")
    return seconds


def one_file(path: Path, repeat: int) -> dict:
    """(7): wall clock of `ingest run FILE --no-cache` and of `process(FILE)`, each in a
    fresh Python (best of at least 3: these take well under a second)."""
    with tempfile.TemporaryDirectory(prefix="ingest-bench-out-") as out:
        run = best_of(max(3, repeat), lambda: _wall(
            [sys.executable, "-m", "ingest", "run", str(path), "--no-cache", "--out", out]))
    alone = best_of(max(3, repeat), lambda: _wall(
        [sys.executable, "-c", "import sys; from ingest.batch import process; "
         "sys.exit(bool(process(sys.argv[1]).error))", str(path)]))
    return {"file": path.name, "run_seconds": run, "process_seconds": alone,
            "ratio": run / alone}


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                kids += [int(k) for k in handle.read().split()]
        return kids
    except FileNotFoundError:  # a kernel without /proc/…/children: scan every process
        pass
    except OSError:
        return kids
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return kids


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += _children(current)
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of one process in KiB; zeros once it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, hwm


def peak_rss(command: list[str]) -> dict:
    """Run `command`, polling the RSS of its whole process tree every 20 ms.

    tree_mib: the highest sum of VmRSS over the tree seen at one poll (workers included);
    process_mib: the highest VmHWM (the kernel's own peak) of any single process in it.
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    tree_peak = 0
    hwm: dict[int, int] = {}
    if os.path.isdir(f"/proc/{child.pid}"):
        while child.poll() is None:
            total = 0
            for pid in _tree(child.pid):
                rss, high = _memory_kib(pid)
                total += rss
                hwm[pid] = max(hwm.get(pid, 0), high)
            tree_peak = max(tree_peak, total)
            time.sleep(POLL_SECONDS)
    _, stderr = child.communicate()
    seconds = time.perf_counter() - started
    process_peak = max(hwm.values(), default=0)
    if not tree_peak:  # no /proc: the largest single descendant, as the kernel counted it
        import resource
        process_peak = tree_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if child.returncode not in (0, 1):
        _log(f"warning: {' '.join(command[:4])}… exited {child.returncode}: {stderr[-500:]!r}")
    workers = [high for pid, high in hwm.items() if pid != child.pid]
    return {"tree_mib": tree_peak / 1024, "process_mib": process_peak / 1024,
            "main_mib": hwm.get(child.pid, 0) / 1024, "worker_mib": max(workers, default=0) / 1024,
            "seconds": seconds, "processes": len(hwm), "exit_code": child.returncode}


def memory_run(dirs: list[Path]) -> dict:
    with tempfile.TemporaryDirectory(prefix="ingest-bench-mem-") as out:
        return peak_rss([sys.executable, "-m", "ingest", "run", *map(str, dirs),
                         "--jobs", "1", "--no-cache", "--out", out])


# --- the benchmark ----------------------------------------------------------------------

def measure(corpus: dict, repeat: int) -> dict:
    root = Path(corpus["root"])
    pdf_dir, more_dir = root / "pdf", root / "pdf-more"
    pdf_files = [root / name for name in corpus["pdf"]]
    pages = corpus["pdf_pages"]
    results: dict = {}

    _log(f"(1) bare pdfplumber extract_text over {pages} pages")
    bare = [bare_pdfplumber(pdf_files) for _ in range(max(1, repeat))]
    seconds = min(s for s, _ in bare)
    results["bare_pdfplumber"] = {"seconds": seconds, "pages": bare[0][1],
                                  "pages_per_s": bare[0][1] / seconds}

    _log(f"(1b) bare pypdfium2 text over {pages} pages")
    bare = [bare_pypdfium2(pdf_files) for _ in range(max(1, repeat))]
    seconds = min(s for s, _ in bare)
    results["bare_pypdfium2"] = {"seconds": seconds, "pages": bare[0][1],
                                 "pages_per_s": bare[0][1] / seconds}

    _log("(2) pipeline, jobs=1, no cache")
    seconds, docs, failed = pipeline_best([pdf_dir], 1, repeat)
    results["pipeline_jobs1"] = {"seconds": seconds, "documents": docs, "failed": failed,
                                 "pages": pages, "pages_per_s": pages / seconds}
    results["pipeline_jobs1"]["ratio_to_bare"] = (
        results["pipeline_jobs1"]["pages_per_s"] / results["bare_pdfplumber"]["pages_per_s"])
    results["pipeline_jobs1"]["ratio_to_pdfium"] = (
        results["pipeline_jobs1"]["pages_per_s"] / results["bare_pypdfium2"]["pages_per_s"])

    _log("(3) pipeline, jobs=2, no cache")
    seconds, docs, failed = pipeline_best([pdf_dir], 2, repeat)
    results["pipeline_jobs2"] = {"seconds": seconds, "documents": docs, "failed": failed,
                                 "pages": pages, "pages_per_s": pages / seconds,
                                 "speedup": results["pipeline_jobs1"]["seconds"] / seconds}
    _log("(3) against the machine: a CPU loop alone, then two at once")
    results["machine_ceiling"] = machine_ceiling()

    _log("(4) cold run filling a fresh cache, then the warm re-run")
    with tempfile.TemporaryDirectory(prefix="ingest-bench-cache-") as cache:
        cold = pipeline_once([pdf_dir], 1, Path(cache))["seconds"]
        warm, docs, failed = pipeline_best([pdf_dir], 1, repeat, Path(cache))
        rule_change = min(pipeline_once([pdf_dir], 1, Path(cache), rule_edit=edit)["seconds"]
                          for edit in range(1, max(1, repeat) + 1))
    results["warm_cache"] = {"cold_seconds": cold, "warm_seconds": warm, "documents": docs,
                             "failed": failed,
                             "ratio": results["pipeline_jobs1"]["seconds"] / warm,
                             "rule_change_seconds": rule_change,
                             "rule_change_ratio": results["pipeline_jobs1"]["seconds"]
                             / rule_change}

    _log("(5) peak RSS of `ingest run --jobs 1 --no-cache` on the corpus and on twice it")
    single = memory_run([pdf_dir])
    double = memory_run([pdf_dir, more_dir])
    def growth(key: str) -> float:
        return double[key] / single[key] - 1 if single[key] else 0.0
    growths = {"growth": growth("tree_mib"), "main_growth": growth("main_mib"),
               "worker_growth": growth("worker_mib")}
    results["memory"] = {"peak_mib": single["tree_mib"], "peak_mib_double": double["tree_mib"],
                         "process_peak_mib": single["process_mib"],
                         "process_peak_mib_double": double["process_mib"],
                         "main_peak_mib": single["main_mib"],
                         "main_peak_mib_double": double["main_mib"],
                         "worker_peak_mib": single["worker_mib"],
                         "worker_peak_mib_double": double["worker_mib"],
                         "pages": pages, "pages_double": 2 * pages,
                         "processes": single["processes"], **growths,
                         # streamed means no process of the tree grows, not only their sum
                         "grew": max(growths.values()) > MEMORY_GROWTH_TOLERANCE}

    for key, sub in (("docx", "docx"), ("text", "text")):
        _log(f"{key} path, jobs=1, no cache")
        seconds, docs, failed = pipeline_best([root / sub], 1, repeat)
        results[key] = {"seconds": seconds, "documents": docs, "failed": failed,
                        "docs_per_s": docs / seconds}

    pages = [corpus["long_pages"], LONG_FACTOR * corpus["long_pages"]]
    _log(f"(6) long handbooks of {pages[0]} and {pages[1]} pages: cold run, then extraction")
    results["long_document"] = long_documents([root / name for name in corpus["long"]], pages,
                                              repeat)

    _log("(7) `ingest run` on one text file against `process()` of it")
    results["one_file"] = one_file(root / corpus["text"][0], repeat)
    return results


def judge(results: dict, machine: dict) -> list[dict]:
    two_cores = machine["usable_cpus"] >= 2
    return [
        {"figure": "pipeline_jobs1.ratio_to_bare",
         "value": results["pipeline_jobs1"]["ratio_to_bare"],
         "target": f"≥ {TARGET_PIPELINE_RATIO}",
         "ok": results["pipeline_jobs1"]["ratio_to_bare"] >= TARGET_PIPELINE_RATIO},
        {"figure": "pipeline_jobs2.speedup", "value": results["pipeline_jobs2"]["speedup"],
         "target": f"≥ {TARGET_SPEEDUP} on 2 cores",
         "ok": results["pipeline_jobs2"]["speedup"] >= TARGET_SPEEDUP if two_cores else None},
        {"figure": "warm_cache.ratio", "value": results["warm_cache"]["ratio"],
         "target": f"≥ {TARGET_WARM_RATIO:g}",
         "ok": results["warm_cache"]["ratio"] >= TARGET_WARM_RATIO},
        {"figure": "memory.growth",
         "value": max(results["memory"][k] for k in ("growth", "main_growth", "worker_growth")),
         "target": f"each ≤ +{MEMORY_GROWTH_TOLERANCE:.0%} on 2× corpus",
         "ok": not results["memory"]["grew"]},
        {"figure": "long_document.ratio", "value": results["long_document"]["ratio"],
         "target": f"≤ {TARGET_LONG_RATIO}",
         "ok": results["long_document"]["ratio"] <= TARGET_LONG_RATIO},
        {"figure": "long_document.extract_ratio",
         "value": results["long_document"]["extract_ratio"], "target": f"≤ {TARGET_LONG_RATIO}",
         "ok": results["long_document"]["extract_ratio"] <= TARGET_LONG_RATIO},
        {"figure": "one_file.ratio", "value": results["one_file"]["ratio"],
         "target": f"≤ {TARGET_ONE_FILE_RATIO}",
         "ok": results["one_file"]["ratio"] <= TARGET_ONE_FILE_RATIO},
    ]


def _mark(ok: Optional[bool]) -> str:
    return "n/a" if ok is None else ("✓" if ok else "✗")


def format_table(report: dict) -> str:
    m, c, r = report["machine"], report["corpus"], report["results"]
    marks = {t["figure"]: t for t in report["targets"]}

    def target(figure: str) -> str:
        t = marks[figure]
        return f"{t['target']}  {_mark(t['ok'])}"

    mem, long, one = r["memory"], r["long_document"], r["one_file"]
    to_pdfium = r["pipeline_jobs1"]["ratio_to_pdfium"]
    rows = [
        ("(1) bare pdfplumber extract_text", f"{r['bare_pdfplumber']['seconds']:.2f} s",
         f"{r['bare_pdfplumber']['pages_per_s']:.1f} pages/s", "", ""),
        ("(1b) bare pypdfium2 text", f"{r['bare_pypdfium2']['seconds']:.2f} s",
         f"{r['bare_pypdfium2']['pages_per_s']:.1f} pages/s",
         f"(2)/(1b) = {to_pdfium:.2f}",
         f"≥ 1/3 (within 3×)  {_mark(to_pdfium >= TARGET_PDFIUM_RATIO)}"),
        ("(2) pipeline jobs=1, no cache", f"{r['pipeline_jobs1']['seconds']:.2f} s",
         f"{r['pipeline_jobs1']['pages_per_s']:.1f} pages/s",
         f"(2)/(1) = {r['pipeline_jobs1']['ratio_to_bare']:.2f}",
         target("pipeline_jobs1.ratio_to_bare")),
        ("(3) pipeline jobs=2, no cache", f"{r['pipeline_jobs2']['seconds']:.2f} s",
         f"{r['pipeline_jobs2']['pages_per_s']:.1f} pages/s",
         f"(3)/(2) = {r['pipeline_jobs2']['speedup']:.2f}×", target("pipeline_jobs2.speedup")),
        ("    two CPU loops at once", f"{r['machine_ceiling']['two_seconds']:.2f} s",
         f"(one alone {r['machine_ceiling']['one_seconds']:.2f} s)",
         f"the machine gives {r['machine_ceiling']['speedup']:.2f}×", ""),
        ("(4) warm re-run with cache", f"{r['warm_cache']['warm_seconds']:.3f} s",
         f"(cold {r['warm_cache']['cold_seconds']:.2f} s)",
         f"(2)/(4) = {r['warm_cache']['ratio']:.0f}×", target("warm_cache.ratio")),
        ("    re-run after a rule change", f"{r['warm_cache']['rule_change_seconds']:.2f} s",
         "(documents cached)", f"(2)/this = {r['warm_cache']['rule_change_ratio']:.0f}×", ""),
        (f"(5) peak RSS, tree, {mem['pages']} pages", f"{mem['peak_mib']:.0f} MiB",
         f"(main {mem['main_peak_mib']:.0f} + worker {mem['worker_peak_mib']:.0f} MiB)", "", ""),
        (f"    peak RSS, tree, {mem['pages_double']} pages", f"{mem['peak_mib_double']:.0f} MiB",
         f"(main {mem['main_peak_mib_double']:.0f} + "
         f"worker {mem['worker_peak_mib_double']:.0f} MiB)",
         f"tree {mem['growth']:+.0%}, main {mem['main_growth']:+.0%}, "
         f"worker {mem['worker_growth']:+.0%}", target("memory.growth")),
        ("DOCX path jobs=1, no cache", f"{r['docx']['seconds']:.2f} s",
         f"{r['docx']['docs_per_s']:.1f} docs/s", f"{r['docx']['documents']} documents", ""),
        ("text path jobs=1, no cache", f"{r['text']['seconds']:.2f} s",
         f"{r['text']['docs_per_s']:.1f} docs/s", f"{r['text']['documents']} documents", ""),
        (f"(6) one handbook, {long['pages']} pages", f"{long['seconds']:.2f} s",
         f"{long['ms_per_page']:.1f} ms/page", "", ""),
        (f"    one handbook, {long['pages_long']} pages", f"{long['seconds_long']:.2f} s",
         f"{long['ms_per_page_long']:.1f} ms/page",
         f"per page {long['pages_long']}/{long['pages']} = {long['ratio']:.2f}×",
         target("long_document.ratio")),
        (f"    extraction only, {long['pages']} pages", f"{long['extract_seconds']:.2f} s",
         f"{long['extract_ms_per_page']:.2f} ms/page", "", ""),
        (f"    extraction only, {long['pages_long']} pages",
         f"{long['extract_seconds_long']:.2f} s", f"{long['extract_ms_per_page_long']:.2f} ms/page",
         f"per page {long['pages_long']}/{long['pages']} = {long['extract_ratio']:.2f}×",
         target("long_document.extract_ratio")),
        ("(7) `ingest run` on one text file", f"{one['run_seconds']:.2f} s",
         f"(process() {one['process_seconds']:.2f} s)",
         f"run/process() = {one['ratio']:.2f}×", target("one_file.ratio")),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        f"handbook-ingest {m['ingest']} benchmark",
        f"machine: {m['cpu_count']} CPUs ({m['usable_cpus']} usable), {m['cpu_model']}, "
        f"Python {m['python']}, pdfplumber {m['pdfplumber']}, pypdfium2 {m['pypdfium2']}, "
        f"{m['platform']}",
        f"corpus:  {len(c['pdf'])} PDFs / {c['pdf_pages']} pages (2× corpus: "
        f"{2 * len(c['pdf'])} PDFs / {2 * c['pdf_pages']} pages), {len(c['docx'])} DOCX, "
        f"{len(c['text'])} text, one handbook of {c['long_pages']} and one of "
        f"{LONG_FACTOR * c['long_pages']} pages  "
        f"[{c['root']}{', reused' if c.get('reused') else ''}]",
        f"timing:  wall clock, best of {report['repeat']}; pipeline runs as "
        "`ingest run --jobs N --no-cache`, each in a fresh process",
        "",
    ]
    header = ("measurement", "time", "rate", "figure", "target")
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    failed = {key: value["failed"] for key, value in r.items() if value.get("failed")}
    if failed:
        lines.append(f"warning: files failed in {failed}; those figures are not comparable")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest.bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int,
                        help=f"PDF pages in the corpus (default {DEFAULT_PAGES})")
    parser.add_argument("--long-pages", type=int,
                        help=f"pages of the shorter long handbook of (6) (default "
                             f"{DEFAULT_LONG_PAGES}; the other has {LONG_FACTOR}×)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="best of K runs per figure (default 1)")
    parser.add_argument("--corpus", type=Path,
                        help="build the corpus here and keep it (reused when it matches)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true",
                        help=f"a small corpus ({QUICK_PAGES} pages, long handbooks of "
                             f"{QUICK_LONG_PAGES}) for a smoke run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.child:
        print(json.dumps(_child_run(json.loads(args.child))))
        return 0
    pages = args.pages or (QUICK_PAGES if args.quick else DEFAULT_PAGES)
    long_pages = args.long_pages or (QUICK_LONG_PAGES if args.quick else DEFAULT_LONG_PAGES)
    if min(pages, long_pages, args.repeat) < 1:
        raise SystemExit("bench: --pages, --long-pages and --repeat must be at least 1")
    copies = max(1, round(pages / 100))
    scratch = None
    if args.corpus:
        root = args.corpus.resolve()
    else:
        scratch = tempfile.TemporaryDirectory(prefix="ingest-bench-corpus-")
        root = Path(scratch.name)
    try:
        _log(f"building the corpus in {root}")
        corpus = build_corpus(root, pages, copies, long_pages)
        machine = machine_info()
        results = measure(corpus, args.repeat)
        report = {"machine": machine, "repeat": args.repeat,
                  "corpus": {k: corpus[k] for k in ("root", "reused", "pdf_pages", "pdf",
                                                    "docx", "text", "long",
                                                    "long_pages")} | {
                      "pages_requested": pages, "pdf_files": len(corpus["pdf"]),
                      "docx_files": len(corpus["docx"]), "text_files": len(corpus["text"])},
                  "results": results}
        report["targets"] = judge(results, machine)
    finally:
        if scratch is not None:
            scratch.cleanup()
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        print(format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
