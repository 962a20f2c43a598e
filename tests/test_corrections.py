"""Corrections are keyed by words, not offsets: one made on an edition applies again to the
next wherever its words remain, and is reported stale where they do not."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest

from ingest.cli import main
from ingest.readers import read_document
from ingest.schemas import validator_for

EDITION_1 = """众安保险 健康服务手册

服务热线：95511

# 一、安心陪诊
限被保险人，每保单年度限1次。陪诊时间4小时。客户需提前3个自然日拨打服务热线申请服务。

# 二、第二诊疗意见
服务商在收到完整资料后5个工作日内出具书面意见，专员一天内回电确认。每保单年度限2次。

# 三、图文问诊
7×24小时在线图文问诊，不限次数。

# 四、视频问诊
医生视频接诊，每次半小时，不限次数。

# 五、健康讲座服务
每年举办线上健康讲座，每保单年度限1次。
"""
# The next edition: a new section first (every offset moves), layout spaces around numbers,
# a slower second opinion, and the half-hour video limit gone.
EDITION_2 = (EDITION_1
             .replace("服务热线：95511\n", "服务热线：95511\n\n# 零、服务说明\n本手册自2025年1月1日起适用，原手册同时废止。\n")
             .replace("客户需提前3个自然日", "客户需提前 3 个自然日")
             .replace("5个工作日内出具", "7个工作日内出具")
             .replace("每次半小时，", ""))
BY = {"by": "li.wei", "at": "2024-06-01"}
CORRECTIONS = [
    {"action": "confirm", "service": "安心陪诊", "family": "slas", "evidence": "提前3个自然日"} | BY,
    {"action": "reject", "service": "安心陪诊", "family": "duration_limits", "evidence": "陪诊时间4小时",
     "note": "the 4 hours are the escort's, not a limit"} | BY,
    {"action": "confirm", "service": "第二诊疗意见", "family": "slas", "evidence": "5个工作日内出具书面意见"} | BY,
    {"action": "add", "service": "视频问诊", "family": "duration_limits", "evidence": "每次半小时",
     "value": {"value": 30, "unit": "minute"}} | BY,
    {"action": "rename", "service": "第二诊疗意见", "name": "第二诊疗意见服务"} | BY,
    {"action": "merge", "service": "视频问诊", "into": "图文问诊"} | BY,
    {"action": "not_a_service", "service": "健康讲座服务"} | BY,
]


def ingest(tmp_path, text: str, corrections: list[dict] | None = CORRECTIONS, *options) -> tuple[dict, dict, str, int]:
    """Run `ingest run` on one text edition with a corrections file: (record, run.json, stdout, status)."""
    source, out = tmp_path / "handbook.txt", tmp_path / "out"
    source.write_text(text, encoding="utf-8")
    args = ["run", str(source), "--out", str(out), *options]
    if corrections is not None:
        (tmp_path / "corrections.json").write_text(json.dumps(
            {"schema_version": "1.0.0", "corrections": corrections}, ensure_ascii=False), encoding="utf-8")
        args += ["--corrections", str(tmp_path / "corrections.json")]
    if "--cache-dir" not in options:
        args.append("--no-cache")
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        status = main(args)
    return (json.loads((out / "handbook.json").read_text(encoding="utf-8")),
            json.loads((out / "run.json").read_text(encoding="utf-8")), stdout.getvalue(), status)


def service(record: dict, name: str) -> dict:
    return next(s for s in record["services"] if s["name"] == name)


def test_corrections_apply_to_the_edition_they_were_made_on(tmp_path):
    record, run, out, status = ingest(tmp_path, EDITION_1)
    assert status == 0 and record["corrections"]["stale"] == []
    assert [a["index"] for a in record["corrections"]["applied"]] == list(range(len(CORRECTIONS)))
    assert "corrections: 7 applied, 0 stale" in out and run["corrections"]["stale"] == []
    validator_for("handbook").validate(record)


def test_a_correction_still_applies_to_the_next_edition_where_its_words_remain(tmp_path):
    record, *_ = ingest(tmp_path, EDITION_2)
    escort = service(record, "安心陪诊")
    assert escort["slas"][0]["correction"] == {"action": "confirm", **BY}
    assert escort["slas"][0]["evidence"]["text"].startswith("客户需提前 3 个自然日")  # moved, spaced
    assert escort["duration_limits"] == []
    assert {s["name"] for s in record["services"]} == {"安心陪诊", "第二诊疗意见服务", "图文问诊"}


def test_a_correction_whose_words_are_gone_is_stale_in_record_run_json_and_summary(tmp_path):
    record, run, out, status = ingest(tmp_path, EDITION_2)
    stale = {s["index"]: s["reason"] for s in record["corrections"]["stale"]}
    assert stale == {2: "the words “5个工作日内出具书面意见” no longer occur in the handbook",
                     3: "the words “每次半小时” no longer occur in the handbook"}
    assert [s["index"] for s in run["corrections"]["stale"]] == [2, 3]
    assert run["corrections"]["stale"][0]["document"] == "handbook.txt"
    assert "1 of 1 handbooks ingested" in out and "corrections: 5 applied, 2 stale (listed in run.json)" in out
    assert "ok    handbook.txt: 3 services, 2 stale corrections" in out
    assert status == 0
    second = service(record, "第二诊疗意见服务")
    assert all("correction" not in sla for sla in second["slas"])  # the new 7 days is not confirmed


def test_an_added_fact_carries_evidence_located_in_the_text(tmp_path):
    record, *_ = ingest(tmp_path, EDITION_1)
    added = service(record, "图文问诊")["duration_limits"]  # added to 视频问诊, merged into 图文问诊
    assert len(added) == 1 and added[0]["value"] == 30 and added[0]["unit"] == "minute"
    evidence, text = added[0]["evidence"], read_document(tmp_path / "handbook.txt").text
    assert text[evidence["start"]:evidence["end"]] == evidence["text"] == "每次半小时"
    assert added[0]["rule"] == "correction" and added[0]["correction"]["action"] == "add"


def test_rename_and_merge_are_recorded_on_the_service(tmp_path):
    record, *_ = ingest(tmp_path, EDITION_1)
    assert service(record, "第二诊疗意见服务")["correction"] == {"action": "rename", "from": "第二诊疗意见", **BY}
    merged = service(record, "图文问诊")
    assert merged["correction"] == {"action": "merge", "merged": ["视频问诊"], **BY}
    assert [p["text"] for p in merged["places"]] == ["图文问诊", "视频问诊"]
    assert len(merged["sections"]) == 2


def test_a_rejected_value_resolves_the_contradiction_it_was_part_of(tmp_path):
    text = EDITION_1.replace("，专员一天内回电确认。", "。服务商在收到完整资料后10个工作日内出具书面意见。")
    record, *_ = ingest(tmp_path, text, None)
    assert [f["family"] for f in record["findings"]] == ["slas"]
    reject = {"action": "reject", "service": "第二诊疗意见", "family": "slas", "evidence": "10个工作日内出具"} | BY
    record, *_ = ingest(tmp_path, text, [reject])
    assert record["findings"] == [] and [s["value"] for s in service(record, "第二诊疗意见")["slas"]] == [5]


def test_a_correction_for_another_handbook_is_neither_applied_nor_stale_here(tmp_path):
    other = {"action": "reject", "service": "安心陪诊", "family": "slas", "evidence": "提前3个自然日",
             "handbook": "另一款产品"} | BY
    record, run, *_ = ingest(tmp_path, EDITION_1, [other])
    assert record["corrections"] == {"applied": [], "stale": []}
    assert service(record, "安心陪诊")["slas"]
    assert run["corrections"]["stale"][0]["reason"] == "no handbook of this run is 另一款产品"


def test_records_made_with_corrections_are_cached_apart(tmp_path):
    cache = ["--cache-dir", str(tmp_path / "cache")]
    corrected, *_ = ingest(tmp_path, EDITION_1, CORRECTIONS, *cache)
    plain, *_ = ingest(tmp_path, EDITION_1, None, *cache)
    again, *_ = ingest(tmp_path, EDITION_1, CORRECTIONS, *cache)
    assert "corrections" not in plain and len(plain["services"]) == 5
    assert again == corrected


@pytest.mark.parametrize("correction, message", [
    ({"action": "undo", "service": "安心陪诊"} | BY, "does not match corrections.schema.json at corrections/0"),
    ({"action": "confirm", "service": "安心陪诊", "family": "slas", "evidence": "提前3个自然日"},
     "'by' is a required property"),
    ({"action": "add", "service": "安心陪诊", "family": "slas", "evidence": "提前3个自然日",
      "value": {"value": 3, "unit": "fortnight", "party": "customer"}} | BY,
     "correction 0 adds a slas value that does not match handbook.schema.json"),
])
def test_a_bad_corrections_file_is_one_clear_error_before_any_work(tmp_path, capsys, correction, message):
    (tmp_path / "corrections.json").write_text(json.dumps(
        {"schema_version": "1.0.0", "corrections": [correction]}), encoding="utf-8")
    (tmp_path / "handbook.txt").write_text(EDITION_1, encoding="utf-8")
    status = main(["run", str(tmp_path / "handbook.txt"), "--out", str(tmp_path / "out"), "--no-cache",
                   "--corrections", str(tmp_path / "corrections.json")])
    err = capsys.readouterr().err
    assert status == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
