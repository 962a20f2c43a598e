"""Rule and vocabulary files, loaded once and checked strictly when loaded.

`ingest/schemas/rules.schema.json` declares every key the code reads (a misspelled one is
an error, not a rule silently gone); what a schema cannot say is checked here: every
regex (a value under a key named `pattern` or ending in `_pattern`) compiles, and rule
ids are unique within their file. A failure is one line naming the file, the JSON path
and the rule's id, raised before any handbook is read (`load_all`).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..errors import RulesError
from ..numbers import RANGE, UNIT

RULE_FILES = ("taxonomy", "fields", "segmentation")
RULES_DIR = resources.files(__package__)


@lru_cache(maxsize=None)
def compile_rule(pattern: str) -> re.Pattern:
    """A rule pattern with its {RANGE} and {UNIT} placeholders filled in."""
    return re.compile(pattern.replace("{RANGE}", RANGE).replace("{UNIT}", UNIT), re.I)


@lru_cache(maxsize=None)
def load_rules(name: str) -> dict:
    """The parsed rule file `name` (taxonomy, fields, segmentation), validated on first load."""
    try:
        data = json.loads(RULES_DIR.joinpath(f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulesError(f"rule file {name}.json cannot be read: {exc}") from None
    _validate(name, data)
    return data


def load_all() -> None:
    """Every rule file loaded and checked, so a bad one is one error before any work."""
    for name in RULE_FILES:
        load_rules(name)


def _validate(name: str, data) -> None:
    """The schema first, then what it cannot say: the file's id, unique rule ids, regexes."""
    from ..schemas import schema_errors

    def fail(path: tuple, problem: str):
        raise RulesError(f"rule file {name}.json: {_where(data, path)}: {problem}")

    errors = schema_errors("rules", data)
    if errors:  # all that is wrong at the first place: a renamed key is missing and unexpected
        path = tuple(errors[0].path)
        fail(path, "; ".join(e.message for e in errors if tuple(e.path) == path))
    if data["id"] != name:
        fail(("id",), f"{data['id']!r} is the id of another rule file")
    ids: dict[str, str] = {}
    for path, value in _leaves(data):
        key = path[-1]
        if key == "id" and len(path) > 1:
            if value in ids:
                fail(path[:-1], f"duplicate id, also at {ids[value]}")
            ids[value] = _pointer(path[:-1])
        elif isinstance(key, str) and (key == "pattern" or key.endswith("_pattern")):
            try:
                compile_rule(value)
            except re.error as exc:
                fail(path, f"bad pattern: {exc}")


def _leaves(node, path: tuple = ()):
    """(JSON path, value) of every string, number and boolean in a rule file."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))
    else:
        yield path, node


def _pointer(path: tuple) -> str:
    return "/" + "/".join(map(str, path))


def _where(data, path: tuple) -> str:
    """`rule sla.within (/sla/within/pattern)`: the path, led by the id of the innermost
    rule on it (the file's own id names no rule)."""
    rule, node = None, data
    for key in path:
        node = node[key]
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            rule = node["id"]
    return f"rule {rule} ({_pointer(path)})" if rule else _pointer(path)

