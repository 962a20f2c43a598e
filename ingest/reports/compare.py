"""The comparison of several handbooks: a summary of what stands out, and a category ×
handbook matrix of the services each offers. Every shown value keeps its evidence, so a
reader can open it and see the handbook's own words; every code reads in the report's
language (labels.json)."""
from __future__ import annotations

from collections import Counter
from typing import Callable, Optional

from .facts import Wording, category_order, coverage_items, hours, sla_order, ui_text
from .load import Handbook

# (field, describe, order) for the list families a matrix cell shows, in cell order.
CELL_FIELDS: list[tuple[str, Callable[[Wording, dict], str], Optional[Callable]]] = [
    ("usage_limits", Wording.usage, None),
    ("duration_limits", Wording.duration, hours),
    ("slas", Wording.sla, sla_order),
    ("channels", Wording.channel, None),
    ("preconditions", Wording.precondition, None),
]
TABLE_COLUMNS = ("handbook", "document", "service", "category", "field", "value", "number", "unit",
                 "hours", "evidence_text", "page", "start", "end")


class _Values:
    """Makes each shown value (text, evidence, document, and for spreadsheets its number,
    unit and hours) and numbers the distinct evidences, so that Markdown can cite them as
    footnotes."""

    def __init__(self):
        self.footnotes: list[dict] = []
        self._refs: dict[tuple, int] = {}

    def __call__(self, text: str, evidence: dict, document: str, number=None, unit: str = "",
                 in_hours: Optional[float] = None) -> dict:
        key = (document, evidence["start"], evidence["end"])
        if key not in self._refs:
            self._refs[key] = len(self.footnotes) + 1
            self.footnotes.append({"ref": self._refs[key], "evidence": evidence, "document": document})
        return {"text": text, "evidence": evidence, "document": document, "ref": self._refs[key],
                "number": number, "unit": unit, "hours": in_hours}


def _measure(family: str, item: dict, wording: Wording) -> dict:
    """The number a value states, its unit in the report's words, and times in hours."""
    if family == "usage_limits":
        return {"number": item["count"], "unit": wording.label("period", item["period"]) if item["period"] else ""}
    if family in ("duration_limits", "slas"):
        return {"number": item["value"], "unit": wording.label("time_unit", item["unit"]).strip(),
                "in_hours": round(hours(item), 2)}
    return {}


def _shown(text: str, item: dict, wording: Wording) -> str:
    return wording.handbook_wide(text) if item.get("inherited") else text


def _service_cell(service: dict, document: str, value, wording: Wording) -> dict:
    name = value(service["name"], service["places"][0], document)
    fields = []
    for family, describe, order in CELL_FIELDS:
        items = sorted(service[family], key=order) if order else service[family]
        if items:
            fields.append({"field": family, "label": wording.family(family), "shown": [
                value(_shown(describe(wording, item), item, wording), item["evidence"], document,
                      **_measure(family, item, wording))
                for item in items]})
    coverage = coverage_items(service)
    if coverage:
        fields.append({"field": "coverage", "label": wording.family("coverage"), "shown": [
            value(wording.coverage(key, number), evidence, document, number=number,
                  unit=wording.label("coverage", key)) for key, number, evidence in coverage]})
    return {"name": name, "fields": fields}


def _column_labels(handbooks: list[Handbook]) -> list[str]:
    """Handbook labels, made unique by the document name where two would read the same."""
    counts = Counter(h.label for h in handbooks)
    return [h.label if counts[h.label] == 1 else f"{h.label} ({h.record['document']})" for h in handbooks]


