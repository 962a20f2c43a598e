"""Report test data: the seed catalog, the two editions 000/001, small records made in code,
and running the command line."""
from __future__ import annotations

import copy
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from ingest.cli import main
from ingest.reports.load import Handbook

DATA = Path(__file__).parent / "data"
CATALOG = DATA / "catalog.json"  # the five seed handbooks ingested from sources/ (PDF pages included)
OLD = DATA / "000_faba9cc386b65afa.json"  # seed 000 and its next edition 001, ingested from text
NEW = DATA / "001_411f35dbfb07ca5e.json"
SEEDS = DATA.parent.parent / "data" / "seeds"  # the seed handbooks' source texts
PAYLOAD = "<script>window.__pwned=1</script><script>alert(1)</script>{{ 7*7 }}{% if %}"


def run_cli(*args) -> tuple[int, str, str]:
    """Run `ingest ARGS…` as a user would; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def evidence(text: str, start: int = 0, page: int | None = None) -> dict:
    return {"text": text, "page": page, "start": start, "end": start + len(text)}


def service(name: str = "住院护工服务", category: str = "inpatient_care", **families) -> dict:
    """A schema-valid service; keyword arguments replace its field families."""
    record = {"id": f"{category}-1", "name": name, "category": category, "category_term": None,
              "places": [evidence(name)], "sections": [], "usage_limits": [], "duration_limits": [],
              "slas": [], "channels": [], "preconditions": [],
              "coverage": {"cities": None, "provinces": None, "hospitals": None, "evidence": {}},
              "description": [], "materials": [], "steps": [], "exclusions": [], "service_hours": [],
              "eligible_persons": [], "cancellation": []}
    record.update(families)
    return record


def sla(value: float, unit: str = "working_day", party: str = "provider", words: str | None = None) -> dict:
    return {"value": value, "unit": unit, "party": party, "rule": "test",
            "evidence": evidence(words or f"{value}{unit}内安排")}


def usage(count: int | None, period: str | None = "policy_year") -> dict:
    return {"count": count, "unlimited": count is None, "period": period, "rule": "test",
            "evidence": evidence("不限次" if count is None else f"限{count}次")}


def hotline(number: str) -> dict:
    return {"type": "hotline", "number": number, "inherited": False, "rule": "test",
            "evidence": evidence(f"拨打{number}")}


def precondition(code: str, words: str) -> dict:
    return {"code": code, "rule": "test", "evidence": evidence(words)}


def text_item(text: str) -> dict:
    return {"text": text, "rule": "test", "evidence": evidence(text)}


def handbook(*services: dict, document: str = "handbook.txt", insurer: str | None = "测试保险") -> Handbook:
    record = {"schema_version": "1.0.0", "document": document,
              "source": {"path": document, "format": "text", "sha256": "0" * 64, "size": 1, "page_count": None},
              "insurer": {"name": insurer, "evidence": evidence(insurer)} if insurer else None,
              "product": None, "status": "success", "channels": [], "services": list(services),
              "findings": [], "warnings": []}
    return Handbook(record)


def hostile_record() -> dict:
    """Seed 000 with script, template and markup text in a name, its evidence and a value."""
    record = copy.deepcopy(load(OLD))
    record["insurer"]["name"] = PAYLOAD
    first = record["services"][0]
    first["name"] = f"医疗垫付服务{PAYLOAD}"
    first["places"][0]["text"] = f"医疗垫付服务{PAYLOAD}"
    first["channels"][0]["name"] = PAYLOAD
    first["channels"][0]["evidence"]["text"] = f"<img src=x onerror=alert(2)>{PAYLOAD}"
    first["description"][0]["text"] += PAYLOAD
    first["description"][0]["evidence"]["text"] += PAYLOAD
    return record
