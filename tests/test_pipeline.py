import json

import pytest

from ingest.errors import InputError, UsageError
from ingest.output import to_json
from ingest.batch import output_names, run


HANDBOOK = "## 就医陪诊服务\n\n整个保单年度内限2次，客户可拨打客服电话10109955申请。\n"


def test_run_writes_one_json_per_handbook_and_a_valid_catalog(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    summary = run([tmp_path / "in"], tmp_path / "out")
    assert summary.exit_code == 0
    record = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    assert record["services"][0]["usage_limits"][0]["count"] == 2
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    assert [h["document"] for h in catalog["handbooks"]] == ["a.txt"]


def test_run_goes_on_past_a_failing_file_and_reports_it(tmp_path):
    (tmp_path / "good.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = run([tmp_path / "good.txt", tmp_path / "empty.txt"], tmp_path / "out")
    assert summary.exit_code == 1
    (failure,) = json.loads((tmp_path / "out" / "run.json").read_text())["failures"]
    assert failure["code"] == "empty_file" and failure["path"].endswith("empty.txt")


def test_run_exit_code_says_all_failed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run([tmp_path / "empty.txt"], tmp_path / "out").exit_code == 2


def test_inputs_sharing_a_stem_do_not_overwrite_each_other():
    names = output_names(["x/a.txt", "y/a.pdf", "z/b.docx"])
    assert len(set(names.values())) == 3 and names["z/b.docx"] == "b.json"


@pytest.mark.parametrize("name", ["../../evil.txt", "a b'\"c.txt", "中文 手册.txt"])
def test_output_names_stay_inside_the_output_folder(tmp_path, name):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / output_names([name])[name]
    assert target.resolve().parent == (tmp_path / "out").resolve()


def test_rerun_gives_byte_identical_outputs(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "one")
    run([tmp_path / "a.txt"], tmp_path / "two")
    for name in ("a.json", "catalog.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_rerun_leaves_unchanged_outputs_untouched(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "out")
    before = (tmp_path / "out" / "a.json").stat().st_mtime_ns
    run([tmp_path / "a.txt"], tmp_path / "out")
    assert (tmp_path / "out" / "a.json").stat().st_mtime_ns == before


def test_streamed_catalog_is_the_canonical_json_of_its_content(tmp_path):
    (tmp_path / "b.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "a.txt").write_text(HANDBOOK.replace("2次", "3次"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    run([tmp_path / "b.txt", tmp_path / "empty.txt", tmp_path / "a.txt"], tmp_path / "out")
    text = (tmp_path / "out" / "catalog.json").read_text(encoding="utf-8")
    catalog = json.loads(text)
    assert to_json(catalog) == text
    assert [h["document"] for h in catalog["handbooks"]] == ["a.txt", "b.txt"]
    assert catalog["handbooks"][1] == json.loads((tmp_path / "out" / "b.json").read_text())
    assert [f["code"] for f in catalog["failures"]] == ["empty_file"]


def test_catalog_holds_each_handbook_as_its_file_whatever_breaks_its_lines(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK.replace("，", "，\u2028"), encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "out")
    text = (tmp_path / "out" / "catalog.json").read_text(encoding="utf-8")
    record = (tmp_path / "out" / "a.json").read_text(encoding="utf-8")
    assert "\u2028" in record  # a line separator, kept in the strings it is in
    assert json.loads(text)["handbooks"] == [json.loads(record)] and to_json(json.loads(text)) == text


def test_failed_write_keeps_the_previous_catalog(tmp_path, monkeypatch):
    from ingest import batch

    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "out")
    before = (tmp_path / "out" / "catalog.json").read_bytes()

    def broken_validate(record, schema):
        if schema == "catalog":
            raise RuntimeError("disk full")
    monkeypatch.setattr(batch, "validate", broken_validate)
    with pytest.raises(RuntimeError):
        run([tmp_path / "a.txt"], tmp_path / "out")
    assert (tmp_path / "out" / "catalog.json").read_bytes() == before
    assert not list((tmp_path / "out").glob(".*.tmp"))


NO_SERVICES = "公司简介\n\n本公司成立于一九九八年，总部位于上海，致力于为客户创造价值。\n"


def _catalog_documents(out):
    return [h["document"] for h in json.loads((out / "catalog.json").read_text(encoding="utf-8"))["handbooks"]]


def test_handbook_without_services_is_a_failure_with_its_own_code(tmp_path):
    (tmp_path / "good.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "intro.txt").write_text(NO_SERVICES, encoding="utf-8")
    summary = run([tmp_path / "good.txt", tmp_path / "intro.txt"], tmp_path / "out")
    assert summary.exit_code == 1
    (failure,) = json.loads((tmp_path / "out" / "run.json").read_text())["failures"]
    assert failure["code"] == "no_services" and failure["path"].endswith("intro.txt")
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    assert [h["document"] for h in catalog["handbooks"]] == ["good.txt"]
    assert [f["code"] for f in catalog["failures"]] == ["no_services"]
    assert not (tmp_path / "out" / "intro.json").exists()


def test_run_of_only_handbooks_without_services_exits_2(tmp_path):
    (tmp_path / "intro.txt").write_text(NO_SERVICES, encoding="utf-8")
    assert run([tmp_path / "intro.txt"], tmp_path / "out").exit_code == 2


def test_run_that_reads_nothing_is_an_error_and_keeps_the_previous_catalog(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no handbook files to read .*; nothing written"):
        run([tmp_path / "empty"], tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_run_that_reads_nothing_creates_no_output_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError):
        run([tmp_path / "empty"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_run_on_a_new_file_adds_it_to_the_catalog_of_earlier_runs(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "b.txt").write_text(HANDBOOK.replace("2次", "3次"), encoding="utf-8")
    run([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out")
    (tmp_path / "c.txt").write_text(HANDBOOK.replace("2次", "4次"), encoding="utf-8")
    summary = run([tmp_path / "c.txt"], tmp_path / "out")
    assert summary.kept == 2
    assert _catalog_documents(tmp_path / "out") == ["a.txt", "b.txt", "c.txt"]
    index = json.loads((tmp_path / "out" / "run.json").read_text())
    assert list(index["outputs"].values()) == ["c.json"]
    assert sorted(index["catalog"]["handbooks"].values()) == ["a.json", "b.json", "c.json"]


def test_handbook_that_now_fails_leaves_the_catalog_and_its_old_file(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "b.txt").write_text(HANDBOOK, encoding="utf-8")
    run([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out")
    (tmp_path / "b.txt").write_text(NO_SERVICES, encoding="utf-8")
    run([tmp_path / "b.txt"], tmp_path / "out")
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    assert [h["document"] for h in catalog["handbooks"]] == ["a.txt"]
    assert [f["path"] for f in catalog["failures"]] == [str(tmp_path / "b.txt")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "catalog.json", "run.json"]


def test_earlier_failure_not_tried_again_stays_listed(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    run([tmp_path / "a.txt", tmp_path / "empty.txt"], tmp_path / "out")
    run([tmp_path / "a.txt"], tmp_path / "out")
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in catalog["failures"]] == ["empty_file"]


def test_new_handbook_does_not_overwrite_an_earlier_one_of_the_same_name(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
    (tmp_path / "x" / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "y" / "a.txt").write_text(HANDBOOK.replace("2次", "3次"), encoding="utf-8")
    run([tmp_path / "x" / "a.txt"], tmp_path / "out")
    run([tmp_path / "y" / "a.txt"], tmp_path / "out")
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    counts = [h["services"][0]["usage_limits"][0]["count"] for h in catalog["handbooks"]]
    assert counts == [2, 3]


def test_run_refuses_an_out_that_is_a_file(tmp_path):
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file; --out names the folder"):
        run([tmp_path / "a.txt"], tmp_path / "out")


def _with_record(monkeypatch, change):
    """Make the record stage hand the checks a record altered by `change`."""
    from ingest import pipeline

    real = pipeline.handbook_record

    def altered(doc):
        record = real(doc)
        change(record)
        return record
    monkeypatch.setattr(pipeline, "handbook_record", altered)


def test_a_value_whose_evidence_is_not_the_handbooks_words_is_dropped(tmp_path, monkeypatch):
    from ingest.pipeline import ingest_document

    def forge(record):
        record["services"][0]["usage_limits"][0]["evidence"]["text"] = "每年99次"
    _with_record(monkeypatch, forge)
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    _, record = ingest_document(tmp_path / "a.txt")
    assert record["services"][0]["usage_limits"] == []
    assert any("not verbatim" in w for w in record["warnings"])


def test_a_record_that_breaks_the_schema_is_never_written(tmp_path, monkeypatch):
    from ingest.errors import IngestError
    from ingest.pipeline import ingest_document

    _with_record(monkeypatch, lambda record: record["services"][0].update(category="not_a_category"))
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    with pytest.raises(IngestError, match="category"):
        ingest_document(tmp_path / "a.txt")
