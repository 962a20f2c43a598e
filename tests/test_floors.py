"""Accuracy floors on the keyed handbooks: the five seeds (as text and as their PDF/DOCX
twins), the ten development handbooks of other insurers in other layouts, and the
sixty of the ten held-out corpora (six more insurers and six more layouts each). The newest
held-out corpora (holdout11, holdout12, holdout14) hold floors a little below what they now score, under
the standard ones until their layouts are read: they guard what was won there, not what is
still to win."""
import json
from pathlib import Path

import pytest

from ingest.batch import run
from ingest.score import score_dirs

from conftest import DATA, GOLD, SEEDS, SOURCES

DEVSET = sorted((DATA / "devset" / "texts").glob("*.txt"))
DEVSET_GOLD = DATA / "devset" / "gold"
CORPORA = {
    "seeds": (lambda: SEEDS, GOLD, {"services": 0.98, "fields": 0.97}),
    "twins": (lambda: sorted(p for p in SOURCES.iterdir() if p.suffix in (".pdf", ".docx")), GOLD,
              {"services": 0.98, "fields": 0.97}),
    "devset": (lambda: DEVSET, DEVSET_GOLD, {"services": 0.95, "fields": 0.93}),
    **{corpus: ((lambda corpus=corpus: sorted((DATA / corpus / "texts").glob("*.txt"))), DATA / corpus / "gold",
                {"services": 0.95, "fields": 0.93})
       for corpus in ("holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7",
                      "holdout8", "holdout9", "holdout10")},
    **{corpus: ((lambda corpus=corpus: sorted((DATA / corpus / "texts").glob("*.txt"))), DATA / corpus / "gold",
                floors)
       for corpus, floors in (("holdout11", {"services": 0.76, "fields": 0.78, "family": 0.70}),
                              ("holdout12", {"services": 0.82, "fields": 0.80, "family": 0.60}),
                              ("holdout14", {"services": 0.90, "fields": 0.90, "family": 0.80}))},
}
FAMILY_FLOOR = 0.85  # every field family on its own, where the corpus names no floor of its own


@pytest.fixture(scope="module", params=sorted(CORPORA))
def ingested(request, tmp_path_factory):
    inputs, gold, floors = CORPORA[request.param]
    out = tmp_path_factory.mktemp(request.param)
    summary = run(inputs(), out)
    return request.param, summary, score_dirs(gold, out), floors, out


# Keyed handbooks in which no service is found, and why. A gap that closes fails the test
# too, so that it is taken off this list.
UNREAD: dict[str, str] = {}


def test_every_keyed_handbook_is_ingested(ingested):
    _, summary, scores, _, _ = ingested
    missed = {stem for stem, doc in scores["documents"].items() if not doc["found"]}
    failed = {Path(o.path).stem for o in summary.outcomes if o.error}
    assert missed == failed == {stem for stem in UNREAD if stem in scores["documents"]}


def test_keyed_handbooks_hold_the_service_and_field_floors(ingested):
    name, _, scores, floors, _ = ingested
    overall = scores["overall"]
    found = {family: overall[family]["f1"] for family in ("services", "fields")}
    assert all(found[family] >= floors[family] for family in found), f"{name}: {found}"


@pytest.mark.parametrize("family", ["usage", "duration", "sla", "channel", "precondition", "coverage"])
def test_every_field_family_holds_its_floor(ingested, family):
    name, _, scores, floors, _ = ingested
    floor = floors.get("family", FAMILY_FLOOR)
    assert scores["overall"][family]["f1"] >= floor, f"{name}: {family} {scores['overall'][family]}"


def test_all_evidence_is_verbatim(ingested):
    *_, out = ingested
    for handbook in json.loads((out / "catalog.json").read_text(encoding="utf-8"))["handbooks"]:
        assert not [w for w in handbook["warnings"] if "not verbatim" in w]
