"""Worker processes, the cache and the cluster give exactly what a plain run gives."""
import json
import os
import time
from pathlib import Path
from functools import partial

import pytest

from ingest import batch, pipeline
from ingest.parallel import mapper_for, process_pool_map
from ingest.batch import Outcome, process, run
from ingest.settings import Settings

from conftest import SEEDS


def _catalog(out):
    return (out / "catalog.json").read_bytes()


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain")
    run(SEEDS, out)
    return out


def test_parallel_run_gives_byte_identical_catalog(plain_run, tmp_path):
    settings = Settings(jobs=2)
    run(SEEDS, tmp_path, settings, mapper=mapper_for(settings))
    assert _catalog(tmp_path) == _catalog(plain_run)
    for seed in SEEDS:
        name = seed.stem + ".json"
        assert (tmp_path / name).read_bytes() == (plain_run / name).read_bytes()


def test_cached_run_gives_byte_identical_catalog_without_reading(plain_run, tmp_path, monkeypatch):
    settings = Settings(cache_dir=tmp_path / "cache")
    run(SEEDS, tmp_path / "cold", settings)

    def must_not_read(*args, **kwargs):
        raise AssertionError("an unchanged handbook was read again")
    monkeypatch.setattr(pipeline, "read_document", must_not_read)
    run(SEEDS, tmp_path / "warm", settings)
    assert _catalog(tmp_path / "warm") == _catalog(plain_run)


def test_cached_records_of_moved_files_name_their_new_paths(tmp_path, monkeypatch):
    settings = Settings(cache_dir=tmp_path / "cache")
    run(SEEDS, tmp_path / "cold", settings)
    moved = tmp_path / "moved \"名\""
    moved.mkdir()
    for seed in SEEDS:
        (moved / f"{seed.stem}-2{seed.suffix}").write_bytes(seed.read_bytes())
    run([moved], tmp_path / "plain")

    def must_not_read(*args, **kwargs):
        raise AssertionError("an unchanged handbook was read again")
    monkeypatch.setattr(pipeline, "read_document", must_not_read)
    run([moved], tmp_path / "warm", settings)
    for name in [seed.stem + "-2.json" for seed in SEEDS] + ["catalog.json"]:
        assert (tmp_path / "warm" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()


def test_warm_run_starts_no_worker(tmp_path):
    settings = Settings(cache_dir=tmp_path / "cache")
    handed_out = []

    def recording_map(function, items):
        handed_out.append(list(items))
        return map(function, handed_out[-1])
    run(SEEDS, tmp_path / "cold", settings, mapper=recording_map)
    run(SEEDS, tmp_path / "warm", settings, mapper=recording_map)
    assert handed_out == [[str(seed) for seed in SEEDS]]
    assert _catalog(tmp_path / "warm") == _catalog(tmp_path / "cold")


def _count_calls(monkeypatch, name):
    calls = []
    real = getattr(pipeline, name)
    monkeypatch.setattr(pipeline, name, lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_changed_rules_re_extract_without_reading_again(tmp_path, monkeypatch):
    from ingest import cache

    settings = Settings(cache_dir=tmp_path / "cache")
    first = process(str(SEEDS[0]), settings).record
    monkeypatch.setattr(cache, "pipeline_version", lambda cache_root=None: "rules-changed")
    reads = _count_calls(monkeypatch, "read_document")
    extractions = _count_calls(monkeypatch, "handbook_record")
    assert process(str(SEEDS[0]), settings).record == first
    assert (reads, extractions) == ([], [1])


def test_changed_reading_code_reads_again(tmp_path, monkeypatch):
    from ingest import cache

    settings = Settings(cache_dir=tmp_path / "cache")
    process(str(SEEDS[0]), settings)
    monkeypatch.setattr(cache, "reading_version", lambda cache_root=None: "readers-changed")
    monkeypatch.setattr(cache, "pipeline_version", lambda cache_root=None: "readers-changed")
    reads = _count_calls(monkeypatch, "read_document")
    assert process(str(SEEDS[0]), settings).record and reads == [1]


def test_cache_versions_follow_the_files_each_level_imports():
    from ingest import cache

    reading = {p.relative_to(cache.PACKAGE).as_posix() for p in cache.code_files("ingest.readers")}
    record = {p.relative_to(cache.PACKAGE).as_posix() for p in cache.code_files("ingest.pipeline")}
    assert {"readers/pdf.py", "textnorm.py", "rules/segmentation.json"} <= reading
    assert not {"extractors/times.py", "segment/outline.py", "record.py"} & reading
    assert reading | {"extractors/times.py", "segment/finders.py", "record.py", "validate.py",
                      "rules/fields.json", "schemas/handbook.schema.json"} <= record
    assert not {"cli.py", "bench.py", "batch.py", "reports/diff.py"} & record


def _versions(monkeypatch, edited: str = "") -> tuple[str, str]:
    """(reading, record) versions, as if the package file `edited` had one more line."""
    from ingest import cache

    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + (
        b"\n# edited\n" if edited and self.as_posix().endswith("ingest/" + edited) else b""))
    for level in (cache.reading_version, cache.pipeline_version):
        level.cache_clear()
    try:
        return cache.reading_version(), cache.pipeline_version()
    finally:
        monkeypatch.setattr(Path, "read_bytes", real)
        for level in (cache.reading_version, cache.pipeline_version):
            level.cache_clear()


def test_an_edit_changes_the_version_of_each_level_that_imports_it(monkeypatch):
    reading, record = _versions(monkeypatch)
    after_extractor_edit = _versions(monkeypatch, "extractors/times.py")
    assert after_extractor_edit[0] == reading and after_extractor_edit[1] != record
    for edited in ("readers/text.py", "rules/segmentation.json"):
        assert all(a != b for a, b in zip(_versions(monkeypatch, edited), (reading, record)))


def _kept_versions(cache_root: Path) -> tuple[str, str]:
    """(reading, record) versions computed afresh, with the imports kept under `cache_root`."""
    from ingest import cache

    levels = (cache.reading_version, cache.pipeline_version)
    for level in levels:
        level.cache_clear()
    try:
        return levels[0](cache_root), levels[1](cache_root)
    finally:
        for level in levels:
            level.cache_clear()


def test_imports_kept_in_the_cache_give_the_same_versions_without_parsing(tmp_path, monkeypatch):
    from ingest import cache

    plain = _versions(monkeypatch)
    assert _kept_versions(tmp_path) == plain and (tmp_path / "imports.json").is_file()

    def must_not_parse(*args):
        raise AssertionError("a source whose imports are kept was parsed again")
    monkeypatch.setattr(cache, "_imports", must_not_parse)
    assert _kept_versions(tmp_path) == plain
    monkeypatch.undo()
    kept = json.loads((tmp_path / "imports.json").read_text(encoding="utf-8"))
    for damaged in ([], {name: [digest, [1]] for name, (digest, _) in kept.items()}):
        (tmp_path / "imports.json").write_text(json.dumps(damaged), encoding="utf-8")
        assert _kept_versions(tmp_path) == plain  # not of the form kept: parsed again


def test_kept_imports_of_an_edited_source_are_found_again(tmp_path, monkeypatch):
    from ingest import cache

    known = {}
    assert cache.PACKAGE / "cli.py" not in cache.code_files("ingest.pipeline", known)
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + (
        b"\nimport ingest.cli\n" if self.as_posix().endswith("ingest/extractors/times.py") else b""))
    assert cache.PACKAGE / "cli.py" in cache.code_files("ingest.pipeline", known)


