"""DOCX as Word, WPS and pandoc write it without typed numbers or heading styles:
list numbers from numbering.xml, titles from direct formatting, merged caption rows."""
from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from ingest.readers.docx import DocxReader, format_number

W_NS = nsdecls("w")


def read(document, tmp_path):
    path = tmp_path / "handbook.docx"
    document.save(path)
    return DocxReader().read(path)


def level(ilvl: int, fmt: str, text: str, start: int = 1, suffix: str | None = None) -> str:
    suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{suff}<w:lvlText w:val="{text}"/></w:lvl>')


def add_list(document, ident: int, *levels: str, override: str = "") -> int:
    """An abstractNum with `levels` and a num pointing at it; returns the numId."""
    root = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{ident}">{"".join(levels)}'
                         "</w:abstractNum>")
    root.find(f"{{{root.nsmap['w']}}}num").addprevious(abstract)
    root.append(parse_xml(f'<w:num {W_NS} w:numId="{ident}"><w:abstractNumId w:val="{ident}"/>'
                          f"{override}</w:num>"))
    return ident


def numbered(document, text: str, num_id: int, ilvl: int = 0, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_docx_reader_writes_word_list_numbers_into_the_text(tmp_path):
    document = docx.Document()
    chapters = add_list(document, 101, level(0, "chineseCounting", "%1、", suffix="nothing"))
    steps = add_list(document, 102, level(0, "decimal", "第%1步", suffix="nothing"))
    points = add_list(document, 103, level(0, "decimal", "%1."),
                      level(1, "decimal", "%1.%2"))
    bullets = add_list(document, 104, level(0, "bullet", "\uf0b7", suffix="space"))
    numbered(document, "服务介绍", chapters, style="Heading 1")
    numbered(document, "拨打热线", steps)
    numbered(document, "提交资料", steps)
    numbered(document, "服务流程", chapters, style="Heading 1")
    numbered(document, "等待期后可申请", points)
    numbered(document, "限本人使用", points, ilvl=1)
    numbered(document, "全年不限次", points)
    numbered(document, "不含挂号费", points, ilvl=1)
    numbered(document, "需提前预约", bullets)
    assert [(b.kind, b.text) for b in read(document, tmp_path).blocks] == [
        ("heading", "一、服务介绍"), ("list_item", "第1步拨打热线"), ("list_item", "第2步提交资料"),
        ("heading", "二、服务流程"), ("list_item", "1. 等待期后可申请"),
        ("list_item", "1.1 限本人使用"), ("list_item", "2. 全年不限次"),
        ("list_item", "2.1 不含挂号费"), ("list_item", "• 需提前预约")]


def test_docx_reader_counts_each_list_apart_from_its_start(tmp_path):
    document = docx.Document()
    first = add_list(document, 201, level(0, "decimal", "(%1)", start=3, suffix="nothing"))
    second = add_list(document, 202, level(0, "decimal", "(%1)", suffix="nothing"),
                      override='<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/>'
                               "</w:lvlOverride>")
    for text, num_id in [("甲", first), ("乙", second), ("丙", first), ("丁", second)]:
        numbered(document, text, num_id)
    assert [b.text for b in read(document, tmp_path).blocks] == ["(3)甲", "(7)乙", "(4)丙", "(8)丁"]


@pytest.mark.parametrize("number, fmt, shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCountingThousand", "二十"), (105, "chineseCounting", "一百零五"),
    (110, "chineseCounting", "一百一十"), (12, "chineseLegalSimplified", "壹拾贰"),
    (1, "ideographTraditional", "甲"), (11, "ideographTraditional", "甲"),
    (2, "ideographZodiac", "丑"), (10, "ideographDigital", "一〇"),
    (3, "decimalEnclosedCircle", "③"), (5, "decimalZero", "05"), (4, "upperRoman", "IV"),
    (9, "lowerRoman", "ix"), (27, "lowerLetter", "aa"), (2, "upperLetter", "B"),
    (12, "decimal", "12"), (12, "decimalFullWidth", "12"), (3, "none", "")])
