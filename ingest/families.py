"""The field families of a service record, listed once and read by every stage.

A family is a key of a service in the handbook record: its facts are coded values
(`usage_limits`, `slas`…) or quoted sentences (`description`, `materials`…), and
`coverage` is one object of numbers. `item` names the handbook schema's definition of
one of its values. Extractors, the record, evidence checks, corrections, the SQLite
export and the reports take the list from here; a test checks it against the schema.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldFamily:
    name: str  # the key in a service record
    item: str  # the handbook schema's $defs entry for one value
    kind: str  # "fact": coded values; "text": quoted sentences; "coverage": one object


FAMILIES = (
    FieldFamily("usage_limits", "usage_limit", "fact"),
    FieldFamily("duration_limits", "duration_limit", "fact"),
    FieldFamily("slas", "sla", "fact"),
    FieldFamily("channels", "channel", "fact"),
    FieldFamily("preconditions", "precondition", "fact"),
    FieldFamily("coverage", "coverage", "coverage"),
    FieldFamily("description", "text_item", "text"),
    FieldFamily("materials", "text_item", "text"),
    FieldFamily("steps", "text_item", "text"),
    FieldFamily("exclusions", "text_item", "text"),
    FieldFamily("service_hours", "text_item", "text"),
    FieldFamily("eligible_persons", "text_item", "text"),
    FieldFamily("cancellation", "text_item", "text"),
)
BY_NAME = {family.name: family for family in FAMILIES}
FACT_FAMILIES = tuple(f.name for f in FAMILIES if f.kind == "fact")
TEXT_FAMILIES = tuple(f.name for f in FAMILIES if f.kind == "text")
LIST_FAMILIES = FACT_FAMILIES + TEXT_FAMILIES  # the families whose value is a list of items
