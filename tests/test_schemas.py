"""The published schemas as a user's own tools meet them: each file alone, no registry, offline."""
import copy
import json

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.cli import main
from ingest.batch import run
from ingest.errors import IngestError, SchemaError
from ingest.schemas import (SCHEMA_DIR, SCHEMA_VERSION, bundle, load_schema, schema_errors,
                            schema_names, validator_for)

HANDBOOK = "## 就医陪诊服务\n\n整个保单年度内限2次，客户可拨打客服电话10109955申请。\n"
RULES = SCHEMA_DIR.parent / "rules"


def _published(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def catalog(tmp_path) -> dict:
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "out")
    return json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))


def test_catalog_validates_with_plain_jsonschema_and_no_registry(catalog):
    jsonschema.validate(catalog, _published("catalog"))


def test_plain_validation_of_a_catalog_checks_its_handbooks_too(catalog):
    broken = copy.deepcopy(catalog)
    broken["handbooks"][0]["services"][0]["category"] = "no_such_category"
    with pytest.raises(jsonschema.ValidationError, match="no_such_category"):
        jsonschema.validate(broken, _published("catalog"))


_TEXT = st.text(max_size=2)
_WRONG = st.none() | st.integers() | st.lists(st.none(), max_size=1) | st.dictionaries(_TEXT, _TEXT, max_size=1) | _TEXT
_VERSIONS = st.just(SCHEMA_VERSION) | st.sampled_from(["1.0.12", "2.1.0", "1.1", "v1.1.0", "1.1.0\n", "x1.1.0"])


@st.composite
def _frames(draw) -> dict:
    """A catalog's frame, as written or with up to two members removed, added or replaced."""
    failure = st.fixed_dictionaries({"path": _TEXT, "code": _TEXT, "message": _TEXT})
    frame = {"failures": draw(st.lists(failure, max_size=3)), "handbooks": [],
             "schema_version": draw(_VERSIONS)}
    for _ in range(draw(st.integers(0, 2))):
        failures = frame.get("failures") if isinstance(frame.get("failures"), list) else []
        target = draw(st.sampled_from([frame] + [f for f in failures if isinstance(f, dict)]))
        key = draw(st.sampled_from(sorted(target) + ["other"]))
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(_WRONG)
    return frame


@given(_frames())
def test_a_frame_passes_the_fast_check_exactly_when_jsonschema_finds_it_valid(frame):
    """The catalog's frame is checked by jsonschema-rs first: whatever the two make of it
    (`1.1.0\\n` meets `^…$` in Python's regexes, not in Rust's), jsonschema decides."""
    assert (schema_errors("catalog", frame) == []) == \
        jsonschema.Draft202012Validator(_published("catalog")).is_valid(frame)


