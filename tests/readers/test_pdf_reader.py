"""The PDF reader on tiny PDFs drawn with reportlab (Chinese via its built-in CID font)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.errors import (BrokenFileError, EmptyFileError, EncryptedFileError,
                           GarbledTextError, NoTextLayerError, TooLargeError)
from ingest.model import Document
from ingest.readers.pdf import PdfReader

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
CJK = "STSong-Light"
LEFT = 72
CHARS_PER_LINE = 37  # 12 pt CJK characters between the margins of an A4 page
PAGE_TOP = 740  # below the top 8 % where running headers sit
PARAGRAPH = ("被保险人在合同有效期内因疾病需要住院治疗的，可以拨打服务热线申请就医绿色通道服务，"
             "我们将在三个工作日内为您安排三级公立医院的专家门诊或者住院床位。")
HOURS = "服务时间为每日八点至二十点，节假日照常提供服务。"
SERVICE_ROWS = [["服务项目", "次数", "说明"], ["专家门诊", "3次", "三甲医院"],
                ["住院安排", "1次", "七日内"]]


def write_pdf(path: Path, *pages, **canvas_args) -> Path:
    """A PDF whose page i is drawn by the function pages[i](canvas)."""
    c = canvas.Canvas(str(path), pagesize=A4, **canvas_args)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return path


def text(c, y: float, line: str, size: float = 12, font: str = CJK, x: float = LEFT) -> None:
    c.setFont(font, size)
    c.drawString(x, y, line)


def wrapped(c, y: float, paragraph: str, leading: float = 18) -> float:
    """Draw a paragraph hard-wrapped at the right margin; returns the y below it."""
    for i in range(0, len(paragraph), CHARS_PER_LINE):
        text(c, y, paragraph[i:i + CHARS_PER_LINE])
        y -= leading
    return y


def ruled_table(c, y_top: float, rows: list[list[str]], col_width: float = 90,
                row_height: float = 20, x: float = LEFT, open_bottom: bool = False) -> float:
    """Grid lines around every cell with its text inside; returns the y below the table.
    Open at the bottom, it has no rule under its last row (a table broken there)."""
    xs = [x + i * col_width for i in range(len(rows[0]) + 1)]
    ys = [y_top - i * row_height for i in range(len(rows) + 1)]
    c.grid(xs, ys[:-1] if open_bottom else ys)
    for x_ in xs if open_bottom else ():
        c.line(x_, ys[-2], x_, ys[-1])
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            text(c, ys[r] - row_height + 6, cell, size=10, x=xs[i] + 3)
    return ys[-1]


def read(path: Path):
    return PdfReader().read(path)


def kinds(doc) -> list[tuple]:
    return [(b.kind, b.level, b.text) for b in doc.blocks]


def handbook_page(c) -> None:
    """Title, numbered section and a bold Latin heading, each above body text."""
    text(c, PAGE_TOP, "健康服务手册", size=20)
    text(c, PAGE_TOP - 40, "一、就医绿通服务", size=16)
    y = wrapped(c, PAGE_TOP - 70, PARAGRAPH)
    text(c, y - 12, "Hotline", font="Helvetica-Bold")
    wrapped(c, y - 40, HOURS)


def table_between_paragraphs(c) -> None:
    y = wrapped(c, PAGE_TOP, "服务内容如下表所示。")
    y = ruled_table(c, y - 10, SERVICE_ROWS)
    wrapped(c, y - 30, "以上服务每年可使用一次。")


def table_ending_page(c) -> None:
    """Ends in a table with an empty row, which must not shift the pages of later rows."""
    y = wrapped(c, PAGE_TOP, "服务网点如下表所示。")
    ruled_table(c, y - 10, [["城市", "医院"], ["北京", "协和医院"], ["", ""], ["上海", "瑞金医院"]])


def table_starting_page(c) -> None:
    """Begins with the table under a chapter header (not repeated, so only position tells)."""
    text(c, 810, "第二章 服务网点", size=9)
    y = ruled_table(c, PAGE_TOP, [["城市", "医院"], ["广州", "中山医院"], ["成都", "华西医院"]])
    wrapped(c, y - 30, "网点名单每年更新。")


def merged_cells_table(c) -> None:
    """"服务" spans two columns; "北京" sits low in a cell spanning two rows."""
    for y in (PAGE_TOP, PAGE_TOP - 20, PAGE_TOP - 60):
        c.line(LEFT, y, LEFT + 270, y)
    c.line(LEFT + 90, PAGE_TOP - 40, LEFT + 270, PAGE_TOP - 40)
    for x in (LEFT, LEFT + 90, LEFT + 270):
        c.line(x, PAGE_TOP, x, PAGE_TOP - 60)
    c.line(LEFT + 180, PAGE_TOP - 20, LEFT + 180, PAGE_TOP - 60)
    for x, y, cell in [(0, 14, "地区"), (90, 14, "服务"), (0, 54, "北京"), (90, 34, "门诊"),
                       (180, 34, "住院"), (90, 54, "体检"), (180, 54, "齿科")]:
        text(c, PAGE_TOP - y, cell, size=10, x=LEFT + x + 3)


def ragged_table_with_note(c) -> None:
    """The last row has one cell; a note beside it is inside the table's box but in no cell."""
    ruled_table(c, PAGE_TOP, [["项目", "次数", "说明"], ["门诊", "3次", "三甲"]])
    c.grid([LEFT, LEFT + 90], [PAGE_TOP - 40, PAGE_TOP - 60])
    text(c, PAGE_TOP - 54, "合计", size=10, x=LEFT + 3)
    text(c, PAGE_TOP - 54, "注：每年一次", size=10, x=LEFT + 100)