def test_format_number_writes_counters_as_word_does(number, fmt, shown):
    assert format_number(number, fmt) == shown


def titled(document, text: str, size: float | None = None, bold: bool = True):
    run = document.add_paragraph().add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def test_docx_reader_takes_titles_from_direct_formatting(tmp_path):
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)
    titled(document, "健康服务手册", 18)
    titled(document, "就医绿通", 15)
    titled(document, "服务内容")  # bold at body size: the lowest title level
    document.add_paragraph("被保险人可通过热线预约专家门诊，全年不限次数。")
    titled(document, "请务必在就诊前三天预约。")  # a bold sentence is no title
    mixed = document.add_paragraph()
    mixed.add_run("服务时效").bold = True
    mixed.add_run("：三个工作日")  # bold lead-in only
    titled(document, "重疾绿通", 15, bold=False)  # larger alone is enough
    document.add_paragraph("覆盖全国100个城市的三甲医院，由专人陪同就医。")
    assert [(b.kind, b.level, b.text) for b in read(document, tmp_path).blocks] == [
        ("heading", 1, "健康服务手册"), ("heading", 2, "就医绿通"), ("heading", 3, "服务内容"),
        ("paragraph", None, "被保险人可通过热线预约专家门诊，全年不限次数。"),
        ("paragraph", None, "请务必在就诊前三天预约。"),
        ("paragraph", None, "服务时效：三个工作日"), ("heading", 2, "重疾绿通"),
        ("paragraph", None, "覆盖全国100个城市的三甲医院，由专人陪同就医。")]


def test_docx_reader_measures_a_bilingual_title_in_cjk_characters(tmp_path):
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)
    titled(document, "4.1 重疾绿色通道 Critical Illness Green Channel")  # 42 characters, 24 wide
    document.add_paragraph("被保险人可通过热线预约专家门诊，全年不限次数。")
    titled(document, "4.3 海外第二医疗意见 Overseas Second Medical Opinion")
    document.add_paragraph("资料齐全后10个工作日内出具书面意见。")
    assert [b.kind for b in read(document, tmp_path).blocks] == ["heading", "paragraph", "heading", "paragraph"]


def test_docx_reader_resolves_title_formatting_through_styles(tmp_path):
    document = docx.Document()
    strong = document.styles.add_style("Strong Run", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    big = document.styles.add_style("Big Body", WD_STYLE_TYPE.PARAGRAPH)
    big.base_style = document.styles["Normal"]
    big.font.size = Pt(16)
    document.add_paragraph("增值服务介绍", style="Big Body")
    document.add_paragraph().add_run("陪诊服务", style="Strong Run")
    document.add_paragraph("提供全程陪同就医服务，每年三次。")
    assert [(b.kind, b.level) for b in read(document, tmp_path).blocks] == [
        ("heading", 1), ("heading", 2), ("paragraph", None)]


def test_docx_reader_reads_a_merged_caption_row_once_before_its_table(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "服务项目一览表"
    for row, values in zip(table.rows[1:], [["服务", "次数", "时效"], ["陪诊", "3次", "3天"],
                                            ["挂号", "不限", "1天"]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.rows[1]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W_NS}/>"))
    box = document.add_table(rows=1, cols=2)  # one merged row alone is a table, not a caption
    box.cell(0, 0).merge(box.cell(0, 1)).text = "温馨提示"
    doc = read(document, tmp_path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "服务项目一览表"), ("table", "服务\t次数\t时效\n陪诊\t3次\t3天\n挂号\t不限\t1天"),
        ("table", "温馨提示\t")]
    assert doc.blocks[1].header_rows == 1 and doc.text.count("服务项目一览表") == 1


def test_docx_reader_leaves_page_headers_out_of_the_text(tmp_path):
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "封面页眉"
    section.header.paragraphs[0].text = "健康服务手册"
    document.add_paragraph("正文内容。")
    assert read(document, tmp_path).text == "正文内容。"
