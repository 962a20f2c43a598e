import ast
from pathlib import Path

import ingest.model
from ingest.model import Block, Document, SourceInfo


def test_model_imports_nothing_from_the_package():
    tree = ast.parse(Path(ingest.model.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0 and not (node.module or "").startswith("ingest"), node.module
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("ingest") for a in node.names)


def _doc(page_starts):
    text = "第一页\n第二页\n第三页"
    return Document(SourceInfo("x", "pdf", "0" * 64, 0, 3), text,
                    [Block("paragraph", 0, 3, "第一页")], page_starts=page_starts)


def test_document_page_at_maps_offsets_to_pages():
    doc = _doc([0, 4, 8])
    assert [doc.page_at(o) for o in (0, 3, 4, 8, 10)] == [1, 1, 2, 3, 3]
    assert doc.pages_between(2, 9) == [1, 2, 3]


def test_document_without_pages_has_null_pages():
    assert _doc([]).page_at(5) is None


def test_document_requires_aligned_match_text():
    import pytest

    with pytest.raises(ValueError):
        Document(SourceInfo("x", "text", "0" * 64, 0), "abc", [], match_text="ab")


def test_document_blocks_in_gives_the_blocks_starting_in_a_range():
    blocks = [Block("paragraph", start, start + 2, "段落") for start in (0, 3, 6, 9)]
    doc = Document(SourceInfo("x", "text", "0" * 64, 0), "段落\n段落\n段落\n段落", blocks)
    assert doc.blocks_in(3, 9) == blocks[1:3]
    assert doc.blocks_in(4, 7) == blocks[2:3]  # one running past the end is included
    assert doc.blocks_in(10, 11) == [] and doc.blocks_in(0, 11) == blocks
