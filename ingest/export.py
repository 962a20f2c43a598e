"""`ingest export`: the catalog as a SQLite database, for analysts who ask it in SQL.

Four tables: handbooks, services, facts (one row per value of every field family, with
typed columns, SLAs and durations also in hours) and evidence (the words, page and
offsets each fact rests on), tied by foreign keys and indexed for the usual questions.
The database is built in one transaction in a temporary file and then put in place
atomically, so a reader never sees half a catalog.
"""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Iterator, Optional

from .families import LIST_FAMILIES
from .output import write_atomic
from .reports.facts import HOURS_PER_UNIT, coverage_items

SCHEMA = """
CREATE TABLE handbooks (
  id INTEGER PRIMARY KEY, document TEXT NOT NULL, path TEXT NOT NULL, format TEXT NOT NULL,
  sha256 TEXT NOT NULL, size INTEGER NOT NULL, page_count INTEGER,
  insurer TEXT, product TEXT, status TEXT NOT NULL);
CREATE TABLE services (
  id INTEGER PRIMARY KEY, handbook_id INTEGER NOT NULL REFERENCES handbooks(id),
  key TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL, category_term TEXT,
  corrected_by TEXT, corrected_at TEXT);
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY, handbook_id INTEGER NOT NULL REFERENCES handbooks(id),
  text TEXT NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE TABLE facts (
  id INTEGER PRIMARY KEY, handbook_id INTEGER NOT NULL REFERENCES handbooks(id),
  service_id INTEGER REFERENCES services(id),  -- NULL: a channel written for the whole handbook
  family TEXT NOT NULL,        -- usage_limits, duration_limits, slas, channels, preconditions, coverage, description…
  code TEXT,                   -- precondition code, or coverage key (cities, provinces, hospitals)
  type TEXT,                   -- channel type
  value REAL,                  -- SLA or duration (upper bound of a range), or coverage number
  min REAL,                    -- lower bound of a range
  unit TEXT,                   -- time unit
  hours REAL,                  -- SLA or duration in hours (working day = 1.4 natural days)
  party TEXT,                  -- SLA: provider or customer
  period TEXT,                 -- usage: policy_year, policy_term, per_event
  count INTEGER,               -- usage count (NULL when unlimited)
  unlimited INTEGER,           -- usage: 1 when unlimited
  number TEXT,                 -- hotline number
  name TEXT,                   -- app, mini program or account name
  text TEXT,                   -- a condition's stated value, or a detail's text
  inherited INTEGER,           -- channel: 1 when copied from the handbook-wide channels
  rule TEXT NOT NULL,
  corrected TEXT,              -- confirm or add when a reviewer corrected it
  corrected_by TEXT, corrected_at TEXT,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  number_evidence_id INTEGER REFERENCES evidence(id));  -- channel: where its line's number is stated
CREATE INDEX services_handbook ON services(handbook_id);
CREATE INDEX services_category ON services(category);
CREATE INDEX facts_service ON facts(service_id);
CREATE INDEX facts_family ON facts(family, code, type);
CREATE INDEX facts_handbook ON facts(handbook_id);
CREATE INDEX evidence_handbook ON evidence(handbook_id);
"""
FACT_COLUMNS = ("code", "type", "value", "min", "unit", "hours", "party", "period", "count",
                "unlimited", "number", "name", "text", "inherited", "rule",
                "corrected", "corrected_by", "corrected_at")


def fact_row(family: str, item: dict) -> dict:
    """One fact's typed columns."""
    row = dict.fromkeys(FACT_COLUMNS)
    row.update({k: item[k] for k in ("type", "value", "min", "unit", "party", "period", "count",
                                     "number", "name", "text") if k in item})
    if family == "preconditions":
        row.update(code=item["code"], text=item.get("value"))
    if "unit" in item:
        row["hours"] = item["value"] * HOURS_PER_UNIT[item["unit"]]
    for flag in ("unlimited", "inherited"):
        if flag in item:
            row[flag] = int(item[flag])
    correction = item.get("correction") or {}
    row.update(rule=item.get("rule", ""), corrected=correction.get("action"),
               corrected_by=correction.get("by"), corrected_at=correction.get("at"))
    return row


def _facts(service: dict) -> Iterator[tuple[str, dict, dict, Optional[dict]]]:
    """(family, typed columns, evidence, the number's evidence) for every value of a service."""
    for family in LIST_FAMILIES:
        for item in service[family]:
            yield family, fact_row(family, item), item["evidence"], item.get("number_evidence")
    for key, number, evidence in coverage_items(service):
        yield ("coverage", fact_row("coverage", {"value": number, "rule": f"coverage.{key}"}) | {"code": key},
               evidence, None)


def _insert(db: sqlite3.Connection, table: str, row: dict) -> int:
    columns = ", ".join(f'"{c}"' for c in row)
    return db.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
                      list(row.values())).lastrowid


def _fill(db: sqlite3.Connection, records: list[dict]) -> None:
    for record in records:
        source = record["source"]
        handbook = _insert(db, "handbooks", {
            "document": record["document"], "path": source["path"], "format": source["format"],
            "sha256": source["sha256"], "size": source["size"], "page_count": source["page_count"],
            "insurer": (record["insurer"] or {}).get("name"), "product": (record["product"] or {}).get("name"),
            "status": record["status"]})

        def fact(service_id, family, row, evidence, number_evidence=None):
            evidence_id = _insert(db, "evidence", {"handbook_id": handbook, **evidence})
            number_id = number_evidence and _insert(db, "evidence", {"handbook_id": handbook, **number_evidence})
            _insert(db, "facts", {"handbook_id": handbook, "service_id": service_id, "family": family,
                                  **row, "evidence_id": evidence_id, "number_evidence_id": number_id})

        for item in record["channels"]:
            fact(None, "channels", fact_row("channels", item), item["evidence"], item.get("number_evidence"))
        for service in record["services"]:
            correction = service.get("correction") or {}
            service_id = _insert(db, "services", {
                "handbook_id": handbook, "key": service["id"], "name": service["name"],
                "category": service["category"], "category_term": service["category_term"],
                "corrected_by": correction.get("by"), "corrected_at": correction.get("at")})
            for family, row, evidence, number_evidence in _facts(service):
                fact(service_id, family, row, evidence, number_evidence)


def export_sqlite(records: list[dict], path: Path) -> None:
    """Write the handbooks' records as a SQLite database at `path`, replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".export-", dir=path.parent) as folder:
        built = Path(folder) / "catalog.db"
        db = sqlite3.connect(built)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.executescript(SCHEMA)
            with db:  # one transaction: all of the catalog or nothing
                _fill(db, records)
        finally:
            db.close()
        with open(built, "rb") as handle:
            write_atomic(path, iter(lambda: handle.read(1 << 20), b""))