def _mutants(record: dict):
    """The record with one value replaced by a wrong one, at every place it holds a value."""
    def places(value, path=()):
        yield path
        if isinstance(value, dict):
            for key, item in value.items():
                yield from places(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from places(item, path + (index,))

    for path in list(places(record))[1:]:
        for wrong in (None, -1, "", "no_such_code", [], {}):
            mutant = copy.deepcopy(record)
            target = mutant
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = wrong
            yield mutant


def test_a_record_passes_the_fast_check_exactly_when_jsonschema_finds_it_valid(catalog):
    record = catalog["handbooks"][0]
    reference = jsonschema.Draft202012Validator(_published("handbook"))
    verdicts = [(schema_errors("handbook", m) == [], reference.is_valid(m)) for m in _mutants(record)]
    assert all(fast == slow for fast, slow in verdicts)
    assert sum(not slow for _, slow in verdicts) > 100  # the mutants break the schema in many places


class _ErrorWithAHint(IngestError):
    def to_dict(self) -> dict:
        return super().to_dict() | {"hint": "not in the catalog schema"}


def _raise(*args):
    raise _ErrorWithAHint("fails", "b.txt")


@pytest.mark.parametrize("target, value, where", [("SCHEMA_VERSION", "2.0.0", "schema_version"),
                                                  ("ingest_document", _raise, "failures/0")])
def test_a_catalog_that_breaks_its_schema_is_not_written(tmp_path, monkeypatch, target, value, where):
    from ingest import batch

    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    monkeypatch.setattr(batch, target, value)
    with pytest.raises(SchemaError, match=f"catalog output violates its schema at {where}"):
        run([tmp_path / "a.txt"], tmp_path / "out")
    assert not (tmp_path / "out" / "catalog.json").exists()


@pytest.mark.parametrize("rule_file", sorted(RULES.glob("*.json")), ids=lambda p: p.name)
def test_rule_files_validate_with_plain_jsonschema_and_no_registry(rule_file):
    jsonschema.validate(json.loads(rule_file.read_text(encoding="utf-8")), _published("rules"))


def test_diff_report_validates_with_plain_jsonschema_and_no_registry(tmp_path):
    from reports.report_records import NEW, OLD

    assert main(["diff", str(OLD), str(NEW), "--out", str(tmp_path / "diff.json")]) == 1
    jsonschema.validate(json.loads((tmp_path / "diff.json").read_text(encoding="utf-8")), _published("diff"))


@pytest.mark.parametrize("name", schema_names())
def test_each_published_schema_is_a_valid_draft_2020_12_schema(name):
    """`validator_for` does not check its schema each time a process loads it: this does."""
    jsonschema.Draft202012Validator.check_schema(_published(name))


def _places(node, path=()):
    """Every path into a JSON value, with the value there."""
    yield path, node
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield from _places(value, path + (key,))


def _errors(validator, instance) -> list:
    return [(list(e.absolute_path), e.message) for e in validator.iter_errors(instance)]


def _broken_copies(value, paths):
    """`value` with what stands at each of `paths` replaced by wrong values of every type."""
    for path in paths:
        for wrong in (None, -1, "x", [], {}):
            broken = copy.deepcopy(value)
            parent = broken
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = wrong
            yield path, broken


def test_the_inlined_validator_finds_what_the_published_schema_finds(catalog):
    """`validator_for` inlines `$ref`s to definitions (for speed): a record broken anywhere,
    in any way, gets the same errors, in the same order, as from the file as published."""
    record = catalog["handbooks"][0]
    plain, inlined = jsonschema.Draft202012Validator(_published("handbook")), validator_for("handbook")
    for path, broken in _broken_copies(record, [path for path, _ in _places(record)][1:]):
        assert _errors(inlined, broken) == _errors(plain, broken), path


def test_references_into_a_bundled_copy_are_inlined_alike():
    """The rule schema refers to the handbook schema's categories through its bundled copy."""
    taxonomy = json.loads((RULES / "taxonomy.json").read_text(encoding="utf-8"))
    plain, inlined = jsonschema.Draft202012Validator(_published("rules")), validator_for("rules")
    paths = [("categories", 0, "code"), ("categories", 3), ("categories", 5, "terms", 0), ("id",)]
    for path, broken in _broken_copies(taxonomy, paths):
        assert _errors(inlined, broken) == _errors(plain, broken), path
    taxonomy["categories"][2]["code"] = "no_such_category"
    assert _errors(inlined, taxonomy) == _errors(plain, taxonomy) != []


@pytest.mark.parametrize("name", schema_names())
def test_bundled_copies_equal_their_source_schema(name):
    """A schema carries copies of those it refers to; `python -m ingest.schemas` refreshes them."""
    assert bundle(load_schema(name)) == load_schema(name), \
        f"{name}.schema.json holds a stale copy of a schema it refers to: run `python -m ingest.schemas`"


def test_schema_command_prints_each_published_schema(capsys):
    for name in schema_names():
        assert main(["schema", name]) == 0
        assert capsys.readouterr().out == (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")


def test_schema_list_names_every_schema(capsys):
    assert main(["schema", "--list"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == [
        "catalog", "corrections", "diff", "handbook", "rules"]


def test_the_handbook_schema_lists_exactly_the_codes_the_rule_files_define():
    """A category or precondition code is added to its rule file; `python -m ingest.schemas`
    writes it into the published schema, and this fails until it has."""
    from ingest.schemas.codes import defined_codes, synced

    handbook = load_schema("handbook")
    assert synced(handbook) == handbook
    assert {name: sorted(handbook["$defs"][name]["enum"]) for name in defined_codes()} == {
        name: sorted(codes) for name, codes in defined_codes().items()}


def test_a_new_category_in_the_taxonomy_goes_last_into_the_schema(monkeypatch):
    from ingest.schemas import codes

    defined = codes.defined_codes()
    monkeypatch.setattr(codes, "defined_codes", lambda: defined | {"category": defined["category"] + ["dental_care"]})
    enum = codes.synced(load_schema("handbook"))["$defs"]["category"]["enum"]
    assert enum[-1] == "dental_care" and enum[:-1] == load_schema("handbook")["$defs"]["category"]["enum"]
