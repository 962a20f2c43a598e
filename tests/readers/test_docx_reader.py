"""The DOCX reader, on tiny documents built here with python-docx (raw XML where it has no API)."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ingest.errors import BrokenFileError, EmptyFileError, EncryptedFileError, TooLargeError
from ingest.readers import docx as docx_reader
from ingest.readers.docx import DocxReader

from hostile.corpus import PNG_1PX, text_box_run

W_NS = nsdecls("w")


def save(document, tmp_path: Path, name: str = "handbook.docx") -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def read(document, tmp_path: Path):
    return DocxReader().read(save(document, tmp_path))


def summary(doc) -> list[tuple]:
    return [(b.kind, b.text, b.level) for b in doc.blocks]


def add_paragraph_property(owner, xml: str) -> None:
    """Add a w:pPr child to a paragraph (`paragraph._p`) or a style (`style.element`)."""
    owner.get_or_add_pPr().append(parse_xml(xml))


def rewrite_entry(path: Path, name: str, transform) -> None:
    """Rewrite one part of a saved package, keeping the others."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = transform(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part_name, data in parts.items():
            archive.writestr(part_name, data)


def test_docx_reader_recognizes_zip_signature():
    assert DocxReader.is_valid(b"PK\x03\x04rest")
    assert not DocxReader.is_valid(b"%PDF-1.7")


