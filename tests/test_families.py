"""The one list of field families agrees with the published schema and the extractors."""
from ingest.extractors import EXTRACTORS
from ingest.families import FAMILIES, LIST_FAMILIES
from ingest.reports.facts import labels
from ingest.schemas import load_schema

SCHEMA = load_schema("handbook")["$defs"]


def test_every_family_is_a_service_property_with_its_item_definition():
    service = SCHEMA["service"]["properties"]
    for family in FAMILIES:
        assert family.name in service and family.item in SCHEMA, family


def test_every_family_of_a_service_record_is_listed():
    listed = {f.name for f in FAMILIES}
    families_in_schema = {name for name, spec in SCHEMA["service"]["properties"].items()
                          if spec.get("$ref") == "#/$defs/coverage" or spec.get("type") == "array"
                          and spec.get("items", {}).get("$ref", "").split("/")[-1] in {f.item for f in FAMILIES}}
    assert families_in_schema == listed


def test_every_extractor_fills_a_listed_family_and_every_listed_list_has_an_extractor():
    extracted = {e.family for e in EXTRACTORS}
    assert extracted <= {f.name for f in FAMILIES}
    assert set(LIST_FAMILIES) <= extracted


def test_every_coded_family_has_a_label_in_every_language():
    for family in ("usage_limits", "duration_limits", "slas", "channels", "preconditions", "coverage"):
        assert {"zh", "en"} <= set(labels()["family"][family]), family
