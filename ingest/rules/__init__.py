"""Rule and vocabulary files, loaded once and checked against `ingest/schemas/rules.schema.json`."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..errors import RulesError

RULE_FILES = ("taxonomy", "fields", "segmentation")


@lru_cache(maxsize=None)
def load_rules(name: str) -> dict:
    """The parsed rule file `name` (taxonomy, fields, segmentation), validated on first load."""
    try:
        text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise RulesError(f"rule file {name}.json cannot be read: {exc}") from None
    _validate(name, data)
    return data


def _validate(name: str, data: dict) -> None:
    from ..schemas import validator_for

    errors = sorted(validator_for("rules").iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(map(str, errors[0].path))
        raise RulesError(f"rule file {name}.json is invalid at {where}: {errors[0].message}")
    for path, pattern in _patterns(data):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RulesError(f"rule file {name}.json has a bad pattern at {path}: {exc}") from None


def _patterns(node, path=""):
    """Every regex in a rule file: the values under keys named `pattern` or `patterns`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield f"{path}/{key}", value
            elif key == "patterns" and isinstance(value, list):
                for i, item in enumerate(value):
                    yield f"{path}/{key}/{i}", item
            else:
                yield from _patterns(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _patterns(item, f"{path}/{i}")


def rules_version() -> str:
    """A digest of every rule file, so caches know when a rule changed."""
    import hashlib

    digest = hashlib.sha256()
    for name in RULE_FILES:
        digest.update(resources.files(__package__).joinpath(f"{name}.json").read_bytes())
    return digest.hexdigest()[:16]
