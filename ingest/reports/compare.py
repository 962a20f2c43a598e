"""The comparison of several handbooks: a category × handbook matrix of the services each
offers, and a summary of what stands out. Every shown value keeps its evidence, so a
reader can open it and see the handbook's own words."""
from __future__ import annotations

from collections import Counter

from .facts import (CATEGORY_LABELS, UNIT_NOTE, category_label, category_order, coverage_items,
                    describe_channel, describe_coverage, describe_duration, describe_precondition,
                    describe_sla, describe_usage, hours, sla_order)
from .load import Handbook

# (field, label, describe, order) for the list families a matrix cell shows, in cell order.
CELL_FIELDS = [
    ("usage_limits", "uses", describe_usage, None),
    ("duration_limits", "duration", describe_duration, hours),
    ("slas", "SLA", describe_sla, sla_order),
    ("channels", "channels", describe_channel, None),
    ("preconditions", "conditions", describe_precondition, None),
]
TABLE_HEADER = ["handbook", "document", "service", "category", "field", "value",
                "evidence_text", "page", "start", "end"]


class _Values:
    """Makes each shown value (text, evidence, document) and numbers the distinct evidences,
    so that Markdown can cite them as footnotes."""

    def __init__(self):
        self.footnotes: list[dict] = []
        self._refs: dict[tuple, int] = {}

    def __call__(self, text: str, evidence: dict, document: str) -> dict:
        key = (document, evidence["start"], evidence["end"])
        if key not in self._refs:
            self._refs[key] = len(self.footnotes) + 1
            self.footnotes.append({"ref": self._refs[key], "evidence": evidence, "document": document})
        return {"text": text, "evidence": evidence, "document": document, "ref": self._refs[key]}


def _service_cell(service: dict, document: str, value) -> dict:
    name = value(service["name"], service["places"][0], document)
    fields = []
    for family, label, describe, order in CELL_FIELDS:
        items = sorted(service[family], key=order) if order else service[family]
        if items:
            fields.append({"field": family, "label": label, "shown": [
                value(describe(item) + (" (handbook-wide)" if item.get("inherited") else ""),
                      item["evidence"], document) for item in items]})
    coverage = coverage_items(service)
    if coverage:
        fields.append({"field": "coverage", "label": "coverage", "shown": [
            value(describe_coverage(key, number), evidence, document) for key, number, evidence in coverage]})
    return {"name": name, "fields": fields}


def _column_labels(handbooks: list[Handbook]) -> list[str]:
    """Handbook labels, made unique by the document name where two would read the same."""
    counts = Counter(h.label for h in handbooks)
    return [h.label if counts[h.label] == 1 else f"{h.label} ({h.record['document']})" for h in handbooks]


def _approximately(hours: float) -> str:
    return f"≈ {round(hours * 60, 1):g} min" if hours < 1 else f"≈ {round(hours, 1):g} h"


def _sla_extremes(handbooks: list[Handbook], labels: list[str], value) -> list[dict]:
    """Per category, the fastest and slowest provider promise across all handbooks."""
    by_category: dict[str, list] = {}
    for handbook, label in zip(handbooks, labels):
        for service in handbook.record["services"]:
            for sla in service["slas"]:
                if sla["party"] == "provider":
                    by_category.setdefault(service["category"], []).append({
                        "value": value(describe_sla(sla), sla["evidence"], handbook.record["document"]),
                        "hours": hours(sla), "approx": _approximately(hours(sla)),
                        "service": service["name"], "handbook": label})
    return [{"category": category, "label": category_label(category),
             "fastest": min(by_category[category], key=lambda s: s["hours"]),
             "slowest": max(by_category[category], key=lambda s: s["hours"]),
             "count": len(by_category[category])}
            for category in category_order() if category in by_category]


def build_comparison(handbooks: list[Handbook]) -> dict:
    """The compare view model: columns, matrix rows in taxonomy order, and the summary."""
    value = _Values()
    labels = _column_labels(handbooks)
    cells: dict[tuple[str, int], list] = {}
    for column, handbook in enumerate(handbooks):
        for service in handbook.record["services"]:
            cells.setdefault((service["category"], column), []).append(
                _service_cell(service, handbook.record["document"], value))
    offered = [c for c in category_order() if any((c, i) in cells for i in range(len(handbooks)))]
    rows = [{"category": category, "label": category_label(category), "name": CATEGORY_LABELS[category],
             "offered_by": sum((category, i) in cells for i in range(len(handbooks))),
             "cells": [{"offered": (category, i) in cells, "services": cells.get((category, i), [])}
                       for i in range(len(handbooks))]}
            for category in offered]
    columns = [{"label": label, "document": h.record["document"],
                "services": len(h.record["services"]),
                "categories": len({s["category"] for s in h.record["services"]}),
                "findings": len(h.record["findings"])}
               for h, label in zip(handbooks, labels)]
    findings = [{"handbook": label, "service": f["service"], "family": f["family"],
                 "stated": [value(v, e, h.record["document"]) for v, e in zip(f["values"], f["evidence"])]}
                for h, label in zip(handbooks, labels) for f in h.record["findings"]]
    only_one = [{"label": row["label"], "handbook": labels[i],
                 "services": [s["name"]["text"] for s in cell["services"]]}
                for row in rows if row["offered_by"] == 1 and len(handbooks) > 1
                for i, cell in enumerate(row["cells"]) if cell["offered"]]
    return {
        "report": "compare",
        "columns": columns,
        "rows": rows,
        "summary": {"only_one": only_one, "sla_extremes": _sla_extremes(handbooks, labels, value),
                    "findings": findings,
                    "not_offered": [category_label(c) for c in category_order() if c not in offered]},
        "unit_note": UNIT_NOTE,
        "footnotes": value.footnotes,
    }


def comparison_table(view: dict) -> list[list]:
    """One row per (handbook, service, field, value) with its evidence: the CSV/XLSX form."""
    table = [TABLE_HEADER]
    for index, column in enumerate(view["columns"]):
        for row in view["rows"]:
            for service in row["cells"][index]["services"]:
                shown = [("name", service["name"])] + [
                    (f["field"], v) for f in service["fields"] for v in f["shown"]]
                for field, value in shown:
                    evidence = value["evidence"]
                    table.append([column["label"], column["document"], service["name"]["text"],
                                  row["category"], field, value["text"], evidence["text"],
                                  evidence["page"], evidence["start"], evidence["end"]])
    return table
