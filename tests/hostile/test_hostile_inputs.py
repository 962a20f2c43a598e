"""Hostile and broken inputs through the real command line, as a user would meet them.

Every bad file must cost only itself: one line naming the file and the cause, no
traceback (unless --debug), a stable `code` in run.json, and the right exit status
(`ingest run`: 0 all good, 1 some failed, 2 all failed). Files come from `corpus.py`.

To stay fast, one `ingest run` reads a whole folder of bad files and each failure is
checked in its output; `ingest read` runs are started in parallel threads.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import corpus

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO),
                                                                 os.environ.get("PYTHONPATH")]))}
SAFE_OUTPUT_NAME = re.compile(r"^[\w.\-\u3400-\u9fff]+\.json$")
NOT_COLLECTED_FROM_FOLDERS = {"xlsx", "png"}  # suffixes `ingest run DIR` does not pick up


def ingest(*args, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ingest", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=ENV, cwd=cwd or REPO)


def ingest_run(paths, out: Path, *options) -> subprocess.CompletedProcess:
    return ingest("run", *paths, "--out", out, "--no-cache", *options)


def in_parallel(function, items) -> list:
    with ThreadPoolExecutor(max(2, os.cpu_count() or 1)) as pool:
        return list(pool.map(function, items))


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def lines_naming(output: str, path: Path) -> list[str]:
    return [line for line in output.splitlines() if path.name in line]


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def assert_names_cause(line: str, words: list[str]) -> None:
    for word in words:
        assert word.lower() in line.lower(), f"{word!r} not in {line!r}"


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# --- Files that must fail, each with one clear line ----------------------------------------


@pytest.fixture(scope="module")
def failing(tmp_path_factory):
    """Every failing case in one folder, ingested by one `ingest run` (all fail: exit 2)."""
    root = tmp_path_factory.mktemp("failing")
    folder = root / "bad"
    folder.mkdir()
    paths = {name: make(folder) for name, (make, _, _) in corpus.FAILING.items()}
    assert len({p.name for p in paths.values()}) == len(paths)
    extra = [paths[name] for name in NOT_COLLECTED_FROM_FOLDERS]  # given by name instead
    result = ingest_run([folder, *extra], root / "out")
    return {"paths": paths, "result": result, "out": root / "out",
            "reads": dict(zip(paths, in_parallel(lambda p: ingest("read", p), paths.values())))}


def test_folder_of_bad_files_exits_2_and_lists_every_failure(failing):
    result, out = failing["result"], failing["out"]
    assert result.returncode == 2, result.stdout + result.stderr
    assert_no_traceback(result)
    report = load(out / "run.json")
    assert report["failed"] == len(corpus.FAILING) and report["succeeded"] == 0
    assert report["outputs"] == {}
    assert load(out / "catalog.json")["handbooks"] == []
    assert sorted(os.listdir(out)) == ["catalog.json", "run.json"]
    assert f"0 of {len(corpus.FAILING)} handbooks ingested" in result.stdout
    assert len(result.stdout.splitlines()) == len(corpus.FAILING) + 1  # FAIL lines + summary
    assert result.stderr == ""  # no library logging beside the summary


@pytest.mark.parametrize("case", sorted(corpus.FAILING))
def test_bad_file_is_one_line_in_the_run_summary_and_coded_in_run_json(failing, case):
    _, code, words = corpus.FAILING[case]
    path, result = failing["paths"][case], failing["result"]
    (line,) = lines_naming(result.stdout + result.stderr, path)
    assert line.startswith("FAIL") and str(path) in line
    assert_names_cause(line, words)
    (failure,) = [f for f in load(failing["out"] / "run.json")["failures"]
                  if f["path"] == str(path)]
    assert failure["code"] == code, failure
    assert_names_cause(failure["message"], words)
    assert "\n" not in failure["message"]


@pytest.mark.parametrize("case", sorted(corpus.FAILING))
def test_bad_file_read_prints_one_error_line(failing, case):
    _, _, words = corpus.FAILING[case]
    path, result = failing["paths"][case], failing["reads"][case]
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"ingest: error: {path}: ")
    assert_names_cause(line, words)
    assert_no_traceback(result)


def test_only_file_failing_exits_2(failing, tmp_path):
    path = failing["paths"]["pdf_user_password"]
    result = ingest_run([path], tmp_path / "out")
    assert result.returncode == 2
    assert_no_traceback(result)
    (failure,) = load(tmp_path / "out" / "run.json")["failures"]
    assert failure == {"code": "encrypted", "path": str(path),
                       "message": "is password-protected: save an unprotected copy"}


def test_debug_shows_the_traceback_of_a_bad_file(failing):
    result = ingest("--debug", "read", failing["paths"]["truncated_pdf"])
    assert result.returncode == 2
    assert "Traceback" in result.stderr and "BrokenFileError" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("ingest: error: ")


def test_zip_bomb_is_refused_without_inflating(failing):
    """Inflating the 300 MB part would need 300 MB of memory: the process stays far below."""
    path = failing["paths"]["zip_bomb_docx"]
    assert path.stat().st_size < 2 * 2**20
    with open(os.devnull, "w") as devnull:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "ingest", "read", str(path)],
                                   stdout=devnull, stderr=devnull, env=ENV, cwd=REPO)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 2
    assert time.perf_counter() - started < 10
    assert usage.ru_maxrss * 1024 < corpus.ZIP_BOMB_MB * 2**20 / 2  # ru_maxrss is in KiB


# --- Odd files that must be read -------------------------------------------------------------


@pytest.fixture(scope="module")
def readable(tmp_path_factory):
    """Every readable case in one folder, ingested by one `ingest run` (all good: exit 0)."""
    root = tmp_path_factory.mktemp("readable")
    folder = root / "odd"
    folder.mkdir()
    paths = {name: make(folder) for name, (make, _) in corpus.READABLE.items()}
    result = ingest_run([folder], root / "out")
    report = load(root / "out" / "run.json")
    records = {name: load(root / "out" / report["outputs"][str(path)])
               for name, path in paths.items() if str(path) in report["outputs"]}
    return {"paths": paths, "result": result, "report": report, "records": records,
            "reads": dict(zip(paths, in_parallel(lambda p: ingest("read", p), paths.values())))}


def test_folder_of_odd_but_readable_files_exits_0(readable):
    result = readable["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert readable["report"]["failures"] == []
    assert set(readable["records"]) == set(corpus.READABLE)


@pytest.mark.parametrize("case", sorted(corpus.READABLE))
def test_odd_file_is_read(readable, case):
    _, expected = corpus.READABLE[case]
    result = readable["reads"][case]
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert expected in result.stdout
    assert "\ufffd" not in result.stdout and "(cid:" not in result.stdout
    (line,) = lines_naming(readable["result"].stdout, readable["paths"][case])
    assert line.startswith("ok")


@pytest.mark.parametrize("case", ["text_gb18030", "text_gbk", "text_utf16_bom", "text_utf8_bom"])
def test_text_in_any_encoding_reads_to_the_same_service(readable, case):
    (service,) = readable["records"][case]["services"]
    assert service["name"] == "就医陪诊服务"
    assert service["usage_limits"][0]["count"] == 2
    assert service["channels"][0]["number"] == "10109955"


@pytest.mark.parametrize("case, fmt", [("pdf_named_txt", "pdf"), ("docx_named_pdf", "docx"),
                                       ("text_named_docx", "text")])
def test_wrong_extension_is_read_by_content(readable, case, fmt):
    record = readable["records"][case]
    assert record["source"]["format"] == fmt
    assert [s["name"] for s in record["services"]] == ["就医陪诊服务"]


def test_pdf_with_broken_startxref_is_recovered(readable):
    """pdfminer rebuilds the xref table by scanning objects: read in full, no warning."""
    record = readable["records"]["pdf_bad_startxref"]
    assert [s["name"] for s in record["services"]] == ["就医陪诊服务"]
    assert record["source"]["page_count"] == 1


def test_pdf_with_empty_user_password_is_read(readable):
    assert "Open to all readers." in readable["reads"]["pdf_empty_user_password"].stdout
    assert readable["records"]["pdf_empty_user_password"]["source"]["page_count"] == 1


def test_docx_text_box_is_read_and_skipped_image_warned(readable):
    read = readable["reads"]["docx_image_and_text_box"].stdout
    assert "# warning: skipped 1 image(s)" in read
    assert corpus.TEXT_BOX_TEXT in read
    assert any("skipped 1 image" in w for w in readable["records"]["docx_image_and_text_box"]
               ["warnings"])


def test_handbook_without_services_fails_the_run_with_its_own_code(tmp_path):
    """Read without trouble (`ingest read` shows it), but an empty catalog entry is a failure."""
    folder = tmp_path / "batch"
    folder.mkdir()
    corpus.make_good_text(folder)
    path = corpus.make_no_services(folder)
    result = ingest_run([folder], tmp_path / "out")
    assert result.returncode == 1, result.stdout + result.stderr
    (line,) = lines_naming(result.stdout, path)
    assert line == f"FAIL  {path}: no service recognized (`ingest read` shows what was read)"
    (failure,) = load(tmp_path / "out" / "run.json")["failures"]
    assert failure["code"] == "no_services" and failure["path"] == str(path)
    assert sorted(os.listdir(tmp_path / "out")) == ["catalog.json", "good.json", "run.json"]
    assert ingest("read", path).returncode == 0


def test_markup_and_template_syntax_stay_literal_text(readable):
    record = readable["records"]["script_and_templates"]
    values = list(strings(record))
    (service,) = record["services"]
    assert [d["text"] for d in service["description"]] == [corpus.MARKUP_LINE]
    assert service["description"][0]["evidence"]["text"] == corpus.MARKUP_LINE
    for literal in (corpus.SCRIPT, corpus.TEMPLATE_EXPR, corpus.TEMPLATE_TAG):
        assert any(literal in value for value in values), literal
    assert not any("7*7" in v and corpus.TEMPLATE_EXPR not in v for v in values)
    assert not any(re.search(r"(?<![\da-f])49(?![\da-f])", v) for v in values)
    assert not any("&lt;" in v or "&#" in v for v in values)  # not escaped either: plain text


# --- Batches: exit status says how many failed -----------------------------------------------


def test_batch_with_some_bad_files_exits_1_and_lists_each_failure(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    good = [corpus.make_good_text(folder), corpus.make_good_docx(folder)]
    bad = {corpus.make_empty(folder): "empty_file",
           corpus.make_truncated_pdf(folder): "broken_file",
           corpus.make_text_invalid_bytes(folder): "undecodable_text"}
    result = ingest_run([folder], tmp_path / "out")
    assert result.returncode == 1
    assert_no_traceback(result)
    for path in bad:
        (line,) = lines_naming(result.stdout, path)
        assert line.startswith(f"FAIL  {path}: ")
    assert "2 of 5 handbooks ingested" in result.stdout
    assert "failures listed in run.json" in result.stdout
    report = load(tmp_path / "out" / "run.json")
    assert {f["path"]: f["code"] for f in report["failures"]} == {str(p): c for p, c in bad.items()}
    assert (report["succeeded"], report["failed"]) == (2, 3)
    for path in good:
        record = load(tmp_path / "out" / report["outputs"][str(path)])
        assert [s["name"] for s in record["services"]] == ["就医陪诊服务"]
    catalog = load(tmp_path / "out" / "catalog.json")
    assert len(catalog["handbooks"]) == 2 and len(catalog["failures"]) == 3


def test_batch_of_good_files_exits_0(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    corpus.make_good_text(folder)
    corpus.make_good_pdf(folder)
    result = ingest_run([folder], tmp_path / "out")
    assert result.returncode == 0
    assert "FAIL" not in result.stdout and "2 of 2 handbooks ingested" in result.stdout
    outputs = load(tmp_path / "out" / "run.json")["outputs"]
    assert len(set(outputs.values())) == 2  # same stem, distinct names
    assert sorted(os.listdir(tmp_path / "out")) == sorted(["catalog.json", "run.json",
                                                           *outputs.values()])


# --- Limits ----------------------------------------------------------------------------------


def test_size_and_page_limits_name_their_option(tmp_path):
    folder = tmp_path / "large"
    folder.mkdir()
    too_big = corpus.make_text_over_size(folder)
    too_long = corpus.make_pdf_three_pages(folder)
    assert too_long.stat().st_size < 0.01 * 2**20 < too_big.stat().st_size
    result = ingest_run([folder], tmp_path / "out", "--max-file-mb", "0.01", "--max-pages", "2")
    assert result.returncode == 2
    assert_no_traceback(result)
    failures = {f["path"]: f for f in load(tmp_path / "out" / "run.json")["failures"]}
    for path, option, words in [(too_big, "--max-file-mb", ["0.0236 MB", "0.01 MB limit"]),
                                (too_long, "--max-pages", ["3 pages", "limit of 2"])]:
        (line,) = lines_naming(result.stdout, path)
        assert option in line and line.startswith("FAIL")
        assert_names_cause(line, words)
        assert failures[str(path)]["code"] == "too_large"


def test_slow_document_hits_the_time_limit_with_a_clear_message(tmp_path):
    """A valid 3 MB handbook of one repeated line takes seconds; --timeout 0.5 stops it."""
    path = corpus.make_text_slow(tmp_path)
    started = time.perf_counter()
    result = ingest_run([path], tmp_path / "out", "--timeout", "0.5")
    assert time.perf_counter() - started < 30
    assert result.returncode == 2
    assert_no_traceback(result)
    (line,) = lines_naming(result.stdout, path)
    assert "per-document time limit" in line and "--timeout" in line
    (failure,) = load(tmp_path / "out" / "run.json")["failures"]
    assert failure["code"] == "limit_exceeded"


@pytest.fixture(scope="module")
def memory_capped(tmp_path_factory):
    root = tmp_path_factory.mktemp("memory")
    path = corpus.make_good_pdf(root)
    return path, ingest_run([path], root / "out", "--max-memory-mb", "50"), root / "out"


def test_tiny_memory_cap_fails_the_document_not_the_run(memory_capped):
    """50 MB is less than a worker needs to read a PDF: the document fails alone, either as
    over the limit (Python's MemoryError) or as a worker killed by it (pdfium aborts when an
    allocation fails), and the run still writes its report."""
    path, result, out = memory_capped
    assert result.returncode == 2
    (failure,) = load(out / "run.json")["failures"]
    assert failure["code"] in ("limit_exceeded", "worker_crashed")


def test_tiny_memory_cap_gives_one_line_naming_the_option(memory_capped):
    path, result, _ = memory_capped
    assert_no_traceback(result)
    assert result.stderr == ""
    (line,) = lines_naming(result.stdout, path)
    assert line.startswith("FAIL") and "memory" in line and "--max-memory-mb" in line


# --- Names and paths -------------------------------------------------------------------------


def _files_under(root: Path) -> dict[Path, float]:
    return {p.resolve(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_odd_file_names_give_safe_outputs_inside_out(tmp_path):
    names = tmp_path / "names"
    (names / "sub").mkdir(parents=True)
    (tmp_path / "dots" / "inner").mkdir(parents=True)
    inputs = [corpus.make_good_text(names, name) for name in
              ["with space.txt", "quo\"te's.txt", "中文 手册.txt", "$(echo x);.txt"]]
    evil = corpus.make_good_text(names / "sub", "..evil.txt")  # hidden: only read when named
    dotted = corpus.make_good_text(tmp_path / "dots" / "inner", "x.txt")
    dotted_folder = tmp_path / "names" / ".." / "dots" / "inner" / ".." / "inner"
    out = tmp_path / "names" / ".." / "out"
    before = _files_under(tmp_path)
    result = ingest_run([names, evil, dotted_folder], out)
    assert result.returncode == 0, result.stdout + result.stderr
    report = load(out / "run.json")
    assert report["succeeded"] == len(inputs) + 2
    written = {p for p, mtime in _files_under(tmp_path).items() if before.get(p) != mtime}
    out_real = out.resolve()
    assert written and all(p.parent == out_real for p in written), written
    outputs = set(report["outputs"].values())
    assert len(outputs) == len(inputs) + 2
    assert all(SAFE_OUTPUT_NAME.match(name) for name in outputs), outputs
    assert {"evil.json", "x.json", "中文_手册.json"} <= outputs
    assert not [name for name in os.listdir(out) if name.endswith(".tmp")]
    assert all(p.read_text(encoding="utf-8") == corpus.HANDBOOK for p in [*inputs, evil, dotted])


# --- Interrupted runs keep the previous outputs ---------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.fixture
def previous_run(tmp_path):
    """A finished run's outputs, then a large batch to interrupt on top of them."""
    from conftest import SEEDS

    small = tmp_path / "small"
    small.mkdir()
    for seed in SEEDS[:2]:
        (small / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    assert ingest_run([small], out).returncode == 0
    large = tmp_path / "large"
    large.mkdir()
    for copy in range(8):
        for seed in SEEDS:
            (large / f"{copy}_{seed.name}").write_bytes(seed.read_bytes())
    return large, out, {name: (out / name).read_bytes() for name in ("catalog.json", "run.json")}


def _interruptible() -> None:
    """SIGINT as a terminal delivers it: a test suite started in the background (`pytest &`)
    ignores SIGINT, and so would the `ingest run` it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(large: Path, out: Path, sig: int) -> tuple[subprocess.Popen, list[int], str]:
    """Start `ingest run` on the large batch and send `sig` once its first output appears.

    Returns the finished process, its worker processes and what it wrote to stderr."""
    log = out.parent / f"stderr-{sig}.txt"
    with open(log, "w") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "ingest", "run", str(large), "--out",
                                    str(out), "--no-cache", "--jobs", "1"], env=ENV, cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=stderr,
                                   preexec_fn=_interruptible)
    deadline = time.monotonic() + 60
    while not list(out.glob("0_*.json")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the batch finished before it could be interrupted"
    workers = _children(process.pid)
    process.send_signal(sig)
    process.wait(timeout=60)
    return process, workers, log.read_text()


def test_interrupted_run_keeps_previous_catalog_and_leaves_no_temp_files(previous_run):
    large, out, previous = previous_run
    process, _, stderr = _interrupt(large, out, signal.SIGINT)
    assert process.returncode == 130 and stderr.strip() == "ingest: interrupted"
    for name, content in previous.items():
        assert (out / name).read_bytes() == content
    assert not [name for name in os.listdir(out) if name.endswith(".tmp")]
    assert len(list(out.glob("[0-7]_*.json"))) < 40  # really interrupted midway


def test_terminated_run_keeps_previous_catalog(previous_run):
    large, out, previous = previous_run
    process, workers, _ = _interrupt(large, out, signal.SIGTERM)
    try:
        assert process.returncode == -signal.SIGTERM
        for name, content in previous.items():
            assert (out / name).read_bytes() == content
    finally:
        for pid in workers:  # never leave a stray process behind, whatever happened
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_run_leaves_no_worker_behind(previous_run, sig):
    large, out, _ = previous_run
    process, workers, _ = _interrupt(large, out, sig)
    assert workers
    deadline = time.monotonic() + 3
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = [pid for pid in workers if _alive(pid)]
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)
    assert not orphans
