"""From sections and facts to the handbook record of the catalog.

Facts are de-duplicated per service (each distinct value once, citing where it is first
stated); two different values for the same thing become a `findings` entry with both
evidences; channels written outside every service belong to the handbook and are copied
into services marked `inherited`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .extractors import Extraction
from .families import TEXT_FAMILIES
from .model import Document, Fact, Section
from .schemas import SCHEMA_VERSION


def _with_evidence(fact: Fact) -> dict:
    return {**fact.value, "evidence": fact.evidence.to_dict(), "rule": fact.rule}


def _identity(family: str, value: dict) -> tuple:
    """What makes two facts of a family the same fact (stated twice, listed once)."""
    if family == "channels":
        return (value["type"], value.get("number") or value.get("name"))
    if family == "preconditions":
        return (value["code"],)
    return tuple(sorted(value.items()))


def _unique(family: str, facts: list[Fact]) -> list[Fact]:
    seen, out = set(), []
    for fact in sorted(facts, key=lambda f: f.evidence.start):
        identity = _identity(family, fact.value)
        if identity not in seen:
            seen.add(identity)
            out.append(fact)
    return out


def _contradictions(service: str, family: str, facts: list[Fact], describe) -> list[dict]:
    """Facts about the same thing (same key) that state different values."""
    findings = []
    by_key: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.key:
            by_key.setdefault(fact.key, []).append(fact)
    for key, group in by_key.items():
        distinct = {}
        for fact in group:
            distinct.setdefault(describe(fact.value), fact)
        if len(distinct) > 1:
            values = list(distinct)
            findings.append({
                "type": "contradiction", "service": service, "family": family,
                "message": f"{service}: the handbook states different values for the same "
                           f"{family[:-1] if family.endswith('s') else family}: " + " vs ".join(values),
                "values": values, "evidence": [f.evidence.to_dict() for f in distinct.values()]})
    return findings


def _describe_time(value: dict) -> str:
    low = f"{value['min']:g}-" if "min" in value else ""
    return f"{low}{value['value']:g} {value['unit']}"


def _coverage(facts: list[Fact]) -> dict:
    out = {"cities": None, "provinces": None, "hospitals": None, "evidence": {}}
    for fact in sorted(facts, key=lambda f: f.evidence.start):
        key = fact.value["key"]
        if out[key] is None:
            out[key] = fact.value["value"]
            out["evidence"][key] = fact.evidence.to_dict()
    return out


def _service_record(doc: Document, section: Section, facts: dict[str, list[Fact]], number: int,
                    handbook_channels: list[Fact]) -> tuple[dict, list[dict]]:
    findings = []
    findings += _contradictions(section.name, "slas", facts["slas"], _describe_time)
    findings += _contradictions(section.name, "preconditions",
                                [f for f in facts["preconditions"] if "value" in f.value],
                                lambda v: v["value"])
    findings += _contradictions(section.name, "coverage", facts["coverage"],
                                lambda v: f"{v['value']} {v['key']}")
    channels = [{**_with_evidence(f), "inherited": False} for f in _unique("channels", facts["channels"])]
    own = {_identity("channels", c) for c in channels}
    channels += [{**_with_evidence(f), "inherited": True} for f in handbook_channels
                 if _identity("channels", f.value) not in own]
    record = {
        "id": f"{section.category}-{number}",
        "name": section.name,
        "category": section.category,
        "category_term": section.category_term,
        "group": section.parent or None,
        "places": [e.to_dict() for e in section.name_places],
        "sections": [{"start": s, "end": e, "pages": doc.pages_between(s, e)} for s, e in section.spans],
        "usage_limits": [_with_evidence(f) for f in _unique("usage_limits", facts["usage_limits"])],
        "duration_limits": [_with_evidence(f) for f in _unique("duration_limits", facts["duration_limits"])],
        "slas": [_with_evidence(f) for f in _unique("slas", facts["slas"])],
        "channels": channels,
        "preconditions": [_with_evidence(f) for f in _unique("preconditions", facts["preconditions"])],
        "coverage": _coverage(facts["coverage"]),
    }
    for family in TEXT_FAMILIES:
        record[family] = [_with_evidence(f) for f in _unique(family, facts[family])]
    return record, findings


def _named(fact: Optional[Fact]) -> Optional[dict]:
    return {"name": fact.value["name"], "evidence": fact.evidence.to_dict()} if fact else None


def assemble(doc: Document, sections: list[Section], extraction: Extraction) -> dict:
    """The catalog entry of one handbook: every service with evidence-carrying facts."""
    handbook_channels = _unique("channels", extraction.channels)
    services, findings, counters = [], [], {}
    for section, facts in zip(sections, extraction.services):
        counters[section.category] = counters.get(section.category, 0) + 1
        record, found = _service_record(doc, section, facts, counters[section.category],
                                        handbook_channels)
        services.append(record)
        findings += found
    warnings = list(doc.warnings)
    if not services:
        warnings.append("no service recognized in this handbook")
    return {
        "schema_version": SCHEMA_VERSION,
        "document": Path(doc.source.path).name,
        "source": doc.source.to_dict(),
        "insurer": _named(extraction.insurer),
        "product": _named(extraction.product),
        "status": "success" if services else "partial",
        "channels": [{**_with_evidence(f), "inherited": False} for f in handbook_channels],
        "services": services,
        "findings": findings,
        "warnings": warnings,
    }
