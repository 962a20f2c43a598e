"""Every keyed handbook as other producers make it must read like its own text.

tests/data/producers/ holds each keyed handbook (seeds and devset) rendered by Chromium,
LibreOffice, python-docx and pandoc (scripts/build_producers.py, listed in its manifest).
A twin must read to the same headings as its text, and its catalog must score within
MAX_DROP fields F1 of the text's catalog against the same key: the comparison is with
the text's own pipeline result, never with the reader's blocks the builder started from.
"""
import hashlib
import json
from pathlib import Path

import pytest

from ingest.cache import Cache, file_digest
from ingest.batch import run
from ingest.pipeline import ingest_document
from ingest.readers import read_document
from ingest.score import score_dirs
from ingest.settings import Settings

from conftest import DATA

PRODUCED = DATA / "producers"
MANIFEST = json.loads((PRODUCED / "manifest.json").read_text(encoding="utf-8"))
KEYED = [(DATA / "seeds", DATA / "gold"), (DATA / "devset" / "texts", DATA / "devset" / "gold")]
MAX_DROP = 0.03

PDF_HEADINGS = ("a PDF's headings come from its type: the same services and facts are found "
                "(its scores pass), but its heading list differs from the text reader's")
# Producers that fail today; remove a mark when it passes (the marks are strict).
FAILING_SCORES: dict[str, str] = {}
FAILING_HEADINGS = {producer: PDF_HEADINGS for producer in
                    ("chromium", "chromium-2col", "chromium-hf", "libreoffice", "libreoffice-direct")}


def _producers() -> list[str]:
    return list(dict.fromkeys(entry["producer"] for entry in MANIFEST))


def _marked(table: dict[str, str]) -> list:
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=table[p]))
            if p in table else p for p in _producers()]


def _keyed_texts() -> dict[str, Path]:
    return {key.stem: texts / f"{key.stem}.txt" for texts, gold in KEYED
            for key in sorted(gold.glob("*.json"))}


def _fields_f1(paths: list[Path], out: Path, settings: Settings) -> dict[str, float]:
    run(paths, out, settings)
    scores = {}
    for _, gold in KEYED:
        for stem, document in score_dirs(gold, out)["documents"].items():
            assert document["found"], f"no output for {stem} in {out}"
            scores[stem] = document["fields"]["f1"]
    return scores


@pytest.fixture(scope="module")
def text_scores(tmp_path_factory) -> dict[str, float]:
    out = tmp_path_factory.mktemp("texts")
    return _fields_f1(list(_keyed_texts().values()), out, Settings(jobs=1))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """Per producer, once: (fields F1 per handbook, heading texts per handbook)."""
    done = {}

    def ingest(producer: str):
        if producer not in done:
            root = tmp_path_factory.mktemp(producer)
            settings = Settings(jobs=1, cache_dir=root / "cache")
            twins = sorted((PRODUCED / producer).iterdir())
            scores = _fields_f1(twins, root / "out", settings)
            cache = Cache(settings.cache_dir)
            headings = {twin.stem: _headings(ingest_document(
                twin, settings, cache, file_digest(twin))[0]) for twin in twins}
            done[producer] = scores, headings
        return done[producer]
    return ingest


def _headings(doc) -> list[str]:
    """Heading texts, runs of spaces as one (Markdown keeps no run of spaces: `Part A  Basic`)."""
    return [" ".join(block.text.split()) for block in doc.blocks if block.kind == "heading"]


def test_producer_manifest_lists_every_file_with_its_current_source():
    """A changed text or key makes its twins stale: rebuild with scripts/build_producers.py."""
    listed = {entry["file"] for entry in MANIFEST}
    on_disk = {f"{p.parent.name}/{p.name}" for p in PRODUCED.glob("*/*")}
    assert listed == on_disk
    texts = _keyed_texts()
    assert {Path(entry["file"]).stem for entry in MANIFEST} == set(texts)
    for entry in MANIFEST:
        source = texts[Path(entry["file"]).stem]
        assert entry["tool"] and entry["source"] == str(source.relative_to(DATA.parent.parent))
        assert entry["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


@pytest.mark.parametrize("producer", _marked(FAILING_HEADINGS))
def test_producer_twins_read_to_the_headings_of_their_texts(producer, ingested):
    _, headings = ingested(producer)
    texts = _keyed_texts()
    differing = [stem for stem, found in headings.items()
                 if found != _headings(read_document(texts[stem]))]
    assert not differing, f"{producer}: headings differ from the text in {differing}"


@pytest.mark.parametrize("producer", _marked(FAILING_SCORES))
def test_producer_twins_score_like_their_texts(producer, ingested, text_scores):
    scores, _ = ingested(producer)
    drops = {stem: round(text_scores[stem] - f1, 3) for stem, f1 in scores.items()
             if f1 < text_scores[stem] - MAX_DROP}
    mean = sum(scores.values()) / len(scores)
    text_mean = sum(text_scores.values()) / len(text_scores)
    assert not drops, (f"{producer}: mean fields F1 {mean:.3f} vs {text_mean:.3f} on the texts;"
                       f" drops over {MAX_DROP}: {drops}")
