import json
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.batch import run
from ingest.output import replace_members, to_json, write_atomic

HANDBOOK = "## 就医陪诊服务\n\n整个保单年度内限2次，客户可拨打客服电话10109955申请。\n"


@pytest.fixture
def umask():
    """Set the process umask for one test, and put the previous one back after it."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_file_honours_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    write_atomic(tmp_path / "report.html", "<p>x</p>")
    assert _mode(tmp_path / "report.html") == mode


def test_every_run_output_honours_the_umask(tmp_path, umask):
    umask(0o022)
    (tmp_path / "a.txt").write_text(HANDBOOK, encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "out")
    assert {p.name: _mode(p) for p in (tmp_path / "out").iterdir()} == {
        "a.json": 0o644, "catalog.json": 0o644, "run.json": 0o644}


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner) | st.tuples(inner, inner)
    | st.dictionaries(st.text(), inner) | st.dictionaries(st.integers(), inner),
    max_leaves=40)


@given(_JSON)
def test_to_json_is_json_dumps_indented_with_sorted_keys(value):
    """to_json writes its own indentation, for speed; it must be json.dumps's, byte for byte
    (non-finite floats and keys that are no strings are left to json.dumps itself)."""
    assert to_json(value) == json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_FINITE_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20)


@given(st.dictionaries(st.text(), _FINITE_JSON, min_size=1), _FINITE_JSON, st.data())
def test_replaced_members_are_to_json_of_the_changed_dict(data, value, draw):
    """A cached record is re-labelled in its text; it must be what encoding it whole gives."""
    key = draw.draw(st.sampled_from(sorted(data)))
    assert replace_members(to_json(data), data, {key: value}) == to_json(data | {key: value})


def test_members_are_replaced_at_the_top_level_only():
    data = {"a": {"path": "x", "b": ['\n "path": "x"']}, "path": "x", "z": [{"path": "x"}]}
    assert replace_members(to_json(data), data, {"path": "y"}) == to_json(data | {"path": "y"})


@pytest.mark.parametrize("key, old", [("a", 12), ("b", "x"), ("c", {"b": 1}), ("e", 1)])
def test_a_member_not_as_given_is_refused(key, old):
    """`12` starts the text of `123`, yet is not the member."""
    text = to_json({"a": 123, "b": "xy", "c": {"b": 1, "d": 2}})
    with pytest.raises(ValueError, match="no top-level member"):
        replace_members(text, {key: old}, {key: 0})


def test_to_json_refuses_what_json_dumps_refuses():
    with pytest.raises(TypeError, match="not JSON serializable"):
        to_json({"when": object()})