def numbered_page(number: int):
    """A body paragraph under a running header, with the page number in the footer."""
    def draw(c) -> None:
        text(c, 810, f"安心健康服务手册 2024版 第{number}册", size=9)
        wrapped(c, PAGE_TOP, f"第{number}部分的正文内容。")
        text(c, 30, f"- {number} -", size=9, x=290)
    return draw


# Layout of running text


def test_pdf_reader_joins_wrapped_cjk_lines_without_spaces(tmp_path):
    doc = read(write_pdf(tmp_path / "wrapped.pdf", lambda c: wrapped(c, PAGE_TOP, PARAGRAPH)))
    assert kinds(doc) == [("paragraph", None, PARAGRAPH)]


def test_pdf_reader_splits_paragraphs_at_vertical_gaps(tmp_path):
    first = "第一段话写满了一整行但是没有句号结尾" * 2 + "字"  # full line, no terminal stop

    def page(c) -> None:
        text(c, PAGE_TOP, first[:CHARS_PER_LINE])
        text(c, PAGE_TOP - 50, "第二段话。")

    doc = read(write_pdf(tmp_path / "gap.pdf", page))
    assert [b.text for b in doc.blocks] == [first[:CHARS_PER_LINE], "第二段话。"]


def test_pdf_reader_keeps_short_lines_apart_on_page_without_wrapped_text(tmp_path):
    def contacts(c) -> None:
        text(c, PAGE_TOP, "服务地址：北京市朝阳区")
        text(c, PAGE_TOP - 18, "服务电话：4008889999")

    doc = read(write_pdf(tmp_path / "short.pdf", lambda c: wrapped(c, PAGE_TOP, PARAGRAPH),
                         contacts))
    assert [b.text for b in doc.blocks][1:] == ["服务地址：北京市朝阳区", "服务电话：4008889999"]


def test_pdf_reader_spaces_latin_words_but_not_cjk_characters(tmp_path):
    def page(c) -> None:
        text(c, PAGE_TOP, "Call us", font="Helvetica")
        spread = c.beginText(LEFT, PAGE_TOP - 20)  # spread-out CJK, as in justified lines
        spread.setFont(CJK, 12)
        spread.setCharSpace(8)  # one text object: a lone CJK glyph of a font neither
        spread.textOut("服务热线")  # embedded nor installed is a zero-width object to pdfium,
        spread.setCharSpace(0)  # which it leaves out of the page's text
        c.drawText(spread)
        text(c, PAGE_TOP - 20, "400", font="Helvetica", x=LEFT + 90)

    doc = read(write_pdf(tmp_path / "spacing.pdf", page))
    assert [b.text for b in doc.blocks] == ["Call us", "服务热线 400"]


def test_pdf_reader_takes_headings_from_font_size_and_weight(tmp_path):
    doc = read(write_pdf(tmp_path / "headings.pdf", handbook_page))
    assert kinds(doc) == [("heading", 1, "健康服务手册"), ("heading", 2, "一、就医绿通服务"),
                          ("paragraph", None, PARAGRAPH), ("heading", 3, "Hotline"),
                          ("paragraph", None, HOURS)]


def test_pdf_reader_falls_back_on_text_headings_without_font_variation(tmp_path):
    def page(c) -> None:
        text(c, PAGE_TOP, "一、就医绿通服务")
        wrapped(c, PAGE_TOP - 30, PARAGRAPH)

    doc = read(write_pdf(tmp_path / "flat.pdf", page))
    assert kinds(doc)[0] == ("heading", 2, "一、就医绿通服务")


def test_pdf_reader_normalizes_fullwidth_digits(tmp_path):
    def page(c) -> None:
        text(c, PAGE_TOP, "服务热线：４００－８８８－９９９９")
        ruled_table(c, PAGE_TOP - 20, [["项目", "次数"], ["门诊", "３次"]])

    doc = read(write_pdf(tmp_path / "fullwidth.pdf", page))
    assert doc.blocks[0].text == "服务热线：400-888-9999"
    assert doc.cell_text(doc.blocks[1].rows[1][1]) == "3次"


