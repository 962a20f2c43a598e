"""`ingest export --sqlite`: one database of handbooks, services, typed facts and evidence,
that the sqlite3 shell opens and that answers the README's queries."""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.corrections import load_corrections

ROOT = Path(__file__).parent.parent
CATALOG = ROOT / "tests" / "reports" / "data" / "catalog.json"
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXPORT_SECTION = README[README.index("### `ingest export`"):README.index("### `ingest score`")]
QUERIES = re.findall(r"```sql\n(.*?)```", EXPORT_SECTION, re.S)
SQLITE3 = shutil.which("sqlite3")


@pytest.fixture
def database(tmp_path) -> Path:
    """The seed catalog with one SLA confirmed by a reviewer, exported."""
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    sla = catalog["handbooks"][2]["services"][2]["slas"][0]
    sla["correction"] = {"action": "confirm", "by": "li.wei", "at": "2024-06-01"}
    (tmp_path / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    assert main(["export", str(tmp_path / "catalog.json"), "--sqlite", str(tmp_path / "catalog.db")]) == 0
    return tmp_path / "catalog.db"


def shell(database: Path, sql: str) -> list[list[str]]:
    """Rows as the sqlite3 command-line shell prints them."""
    result = subprocess.run([SQLITE3, str(database)], input=sql, capture_output=True, text=True, check=True)
    return [line.split("|") for line in result.stdout.splitlines()]


def test_export_holds_every_value_with_its_own_evidence(database):
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    families = ("usage_limits", "duration_limits", "slas", "channels", "preconditions", "description",
                "materials", "steps", "exclusions", "service_hours", "eligible_persons", "cancellation")
    values = sum(len(h["channels"]) + sum(sum(len(s[f]) for f in families) + len(s["coverage"]["evidence"])
                                          for s in h["services"]) for h in catalog["handbooks"])
    db = sqlite3.connect(database)
    assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == values
    assert db.execute("SELECT count(DISTINCT evidence_id) FROM facts").fetchone()[0] == values
    assert db.execute("SELECT count(*) FROM services").fetchone()[0] == 51
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {row[2] for row in db.execute("PRAGMA foreign_key_list(facts)")} == {"handbooks", "services", "evidence"}
    assert {"facts_family", "facts_service", "services_category"} <= {
        row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_export_types_slas_with_hours(database):
    db = sqlite3.connect(database)
    row = db.execute("SELECT f.value, f.unit, f.hours, f.party, e.text, e.page FROM facts f "
                     "JOIN evidence e ON e.id = f.evidence_id JOIN handbooks h ON h.id = f.handbook_id "
                     "WHERE h.document = '002_fcd9fceb003ab718.pdf' AND f.family = 'slas' AND f.unit = 'working_day' "
                     "AND f.value = 5 AND f.party = 'provider' ORDER BY f.id").fetchone()
    assert row[:2] + row[3:4] == (5.0, "working_day", "provider") and row[2] == pytest.approx(168)
    assert "5个工作日" in "".join(row[4].split()) and row[5] == 2


@pytest.mark.skipif(SQLITE3 is None, reason="needs the sqlite3 command-line shell (apt-get install sqlite3)")
def test_the_sqlite3_shell_answers_the_readme_queries(database):
    assert len(QUERIES) == 3
    second_opinion, no_sla, corrected = (shell(database, sql) for sql in QUERIES)
    assert second_opinion[0] == ["众安", "重疾全球第二诊疗意见", "1.0", "working_day", "33.6"]
    assert [row[0] for row in second_opinion] == ["众安", "众安", "安盛天平", "安盛天平"]
    assert [float(row[4]) for row in second_opinion] == sorted(float(row[4]) for row in second_opinion)
    assert ["002_fcd9fceb003ab718.pdf", "2"] in no_sla
    assert len(corrected) == 1 and corrected[0][:6] == ["002_fcd9fceb003ab718.pdf", "第二诊疗意见服务", "slas",
                                                         "confirm", "li.wei", "2024-06-01"]


def test_export_replaces_the_file_whole_or_leaves_it(tmp_path, database):
    target = tmp_path / "out.db"
    target.write_bytes(b"an older export")
    assert main(["export", str(CATALOG), "--sqlite", str(target)]) == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM handbooks").fetchone()[0] == 5
    before = target.read_bytes()
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    catalog["handbooks"][4]["services"][0]["id"] = 12  # breaks the schema: nothing is written
    (tmp_path / "broken.json").write_text(json.dumps(catalog), encoding="utf-8")
    assert main(["export", str(tmp_path / "broken.json"), "--sqlite", str(target)]) == 2
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_readme_corrections_example_matches_the_schema(tmp_path):
    example = re.search(r"```json\n(\s*\{\"schema_version\": \"1\.0\.0\", \"corrections\".*?)```", README, re.S)
    (tmp_path / "corrections.json").write_text(example.group(1), encoding="utf-8")
    assert {c["action"] for c in load_corrections(tmp_path / "corrections.json")} == {
        "confirm", "reject", "add", "rename", "not_a_service", "merge"}


def test_export_keeps_where_a_lines_number_is_stated(tmp_path):
    handbook = tmp_path / "h.txt"
    handbook.write_text("健康服务专线：400-627-5841\n\n一、重疾专家门诊绿通\n\n每保单年度1次。\n"
                        "申请方式：健康服务专线转2。\n", encoding="utf-8")
    assert main(["run", str(handbook), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    assert main(["export", str(tmp_path / "out" / "catalog.json"), "--sqlite", str(tmp_path / "c.db")]) == 0
    with sqlite3.connect(tmp_path / "c.db") as db:
        rows = db.execute("SELECT f.number, e.text, n.text FROM facts f JOIN evidence e ON e.id = f.evidence_id "
                          "JOIN evidence n ON n.id = f.number_evidence_id").fetchall()
    assert rows == [("4006275841#2", "健康服务专线转2", "健康服务专线：400-627-5841")]
