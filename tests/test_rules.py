"""Rule files are checked when loaded: a broken pattern names its file and place."""
import copy

import pytest

from ingest.errors import RulesError
from ingest.rules import _validate, load_rules


@pytest.mark.parametrize("name, path", [
    ("segmentation", ("evidence", "usage")),
    ("segmentation", ("title", "sentence_openings")),
    ("fields", ("channels", "named_after")),
])
def test_a_broken_pattern_is_reported_with_its_file_and_place(name, path):
    data = copy.deepcopy(load_rules(name))
    node = data
    for key in path:
        node = node[key]
    node["pattern"] = "(unclosed"
    with pytest.raises(RulesError, match=rf"{name}\.json has a bad pattern at /{'/'.join(path)}/pattern"):
        _validate(name, data)


@pytest.mark.parametrize("name", ["taxonomy", "fields", "segmentation"])
def test_every_shipped_rule_file_loads(name):
    assert load_rules(name)["id"] == name