# Tables


def test_pdf_reader_reads_ruled_table_as_table_block(tmp_path):
    doc = read(write_pdf(tmp_path / "table.pdf", table_between_paragraphs))
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    table = doc.blocks[1]
    assert [[doc.cell_text(cell) for cell in row] for row in table.rows] == SERVICE_ROWS
    assert table.header_rows == 1
    assert "专家门诊" not in doc.blocks[0].text + doc.blocks[2].text


def test_pdf_reader_merges_table_continued_on_next_page(tmp_path):
    doc = read(write_pdf(tmp_path / "continued.pdf", table_ending_page, table_starting_page))
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert [[doc.cell_text(cell) for cell in row] for row in tables[0].rows] == [
        ["城市", "医院"], ["北京", "协和医院"], ["上海", "瑞金医院"], ["广州", "中山医院"],
        ["成都", "华西医院"]]
    assert tables[0].pages == [1, 2]
    assert "第二章" not in doc.text and (2, "第二章 服务网点", "header") in [
        (f.page, f.text, f.position) for f in doc.furniture]
    assert doc.page_at(tables[0].rows[3][0].start) == 2


def test_a_title_at_the_foot_of_a_page_between_two_tables_starts_a_new_section(tmp_path):
    def ending(c) -> None:
        table_ending_page(c)
        text(c, 40, "肿瘤基因检测", size=16)  # in the bottom margin, set as a heading

    doc = read(write_pdf(tmp_path / "titled.pdf", ending, table_starting_page))
    assert [b.kind for b in doc.blocks if b.kind != "paragraph"] == ["table", "heading", "table"]
    assert "肿瘤基因检测" in [b.text for b in doc.blocks]


def test_pdf_reader_keeps_merged_cell_parts_empty(tmp_path):
    doc = read(write_pdf(tmp_path / "merged.pdf", merged_cells_table))
    (table,) = doc.blocks
    assert [[doc.cell_text(cell) for cell in row] for row in table.rows] == [
        ["地区", "服务", ""], ["北京", "门诊", "住院"], ["", "体检", "齿科"]]


def test_pdf_reader_keeps_every_city_of_many_column_table_once(tmp_path):
    cities = ["北京", "上海", "广州", "深圳", "成都", "重庆", "武汉", "西安", "南京", "杭州",
              "天津", "苏州", "长沙", "郑州", "青岛", "沈阳"]
    rows = [cities[i:i + 8] for i in range(0, len(cities), 8)]
    doc = read(write_pdf(tmp_path / "cities.pdf",
                         lambda c: ruled_table(c, PAGE_TOP, rows, col_width=50)))
    assert [b.kind for b in doc.blocks] == ["table"]
    assert all(doc.text.count(city) == 1 for city in cities)


def test_pdf_reader_keeps_text_inside_table_box_but_outside_cells(tmp_path):
    doc = read(write_pdf(tmp_path / "ragged.pdf", ragged_table_with_note))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("table", "项目\t次数\t说明\n门诊\t3次\t三甲\n合计\t\t"), ("paragraph", "注：每年一次")]


def test_pdf_reader_reads_framed_box_as_running_text(tmp_path):
    def page(c) -> None:
        c.rect(LEFT - 5, PAGE_TOP - 30, 460, 50)
        wrapped(c, PAGE_TOP, "温馨提示：请携带身份证件就医。")

    doc = read(write_pdf(tmp_path / "box.pdf", page))
    assert kinds(doc) == [("paragraph", None, "温馨提示：请携带身份证件就医。")]


# Pages


def test_pdf_reader_drops_page_numbers_and_running_headers(tmp_path):
    doc = read(write_pdf(tmp_path / "running.pdf", *map(numbered_page, (1, 2, 3))))
    assert doc.text == "第1部分的正文内容。\n第2部分的正文内容。\n第3部分的正文内容。"
    assert doc.source.page_count == 3


def test_pdf_reader_drops_bare_page_number_of_single_page(tmp_path):
    def page(c) -> None:
        wrapped(c, PAGE_TOP, "正文内容。")
        text(c, 30, "1", size=9, x=290)

    assert read(write_pdf(tmp_path / "single.pdf", page)).text == "正文内容。"


def test_pdf_reader_block_pages_and_offsets_point_into_text(tmp_path):
    doc = read(write_pdf(tmp_path / "pages.pdf", handbook_page, table_between_paragraphs,
                         table_ending_page, table_starting_page))
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)
    assert all(doc.text[c.start:c.end] in b.text for b in doc.blocks for row in b.rows
               for c in row)
    page_of = {b.text.split("\n")[0]: b.pages for b in doc.blocks}
    assert page_of["健康服务手册"] == [1]
    assert page_of["服务内容如下表所示。"] == [2]
    assert page_of["服务项目\t次数\t说明"] == [2]
    assert page_of["城市\t医院"] == [3, 4]
    assert page_of["网点名单每年更新。"] == [4]
    assert len(doc.page_starts) == 4


