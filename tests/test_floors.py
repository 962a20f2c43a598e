"""Accuracy floors on the five seed handbooks, from the text files and from their twins."""
import json

import pytest

from ingest.pipeline import run
from ingest.score import score_dirs

from conftest import GOLD, SEEDS, SOURCES

FLOORS = {"services": 0.95, "fields": 0.90, "usage": 0.85, "sla": 0.85, "channel": 0.85,
          "precondition": 0.85}


@pytest.fixture(scope="module", params=["text", "twins"])
def ingested(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    inputs = SEEDS if request.param == "text" else sorted(
        p for p in SOURCES.iterdir() if p.suffix in (".pdf", ".docx"))
    summary = run(inputs, out)
    return summary, out


def test_every_seed_is_ingested(ingested):
    summary, _ = ingested
    assert summary.exit_code == 0 and len(summary.outcomes) == 5


@pytest.mark.parametrize("family", FLOORS)
def test_seed_scores_hold_the_floor(ingested, family):
    _, out = ingested
    scores = score_dirs(GOLD, out)
    assert all(d["found"] for d in scores["documents"].values())
    assert scores["overall"][family]["f1"] >= FLOORS[family]


def test_all_evidence_is_verbatim(ingested):
    _, out = ingested
    for handbook in json.loads((out / "catalog.json").read_text(encoding="utf-8"))["handbooks"]:
        assert not [w for w in handbook["warnings"] if "not verbatim" in w]
