"""The review page of one handbook: its own text, page by page, with every extracted fact
highlighted where it was found, each service's sections outlined, and beside it each
service's facts linking to their highlights and back.

A reviewer checks the catalog against the handbook here, sees at a glance what no service
covers and which families a service lacks, and writes corrections (ingest/corrections.py)
that the next `ingest run --corrections` applies.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..model import Document
from .facts import Wording, coverage_items, report_language
from .load import Handbook


@dataclass(frozen=True)
class Family:
    """A field family as the page shows it: its label and the CSS class that colours it."""

    name: str
    label: str
    css: str
    describe: Callable[[Wording, dict], str]


FAMILIES = [
    Family("usage_limits", "uses", "usage", Wording.usage),
    Family("duration_limits", "duration", "duration", Wording.duration),
    Family("slas", "SLA", "sla", Wording.sla),
    Family("channels", "channels", "channel", Wording.channel),
    Family("preconditions", "conditions", "condition", Wording.precondition),
    Family("coverage", "coverage", "coverage", lambda wording, item: item["label"]),
] + [Family(name, name.replace("_", " "), "text", Wording.text)
     for name in ("description", "materials", "steps", "exclusions", "service_hours",
                  "eligible_persons", "cancellation")]
GLANCE = FAMILIES[:6]  # the families whose absence a reviewer looks for first
HANDBOOK_WIDE = "handbook-wide channels"


def anchor(evidence: dict) -> str:
    """The id of a highlight: its offsets, so facts and findings citing the same words meet."""
    return f"ev-{evidence['start']}-{evidence['end']}"


def _words(text: str) -> str:
    return " ".join(text.split())


def _snippet(service: str, family: str, evidence: dict) -> str:
    """A correction of this fact, ready to paste into the corrections file."""
    return json.dumps({"action": "reject", "service": service, "family": family,
                       "evidence": _words(evidence["text"]), "by": "YOUR NAME", "at": "YYYY-MM-DD"},
                      ensure_ascii=False)


class _Facts:
    """Numbers every fact shown, and remembers the highlights they make in the text."""

    def __init__(self, findings: list[dict], wording: Wording):
        """Facts are tied to a finding by family and words (only valued conditions can
        contradict each other, as in record.py)."""
        self.wording = wording
        self.marks: list[tuple[int, int, str, str, str]] = []  # start, end, css, fact id, title
        self.count = 0
        self.finding_of = {(f["family"], anchor(e)): f"finding-{i}"
                           for i, f in enumerate(findings) for e in f["evidence"]}

    def __call__(self, family: Family, item: dict, service: str, evidence: dict) -> dict:
        self.count += 1
        fact_id = f"fact-{self.count}"
        label = family.describe(self.wording, item)
        label = self.wording.handbook_wide(label) if item.get("inherited") else label
        if not item.get("inherited"):
            self.marks.append((evidence["start"], evidence["end"], family.css, fact_id,
                               f"{service or HANDBOOK_WIDE} · {family.label}: {label}"))
        return {"id": fact_id, "label": label, "css": family.css, "evidence": evidence,
                "anchor": anchor(evidence), "correction": item.get("correction"),
                "finding": self.finding_of.get((family.name, anchor(evidence)))
                if family.name != "preconditions" or "value" in item else None,
                "snippet": _snippet(service, family.name, evidence)
                if service and family.name != "coverage" else None}


def _service_facts(service: dict, facts: _Facts) -> list[dict]:
    groups = []
    for family in FAMILIES:
        if family.name == "coverage":
            items = [({"label": facts.wording.coverage(key, number)}, evidence)
                     for key, number, evidence in coverage_items(service)]
        else:
            items = [(item, item["evidence"]) for item in service[family.name]]
        groups.append({"family": family.name, "label": family.label, "css": family.css,
                       "facts": [facts(family, item, service["name"], evidence) for item, evidence in items]})
    return groups


@dataclass
class _Region:
    start: int
    end: int
    service: Optional[int]  # index into the page's services; None: text in no service


def _regions(text: str, services: list[dict]) -> list[_Region]:
    """The text cut into service regions (sections and the places naming the service) and
    the gaps between them; where two services overlap, the first keeps the text. Blank
    space between a service's heading and its section belongs to the service."""
    owner: list[Optional[int]] = [None] * len(text)
    for index, service in enumerate(services):
        for span in service["sections"] + service["places"]:
            for pos in range(span["start"], min(span["end"], len(text))):
                if owner[pos] is None:
                    owner[pos] = index
    regions: list[_Region] = []
    for pos, who in enumerate(owner):
        if regions and regions[-1].service == who:
            regions[-1].end = pos + 1
        elif len(regions) > 1 and who == regions[-2].service and not text[regions[-1].start:pos].strip():
            regions.pop()
            regions[-1].end = pos + 1
        else:
            regions.append(_Region(pos, pos + 1, who))
    return regions


def _segments(text: str, start: int, end: int, marks: list, anchors: dict[int, list[str]]) -> list[dict]:
    """The text of [start, end) cut where a highlight begins or ends; each piece carries the
    innermost highlight over it and the anchors that begin there."""
    cuts = sorted({start, end} | {p for m in marks for p in m[:2] if start < p < end}
                  | {p for p in anchors if start < p < end})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        over = [m for m in marks if m[0] <= left and right <= m[1]]
        mark = min(over, key=lambda m: (m[1] - m[0], m[0])) if over else None
        pieces.append({"text": text[left:right], "anchors": anchors.get(left, []),
                       "mark": {"css": mark[2], "fact": mark[3], "title": mark[4]} if mark else None})
    return pieces