def test_pdf_reader_warns_about_page_without_text_layer(tmp_path):
    image = tmp_path / "scan.png"
    Image.new("RGB", (20, 20), "gray").save(image)
    doc = read(write_pdf(tmp_path / "mixed.pdf", lambda c: wrapped(c, PAGE_TOP, "正文。"),
                         lambda c: c.drawImage(str(image), LEFT, 400, 200, 200)))
    assert doc.warnings == ["page 2 has no text layer (scanned?)"]


# Files that cannot be read


def test_pdf_reader_rejects_encrypted_pdf(tmp_path):
    path = write_pdf(tmp_path / "locked.pdf",
                     lambda c: text(c, PAGE_TOP, "Secret.", font="Helvetica"),
                     encrypt=StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(EncryptedFileError, match="password"):
        read(path)


def test_pdf_reader_reads_pdf_encrypted_with_empty_user_password(tmp_path):
    """Latin text: pdfminer leaves strings inside font dictionaries encrypted, which loses
    the Unicode map of reportlab's non-embedded CID font (not of embedded fonts)."""
    path = write_pdf(tmp_path / "restricted.pdf",
                     lambda c: text(c, PAGE_TOP, "Open to all.", font="Helvetica"),
                     encrypt=StandardEncryption("", ownerPassword="owner"))
    assert read(path).text == "Open to all."


def test_pdf_reader_says_ocr_needed_for_image_only_pdf(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", lambda c: c.rect(LEFT, 400, 200, 200, fill=1))
    with pytest.raises(NoTextLayerError, match="OCR"):
        read(path)


def test_pdf_reader_rejects_garbled_cid_text(tmp_path):
    """Without a Unicode map (Identity-H, unknown ordering) text comes out as (cid:N)."""
    path = write_pdf(tmp_path / "cid.pdf", lambda c: wrapped(c, PAGE_TOP, PARAGRAPH))
    data = path.read_bytes()
    assert b"/UniGB-UCS2-H" in data and b"(GB1)" in data
    path.write_bytes(data.replace(b"/UniGB-UCS2-H", b"/Identity-H  ").replace(b"(GB1)", b"(XX1)"))
    with pytest.raises(GarbledTextError, match="cid"):
        read(path)


def test_pdf_reader_rejects_truncated_pdf(tmp_path):
    path = write_pdf(tmp_path / "whole.pdf", handbook_page, table_between_paragraphs)
    data = path.read_bytes()
    (tmp_path / "half.pdf").write_bytes(data[:len(data) // 2])
    with pytest.raises(BrokenFileError) as error:
        read(tmp_path / "half.pdf")
    assert "\n" not in str(error.value) and error.value.path == str(tmp_path / "half.pdf")


def test_pdf_reader_rejects_pdf_without_pages(tmp_path):
    path = tmp_path / "nopages.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
                     b"2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\n"
                     b"trailer <</Root 1 0 R>>\n%%EOF\n")
    with pytest.raises(BrokenFileError, match="without pages"):
        read(path)


def test_pdf_reader_refuses_more_pages_than_its_limit(tmp_path):
    path = write_pdf(tmp_path / "long.pdf", *map(numbered_page, (1, 2, 3)))
    with pytest.raises(TooLargeError, match="3 pages"):
        PdfReader(max_pages=2).read(path)
    assert PdfReader(max_pages=3).read(path).source.page_count == 3


def test_pdf_reader_rejects_empty_file(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(EmptyFileError):
        read(tmp_path / "empty.pdf")


def test_pdf_reader_recognizes_pdf_by_its_header():
    assert PdfReader.is_valid(b"\n\n%PDF-1.7\n")
    assert not PdfReader.is_valid(b"x" * 1024 + b"%PDF-1.7")


# Reading order, page furniture and typography (issue 11)

COLUMN_ONE = "第一栏的正文从这里开始，" * 3 + "第一栏结束。"
COLUMN_TWO = "第二栏的正文从这里开始，" * 3 + "第二栏结束。"


def two_columns(c) -> None:
    """A full-width title above two columns of 12 pt text, 15 characters wide each."""
    text(c, PAGE_TOP + 30, "两栏排版的服务手册", size=20)
    for column, paragraph in enumerate((COLUMN_ONE, COLUMN_TWO)):
        for row, i in enumerate(range(0, len(paragraph), 15)):
            text(c, PAGE_TOP - 18 * row, paragraph[i:i + 15], x=LEFT + column * 230)


def test_pdf_reader_reads_two_columns_one_after_the_other(tmp_path):
    doc = read(write_pdf(tmp_path / "columns.pdf", two_columns))
    assert kinds(doc) == [("heading", 1, "两栏排版的服务手册"), ("paragraph", None, COLUMN_ONE),
                          ("paragraph", None, COLUMN_TWO)]


def test_ingest_read_prints_columns_in_reading_order(tmp_path, capsys):
    from ingest.cli import main

    assert main(["read", str(write_pdf(tmp_path / "columns.pdf", two_columns))]) == 0
    out = capsys.readouterr().out
    assert [line.split(None, 2)[2] for line in out.splitlines()[1:]] == [
        "两栏排版的服务手册", COLUMN_ONE, COLUMN_TWO]


def test_pdf_reader_keeps_a_table_whole_beside_two_column_text(tmp_path):
    def page(c) -> None:
        two_columns(c)
        ruled_table(c, PAGE_TOP - 120, SERVICE_ROWS)

    doc = read(write_pdf(tmp_path / "columns_table.pdf", page))
    assert [b.text for b in doc.blocks[1:3]] == [COLUMN_ONE, COLUMN_TWO]
    assert [[doc.cell_text(cell) for cell in row] for row in doc.blocks[3].rows] == SERVICE_ROWS


def test_pdf_reader_reads_label_value_lines_row_by_row(tmp_path):
    """Short labels and their values in two aligned runs are no columns to read apart."""
    def page(c) -> None:
        for i, (label, value) in enumerate([("服务电话", "4008889999"), ("服务时间", "每日八点"),
                                            ("服务地区", "全国"), ("服务对象", "被保险人"),
                                            ("申请方式", "电话预约"), ("费用说明", "免费")]):
            text(c, PAGE_TOP - 18 * i, label)
            text(c, PAGE_TOP - 18 * i, value, x=LEFT + 200)

    text_ = read(write_pdf(tmp_path / "labels.pdf", page)).text
    assert text_.index("服务时间") < text_.index("每日八点") < text_.index("服务地区")


def furnished_page(number: int, total: int = 3):
    """A dated running title on top, a counter at the bottom, body text between."""
    def draw(c) -> None:
        text(c, 810, f"安心健康服务手册 2024-05-0{number}", size=9)
        wrapped(c, PAGE_TOP, f"第{number}部分的正文内容。")
        text(c, 30, f"第 {number} 页 / 共 {total} 页", size=9, x=260)
    return draw


def test_pdf_reader_keeps_running_headers_and_footers_as_furniture(tmp_path):
    doc = read(write_pdf(tmp_path / "furnished.pdf", *map(furnished_page, (1, 2, 3))))
    assert doc.text == "第1部分的正文内容。\n第2部分的正文内容。\n第3部分的正文内容。"
    assert [(f.page, f.position, f.text) for f in doc.furniture if f.page == 2] == [
        (2, "header", "安心健康服务手册 2024-05-02"), (2, "footer", "第 2 页 / 共 3 页")]
    assert Document.from_dict(doc.to_dict()).furniture == doc.furniture


def chromium_page(number: int):
    """What Chromium prints around a page: date and title on top, URL and `n/m` below."""
    def draw(c) -> None:
        text(c, 820, "12/1/26, 3:28 PM", size=8, font="Helvetica", x=30)
        text(c, 820, "安心健康服务手册", size=8, x=260)
        wrapped(c, PAGE_TOP, f"第{number}页的正文。")
        text(c, 14, "https://example.com/handbook.html", size=8, font="Helvetica", x=30)
        text(c, 14, f"{number}/2", size=8, font="Helvetica", x=550)
    return draw


def test_pdf_reader_recognises_chromium_print_header_and_footer(tmp_path):
    doc = read(write_pdf(tmp_path / "printed.pdf", chromium_page(1), chromium_page(2)))
    assert doc.text == "第1页的正文。\n第2页的正文。"
    assert [(f.page, f.position, f.text) for f in doc.furniture] == [
        (1, "header", "12/1/26, 3:28 PM 安心健康服务手册"),
        (1, "footer", "https://example.com/handbook.html 1/2"),
        (2, "header", "12/1/26, 3:28 PM 安心健康服务手册"),
        (2, "footer", "https://example.com/handbook.html 2/2")]


def test_pdf_reader_drops_title_and_hotline_repeated_on_two_pages(tmp_path):
    def page(body: str):
        def draw(c) -> None:
            text(c, 810, "安心健康服务手册", size=9)
            wrapped(c, PAGE_TOP, body)
            text(c, 30, "客服热线95500", size=9, x=260)
        return draw

    doc = read(write_pdf(tmp_path / "repeated.pdf", page("第一页正文。"), page("第二页正文。")))
    assert doc.text == "第一页正文。\n第二页正文。"
    assert [f.text for f in doc.furniture] == ["安心健康服务手册", "客服热线95500"] * 2


def test_pdf_reader_recognises_chromium_furniture_on_a_single_page(tmp_path):
    doc = read(write_pdf(tmp_path / "printed.pdf", chromium_page(1)))
    assert doc.text == "第1页的正文。"
    assert [f.position for f in doc.furniture] == ["header", "footer"]


def test_pdf_reader_takes_numbered_larger_line_as_heading_not_list_item(tmp_path):
    def page(c) -> None:
        text(c, PAGE_TOP, "一、24小时电话医生", size=14)
        y = wrapped(c, PAGE_TOP - 30, PARAGRAPH)
        text(c, y - 10, "1、拨打服务热线预约。")

    doc = read(write_pdf(tmp_path / "numbered.pdf", page))
    assert kinds(doc) == [("heading", 1, "一、24小时电话医生"), ("paragraph", None, PARAGRAPH),
                          ("list_item", None, "1、拨打服务热线预约。")]


def test_pdf_reader_measures_a_bilingual_heading_in_cjk_characters(tmp_path):
    def draw(c) -> None:
        x = LEFT
        for word, font in (("重疾绿色通道", CJK), (" Critical Illness Green Channel Services", "Helvetica")):
            text(c, PAGE_TOP, word, size=16, font=font, x=x)
            x += pdfmetrics.stringWidth(word, font, 16)
        wrapped(c, PAGE_TOP - 40, PARAGRAPH)

    doc = read(write_pdf(tmp_path / "bilingual.pdf", draw))
    assert (doc.blocks[0].kind, doc.blocks[0].text) == ("heading", "重疾绿色通道 Critical Illness Green Channel Services")


def test_pdf_reader_takes_no_long_larger_sentence_as_heading(tmp_path):
    intro = "本手册介绍被保险人可以享受的各项健康管理服务，请仔细阅读"

    def page(c) -> None:
        text(c, PAGE_TOP, "服务手册", size=20)
        text(c, PAGE_TOP - 30, intro + "。", size=14)
        wrapped(c, PAGE_TOP - 60, PARAGRAPH)

    doc = read(write_pdf(tmp_path / "intro.pdf", page))
    assert kinds(doc)[:2] == [("heading", 1, "服务手册"), ("paragraph", None, intro + "。")]


def test_pdf_reader_reads_a_table_inside_a_column_in_that_columns_turn(tmp_path):
    """Chromium's CSS columns put a table inside the first column: it is read after the
    first column's text above it and before the second column."""
    def page(c) -> None:
        text(c, PAGE_TOP + 30, "两栏排版的服务手册", size=20)
        for column, paragraph in enumerate(("第一栏的正文从这里开始，" * 8 + "第一栏结束。", COLUMN_TWO * 4)):
            for row, i in enumerate(range(0, len(paragraph), 15)):
                text(c, PAGE_TOP - 18 * row, paragraph[i:i + 15], x=LEFT + column * 230)
        ruled_table(c, PAGE_TOP - 190, SERVICE_ROWS, col_width=60)

    doc = read(write_pdf(tmp_path / "column_table.pdf", page))
    kinds = [(b.kind, b.text[:6]) for b in doc.blocks]
    first, table = doc.text.index("第一栏结束"), next(b for b in doc.blocks if b.kind == "table")
    assert first < table.start < doc.text.index("第二栏的正文"), kinds


def column_of_text(c, column: int, paragraph: str, y_top: float = PAGE_TOP) -> float:
    """A paragraph wrapped 15 characters wide in column 0 or 1; returns the y below it."""
    for row, i in enumerate(range(0, len(paragraph), 15)):
        text(c, y_top - 18 * row, paragraph[i:i + 15], x=LEFT + column * 230)
    return y_top - 18 * len(range(0, len(paragraph), 15))


def test_a_column_holding_only_a_table_is_read_after_the_column_of_text_beside_it(tmp_path):
    """A page of Chromium's CSS columns whose second column holds a table and nothing else:
    the table starts higher than the first column's text but is read after it."""
    def page(c) -> None:
        column_of_text(c, 0, "第一栏的正文从这里开始，" * 8 + "第一栏结束。")
        ruled_table(c, PAGE_TOP + 12, SERVICE_ROWS * 4, col_width=60, x=LEFT + 230)

    doc = read(write_pdf(tmp_path / "table_column.pdf", page))
    table = next(b for b in doc.blocks if b.kind == "table")
    assert doc.text.index("第一栏结束") < table.start, [(b.kind, b.text[:6]) for b in doc.blocks]


def test_a_row_split_at_the_end_of_a_column_is_one_row_of_the_joined_table(tmp_path):
    """Chromium breaks a table at the column's end through a row, draws the first part open
    at the bottom and repeats the header at the top of the next column."""
    header = ["服务项目", "次数", "时效"]

    def page(c) -> None:
        below = column_of_text(c, 0, "第一栏的正文从这里开始，" * 6 + "第一栏结束。")
        ruled_table(c, below, [header, ["专家门诊", "3次", "五日内"], ["海外第二", "保险期", "十五个"]],
                    col_width=60, x=LEFT, open_bottom=True)
        below = ruled_table(c, PAGE_TOP + 12, [header, ["诊疗意见", "间1次", "工作日"],
                                                ["上门护理", "2次", "三日内"]], col_width=60, x=LEFT + 230)
        column_of_text(c, 1, "第二栏的正文从这里开始，" * 6 + "第二栏结束。", below - 18)

    doc = read(write_pdf(tmp_path / "split_row.pdf", page))
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert [[doc.cell_text(cell) for cell in row] for row in tables[0].rows] == [
        header, ["专家门诊", "3次", "五日内"], ["海外第二诊疗意见", "保险期间1次", "十五个工作日"],
        ["上门护理", "2次", "三日内"]], [(b.kind, b.text[:8]) for b in doc.blocks]
    assert len(tables) == 1


def test_a_page_wide_rule_drawn_over_a_table_cuts_none_of_its_rows(tmp_path):
    """A running footer's rule across the page, drawn where a table in one column stands,
    is no rule of the table: the row it crosses keeps its two lines together."""
    def page(c) -> None:
        below = column_of_text(c, 0, "第一栏的正文从这里开始，" * 6 + "第一栏结束。")
        column_of_text(c, 1, "第二栏的正文从这里开始，" * 8 + "第二栏结束。")
        ruled_table(c, below, [["服务项目", "次数", "说明"], ["", "3次", "三甲医院"]], col_width=60,
                    row_height=34, x=LEFT)
        text(c, below - 48, "专家门诊", size=10, x=LEFT + 3)  # a cell of two lines
        text(c, below - 62, "住院安排", size=10, x=LEFT + 3)
        c.line(LEFT, below - 50, LEFT + 420, below - 50)  # the rule between them

    doc = read(write_pdf(tmp_path / "footer_rule.pdf", page))
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [doc.cell_text(row[0]) for row in table.rows] == ["服务项目", "专家门诊住院安排"]


def test_a_watermark_set_at_an_angle_is_furniture_but_an_italic_title_is_text(tmp_path):
    def draw(c) -> None:
        wrapped(c, PAGE_TOP, PARAGRAPH)
        c.saveState()
        c.translate(300, 400)
        c.rotate(45)
        text(c, 0, "内部资料请勿外传", size=40, x=0)
        c.restoreState()

    def italic_title(c) -> None:
        c.saveState()
        c.transform(1, 0, 0.2, 1, 0, 0)  # the slant a producer gives a font without italics
        text(c, PAGE_TOP + 30, "上门护理服务", size=16, x=LEFT - 0.2 * (PAGE_TOP + 30))
        c.restoreState()

    doc = read(write_pdf(tmp_path / "watermark.pdf", lambda c: (italic_title(c), draw(c))))
    assert doc.text.split() == ["上门护理服务", PARAGRAPH]
    assert [(f.page, f.text, f.position) for f in doc.furniture] == [(1, "内部资料请勿外传", "watermark")]


def test_a_sentence_that_ends_two_pages_at_the_same_place_stays_in_the_text(tmp_path):
    def page(number: int):
        def draw(c) -> None:
            wrapped(c, PAGE_TOP, f"第{number}项服务的正文内容。")
            text(c, 600, "服务热线：400-820-1234。")  # the body's size, on both pages
        return draw

    doc = read(write_pdf(tmp_path / "two.pdf", page(1), page(2)))
    assert doc.text.count("服务热线：400-820-1234。") == 2 and not doc.furniture


def test_a_title_printed_at_the_same_place_on_every_page_is_furniture_even_inside_the_margins(tmp_path):
    def page(number: int):
        def draw(c) -> None:
            text(c, 700, "安心健康服务手册", size=9, x=400)  # a running title set below the header zone
            wrapped(c, PAGE_TOP, f"第{number}部分的正文内容。")
        return draw

    doc = read(write_pdf(tmp_path / "pinned.pdf", page(1), page(2), page(3)))
    assert "安心健康服务手册" not in doc.text
    assert [f.page for f in doc.furniture if f.text == "安心健康服务手册"] == [1, 2, 3]


def _numbered(number: int) -> str:
    """A paragraph whose first and last lines differ from page to page."""
    return f"第{number}页：{PARAGRAPH}（第{number}页完）"


def _over_second_line(title: str, number: int):
    """A page of body text with `title` drawn afterwards over its second line, as Chromium
    prints a `position: fixed` title on every page over whatever lies there."""
    def draw(c) -> None:
        wrapped(c, PAGE_TOP, _numbered(number))
        text(c, PAGE_TOP - 18 + 1, title, size=9, x=LEFT + 30)
    return draw


def test_a_title_printed_over_the_text_of_every_page_is_furniture_and_the_text_stays_whole(tmp_path):
    pages = [_over_second_line("安心健康服务手册", n) for n in (1, 2, 3)]
    doc = read(write_pdf(tmp_path / "fixed.pdf", *pages))
    assert [b.text for b in doc.blocks] == [_numbered(n) for n in (1, 2, 3)]
    assert [f.page for f in doc.furniture if f.text == "安心健康服务手册"] == [1, 2, 3]


def test_text_printed_over_a_line_keeps_out_of_that_lines_characters(tmp_path):
    doc = read(write_pdf(tmp_path / "stamp.pdf", _over_second_line("内部资料", 1)))
    second_line = _numbered(1)[CHARS_PER_LINE:2 * CHARS_PER_LINE]
    assert second_line in doc.text and "内部资料" in doc.text


def test_a_line_is_wrapped_when_the_next_lines_first_word_would_not_have_fitted(tmp_path):
    """Short of the margin by more than two characters, but `38139960` would not fit there."""
    def draw(c) -> None:
        y = wrapped(c, PAGE_TOP, PARAGRAPH)
        head = "如需申请请拨打尊享健康医疗保险专属服务热线全天候受理您的服务预约"  # 32 characters
        text(c, y, head)
        text(c, y, "021-", font="Helvetica", x=LEFT + pdfmetrics.stringWidth(head, CJK, 12))
        text(c, y - 18, "38139960", font="Helvetica")
        text(c, y - 18, "进行申请。", x=LEFT + pdfmetrics.stringWidth("38139960", "Helvetica", 12))

    doc = read(write_pdf(tmp_path / "wrapped.pdf", draw))
    assert doc.blocks[-1].text == "如需申请请拨打尊享健康医疗保险专属服务热线全天候受理您的服务预约021-38139960进行申请。"


def test_words_set_apart_without_a_space_glyph_keep_their_space(tmp_path):
    """Chromium places words instead of printing spaces: a gap of a third of an em is one."""
    def draw(c) -> None:
        x = LEFT
        for word in ("3.1", "视频医生", "Video", "Doctor"):
            c.setFont("Helvetica" if word.isascii() else CJK, 12)
            c.drawString(x, PAGE_TOP, word)
            x += pdfmetrics.stringWidth(word, "Helvetica" if word.isascii() else CJK, 12) + 4
        wrapped(c, PAGE_TOP - 30, PARAGRAPH)

    doc = read(write_pdf(tmp_path / "spaced.pdf", draw))
    assert doc.text.splitlines()[0] == "3.1 视频医生 Video Doctor"


def test_a_space_typed_between_cjk_characters_stays_but_none_is_made_up(tmp_path):
    def draw(c) -> None:
        text(c, PAGE_TOP, "住院费用垫付 · 怎么用")  # a space glyph on each side of the dot
        text(c, PAGE_TOP - 30, "尊享e生·中高端医疗")
        wrapped(c, PAGE_TOP - 60, PARAGRAPH)

    doc = read(write_pdf(tmp_path / "typed.pdf", draw))
    assert doc.text.splitlines()[:2] == ["住院费用垫付 · 怎么用", "尊享e生·中高端医疗"]


def test_a_character_without_unicode_shifts_no_other_character_onto_its_neighbours_box():
    """Chromium's print of `fixtures/emoji.html`: the 🌟 has no Unicode, so pdfium's text of
    the page is one unit short and every later character took its neighbour's box."""
    doc = read(Path(__file__).parent / "fixtures" / "emoji.pdf")
    assert doc.text.splitlines() == ["设为星标，第一时间收到服务提醒", "谁能用：保单有效期内的被保险人本人",
                                     "1️⃣ 找入口：打开微信小程序，或拨打服务专线", "2️⃣ 交资料：按提示上传身份证件、保单号"]


def _ruled_pages():
    """The edges of every page with a grid among the repository's PDFs."""
    import pypdfium2

    from ingest.readers import pdf

    root = Path(__file__).resolve().parents[2]
    for path in sorted([*root.glob("sources/*.pdf"), *root.glob("tests/data/producers/*/*.pdf")]):
        document = pypdfium2.PdfDocument(str(path))
        for index in range(len(document)):
            page = document[index]
            left, _, _, top = page.get_bbox()
            edges, _ = pdf._page_objects(page.raw, left, top)
            if pdf._find_tables(edges):
                yield f"{path.parent.name}/{path.name}#{index + 1}", edges
        document.close()


def test_pdf_reader_finds_the_tables_pdfplumber_finds():
    """The reader's table finder is pdfplumber's with a faster cell step: same tables, cells
    and rows on every ruled page."""
    from pdfplumber.table import TableFinder

    from ingest.readers import pdf

    def shape(tables):
        return [(t.bbox, t.cells, [(r.bbox, r.cells) for r in t.rows]) for t in tables]

    pages = list(_ruled_pages())
    assert len(pages) > 50
    for where, edges in pages:
        assert shape(pdf._find_tables(edges)) == shape(TableFinder(pdf._Rulings(edges)).tables), where
