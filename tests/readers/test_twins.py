"""Each seed text and its PDF/DOCX twin in sources/ must read to the same handbook."""
import re
from difflib import SequenceMatcher

import pytest

from ingest.readers import detect_format, read_document

from conftest import SEEDS, SOURCES


def _twin(seed):
    (twin,) = [p for p in SOURCES.glob(seed.stem + ".*") if p.suffix in (".pdf", ".docx")]
    return twin


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_twin_reads_to_the_same_headings_and_text_as_its_seed(seed):
    text_doc, twin_doc = read_document(seed), read_document(_twin(seed))
    twin_headings = iter(b.text for b in twin_doc.blocks if b.kind == "heading")
    # every heading of the text is a heading of the twin, in order (the twin may set more
    # lines in a heading's type than a Markdown seed marks with `#`)
    assert all(any(h == t for t in twin_headings) for h in (b.text for b in text_doc.blocks if b.kind == "heading"))
    a, b = (re.sub(r"\s+", "", d.text) for d in (text_doc, twin_doc))
    assert SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.99


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_twin_format_is_decided_by_content(seed, tmp_path):
    twin = _twin(seed)
    disguised = tmp_path / (seed.stem + ".txt")
    disguised.write_bytes(twin.read_bytes())
    assert detect_format(disguised) == twin.suffix[1:]
    assert detect_format(seed) == "text"


def test_pdf_twin_blocks_carry_pages():
    doc = read_document(SOURCES / "003_01c07bc6b9f80855.pdf")
    assert doc.source.page_count > 10
    assert all(b.pages for b in doc.blocks)
    assert any(len(b.pages) > 1 for b in doc.blocks if b.kind == "table")
