"""A reviewer's corrections, kept beside the catalog and applied again on every run.

A correction names what it corrects by content, the service's name and the words its
evidence rests on, never by offsets or ids: offsets move with every edit of a handbook,
words mostly do not. So a correction made on one edition keeps applying to the next one
wherever its words remain, and one whose words are gone is not applied but reported
stale, for a person to look at again. Words are compared without whitespace, because
line breaks and layout spaces differ between editions and formats.

The file format is `ingest/schemas/corrections.schema.json`; README "Review workflow"
shows it in use.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from .errors import InputError
from .families import BY_NAME, LIST_FAMILIES
from .model import Document, Evidence
from .schemas import schema_errors, validator_for

# Field family → the handbook schema's definition of one of its facts.
FAMILY_ITEMS = {name: BY_NAME[name].item for name in LIST_FAMILIES}
ADDED_RULE = "correction"
_NOT_VALUE = ("evidence", "rule", "correction", "inherited")
ABSENT = object()  # the correction's service is not in this handbook (it may be in another)


def _compact(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> tuple[dict, ...]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("does not exist", path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"is not a readable JSON corrections file ({exc})", path) from None
    errors = schema_errors("corrections", data)
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(root)"
        raise InputError(f"does not match corrections.schema.json at {where}: {errors[0].message}", path)
    for index, correction in enumerate(data["corrections"]):
        if correction["action"] == "add":
            problem = _invalid_fact(_added_fact(correction, Evidence("x", 0, 1, None)), correction["family"])
            if problem:
                raise InputError(f"correction {index} adds a {correction['family']} value that "
                                 f"does not match handbook.schema.json: {problem}", path)
    return tuple(data["corrections"])


def load_corrections(path: str | Path) -> tuple[dict, ...]:
    """The corrections of a file, checked against the schema (a bad file is one clear error)."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _load(str(path), mtime)


def _invalid_fact(fact: dict, family: str) -> Optional[str]:
    validator = validator_for("handbook")
    schema = {"$ref": f"{validator.schema['$id']}#/$defs/{FAMILY_ITEMS[family]}"}
    error = next(iter(validator.evolve(schema=schema).iter_errors(fact)), None)
    return error.message if error else None


def _stamp(correction: dict, action: str, **extra) -> dict:
    stamp = {"action": action, "by": correction["by"], "at": correction["at"], **extra}
    if correction.get("note"):
        stamp["note"] = correction["note"]
    return stamp


def _added_fact(correction: dict, evidence: Evidence) -> dict:
    value = dict(correction.get("value") or {})
    if FAMILY_ITEMS[correction["family"]] == "text_item":
        value.setdefault("text", evidence.text)
    if correction["family"] == "channels":
        value.setdefault("inherited", False)
    return {**value, "evidence": evidence.to_dict(), "rule": ADDED_RULE,
            "correction": _stamp(correction, "add")}


def _value_of(fact: dict) -> dict:
    return {k: v for k, v in fact.items() if k not in _NOT_VALUE}


class _Words:
    """The handbook text without whitespace, mapped back to offsets in `Document.text`."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.positions = [i for i, ch in enumerate(doc.text) if not ch.isspace()]
        self.compact = "".join(doc.text[i] for i in self.positions)

    def find(self, words: str, within: list[tuple[int, int]]) -> Optional[Evidence]:
        """The words' evidence: their first occurrence inside `within`, else the first one."""
        needle, hits, at = _compact(words), [], 0
        while (at := self.compact.find(needle, at)) >= 0:
            hits.append(at)
            at += 1
        if not hits:
            return None
        spans = [(self.positions[h], self.positions[h + len(needle) - 1] + 1) for h in hits]
        start, end = next((s for s in spans if any(a <= s[0] and s[1] <= b for a, b in within)), spans[0])
        return Evidence(self.doc.text[start:end], start, end, self.doc.page_at(start))