def _pages(doc: Document) -> list[tuple[Optional[int], int, int]]:
    if not doc.page_starts:
        return [(None, 0, len(doc.text))]
    ends = doc.page_starts[1:] + [len(doc.text)]
    return [(number, start if number > 1 else 0, end)
            for number, (start, end) in enumerate(zip(doc.page_starts, ends), 1)]


def _text_pages(doc: Document, services: list[dict], marks: list,
                cited: list[dict]) -> tuple[list[dict], int]:
    """Pages of chunks (a service's text, or text in no service) of segments; and how many
    visible characters are in no service. Every highlight and every `cited` evidence gets
    an anchor where its words begin."""
    anchors: dict[int, list[str]] = {}
    for start, end in [m[:2] for m in marks] + [(e["start"], e["end"]) for e in cited]:
        anchors.setdefault(start, []).append(f"ev-{start}-{end}")
    for ids in anchors.values():
        ids[:] = sorted(set(ids))
    regions = _regions(doc.text, services)
    starts = [r.start for r in regions]
    pages, seen, outside = [], set(), 0
    for number, page_start, page_end in _pages(doc):
        chunks = []
        first = max(0, bisect_right(starts, page_start) - 1)
        for region in regions[first:]:
            if region.start >= page_end:
                break
            start, end = max(region.start, page_start), min(region.end, page_end)
            if not doc.text[start:end].strip():
                continue
            inside = [m for m in marks if m[0] < end and m[1] > start]
            clipped = [(max(m[0], start), min(m[1], end), *m[2:]) for m in inside]
            service = services[region.service] if region.service is not None else None
            chunks.append({"service": service, "first": service is not None and region.service not in seen,
                           "segments": _segments(doc.text, start, end, clipped, anchors)})
            if service is None:
                outside += len("".join(doc.text[start:end].split()))
            else:
                seen.add(region.service)
        pages.append({"number": number, "chunks": chunks})
    return pages, outside


def build_review(doc: Document, record: dict, corrections: Optional[Path] = None) -> dict:
    """The review view model of one handbook as read (`doc`) and ingested (`record`)."""
    facts = _Facts(record["findings"], Wording(report_language([record])))
    handbook_channels = [facts(FAMILIES[3], item, "", item["evidence"]) for item in record["channels"]]
    services = []
    for index, service in enumerate(record["services"]):
        groups = _service_facts(service, facts)
        services.append({"index": index, "id": f"service-{index}", "name": service["name"],
                         "category": f"{facts.wording.category(service['category'])} · {service['category']}",
                         "correction": service.get("correction"), "groups": groups,
                         "glance": [g for g in groups if g["family"] in {f.name for f in GLANCE}],
                         "sections": service["sections"], "places": service["places"]})
    pages, outside = _text_pages(doc, services, facts.marks,
                                 [e for f in record["findings"] for e in f["evidence"]])
    status = record.get("corrections") or {"applied": [], "stale": []}
    visible = len("".join(doc.text.split())) or 1
    return {
        "report": "review",
        "title": Handbook(record).label,
        "document": record["document"],
        "pages": pages,
        "services": services,
        "handbook_channels": handbook_channels,
        "families": [{"label": f.label, "css": f.css} for f in FAMILIES[:6]] + [
            {"label": "details (description, steps, materials…)", "css": "text"}],
        "glance": [{"label": f.label, "css": f.css} for f in GLANCE],
        "facts": facts.count,
        "outside_share": round(100 * outside / visible),
        "findings": [{"id": f"finding-{i}", "service": f["service"], "family": f["family"],
                      "message": f["message"],
                      "stated": [{"value": v, "evidence": e, "anchor": anchor(e)}
                                 for v, e in zip(f["values"], f["evidence"])]}
                     for i, f in enumerate(record["findings"])],
        "corrections": {"file": str(corrections) if corrections else None,
                        "applied": len(status["applied"]), "stale": status["stale"]},
        "example": _example(record),
    }


def _example(record: dict) -> str:
    """A corrections file made from this handbook's own first service, to copy and edit."""
    service = next((s for s in record["services"] if s["slas"] or s["usage_limits"]), None)
    name = service["name"] if service else "服务名称"
    fact = (service["slas"] or service["usage_limits"])[0] if service else {"evidence": {"text": "原文词句"}}
    words = _words(fact["evidence"]["text"])
    stamp = {"by": "YOUR NAME", "at": "2024-06-01"}
    corrections = [
        {"action": "confirm", "service": name, "family": "slas" if service and service["slas"] else "usage_limits",
         "evidence": words} | stamp,
        {"action": "add", "service": name, "family": "slas", "evidence": words,
         "value": {"value": 5, "unit": "working_day", "party": "provider"}} | stamp,
        {"action": "rename", "service": name, "name": f"{name}（新名）"} | stamp,
        {"action": "not_a_service", "service": "温馨提示"} | stamp,
        {"action": "merge", "service": "另一个服务", "into": name} | stamp,
    ]
    return json.dumps({"schema_version": "1.0.0", "corrections": corrections}, ensure_ascii=False, indent=1)
