"""Shared fixtures: tiny documents made in code, and the seed handbooks with their gold keys."""
from pathlib import Path

import pytest

from ingest.model import Evidence, Section
from ingest.readers.text import TextReader

DATA = Path(__file__).parent / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))
GOLD = DATA / "gold"
SOURCES = Path(__file__).parent.parent / "sources"


@pytest.fixture
def read_text(tmp_path):
    """Read a small handbook given as a string (or bytes) with the text reader."""
    def read(content, name="handbook.txt"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return TextReader().read(path)
    return read


@pytest.fixture
def service_view(read_text):
    """A SectionView over a one-service text, for extractor tests."""
    from ingest.extractors.base import SectionView

    def view(body, name="测试服务"):
        doc = read_text(f"{name}\n{body}\n")
        start = len(name) + 1
        section = Section(name=name, name_evidence=Evidence(name, 0, len(name), None),
                          category="other", category_term=None, spans=[(start, len(doc.text))],
                          group="test")
        return SectionView(doc, section)
    return view