class _Applier:
    """Applies corrections one by one to one record; each handler returns None when it
    applied, ABSENT when its service is not here, or the reason it is stale."""

    def __init__(self, record: dict, doc: Document):
        self.record, self.words = record, _Words(doc)
        self.original = {id(s): s["name"] for s in record["services"]}

    def service(self, name: str) -> Optional[dict]:
        """The service of that name now, or of that name in the handbook before a rename."""
        wanted = _compact(name)
        return next((s for s in self.record["services"]
                     if wanted in (_compact(s["name"]), _compact(self.original.get(id(s), "")))), None)

    def facts(self, service: dict, correction: dict) -> list[dict]:
        needle, wanted = _compact(correction["evidence"]), correction.get("value") or {}
        return [fact for fact in service[correction["family"]]
                if needle in _compact(fact["evidence"]["text"])
                and all(fact.get(k) == v for k, v in wanted.items())]

    def missing(self, service: dict, correction: dict) -> str:
        words = correction["evidence"]
        if self.words.find(words, []) is None:
            return f"the words “{words}” no longer occur in the handbook"
        return f"no {correction['family']} fact of {service['name']} rests on “{words}” any more"

    def confirm(self, correction: dict):
        service = self.service(correction["service"])
        if service is None:
            return ABSENT
        facts = self.facts(service, correction)
        for fact in facts:
            fact["correction"] = _stamp(correction, "confirm")
        return None if facts else self.missing(service, correction)

    def reject(self, correction: dict):
        """Drop the facts; a contradiction that cited one of them is resolved with it."""
        service = self.service(correction["service"])
        if service is None:
            return ABSENT
        facts = self.facts(service, correction)
        if not facts:
            return self.missing(service, correction)
        family = correction["family"]
        service[family] = [f for f in service[family] if f not in facts]
        dropped = [f["evidence"] for f in facts]
        self.record["findings"] = [f for f in self.record["findings"] if not (
            f["service"] == service["name"] and f["family"] == family
            and any(e in dropped for e in f["evidence"]))]
        return None

    def add(self, correction: dict):
        service = self.service(correction["service"])
        if service is None:
            return ABSENT
        spans = [(s["start"], s["end"]) for s in service["sections"]]
        evidence = self.words.find(correction["evidence"], spans)
        if evidence is None:
            return f"the words “{correction['evidence']}” no longer occur in the handbook"
        fact, family = _added_fact(correction, evidence), correction["family"]
        same = next((f for f in service[family] if f["evidence"] == fact["evidence"]
                     and _value_of(f) == _value_of(fact)), None)
        if same:  # the extractor finds it by now: keep its rule, note the reviewer's word
            same["correction"] = fact["correction"]
        else:
            service[family] = sorted(service[family] + [fact], key=lambda f: f["evidence"]["start"])
        return None

    def rename(self, correction: dict):
        service = self.service(correction["service"])
        if service is None:
            return ABSENT
        self._rename_findings(service["name"], correction["name"])
        first = (service.get("correction") or {}).get("from", self.original.get(id(service), service["name"]))
        service["name"] = correction["name"]
        service["correction"] = _stamp(correction, "rename", **{"from": first})
        return None

    def not_a_service(self, correction: dict):
        service = self.service(correction["service"])
        if service is None:
            return ABSENT
        self.record["services"].remove(service)
        self.record["findings"] = [f for f in self.record["findings"] if f["service"] != service["name"]]
        return None

    def merge(self, correction: dict):
        """The first service's places, sections and facts go to `into` (each value once)."""
        source, target = self.service(correction["service"]), self.service(correction["into"])
        if source is None:
            return ABSENT
        if target is None or target is source:
            return f"no other service named {correction['into']} to merge into"
        for family in FAMILY_ITEMS:
            known = [_value_of(f) for f in target[family]]
            target[family] = sorted(target[family] + [f for f in source[family] if _value_of(f) not in known],
                                    key=lambda f: f["evidence"]["start"])
        for key, evidence in source["coverage"]["evidence"].items():
            if target["coverage"][key] is None:
                target["coverage"][key] = source["coverage"][key]
                target["coverage"]["evidence"][key] = evidence
        target["places"] = sorted(target["places"] + source["places"], key=lambda e: e["start"])
        target["sections"] = sorted(target["sections"] + source["sections"], key=lambda s: s["start"])
        self._rename_findings(source["name"], target["name"])
        self.record["services"].remove(source)
        earlier = target.get("correction") or {}
        target["correction"] = _stamp(correction, "merge", **{
            k: v for k, v in earlier.items() if k == "from"}, merged=earlier.get("merged", []) + [source["name"]])
        return None

    def _rename_findings(self, old: str, new: str) -> None:
        for finding in self.record["findings"]:
            if finding["service"] == old:
                finding["service"] = new
                finding["message"] = finding["message"].replace(old, new, 1)


def _targets(correction: dict, record: dict) -> Optional[bool]:
    """False: meant for another handbook; True: names this one; None: names none."""
    wanted = correction.get("handbook")
    if wanted is None:
        return None
    document = Path(record["document"])
    names = {document.name, document.stem, (record.get("product") or {}).get("name")}
    return wanted in names


def apply_corrections(record: dict, doc: Document, path: Optional[Path]) -> dict:
    """The record with the corrections of the file at `path` applied (unchanged without one).

    `record["corrections"]` then says which corrections (by index) changed it and which are
    stale here: their service is here but their words are not, or they name this handbook
    and their service is not in it.
    """
    if path is None:
        return record
    applier = _Applier(record, doc)
    status: dict[str, list] = {"applied": [], "stale": []}
    handlers: dict[str, Callable[[dict], object]] = {
        "confirm": applier.confirm, "reject": applier.reject, "add": applier.add,
        "rename": applier.rename, "not_a_service": applier.not_a_service, "merge": applier.merge}
    for index, correction in enumerate(load_corrections(path)):
        named = _targets(correction, record)
        if named is False:
            continue
        outcome = handlers[correction["action"]](correction)
        entry = {"index": index, "action": correction["action"], "service": correction["service"]}
        if outcome is None:
            status["applied"].append(entry)
        elif outcome is ABSENT:
            if named:
                status["stale"].append(entry | {"reason": f"no service named {correction['service']} "
                                                          "in this handbook"})
        else:
            status["stale"].append(entry | {"reason": outcome})
    record["corrections"] = status
    return record


def stale_corrections(corrections: tuple[dict, ...], records: list[dict]) -> list[dict]:
    """Every correction of a run that is stale: stale in some handbook, or applying to none
    (its service is in no handbook of the run)."""
    stale, seen = [], set()
    for record in records:
        status = record.get("corrections") or {"applied": [], "stale": []}
        seen.update(entry["index"] for entry in status["applied"] + status["stale"])
        stale += [{"document": record["document"], **entry} for entry in status["stale"]]
    stale += [{"document": None, "index": index, "action": c["action"], "service": c["service"],
               "reason": f"no handbook of this run is {c['handbook']}" if c.get("handbook")
               else f"no handbook of this run has a service named {c['service']}"}
              for index, c in enumerate(corrections) if index not in seen]
    return sorted(stale, key=lambda s: (s["index"], s["document"] or ""))


def run_report(path: Path, records: list[dict]) -> dict:
    """The `corrections` entry of run.json: the file, how many corrections applied where,
    and every stale one."""
    corrections = load_corrections(path)
    applied = sum(len((r.get("corrections") or {}).get("applied", [])) for r in records)
    return {"file": str(path), "corrections": len(corrections), "applied": applied,
            "stale": stale_corrections(corrections, records)}