def test_docx_reader_keeps_paragraphs_and_tables_in_body_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("服务简介：本手册介绍健康服务。")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [["服务", "次数"], ["挂号", "3次"]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("以上服务均免费提供。")
    doc = read(document, tmp_path)
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert doc.blocks[1].text == "服务\t次数\n挂号\t3次"
    assert doc.blocks[2].text == "以上服务均免费提供。"


def test_docx_reader_takes_heading_levels_from_styles(tmp_path):
    document = docx.Document()
    document.add_heading("健康服务手册", level=0)
    document.add_heading("服务内容", level=1)
    document.add_heading("就医协助", level=2)
    document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("门诊陪同", style="标题 3")
    document.add_paragraph("第二章 服务")  # a plain paragraph: styles, not text patterns, decide
    assert summary(read(document, tmp_path)) == [
        ("heading", "健康服务手册", 1), ("heading", "服务内容", 1), ("heading", "就医协助", 2),
        ("heading", "门诊陪同", 3), ("paragraph", "第二章 服务", None)]


def test_docx_reader_takes_heading_level_from_outline_level(tmp_path):
    document = docx.Document()
    chapter = document.styles.add_style("Chapter", WD_STYLE_TYPE.PARAGRAPH)
    add_paragraph_property(chapter.element, f'<w:outlineLvl {W_NS} w:val="0"/>')
    document.styles.add_style("Chapter Red", WD_STYLE_TYPE.PARAGRAPH).base_style = chapter
    document.add_paragraph("第一部分", style="Chapter Red")
    add_paragraph_property(document.add_paragraph("重疾绿通")._p, f'<w:outlineLvl {W_NS} w:val="2"/>')
    add_paragraph_property(document.add_paragraph("正文", style="Heading 1")._p,
                           f'<w:outlineLvl {W_NS} w:val="9"/>')
    assert summary(read(document, tmp_path)) == [
        ("heading", "第一部分", 1), ("heading", "重疾绿通", 3), ("paragraph", "正文", None)]


@pytest.mark.parametrize("with_heading_styles", [True, False])
def test_docx_reader_marks_numbered_paragraphs_as_list_items(tmp_path, with_heading_styles):
    document = docx.Document()
    if with_heading_styles:
        document.add_heading("服务流程", level=1)
    document.add_paragraph("客户需按以下步骤申请服务，详情如下：")
    document.add_paragraph("拨打客服热线", style="List Number")
    add_paragraph_property(document.add_paragraph("提交病历资料")._p,
                           f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>')
    add_paragraph_property(document.add_paragraph("等待审核结果", style="List Number")._p,
                           f'<w:numPr {W_NS}><w:numId w:val="0"/></w:numPr>')
    kinds = {b.text: b.kind for b in read(document, tmp_path).blocks}
    assert kinds["1. 拨打客服热线"] == kinds["2. 提交病历资料"] == "list_item"  # Word's numbers
    assert kinds["等待审核结果"] == "paragraph"  # numId 0 switches the style's numbering off


def test_docx_reader_does_not_duplicate_merged_cells(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.cell(0, 0).merge(table.cell(0, 1)).text = "服务项目"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "全年不限次"
    continuation = table.rows[2]._tr.tc_lst[2]  # some writers repeat the text here
    continuation.append(parse_xml(f"<w:p {W_NS}><w:r><w:t>全年不限次</w:t></w:r></w:p>"))
    block = read(document, tmp_path).blocks[0]
    assert block.text == "服务项目\t\tc\nd\te\t全年不限次\ng\th\t"


def test_docx_reader_flattens_nested_tables_into_cell_text(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "服务标准"
    cell = outer.cell(0, 1)
    cell.text = "时效："
    inner = cell.add_table(rows=2, cols=2)
    for row, values in zip(inner.rows, [["门诊", "3天"], ["住院", "5天"]]):
        for inner_cell, value in zip(row.cells, values):
            inner_cell.text = value
    assert read(document, tmp_path).blocks[0].text == "服务标准\t时效： 门诊 3天 住院 5天"


def test_docx_reader_counts_repeated_header_rows(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=1)
    for i, row in enumerate(table.rows):
        row.cells[0].text = f"第{i}行"
    for row in table.rows[:2]:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W_NS}/>"))
    document.add_table(rows=2, cols=1).cell(0, 0).text = "无表头标记"
    first, second = read(document, tmp_path).blocks
    assert (first.header_rows, second.header_rows) == (2, 1)


def test_docx_reader_counts_pages_at_page_breaks(tmp_path):
    document = docx.Document()
    first = document.add_paragraph("第一页")
    add_paragraph_property(first._p, f"<w:pageBreakBefore {W_NS}/>")  # ignored: nothing precedes
    document.add_page_break()
    document.add_paragraph("第二页")
    across = document.add_paragraph("第二页末尾")  # a block belongs to the page it starts on
    across.add_run().add_break(WD_BREAK.PAGE)
    across.add_run("第三页开头")
    break_first = document.add_paragraph()
    break_first.add_run().add_break(WD_BREAK.PAGE)
    break_first.add_run("第四页")
    add_paragraph_property(document.add_paragraph("第五页")._p, f"<w:pageBreakBefore {W_NS}/>")
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("第六页")
    document.add_section(WD_SECTION.CONTINUOUS)
    document.add_paragraph("仍在第六页")
    doc = read(document, tmp_path)
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("第一页", 1), ("第二页", 2), ("第二页末尾第三页开头", 2), ("第四页", 4), ("第五页", 5),
        ("第六页", 6), ("仍在第六页", 6)]
    assert doc.source.page_count == 6


def test_docx_reader_leaves_pages_null_without_breaks(tmp_path):
    document = docx.Document()
    document.add_heading("服务内容", level=1)
    document.add_paragraph("电话预约。")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "价格"
    doc = read(document, tmp_path)
    assert doc.source.page_count is None and doc.page_starts == []
    assert all(b.pages == [] and b.page is None for b in doc.blocks)


def test_docx_reader_removes_bookmark_artefacts(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("[bookmark: _Toc81]")
    paragraph.add_run("服务热线：４００－８８８")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "[bookmark: _Toc82]门诊预约"
    doc = read(document, tmp_path)
    assert [b.text for b in doc.blocks] == ["服务热线：400-888", "门诊预约"]


def test_docx_reader_reads_text_boxes(tmp_path):
    document = docx.Document()
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(text_box_run("专属健康顾问")))
    anchor._p.append(parse_xml(text_box_run("全年无限次咨询")))
    doc = read(document, tmp_path)
    assert [b.text for b in doc.blocks] == ["专属健康顾问", "全年无限次咨询"]
    assert doc.warnings == []


def test_docx_reader_reads_content_controls_and_tracked_insertions(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("请拨打")
    paragraph._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="a">'
                                  '<w:r><w:delText>旧</w:delText><w:tab/></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {W_NS} w:id="2" w:author="a">'
                                  '<w:r><w:t>服务热线。</w:t></w:r></w:ins>'))
    document.element.body.insert(1, parse_xml(
        f'<w:sdt {W_NS}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件内文字</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>控件内表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '</w:sdtContent></w:sdt>'))
    doc = read(document, tmp_path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "请拨打服务热线。"), ("paragraph", "控件内文字"), ("table", "控件内表格")]


def test_docx_reader_without_heading_styles_uses_text_heuristics(tmp_path):
    document = docx.Document()
    for text in ["第一章 总则", "本手册说明客户可享受的健康服务，请仔细阅读。",
                 "服务内容", "客户可通过电话预约专家门诊，服务全年有效。"]:
        document.add_paragraph(text)
    assert summary(read(document, tmp_path)) == [
        ("heading", "第一章 总则", 1), ("paragraph", "本手册说明客户可享受的健康服务，请仔细阅读。", None),
        ("heading", "服务内容", 2), ("paragraph", "客户可通过电话预约专家门诊，服务全年有效。", None)]


def test_docx_reader_warns_when_document_has_only_images(tmp_path):
    document = docx.Document()
    document.add_picture(io.BytesIO(PNG_1PX))
    doc = read(document, tmp_path)
    assert doc.blocks == [] and doc.text == ""
    assert "no text found (images only?)" in doc.warnings
    assert any("skipped 1 image" in w for w in doc.warnings)


def test_docx_reader_rejects_empty_files(tmp_path):
    with pytest.raises(EmptyFileError):
        read(docx.Document(), tmp_path)  # a package with nothing in its body
    zero = tmp_path / "zero.docx"
    zero.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        DocxReader().read(zero)


def test_docx_reader_rejects_non_zip(tmp_path):
    not_zip = tmp_path / "fake.docx"
    not_zip.write_bytes(b"this is plain text, not a Word file")
    truncated = save(docx.Document(), tmp_path, "truncated.docx")
    truncated.write_bytes(truncated.read_bytes()[:2000])
    for path in (not_zip, truncated):
        with pytest.raises(BrokenFileError) as error:
            DocxReader().read(path)
        assert error.value.path == str(path) and "\n" not in str(error.value)


def test_docx_reader_rejects_zip_without_document_part(tmp_path):
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(BrokenFileError, match="is not a Word document: .*lacks word/document.xml"):
        DocxReader().read(path)


def test_docx_reader_reports_damaged_xml_as_broken_file(tmp_path):
    document = docx.Document()
    document.add_paragraph("正文")
    path = save(document, tmp_path)
    rewrite_entry(path, "word/document.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(BrokenFileError, match="damaged Word document"):
        DocxReader().read(path)


def test_docx_reader_reports_encrypted_zip_entries(tmp_path):
    path = save(docx.Document(), tmp_path)
    data = bytearray(path.read_bytes())
    data[data.index(b"PK\x01\x02") + 8] |= 0x1  # central directory flag: entry is encrypted
    path.write_bytes(bytes(data))
    with pytest.raises(EncryptedFileError, match="password-protected"):
        DocxReader().read(path)


def test_docx_reader_reads_macro_enabled_documents(tmp_path):
    document = docx.Document()
    document.add_paragraph("宏文档正文")
    path = save(document, tmp_path, "macro.docm")
    rewrite_entry(path, "[Content_Types].xml", lambda xml: xml.replace(
        b"wordprocessingml.document.main+xml", b"vnd.ms-word.document.macroEnabled.main+xml"))
    assert [b.text for b in DocxReader().read(path).blocks] == ["宏文档正文"]


def forbid_inflating(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a part was inflated before the size check")
    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)


def test_docx_reader_refuses_zip_bomb_before_inflating(tmp_path, monkeypatch):
    path = tmp_path / "bomb.docx"
    zeros = bytes(16 * 2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(19):  # 304 MB of zeros, about 1.4 MB deflated
                entry.write(zeros)
    forbid_inflating(monkeypatch)
    with pytest.raises(TooLargeError, match="zip bomb"):
        DocxReader().read(path)


def test_docx_reader_refuses_highly_compressed_part(tmp_path, monkeypatch):
    path = tmp_path / "dense.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(20 * 2**20))  # ~1000:1, under the total limit
    forbid_inflating(monkeypatch)
    with pytest.raises(TooLargeError, match="compressed more than 200:1"):
        DocxReader().read(path)


def test_docx_reader_refuses_archive_over_size_limit(tmp_path, monkeypatch):
    document = docx.Document()
    document.add_paragraph("正文")
    path = save(document, tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/media/noise.bin", os.urandom(2**20))  # incompressible
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 2**20)
    forbid_inflating(monkeypatch)
    with pytest.raises(TooLargeError, match="over the 1 MB limit"):
        DocxReader().read(path)


def test_docx_reader_blocks_point_into_text(tmp_path):
    document = docx.Document()
    document.add_heading("服务内容", level=1)
    document.add_paragraph("挂号", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [["项目", "次数", "备注"], ["陪诊", "3次", ""]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.cell(0, 1).merge(table.cell(0, 2)).text = "次数与备注"
    document.add_paragraph("以上服务由第三方提供。")
    doc = read(document, tmp_path)
    assert [b.kind for b in doc.blocks] == ["heading", "list_item", "table", "paragraph"]
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
    table_block = doc.blocks[2]
    assert [[doc.cell_text(c) for c in row] for row in table_block.rows] == [
        ["项目", "次数与备注", ""], ["陪诊", "3次", ""]]
