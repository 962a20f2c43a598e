"""From sections and facts to the handbook record of the catalog.

Facts are de-duplicated per service (each distinct value once, citing where it is first
stated); two different values for the same thing become a `findings` entry with both
evidences; channels written outside every service belong to the handbook and are copied
into services marked `inherited`.
"""
from __future__ import annotations

from pathlib import Path

from .extractors import extract
from .families import TEXT_FAMILIES
from .extractors.channels import ChannelExtractor
from .extractors.base import SectionView, field_rules
from .model import Document, Evidence, Fact, Section
from .rules import compile_rule
from .schemas import SCHEMA_VERSION
from .segment import segment



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


def _service_record(doc: Document, section: Section, number: int,
                    handbook_channels: list[Fact]) -> tuple[dict, list[dict]]:
    facts = extract(doc, section)
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


def _outside_services(doc: Document, sections: list[Section]) -> Section:
    """The handbook's own text: everything no service section covers."""
    covered = sorted([span for s in sections for span in s.spans]
                     + [(e.start, e.end) for s in sections for e in s.name_places])
    spans, pos = [], 0
    for start, end in covered:
        if start > pos:
            spans.append((pos, start))
        pos = max(pos, end)
    if pos < len(doc.text):
        spans.append((pos, len(doc.text)))
    return Section(name="", name_evidence=Evidence("", 0, 0, None), category="other",
                  category_term=None, spans=spans, group="handbook")


def _named(doc: Document, start: int, end: int, name: str) -> dict:
    return {"name": name, "evidence": Evidence(doc.text[start:end], start, end,
                                                doc.page_at(start)).to_dict()}


def find_insurer(doc: Document) -> dict | None:
    """The insurer named first in the handbook, from the insurer vocabulary."""
    best = None
    for insurer in field_rules()["insurers"]:
        for alias in insurer["aliases"]:
            pos = doc.match_text.find(alias)
            if pos >= 0 and (best is None or (pos, -len(alias)) < (best[0], -len(best[2]))):
                best = (pos, insurer["name"], alias)
    return _named(doc, best[0], best[0] + len(best[2]), best[1]) if best else None


def find_product(doc: Document) -> dict | None:
    rule = field_rules()["product"]
    m = compile_rule(rule["pattern"]).search(doc.match_text)
    if not m:
        return None
    name = "".join(doc.text[m.start("name"):m.end("name")].split())
    return _named(doc, m.start("name"), m.end("name"), name)


def handbook_record(doc: Document) -> dict:
    """The catalog entry of one handbook: every service with evidence-carrying facts."""
    sections = segment(doc)
    handbook_view = SectionView(doc, _outside_services(doc, sections))
    handbook_channels = _unique("channels", ChannelExtractor()(handbook_view))
    services, findings, counters = [], [], {}
    for section in sections:
        counters[section.category] = counters.get(section.category, 0) + 1
        record, found = _service_record(doc, section, counters[section.category], handbook_channels)
        services.append(record)
        findings += found
    warnings = list(doc.warnings)
    if not services:
        warnings.append("no service recognized in this handbook")
    return {
        "schema_version": SCHEMA_VERSION,
        "document": Path(doc.source.path).name,
        "source": doc.source.to_dict(),
        "insurer": find_insurer(doc),
        "product": find_product(doc),
        "status": "success" if services else "partial",
        "channels": [{**_with_evidence(f), "inherited": False} for f in handbook_channels],
        "services": services,
        "findings": findings,
        "warnings": warnings,
    }
