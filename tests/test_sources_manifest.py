"""sources/manifest.json describes the original-like PDF/DOCX twins of the seed handbooks.

The twins are built by scripts/build_sources.py; these tests check the manifest tells the
truth about the files it lists, so tests that compare readers can rely on it.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEEDS = ROOT / "tests" / "data" / "seeds"
MAGIC = {"pdf": b"%PDF-", "docx": b"PK"}
FIELDS = {"file", "seed", "format", "insurer", "product", "edition", "pages"}


def _manifest() -> list[dict]:
    return json.loads((SOURCES / "manifest.json").read_text(encoding="utf-8"))


ENTRIES = _manifest()


def _id(entry: dict) -> str:
    return entry["file"]


def test_manifest_lists_sources_with_the_documented_fields():
    assert ENTRIES
    for entry in ENTRIES:
        assert FIELDS <= set(entry), entry
        assert entry["format"] in MAGIC


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_manifest_entry_names_an_existing_file(entry):
    assert (SOURCES / entry["file"]).is_file()
    assert (SEEDS / entry["seed"]).is_file()


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_file_bytes_match_the_format_the_manifest_says(entry):
    path = SOURCES / entry["file"]
    assert path.suffix == "." + entry["format"]
    assert path.read_bytes().startswith(MAGIC[entry["format"]])
    if entry["format"] == "docx":
        with zipfile.ZipFile(path) as package:
            assert "word/document.xml" in package.namelist()


def test_every_seed_has_exactly_one_source():
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    named = sorted(entry["seed"] for entry in ENTRIES)
    assert named == seeds
    for entry in ENTRIES:
        assert Path(entry["file"]).stem == Path(entry["seed"]).stem


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_pdf_has_the_page_count_the_manifest_says(entry):
    if entry["format"] != "pdf":
        assert entry["pages"] is None
        return
    with pdfplumber.open(SOURCES / entry["file"]) as pdf:
        assert len(pdf.pages) == entry["pages"]