def test_changed_file_is_read_again(tmp_path):
    handbook = tmp_path / "h.txt"
    handbook.write_text("## 陪诊服务\n\n整个保单年度内限2次。\n", encoding="utf-8")
    settings = Settings(cache_dir=tmp_path / "cache")
    process(str(handbook), settings)
    handbook.write_text("## 陪诊服务\n\n整个保单年度内限3次。\n", encoding="utf-8")
    record = process(str(handbook), settings).record
    assert record["services"][0]["usage_limits"][0]["count"] == 3


def test_slow_document_hits_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "ingest_document", lambda *args: time.sleep(5))
    outcome = process(str(SEEDS[0]), Settings(timeout_s=0.2))
    assert outcome.error["code"] == "limit_exceeded" and "--timeout" in outcome.error["message"]


def _crash_on_bad(path):
    if path == "bad":
        os._exit(1)
    return Outcome(path)


def test_crashing_worker_fails_only_its_document():
    outcomes = list(process_pool_map(_crash_on_bad, ["a", "bad", "b", "c"], Settings(jobs=2)))
    assert [o.path for o in outcomes] == ["a", "bad", "b", "c"]
    assert [bool(o.error) for o in outcomes] == [False, True, False, False]
    assert outcomes[1].error["code"] == "worker_crashed"


def test_dask_cluster_run_gives_byte_identical_catalog(plain_run, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        settings = Settings(scheduler=cluster.scheduler_address)
        run(SEEDS, tmp_path, settings, mapper=mapper_for(settings))
    assert _catalog(tmp_path) == _catalog(plain_run)


def _broken_warm_up(*args):
    raise ImportError("a library every worker needs is missing")


def test_workers_that_cannot_start_fail_each_document_with_a_message(monkeypatch, tmp_path):
    """A pool that breaks before any work (a worker's warm-up fails) still answers every
    document, in order, instead of losing some and crashing the run."""
    from ingest import parallel

    monkeypatch.setattr(parallel, "warm_up", _broken_warm_up)
    settings = Settings(jobs=2)
    summary = run(SEEDS, tmp_path, settings, mapper=mapper_for(settings))
    assert [o.path for o in summary.outcomes] == sorted(str(s) for s in SEEDS)
    assert all(o.error and o.error["code"] == "worker_crashed" for o in summary.outcomes)


def _pools_started(monkeypatch):
    """Record the size of every worker pool a run starts."""
    from concurrent.futures import ProcessPoolExecutor

    from ingest import parallel

    sizes = []

    def recording_pool(workers, *args, **kwargs):
        sizes.append(workers)
        return ProcessPoolExecutor(workers, *args, **kwargs)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", recording_pool)
    return sizes


def test_one_document_run_starts_no_worker(monkeypatch, plain_run, tmp_path):
    pools = _pools_started(monkeypatch)
    settings = Settings(jobs=2)
    summary = run(SEEDS[:1], tmp_path, settings, mapper=mapper_for(settings))
    assert pools == [] and summary.exit_code == 0
    name = SEEDS[0].stem + ".json"
    assert (tmp_path / name).read_bytes() == (plain_run / name).read_bytes()


def test_workers_never_outnumber_the_documents(monkeypatch, tmp_path):
    pools = _pools_started(monkeypatch)
    settings = Settings(jobs=8)
    assert run(SEEDS[:2], tmp_path, settings, mapper=mapper_for(settings)).exit_code == 0
    assert pools == [2]


def _mapped_mib():
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmSize:"))


def test_document_read_alone_is_capped_and_reported_over_the_memory_limit(monkeypatch):
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(batch, "ingest_document", lambda *args: bytes(1 << 30))  # calloc: nothing touched
    settings = Settings(max_memory_mb=_mapped_mib() + 100)
    (outcome,) = process_pool_map(partial(process, settings=settings), ["big.txt"], settings)
    assert outcome.error["code"] == "limit_exceeded" and "--max-memory-mb" in outcome.error["message"]
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the cap ends with the document
