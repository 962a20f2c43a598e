"""The published JSON Schemas beside this module, loaded once, with a validator per document type.

Each published file stands alone: a schema that refers to another (`"$ref":
"handbook.schema.json#/$defs/category"`) carries a copy of it in its `$defs`, keyed by the
file's name, so any Draft 2020-12 validator resolves the reference offline, with no
registry and nothing fetched. The referenced file is the one source: `bundle` makes the
copies, `python -m ingest.schemas` writes them, and a test fails when a copy is stale.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

SCHEMA_DIR = Path(__file__).resolve().parent
SCHEMA_VERSION = "1.3.0"  # 1.1: services carry `group`, facts may carry `correction`; 1.2: `html` sources;
# 1.3: a channel may carry `number_evidence`
_SCHEMA_FILE = re.compile(r"^([a-z]+)\.schema\.json$")


def schema_names() -> list[str]:
    """`catalog`, `diff`, `handbook`, `rules`: what `ingest schema NAME` prints."""
    return sorted(path.name.removesuffix(".schema.json") for path in SCHEMA_DIR.glob("*.schema.json"))


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def _files_referred(value) -> set[str]:
    """The schema files (`handbook.schema.json`) the `$ref`s inside `value` point to."""
    if isinstance(value, dict):
        found = {value["$ref"].split("#")[0]} if isinstance(value.get("$ref"), str) else set()
        return found.union(*(_files_referred(item) for item in value.values())) - {""}
    if isinstance(value, list):
        return set().union(*(_files_referred(item) for item in value))
    return set()


def bundle(schema: dict) -> dict:
    """`schema` with a fresh (itself bundled) copy of every schema file it refers to in its `$defs`."""
    own = {key: value for key, value in schema.get("$defs", {}).items() if not _SCHEMA_FILE.match(key)}
    files = _files_referred({key: value for key, value in schema.items() if key != "$defs"} | {"$defs": own})
    copies = {file: bundle(load_schema(_SCHEMA_FILE.match(file)[1])) for file in sorted(files)}
    return schema | {"$defs": own | copies} if copies else schema


def write_bundles() -> list[str]:
    """Rewrite every schema file whose bundled copies are stale; the names rewritten."""
    written = []
    for name in schema_names():
        schema = load_schema(name)
        if bundle(schema) != schema:
            schema_path(name).write_text(json.dumps(bundle(schema), ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
            written.append(name)
    load_schema.cache_clear()
    return written


def schema_errors(name: str, instance) -> list:
    """jsonschema's errors of `instance` against `schemas/<name>.schema.json`, sorted by where
    they are; none at once when jsonschema-rs finds it valid.

    jsonschema-rs (compiled, one validator per process) decides a record in a fiftieth of
    jsonschema's time; jsonschema, the reference, is asked only about an instance it refuses,
    for the errors users read, and has the last word: where the two read a pattern
    differently (`$` before a final line break), an instance jsonschema finds valid passes.
    A run answered from the cache so checks its catalog's frame without importing jsonschema.
    """
    if checker_for(name).is_valid(instance):
        return []
    return sorted(validator_for(name).iter_errors(instance), key=lambda e: list(e.absolute_path))


@lru_cache(maxsize=None)
def checker_for(name: str):
    """jsonschema-rs's validator of `schemas/<name>.schema.json`, compiled once per process
    (formats are annotations, as Draft 2020-12 and jsonschema read them)."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(name), validate_formats=False)


@lru_cache(maxsize=None)
def validator_for(name: str):
    """A Draft 2020-12 validator for `schemas/<name>.schema.json`, its `$ref`s to definitions
    inlined.

    jsonschema looks each `$ref` up in its registry on every use (one into a bundled copy
    crawls the whole schema again each time): inlined, a record validates in half the
    time, the taxonomy in a twentieth, with the same errors. The schema files themselves are
    checked against the metaschema by the tests, not by every process that loads them.
    """
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    return Draft202012Validator(_inlined(schema, (schema.get("$id", ""), schema.get("$defs", {}))))


def _inlined(node, scope: tuple[str, dict], within: frozenset = frozenset()):
    """`node` with every reference to a definition replaced by the definition; `scope` is the
    `$id` and `$defs` references are read against. A definition within itself stays a
    reference, made absolute so that it resolves where it now stands. `$defs` stay as
    written, for references from outside."""
    if isinstance(node, list):
        return [_inlined(item, scope, within) for item in node]
    if not isinstance(node, dict):
        return node
    if "$id" in node:
        scope = (node["$id"], node.get("$defs", {}))
    target = _definition(node, scope)
    if target:
        uri, definition, its_scope = target
        return {"$ref": uri} if uri in within else _inlined(definition, its_scope, within | {uri})
    return {key: value if key == "$defs" else _inlined(value, scope, within)
            for key, value in node.items()}


def _definition(node: dict, scope: tuple[str, dict]) -> Optional[tuple[str, dict, tuple[str, dict]]]:
    """(absolute URI, definition, its scope) when `node` is only `{"$ref": "#/$defs/NAME"}`, or
    `{"$ref": "FILE#/$defs/NAME"}` into the copy of FILE bundled in the scope's `$defs`."""
    ref = node.get("$ref")
    if len(node) != 1 or not isinstance(ref, str) or "#/$defs/" not in ref:
        return None
    file, name = ref.split("#/$defs/", 1)
    base, defs = scope
    if file:
        copy = defs.get(file)
        if not isinstance(copy, dict) or copy.get("$id", "").rsplit("/", 1)[-1] != file:
            return None
        base, defs = copy["$id"], copy.get("$defs", {})
    return (f"{base}#/$defs/{name}", defs[name], (base, defs)) if name in defs else None
