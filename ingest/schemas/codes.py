"""The code lists of the handbook schema, kept from the rule files that define the codes.

A category is defined once, in `rules/taxonomy.json` (its code, the words that name it,
its labels), and a precondition code once, in `rules/fields.json` (`precondition_codes`).
The published schema lists the same codes as enums; `python -m ingest.schemas` writes them
there (existing codes keep their place, new ones come last, removed ones go) and a test
fails while the two disagree. Adding a category or a precondition code is one edit of one
rule file.
"""
from __future__ import annotations

import json
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def defined_codes() -> dict[str, list[str]]:
    """The codes the rule files define, by the handbook schema's `$defs` entry that lists them.

    Read as plain JSON: the rule files are checked against the schema these codes go into."""
    taxonomy = json.loads((RULES_DIR / "taxonomy.json").read_text(encoding="utf-8"))
    fields = json.loads((RULES_DIR / "fields.json").read_text(encoding="utf-8"))
    return {"category": [c["code"] for c in taxonomy["categories"]],
            "precondition_code": list(fields["precondition_codes"])}


def synced(handbook: dict) -> dict:
    """The handbook schema with its code enums following the rule files."""
    defs = dict(handbook["$defs"])
    for name, codes in defined_codes().items():
        listed = defs[name]["enum"]
        enum = [code for code in listed if code in codes] + [code for code in codes if code not in listed]
        defs[name] = defs[name] | {"enum": enum}
    return handbook | {"$defs": defs}
