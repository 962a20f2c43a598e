"""Rule files are checked strictly when loaded, and a bad one is one line naming its file,
place and rule: never a key silently ignored, never an internal error on every handbook."""
import json
import re
import shutil

import pytest

import ingest.rules
from ingest.cli import main
from ingest.errors import RulesError
from ingest.rules import RULE_FILES, load_all, load_rules

SHIPPED = ingest.rules.RULES_DIR


@pytest.fixture
def edit_rules(tmp_path, monkeypatch):
    """Rule files read from a copy in tmp_path; `edit_rules(name, change)` changes one of
    them (`change` edits the parsed file in place, or returns what replaces it)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in RULE_FILES:
        shutil.copyfile(SHIPPED.joinpath(f"{name}.json"), folder / f"{name}.json")
    monkeypatch.setattr(ingest.rules, "RULES_DIR", folder)
    load_rules.cache_clear()

    def edit(name, change):
        path = folder / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data = change(data) or data
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    yield edit
    load_rules.cache_clear()


def _at(data, path):
    for key in path:
        data = data[key]
    return data


def _rename(path, old, new):
    def change(data):
        node = _at(data, path)
        node[new] = node.pop(old)
    return change


def _set(path, key, value):
    def change(data):
        _at(data, path)[key] = value
    return change


def _rejected(name) -> str:
    with pytest.raises(RulesError) as caught:
        load_rules(name)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_shipped_rule_file_loads(name):
    assert load_rules(name)["id"] == name


@pytest.mark.parametrize("name, path, old, new, where", [
    ("taxonomy", ("categories", 0), "terms", "term", "/categories/0"),
    ("fields", ("channels",), "hotline_cue_pattern", "hotline_cue", "/channels"),
    ("fields", ("preconditions", 8), "reject_after_pattern", "reject_after", "rule pre.hospital_level (/preconditions/8)"),
    ("fields", (), "named_diagnoses", "named_diagnosis", "/"),
    ("segmentation", ("title",), "max_chars", "max_char", "/title"),
    ("segmentation", ("evidence", "time"), "pattern", "patern", "rule segment.evidence.time (/evidence/time)"),
])
def test_a_misspelled_key_is_rejected_naming_its_file_and_key(edit_rules, name, path, old, new, where):
    edit_rules(name, _rename(path, old, new))
    message = _rejected(name)
    assert message.startswith(f"rule file {name}.json: {where}: ")
    assert f"('{new}' was unexpected)" in message


@pytest.mark.parametrize("name, path, key, where", [
    ("fields", ("sla", "within"), "pattern", "rule sla.within (/sla/within/pattern)"),
    ("fields", ("durations", 0), "pattern", "rule duration.limit (/durations/0/pattern)"),
    ("fields", ("preconditions", 8), "reject_before_pattern",
     "rule pre.hospital_level (/preconditions/8/reject_before_pattern)"),
    ("fields", ("channels",), "hotline_extension_pattern", "/channels/hotline_extension_pattern"),
    ("segmentation", ("numbering", 2), "pattern", "rule segment.numbering.article (/numbering/2/pattern)"),
    ("segmentation", ("title", "sentence_openings"), "pattern",
     "rule segment.sentence_opening (/title/sentence_openings/pattern)"),
])
def test_a_broken_regex_is_rejected_naming_its_file_place_and_rule(edit_rules, name, path, key, where):
    edit_rules(name, _set(path, key, "(unclosed{RANGE}"))
    assert re.fullmatch(rf"rule file {name}\.json: {re.escape(where)}: bad pattern: missing \), .*",
                        _rejected(name))


@pytest.mark.parametrize("name, path, twin, where", [
    ("fields", ("preconditions", 1), ("preconditions", 0), "rule pre.policy_in_force (/preconditions/1)"),
    ("segmentation", ("evidence", "time"), ("evidence", "usage"),
     "rule segment.evidence.usage (/evidence/time)"),
])
def test_a_duplicate_rule_id_is_rejected(edit_rules, name, path, twin, where):
    edit_rules(name, lambda data: _at(data, path).update(id=_at(data, twin)["id"]))
    assert _rejected(name) == f"rule file {name}.json: {where}: duplicate id, also at /{'/'.join(map(str, twin))}"


def test_a_category_outside_the_handbook_schema_is_rejected(edit_rules):
    edit_rules("taxonomy", _set(("categories", 0), "code", "no_such_category"))
    assert _rejected("taxonomy").startswith("rule file taxonomy.json: /categories/0/code: 'no_such_category' is not one of")


def test_a_rule_file_holding_another_file_is_rejected(edit_rules):
    edit_rules("taxonomy", lambda data: json.loads(SHIPPED.joinpath("fields.json").read_text(encoding="utf-8")))
    assert _rejected("taxonomy") == "rule file taxonomy.json: /id: 'fields' is the id of another rule file"


def test_ingest_run_with_a_broken_rule_file_prints_one_line_and_reads_nothing(edit_rules, tmp_path, capsys):
    (tmp_path / "h.txt").write_text("## 就医陪诊服务\n\n整个保单年度内限2次。\n", encoding="utf-8")
    edit_rules("fields", _set(("sla", "within"), "pattern", "(unclosed"))
    assert main(["run", str(tmp_path / "h.txt"), "--out", str(tmp_path / "out"), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ingest: error: rule file fields.json: rule sla.within (/sla/within/pattern): bad pattern:")
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_load_all_checks_every_rule_file(edit_rules):
    edit_rules("segmentation", _rename(("title",), "cut_endings", "cut_ending"))
    with pytest.raises(RulesError, match=r"^rule file segmentation\.json: /title: "):
        load_all()
