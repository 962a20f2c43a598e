"""Checks every output must pass before it is written.

`verify_evidence` re-reads each evidence span against the handbook text: a value whose
words cannot be found exactly where it says is removed (with a warning), never written.
`validate` checks a record against its published JSON Schema.
"""
from __future__ import annotations

from .errors import SchemaError
from .families import LIST_FAMILIES
from .schemas import schema_errors



def _verbatim(evidence: dict, text: str) -> bool:
    return text[evidence["start"]:evidence["end"]] == evidence["text"] and evidence["text"] != ""


def verify_evidence(record: dict, text: str) -> list[str]:
    """Drop every value whose evidence is not verbatim; return a warning per dropped value."""
    dropped = []
    for service in record["services"]:
        for family in LIST_FAMILIES:
            kept = []
            for item in service[family]:
                cited = [item["evidence"]] + ([item["number_evidence"]] if "number_evidence" in item else [])
                (kept if all(_verbatim(e, text) for e in cited) else dropped).append(item)
            service[family] = kept
        coverage = service["coverage"]
        for key, evidence in list(coverage["evidence"].items()):
            if not _verbatim(evidence, text):
                coverage[key] = None
                del coverage["evidence"][key]
                dropped.append({"rule": f"coverage.{key}"})
        service["places"] = [p for p in service["places"] if _verbatim(p, text)]
    record["channels"] = [c for c in record["channels"] if _verbatim(c["evidence"], text)]
    record["findings"] = [f for f in record["findings"]
                          if all(_verbatim(e, text) for e in f["evidence"])]
    warnings = [f"dropped a value of rule {item.get('rule')} whose evidence is not verbatim"
                for item in dropped]
    record["warnings"].extend(warnings)
    return warnings


def validate(record: dict, schema: str) -> None:
    """Raise SchemaError naming the first violation of `ingest/schemas/<schema>.schema.json`."""
    errors = schema_errors(schema, record)
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise SchemaError(f"{schema} output violates its schema at {where}: {error.message}")