def _sla_extremes(handbooks: list[Handbook], labels: list[str], value, wording: Wording) -> list[dict]:
    """Per category and kind of promise (first contact, arrangement, report…), the fastest
    and slowest provider promise across all handbooks: like is ranked with like."""
    by_promise: dict[tuple[str, str], list] = {}
    for handbook, label in zip(handbooks, labels):
        for service in handbook.record["services"]:
            for sla in service["slas"]:
                if sla["party"] == "provider":
                    by_promise.setdefault((service["category"], sla.get("promise", "other")), []).append({
                        "value": value(wording.sla(sla), sla["evidence"], handbook.record["document"]),
                        "hours": hours(sla), "approx": wording.approximately(hours(sla)),
                        "service": service["name"], "handbook": label})
    return [{"category": category, "promise": promise,
             "label": f"{wording.category(category)} · {wording.label('promise', promise)}",
             "fastest": min(found, key=lambda s: s["hours"]),
             "slowest": max(found, key=lambda s: s["hours"]), "count": len(found)}
            for category in category_order() for (c, promise), found in sorted(by_promise.items())
            if c == category]


def _offering(row: dict, labels: list[str], offers: bool) -> list[str]:
    """The handbooks that offer (or do not offer) the row's category."""
    return [labels[i] for i, cell in enumerate(row["cells"]) if cell["offered"] == offers]


def build_comparison(handbooks: list[Handbook], lang: str) -> dict:
    """The compare view model in language `lang`: columns, the summary, and matrix rows in
    taxonomy order."""
    wording = Wording(lang)
    value = _Values()
    labels = _column_labels(handbooks)
    cells: dict[tuple[str, int], list] = {}
    for column, handbook in enumerate(handbooks):
        for service in handbook.record["services"]:
            cells.setdefault((service["category"], column), []).append(
                _service_cell(service, handbook.record["document"], value, wording))
    offered = [c for c in category_order() if any((c, i) in cells for i in range(len(handbooks)))]
    rows = [{"category": category, "label": wording.category(category),
             "offered_by": sum((category, i) in cells for i in range(len(handbooks))),
             "cells": [{"offered": (category, i) in cells, "services": cells.get((category, i), [])}
                       for i in range(len(handbooks))]}
            for category in offered]
    columns = [{"label": label, "document": h.record["document"],
                "services": len(h.record["services"]),
                "categories": len({s["category"] for s in h.record["services"]}),
                "findings": len(h.record["findings"])}
               for h, label in zip(handbooks, labels)]
    findings = [{"handbook": label, "service": f["service"], "family": wording.family(f["family"]),
                 "stated": [value(wording.finding_value(v), e, h.record["document"])
                            for v, e in zip(f["values"], f["evidence"])]}
                for h, label in zip(handbooks, labels) for f in h.record["findings"]]
    differs = [{"label": row["label"], "offered": _offering(row, labels, True),
                "missing": _offering(row, labels, False)}
               for row in rows if 1 < row["offered_by"] < len(handbooks)]
    only_one = [{"label": row["label"], "handbook": labels[i],
                 "services": [s["name"]["text"] for s in cell["services"]]}
                for row in rows if row["offered_by"] == 1 and len(handbooks) > 1
                for i, cell in enumerate(row["cells"]) if cell["offered"]]
    return {
        "report": "compare",
        "lang": lang,
        "text": ui_text("compare", lang),
        "columns": columns,
        "rows": rows,
        "summary": {"differs": differs, "only_one": only_one,
                    "sla_extremes": _sla_extremes(handbooks, labels, value, wording),
                    "findings": findings,
                    "not_offered": [wording.category(c) for c in category_order() if c not in offered]},
        "name_label": wording.family("name"),
        "unit_note": wording.unit_note(),
        "footnotes": value.footnotes,
    }


def comparison_table(view: dict) -> list[list]:
    """One row per (handbook, service, field, value) with its number, unit, hours and
    evidence, under the report language's column names: the CSV form and the facts sheet."""
    table = [[view["text"]["column_" + column] for column in TABLE_COLUMNS]]
    for index, column in enumerate(view["columns"]):
        for row in view["rows"]:
            for service in row["cells"][index]["services"]:
                shown = [(view["name_label"], service["name"])] + [
                    (f["label"], v) for f in service["fields"] for v in f["shown"]]
                for field, value in shown:
                    evidence = value["evidence"]
                    table.append([column["label"], column["document"], service["name"]["text"],
                                  row["label"], field, value["text"], value["number"], value["unit"],
                                  value["hours"], evidence["text"], evidence["page"], evidence["start"],
                                  evidence["end"]])
    return table
