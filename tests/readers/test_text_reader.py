import codecs

import pytest

from ingest.errors import EncodingError
from ingest.readers.layout import decorated_title, splits_quantity
from ingest.readers.text import TextReader, decode_text
from ingest.textnorm import display_width

from conftest import SEEDS


def _headings(doc):
    return [b.text for b in doc.blocks if b.kind == "heading"]


def test_text_reader_reads_markdown_headings_with_levels(read_text):
    doc = read_text("## 远程问诊\n\n### 服务介绍\n\n为患者提供咨询。\n")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 2, "远程问诊"), ("heading", 3, "服务介绍"), ("paragraph", None, "为患者提供咨询。")]


def test_text_reader_strips_inline_bold_markup(read_text):
    doc = read_text("可**不限次数**申请<b>住院垫付</b>。\n")
    assert doc.text == "可不限次数申请住院垫付。"


def test_text_reader_recognizes_numbered_titles_and_list_items(read_text):
    doc = read_text("3. 重疾绿通服务\n（二）垫付医疗服务\n1、若您在保险期间内申请，可以使用。\n(1) 服务内容：\n")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds == [("heading", "3. 重疾绿通服务"), ("heading", "（二）垫付医疗服务"),
                     ("list_item", "1、若您在保险期间内申请，可以使用。"), ("list_item", "(1) 服务内容：")]


def test_text_reader_reads_tab_separated_rows_as_one_table(read_text):
    doc = read_text("步骤\t内容\n1\t致电热线\n2\t提交资料\n")
    (table,) = doc.blocks
    assert table.kind == "table" and table.header_rows == 1
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["步骤", "内容"], ["1", "致电热线"], ["2", "提交资料"]]


def test_text_reader_reads_a_box_drawn_table_with_cells_wrapped_inside_their_rules(read_text):
    doc = read_text("┌────────┬────────┐\n│ 服务项目 │ 基础版   │\n├────────┼────────┤\n"
                    "│ 重疾门诊绿色 │ ✓ 每年1次 │\n│ 通道 注2 │        │\n├────────┼────────┤\n"
                    "│ 心理咨询 │ —      │\n└────────┴────────┘\n")
    (table,) = doc.blocks
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["服务项目", "基础版"], ["重疾门诊绿色通道 注2", "✓ 每年1次"], ["心理咨询", "—"]]


def test_text_reader_reads_each_line_of_a_box_table_without_inner_rules_as_a_row(read_text):
    doc = read_text("+------+------+\n| 步骤 | 内容 |\n| 1 | 致电热线 |\n| 2 | 提交资料 |\n+------+------+\n")
    (table,) = doc.blocks
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["步骤", "内容"], ["1", "致电热线"], ["2", "提交资料"]]


def test_text_reader_takes_every_title_numbering_of_the_rules_for_a_heading(read_text):
    body = "被保险人在等待期后初次确诊合同约定的重大疾病可以申请本项服务。"
    doc = read_text("\n".join(["S02 ▸ Specialist Appointment 专家门诊预约服务", "Eligibility 适用条件：" + body,
                               "第三條 服務內容", body] + [body] * 6))
    assert _headings(doc) == ["S02 ▸ Specialist Appointment 专家门诊预约服务", "第三條 服務內容"]


def test_text_reader_measures_a_bilingual_numbered_title_in_cjk_characters(read_text):
    body = "被保险人在等待期后初次确诊合同约定的重大疾病可以申请本项服务。"
    doc = read_text("\n".join(["4.3 海外第二医疗意见 Overseas Second Medical Opinion", body] + [body] * 6))
    assert _headings(doc) == ["4.3 海外第二医疗意见 Overseas Second Medical Opinion"]


def test_text_reader_joins_hard_wrapped_lines_without_spaces(read_text):
    line = "若您在保险期间内等待期后在垫付服务覆盖城市中二级及以上的公"
    text = "\n".join([line, "立医院发生住院，可以申请进行垫付服务。"] + [line + "。"] * 7)
    doc = read_text(text)
    assert doc.blocks[0].text.startswith(line + "立医院发生住院")


def test_text_reader_joins_a_wrapped_line_whose_next_line_starts_with_a_names_dot(read_text):
    line = "若您在保险期间内等待期后需要就医，可拨打尊享e生"
    text = "\n".join([line, "·中高端医疗保险专属服务热线申请。", "· 在线问诊"] + [line + "。"] * 7)
    doc = read_text(text)
    assert doc.blocks[0].text == line + "·中高端医疗保险专属服务热线申请。"
    assert (doc.blocks[1].kind, doc.blocks[1].text) == ("list_item", "· 在线问诊")


def test_text_reader_joins_a_narrow_column_line_broken_inside_a_quantity(read_text):
    doc = read_text("6 入院陪诊\n提供海外医院就医 20 小\n时以内就医陪诊，在陪诊\n时协助翻译。\n\n"
                    "服务时效\n审核需 5 个工\n作日。\n")
    texts = [b.text for b in doc.blocks]
    assert "提供海外医院就医 20 小时以内就医陪诊，在陪诊" in texts
    assert "审核需 5 个工作日。" in texts


def test_text_reader_joins_the_lines_of_one_narrow_column_wrapped_at_its_margin(read_text):
    box = ("被保险人及其家庭成\n员保险期间内不限次\n数使用图文及视频问\n诊，医生2分钟内首次\n"
           "响应，同一会话开启\n后24小时内可继续追\n问。请在东吴人寿APP\n首页“在线问诊”发起。\n")
    doc = read_text("01 在线问诊\n\n" + "\n".join([box] * 4) + "\n服务热线\n400-828-6117\n")
    texts = [b.text for b in doc.blocks]
    assert texts[1].startswith("被保险人及其家庭成员保险期间内不限次数使用图文及视频问诊，医生2分钟内首次响应")
    assert texts[1].endswith("首页“在线问诊”发起。")
    assert texts[-2:] == ["服务热线", "400-828-6117"]  # short lines well inside the margin stay apart


def test_text_reader_takes_a_short_line_above_a_bulleted_list_in_wrapped_text_for_a_title(read_text):
    box = ("被保险人及其家庭成\n员保险期间内不限次\n数使用图文及视频问\n诊，医生2分钟内首次\n"
           "响应，同一会话开启\n后24小时内可继续追\n问。请在东吴人寿APP\n首页“在线问诊”发起。\n")
    doc = read_text("\n".join([box] * 4) + "\n营养咨询\n✓ 每年4次\n✓ 本人专享\n\n" + box)
    assert ("heading", "营养咨询") in [(b.kind, b.text) for b in doc.blocks]


def test_text_reader_takes_a_line_between_two_lists_of_other_bullets_for_the_seconds_title(read_text):
    doc = read_text("左栏 · 第二诊疗意见\n• 初次确诊恶性肿瘤后，由国内三甲医院专家团队复核诊断与治疗方案，出具书面意见\n"
                    "• 可选海外专家（美国、新加坡）复核，出具时间为15-20个工作日，费用由保险公司承担\n"
                    "右栏 · 术后上门护理（尊享版专属）\n√ 被保险人经手术治疗出院后，由护士上门换药、拆线、PICC维护\n"
                    "√ 出院后30日内申请；至少提前2个工作日预约，每保单年度2次，每次上门不超过2小时\n" * 3)
    assert "右栏 · 术后上门护理（尊享版专属）" in [b.text for b in doc.blocks]


def test_text_reader_reads_a_name_between_the_same_symbols_as_a_title_and_a_posters_fact_lines_as_text(read_text):
    doc = read_text("★ 权益速览 ★\n视频问诊　不限次\n\n◆◇◆ 视频问诊 ◆◇◆\n\n三甲医生\n在线接诊\n不限次数\n\n"
                    "◆◇◆ 住院垫付 ◆◇◆\n\n0元押金住院\n每保单年度2次\n\n服务热线\n☎ 400-706-5529\n")
    blocks = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "视频问诊") in blocks and ("heading", "住院垫付") in blocks and ("heading", "权益速览") in blocks
    assert ("heading", "服务热线") in blocks  # a short line where a paragraph starts
    assert not any(kind == "heading" for kind, text in blocks if text in ("三甲医生", "在线接诊", "0元押金住院"))


@pytest.mark.parametrize("line, title", [
    ("◆◇◆ 视频问诊 ◆◇◆", "视频问诊"), ("🏥 住院垫付 🏥", "住院垫付"), ("❤️ 心理咨询 ❤️", "心理咨询"),
    ("◆ 视频问诊", None), ("☎ 400-706-5529 转2", None), ("★★ 2024 ★★", None), ("| 区域 | 城市 |", None)])
def test_a_decorated_title_is_a_name_between_the_same_symbols(line, title):
    assert decorated_title(line) == title


@pytest.mark.parametrize("before, after, split", [
    ("就医 20 小", "时以内", True), ("需 5 个工", "作日内", True), ("共 20", "小时", True),
    ("就医 20 小时", "以内", False), ("共 3", "个月", False), ("陪诊", "时协助", False)])
def test_splits_quantity_finds_a_unit_broken_across_lines(before, after, split):
    assert splits_quantity(before, after) is split


def test_text_reader_undoes_double_spaced_extraction(read_text):
    wrapped = ["覆盖全国城市中的二级及以上公立医院仅覆盖市区范围城市下属的县社区镇村等医院暂不", "支持。"]
    body = []
    for _ in range(6):
        body += [wrapped[0], "", wrapped[1], "", " ", ""]
    doc = read_text("医疗垫付服务 \n\n" + "\n".join(body))
    assert [b.kind for b in doc.blocks] == ["heading"] + ["paragraph"] * 6
    assert doc.blocks[1].text == "".join(wrapped)


def test_text_reader_drops_page_numbers_after_a_page_gap(read_text):
    doc = read_text("第一段。\n\n\n\n25\n\n第二段。\n\n3\n步骤三。\n")
    assert "25" not in doc.text
    assert "3" in [b.text for b in doc.blocks]


def test_text_reader_removes_bookmark_artefacts(read_text):
    doc = read_text("[bookmark: _Toc81][bookmark: _Toc2]医疗垫付服务\n1、内容很多的一段话，说明服务。\n")
    assert doc.blocks[0].text == "医疗垫付服务"


def test_text_reader_gives_matchers_simplified_text(read_text):
    doc = read_text("## 安盛天平醫療保險\n")
    assert doc.text == "安盛天平醫療保險" and doc.match_text == "安盛天平医疗保险"


def test_text_reader_blocks_point_into_text(read_text):
    doc = read_text(SEEDS[2].read_bytes())
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
        for row in block.rows:
            for cell in row:
                assert 0 <= cell.start <= cell.end <= len(doc.text)
    assert doc.source.format == "text" and len(doc.source.sha256) == 64


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_decode_text_detects_encodings(encoding):
    text = "５个工作日内安排陪诊服务，拨打95511。" * 3
    data = text.encode(encoding)
    assert decode_text(data)[0].lstrip("\ufeff") == text


def test_decode_text_never_guesses_garbage():
    with pytest.raises(EncodingError):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfa bad")
    with pytest.raises(EncodingError):
        decode_text(bytes(range(256)) * 4)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_text_reader_reads_every_seed_into_headings(read_text, seed):
    doc = read_text(seed.read_bytes())
    assert len(_headings(doc)) >= 5


def test_text_reader_folds_radicals_and_compatibility_ideographs(tmp_path):
    """Kangxi radicals (`⼯`, `⽇`), a supplement radical (`⻓`) and a compatibility ideograph
    (U+F9B1) read as the unified ideographs they stand for, one character each."""
    path = tmp_path / "radicals.txt"
    path.write_text("⼯作⽇内⻓期服务\uf9b1\n", encoding="utf-8")
    doc = TextReader().read(path)
    assert doc.text == "工作日内长期服务\u9234"
    assert doc.blocks[0].end == len("⼯作⽇内⻓期服务\uf9b1")


PAGED = ("一、住院垫付服务\n服务次数：每年1次。\n垫付专员将陪同办理入院\n\n全国客服热线：95542　　第 1 页 共 3 页\n- 1 -\n\n"
         "某某人寿　　健康服务手册\n\n手续。\n二、电话医生服务\n服务次数：每年2次。\n\n全国客服热线：95542　　第 2 页 共 3 页\n"
         "- 2 -\n\n某某人寿　　健康服务手册\n\n三、第二诊疗意见服务\n服务次数：每年1次。\n")


def test_text_reader_does_not_join_a_title_to_the_text_after_a_page_break(read_text):
    doc = read_text(PAGED.replace("服务次数：每年2次。\n", "服务次数：每年2次。\n三、肿瘤特药服务\n"))
    assert "三、肿瘤特药服务" in [b.text for b in doc.blocks]


def test_text_reader_keeps_running_headers_and_footers_out_of_the_text(read_text):
    doc = read_text(PAGED)
    assert "95542" not in doc.text and "健康服务手册" not in doc.text and "第 1 页" not in doc.text
    assert {(f.page, f.position) for f in doc.furniture} >= {(1, "footer"), (2, "header"), (2, "footer")}
    assert any(f.text == "某某人寿  健康服务手册" for f in doc.furniture)  # spaces normalized


def test_text_reader_takes_no_hours_or_dates_for_page_counters(read_text):
    doc = read_text("Edition 2024-09 / 2024年9月版\n\nS01 ▸ 24/7 Tele-Doctor 电话医生\n服务时间：24/7 全天候。\n")
    assert doc.text.splitlines() == ["Edition 2024-09 / 2024年9月版", "S01 ▸ 24/7 Tele-Doctor 电话医生",
                                     "服务时间：24/7 全天候。"]
    assert not doc.furniture


def test_text_reader_numbers_pages_at_printed_page_breaks(read_text):
    doc = read_text(PAGED)
    pages = {b.text: b.page for b in doc.blocks}
    assert pages["一、住院垫付服务"] == 1 and pages["二、电话医生服务"] == 2 and pages["三、第二诊疗意见服务"] == 3


def test_text_reader_joins_a_paragraph_that_runs_over_a_page_break(read_text):
    doc = read_text(PAGED)
    assert "垫付专员将陪同办理入院手续。" in doc.text


def test_text_reader_starts_a_labelled_line_after_a_page_break_on_its_own(read_text):
    doc = read_text(PAGED.replace("\n手续。\n", "\n[标题] 心理咨询\n√ 每保单年度4次\n"))
    assert "[标题] 心理咨询" in [b.text for b in doc.blocks]
    assert ("list_item", "√ 每保单年度4次") in [(b.kind, b.text) for b in doc.blocks]


def test_text_reader_keeps_body_lines_that_repeat_between_breaks(read_text):
    doc = read_text(PAGED)
    assert doc.text.count("服务次数：每年1次。") == 2


def test_text_reader_starts_a_line_at_each_bracketed_field_and_after_a_banner(read_text):
    wide = "服务机构将在收到完整材料后的三个工作日内完成审核并安排专员到医院办理押金缴纳手续"
    lines = ["═" * 28 + " 场景一  确诊重病，尽快就医 " + "═" * 28, "住院垫付服务",
             f"【服务内容】{wide}", "【服务次数】保险期间内不限次", f"【响应时效】{wide}",
             "【预约方式】拨打95500申请", ""] + [f"说明：{wide}，"] * 6  # hard-wrapped at this width
    doc = read_text("\n".join(lines) + "\n")
    texts = [b.text for b in doc.blocks]
    assert texts[:6] == lines[:6]
    assert [b.kind for b in doc.blocks[2:6]] == ["paragraph"] * 4  # fields with values, no headings


def test_text_reader_reads_a_spreadsheet_saved_as_csv_as_tables_and_its_title_rows_as_paragraphs(read_text):
    doc = read_text('服务项目清单,,,,\n'
                    '序号,服务项目,服务内容,服务次数,\n'
                    ',【诊前服务】,,,\n'
                    '1,电话医生,"全科医生咨询，用药指导；\n不开具处方",不限次,\n'
                    '2,视频问诊,"可开具""电子处方""",每年12次,\n'
                    ',,,,\n'
                    '注：每年指每个保单年度。,,,,\n')
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert doc.blocks[0].text == "服务项目清单"
    assert [[doc.cell_text(c) for c in row] for row in doc.blocks[1].rows] == [
        ["序号", "服务项目", "服务内容", "服务次数"], ["", "【诊前服务】", "", ""],
        ["1", "电话医生", "全科医生咨询，用药指导；不开具处方", "不限次"],
        ["2", "视频问诊", '可开具"电子处方"', "每年12次"]]


def test_text_reader_reads_no_prose_with_commas_as_csv(read_text):
    doc = read_text("Call us, write to us, or visit us.\nWe answer calls, letters, and visits.\n"
                    "Our staff, nurses, and doctors help.\n")
    assert all(b.kind != "table" for b in doc.blocks)


def _two_columns(left: list[str], right: list[str], at: int = 48) -> str:
    from ingest.textnorm import display_width
    return "\n".join(l + " " * (at - display_width(l)) + r if r else l for l, r in zip(left, right))


def test_text_reader_reads_text_laid_out_in_two_columns_column_after_column(read_text):
    """`pdftotext -layout` of a two-column page: the left column's lines first, each
    column's wrapped lines joined (a line that reaches its column's edge wraps)."""
    left = ["01 在线问诊", "被保险人及其配偶、子女可通过", "微信小程序发起视频或图文问诊，", "不限次数。", "",
            "02 重疾绿色通道", "适用条件：等待期后初次确诊合同", "约定的重大疾病。"]
    right = ["03 住院垫付", "保单有效期内的被保险人因合同约定", "的重大疾病住院的，可申请住院押金", "垫付。", "",
             "申请电话：400-869-5533转3", "", ""]
    doc = read_text("  标题横跨两栏的服务手册\n\n" + _two_columns(["  " + l if l else "" for l in left], right) + "\n")
    assert [b.text for b in doc.blocks] == [
        "标题横跨两栏的服务手册", "01 在线问诊", "被保险人及其配偶、子女可通过微信小程序发起视频或图文问诊，不限次数。",
        "02 重疾绿色通道", "适用条件：等待期后初次确诊合同约定的重大疾病。", "03 住院垫付",
        "保单有效期内的被保险人因合同约定的重大疾病住院的，可申请住院押金垫付。", "申请电话：400-869-5533转3"]


def test_text_reader_keeps_labels_and_values_set_apart_by_spaces_on_their_rows(read_text):
    doc = read_text("服务次数     每年1次\n服务时效     3个工作日内\n申请方式     电话预约\n覆盖范围     全国\n")
    (table,) = doc.blocks
    assert [[doc.cell_text(c) for c in row] for row in table.rows][0] == ["服务次数", "每年1次"]


def test_text_reader_keeps_dot_leader_entries_apart_and_a_field_label_starts_a_line(read_text):
    """Lines that reach the wrap width still end where a dot-leader entry ends or where
    the next line opens with a field label and a colon."""
    wrapped = "被保险人在等待期后初次确诊合同约定的重大疾病可以申请本项服务我们将尽快安排"
    doc = read_text("\n".join([wrapped] * 5 + ["完成。", "在线问诊 " + "·" * 60 + " 每保单年度不限次数",
                                               "住院垫付 ········ 每保单年度3次", "适用条件：" + wrapped[5:],
                                               "使用次数：每保单年度2次"]))
    texts = [b.text for b in doc.blocks]
    assert texts[1:] == ["在线问诊 " + "·" * 60 + " 每保单年度不限次数", "住院垫付 ········ 每保单年度3次",
                         "适用条件：" + wrapped[5:], "使用次数：每保单年度2次"], texts


def test_text_reader_keeps_an_earlier_e_mail_quoted_below_a_reply_as_furniture(read_text):
    doc = read_text("尊敬的客户：\n\n重疾门诊预约服务每保单年度2次。\n\n> -------- 原始邮件 --------\n"
                    "> 主题: 您的保单健康服务说明\n>\n> 重疾门诊预约服务每保单年度1次。\n")
    assert "1次" not in doc.text and "2次" in doc.text
    assert [(f.text, f.position) for f in doc.furniture][-1] == ("重疾门诊预约服务每保单年度1次。", "quoted")


def test_text_reader_keeps_a_markdown_blockquote_without_a_reply_header(read_text):
    doc = read_text("## 视频问诊\n\n> 仅适用于尊享版，每年12次。\n")
    assert "每年12次" in doc.text and not doc.furniture


def test_text_reader_deals_a_table_of_one_cell_per_line_into_rows_by_what_its_columns_hold(read_text):
    """A web page's table copied as text: every cell on a line of its own; a cell wrapped
    onto two lines, and a blank line for an empty cell, still give whole rows."""
    doc = read_text("\n".join(["权益对比", "服务项目", "服务内容", "经典版", "尊享版", "时效", "申请入口",
                               "图文问诊", "在线图文咨询", "不限次", "不限次", "5分钟内回复", "农银人寿APP",
                               "费用直付", "住院费用直接结算，", "免交押金", "—", "不限次", "审核2个工作日",
                               "400-619-5688转3",
                               "年度体检", "经典版：基础套餐", "尊享版：升级套餐", "每年1次", "每年1次", "需提前3天预约",
                               "报告7个工作日内出具", "农银人寿APP",
                               "慢病随访", "健康随访", "每年12次", "每年12次", "", "农银人寿APP",
                               "注：“—”表示该版本不提供，“每年”指每个保单年度，“保险期间1次”指整个保险期间内限1次。"]))
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["服务项目", "服务内容", "经典版", "尊享版", "时效", "申请入口"],
        ["图文问诊", "在线图文咨询", "不限次", "不限次", "5分钟内回复", "农银人寿APP"],
        ["费用直付", "住院费用直接结算，免交押金", "—", "不限次", "审核2个工作日", "400-619-5688转3"],
        ["年度体检", "经典版：基础套餐尊享版：升级套餐", "每年1次", "每年1次", "需提前3天预约报告7个工作日内出具",
         "农银人寿APP"],
        ["慢病随访", "健康随访", "每年12次", "每年12次", "", "农银人寿APP"]]
    assert doc.blocks[-1].text.startswith("注：")


def test_text_reader_finds_no_table_of_one_cell_per_line_in_short_lines_that_fit_no_columns(read_text):
    doc = read_text("\n".join(["服务项目", "服务次数", "服务时效", "申请方式", "我们的服务", "温馨的关怀",
                               "专业的团队", "贴心的陪伴", "全心的守护", "真诚的微笑", "周到的安排", "放心的选择"]))
    assert all(b.kind != "table" for b in doc.blocks)


def test_a_web_pages_buttons_between_services_leave_their_titles_titles(read_text):
    body = "被保险人可在APP发起图文问诊，医生于5分钟内首次回复，问诊范围包括内科、外科等常见科室。"
    doc = read_text("\n".join([body] * 5 + ["展开详情 ∨", "图文问诊", body, "立即问诊 >", "专家门诊预约", body,
                                             "立即预约 >"]))
    assert _headings(doc) == ["图文问诊", "专家门诊预约"]


def test_text_reader_reads_three_columns_side_by_side_left_to_right(read_text):
    columns = [["01 视频医生", "三甲医院医生在线视频接诊，", "常见病咨询和用药指导均可", "在线问诊不限次数。"],
               ["02 重疾绿通", "资料齐全后2个工作日内安排", "三级医院专家门诊，保险期间", "内限1次。"],
               ["03 住院垫付", "审核通过后1个工作日内垫付", "住院押金至医院，每保单年度", "可申请2次。"]]
    rows = []
    for i in range(4):
        row = ""
        for c, column in enumerate(columns):
            row += " " * (34 * c - display_width(row)) + column[i] if c else "  " + column[i]
        rows.append(row)
    doc = read_text("\n".join(rows + [""] * 2))
    assert [b.text for b in doc.blocks] == [
        "01 视频医生", "三甲医院医生在线视频接诊，常见病咨询和用药指导均可在线问诊不限次数。", "02 重疾绿通",
        "资料齐全后2个工作日内安排三级医院专家门诊，保险期间内限1次。", "03 住院垫付",
        "审核通过后1个工作日内垫付住院押金至医院，每保单年度可申请2次。"]


def test_a_numbered_title_never_carries_on_the_line_before_it(read_text):
    wrapped = "被保险人在等待期后初次确诊合同约定的重大疾病可以申请本项服务我们将尽快安排"
    doc = read_text("\n".join([wrapped] * 6 + ["03 住院医疗费用垫付", "保单有效期内的被保险人可申请。"]))
    assert "03 住院医疗费用垫付" in [b.text for b in doc.blocks]


def test_a_screen_readers_dump_names_its_titles_and_its_buttons(read_text):
    """An app read out by a screen reader, one element a line with its role after it:
    `视频问诊  标题` is a title (its buttons are then plain lines, as in Markdown)."""
    doc = read_text("\n".join(["< 返回  按钮", "视频问诊  标题", "服务介绍", "三甲医院执业医师在线视频接诊。",
                               "使用次数：保险期间内不限次数", "立即发起视频问诊  按钮",
                               "< 返回  按钮", "心理咨询  标题", "每年6次", "立即预约 >  按钮"]))
    assert _headings(doc)[:1] == ["视频问诊"] and "心理咨询" in _headings(doc)
    assert not any("按钮" in heading for heading in _headings(doc))


def test_a_list_number_that_word_set_a_tab_after_numbers_its_line_not_a_table_row(read_text):
    """Word's "Save as text" writes `3.1<TAB>电话医生`; a bare number before a tab is a cell."""
    doc = read_text("3.1\t电话医生\n(i)\t服务内容：全科医生电话解答健康咨询。\n(ii)\t服务标准：来电后60秒内接通医生。\n\n"
                    "步骤\t内容\n1\t致电热线\n2\t提交资料\n")
    assert [b.kind == "table" for b in doc.blocks] == [False, False, False, True]
    assert [b.text for b in doc.blocks[:2]] == ["3.1 电话医生", "(i) 服务内容：全科医生电话解答健康咨询。"]


_SIDE_BY_SIDE = """表1  服务对照表
==========================================================
项目        图文问诊          住院垫付          第二诊疗意见
----------------------------------------------------------
使用次数    无限次            每保单年度2回     保险期间内1次
----------------------------------------------------------
服务时效    医生10分钟内首次  审核通过后1个工  病历齐全后7-10个
            回复              作日内完成垫付    工作日内出具意见
----------------------------------------------------------
申请方式    「君康健康」小程  服务专线          服务专线
            序                400-639-7712转3   400-639-7712转6
==========================================================

注：以上服务均为保单附赠。
"""


def test_text_reader_reads_a_fixed_width_table_joining_each_cell_down_its_column(read_text):
    doc = read_text(_SIDE_BY_SIDE)
    assert [b.kind for b in doc.blocks] == ["heading", "table", "paragraph"]
    assert [[doc.cell_text(c) for c in row] for row in doc.blocks[1].rows] == [
        ["项目", "图文问诊", "住院垫付", "第二诊疗意见"],
        ["使用次数", "无限次", "每保单年度2回", "保险期间内1次"],
        ["服务时效", "医生10分钟内首次回复", "审核通过后1个工作日内完成垫付", "病历齐全后7-10个工作日内出具意见"],
        ["申请方式", "「君康健康」小程序", "服务专线400-639-7712转3", "服务专线400-639-7712转6"]]


def test_text_reader_reads_a_fixed_width_table_without_inner_rules_a_row_per_first_cell(read_text):
    doc = read_text("  服务                次数              核心时效\n"
                    "  ────────────────────────────────────────────\n"
                    "  电话医生            不限次数          60秒内接通医生\n"
                    "  重疾专家门诊预约    每保单年度2次     3个工作日内完成\n"
                    "                                        预约\n"
                    "  健康档案            —                 3个工作日内建档\n")
    (table,) = doc.blocks
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["服务", "次数", "核心时效"], ["电话医生", "不限次数", "60秒内接通医生"],
        ["重疾专家门诊预约", "每保单年度2次", "3个工作日内完成预约"], ["健康档案", "—", "3个工作日内建档"]]


def test_a_question_or_an_answer_opens_a_turn_of_its_own():
    """In a hard-wrapped article an answer's last line can reach the margin: the question
    after it still opens a turn of its own (holdout2's WeChat article, its FAQ)."""
    from conftest import DATA
    from ingest.readers import read_document

    doc = read_document(DATA / "holdout2" / "texts" / "g04_hengqin.txt")
    turns = [b.text[:6] for b in doc.blocks if b.text.startswith(("Q：", "A："))]
    assert turns == ["Q：院内陪诊", "A：院内陪诊", "Q：癌症早筛", "A：癌症早筛", "Q：客服电话", "A：客服热线"]


def test_a_numbered_entry_with_a_value_after_its_leader_is_no_heading(read_text):
    doc = read_text("附件三 健康管理服务一览\n\n2. 重疾专家门诊预约服务 ……… 保险期间内3次\n3. 住院费用垫付服务 …………… 每保单年度1次\n")
    assert [b.kind for b in doc.blocks][1:] == ["list_item", "list_item"]


def test_a_line_indented_under_a_list_items_text_carries_the_item_on(read_text):
    doc = read_text("7. 癌症早筛：每保单年度1次，采样后10个工作日内出具报告。请在“北京人寿健康”\n"
                    "   小程序“早筛预约”申请。\n8. 以上服务的具体内容以手册为准。\n")
    assert [b.text for b in doc.blocks] == [
        "7. 癌症早筛：每保单年度1次，采样后10个工作日内出具报告。请在“北京人寿健康”小程序“早筛预约”申请。",
        "8. 以上服务的具体内容以手册为准。"]
    ended = read_text("1. 视频问诊：不限次数。\n   另可预约专家。\n")
    assert len(ended.blocks) == 2  # the item had ended: the indented line is a paragraph of its own


def test_text_reader_reads_a_table_aligned_with_full_width_spaces_by_their_width(read_text):
    doc = read_text("条款号　服务项目　　　　使用次数　　　　　　申请方式\n"
                    "5.1　　视频医生　　　　保险期间内次数不限　“国富健康”小程序\n"
                    "5.2　　重疾绿色通道　　保险期间内限1次　　 专线转2\n"
                    "5.3　　住院费用垫付　　每保单年度2次　　　 专线转3\n")
    (table,) = doc.blocks
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["条款号", "服务项目", "使用次数", "申请方式"], ["5.1", "视频医生", "保险期间内次数不限", "“国富健康”小程序"],
        ["5.2", "重疾绿色通道", "保险期间内限1次", "专线转2"], ["5.3", "住院费用垫付", "每保单年度2次", "专线转3"]]


def test_text_reader_keeps_two_columns_of_keys_and_values_and_prose_out_of_fixed_width_tables(read_text):
    doc = read_text("服务次数    每年1次\n服务时效    3个工作日\n申请方式    拨打热线\n\n"
                    "本服务由第三方机构提供。  如有疑问请致电。\n客户可在  小程序中申请。\n")
    assert [b.kind for b in doc.blocks] == ["table", "paragraph", "paragraph"]
    assert {len(row) for row in doc.blocks[0].rows} == {2}


_INTRODUCTION = ("感谢您投保本产品。本产品承保120种重大疾病及40种轻症疾\n病，重疾保险金为基本保额的100%，轻\n"
                 "症保险金为基本保额的30%。\n\n在保单有效期内，您可使用本手册所列的\n健康管理服务，服务由专业健康管理机构\n"
                 "提供，均为保单附赠，不另收费。\n\n请按下表“申请渠道”一栏提出申请，专\n员将在受理后2小时内与您联系，并告知\n"
                 "所需资料。\n\n服务规则如有调整，我们将提前30日在官\n网公告，敬请留意；如对服务有异议，请\n"
                 "致电客服热线。\n\n")


def test_text_reader_reads_a_table_given_column_after_column_each_cell_a_paragraph(read_text):
    doc = read_text(_INTRODUCTION + "表1  服务一览\n\n服务项目\n\n电话医生\n\n专家门诊预约\n\n使用次数\n\n不限次数\n\n每保单年度2次\n\n"
                    "服务时效\n\n7×24小时接听；\n60秒内接通医生\n\n资料齐全后3-5个\n工作日\n\n申请渠道\n\n400-866-4187\n转1\n\n"
                    "“中银三星”APP\n\n表1注：以上服务均为保单附赠。\n")
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["服务项目", "使用次数", "服务时效", "申请渠道"],
        ["电话医生", "不限次数", "7×24小时接听；60秒内接通医生", "400-866-4187转1"],
        ["专家门诊预约", "每保单年度2次", "资料齐全后3-5个工作日", "“中银三星”APP"]]
    assert doc.blocks[-1].text == "表1注：以上服务均为保单附赠。"


def test_text_reader_reads_a_form_of_labels_and_values_wrapped_down_their_column(read_text):
    doc = read_text("    表1  在线问诊\n\n    服务名称            在线问诊\n\n"
                    "    服务内容            通过微信小程序与全科医生图文或视频沟通，\n"
                    "                        解答常见病、用药等问题。\n\n    使用次数            不限次\n\n"
                    "    服务时效            7×24小时在线；医生2分钟内响应；单次问诊\n                        会话最长30分钟。\n\n"
                    "    表2  重疾专家门诊预约\n\n    服务名称            重疾专家门诊预约\n\n"
                    "    使用次数            每保单年度1次\n\n    申请方式            拨打专线400-817-6325转2\n\n"
                    "    表3  住院安排\n\n    服务名称            住院安排\n\n    使用次数            保险期间内1次\n")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert [[doc.cell_text(c) for c in row] for row in tables[0].rows] == [
        ["服务名称", "在线问诊"], ["服务内容", "通过微信小程序与全科医生图文或视频沟通，解答常见病、用药等问题。"],
        ["使用次数", "不限次"], ["服务时效", "7×24小时在线；医生2分钟内响应；单次问诊会话最长30分钟。"]]
    assert [b.text for b in doc.blocks if b.kind != "table"] == ["表1  在线问诊", "表2  重疾专家门诊预约", "表3  住院安排"]


def test_text_reader_reads_a_revised_draft_with_every_change_accepted(read_text):
    doc = read_text("服务时效：医生[删除：60秒][插入：30秒]内接通。[批注 王珂：已同步。]\n"
                    "使用次数：{--1次--}{++2次++}，每次{~~15~>20~~}分钟。{>>待法务确认<<}\n"
                    "[删除：（四）海外就医协调\n申请方式：拨打热线转4。]\n~~心理热线~~\n")
    assert doc.text.split("\n") == ["服务时效：医生30秒内接通。", "使用次数：2次，每次20分钟。"]
    assert {(f.position, f.text) for f in doc.furniture} == {
        ("deleted", "60秒"), ("comment", "已同步。"), ("deleted", "1次"), ("deleted", "15"), ("comment", "待法务确认"),
        ("deleted", "（四）海外就医协调\n申请方式：拨打热线转4。"), ("deleted", "心理热线")}


def test_text_reader_takes_html_strike_through_out_as_a_deletion(read_text):
    doc = read_text("| 诊后 | <del>海外二次诊疗意见</del> | 已下线 |\n| 诊后 | 上门护理 | 每次住院2次 |\n"
                    "电话医生每次<s>10</s>15分钟。\n")
    assert "海外二次诊疗意见" not in doc.text and "<del>" not in doc.text and "每次15分钟" in doc.text
    assert {(f.position, f.text) for f in doc.furniture} == {("deleted", "海外二次诊疗意见"), ("deleted", "10")}


def test_text_reader_reads_subtitles_as_the_sentences_they_speak(read_text):
    doc = read_text("1\n00:00:09,000 --> 00:00:12,000\n先说最常用的——视频问诊。\n【视频问诊】\n\n"
                    "2\n00:00:12,200 --> 00:00:16,400\n手机上就能和医生视频，\n本服务每保单年度\n\n"
                    "3\n00:00:16,600 --> 00:00:20,000\n可以使用2次。\n")
    assert [b.text for b in doc.blocks] == ["先说最常用的——视频问诊。", "【视频问诊】",
                                          "手机上就能和医生视频，本服务每保单年度可以使用2次。"]


def test_text_reader_takes_a_sentence_after_a_hash_for_a_note_not_a_heading(read_text):
    doc = read_text("# 服务说明\n\n# 注3：住院费用垫付每次住院限申请1次；已办理入院手续后再申请的，不予受理。\n")
    assert [(b.kind, b.text[:4]) for b in doc.blocks] == [("heading", "服务说明"), ("paragraph", "# 注3")]
    doc = read_text("# 服务说明\n\n# V1.1 2023-12-01 新增术后康复指导（优选版、尊享版）。\n\n# 住院垫付。\n")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "heading"]  # one long clause states


def test_text_reader_keeps_lines_led_by_pictographs_apart_and_takes_none_under_another_for_a_title(read_text):
    doc = read_text("很多朋友买了百万医疗，只知道生病能报销💸\n其实保单里还藏着一整套健康服务👇👇\n"
                    "（以下以「永安e康百万医疗保险（2024版）」为例）\n\n1️⃣ 视频问诊 📱\n✅ 7×24h在线，全家人都能用\n"
                    "✅ 无限次！头疼脑热随时问\n✅ 医生1分钟内接通，一次最多聊20min\n👉 微信搜「永安健康」小程序就能发起\n\n"
                    "2️⃣ 重疾绿通 🏥\n✅ 过了等待期、在二级及以上医院初次确诊重疾就能用\n✅ 资料齐了3个工作日内帮你约到三甲专家号\n"
                    "✅ 保险期间内1次，关键时刻真的救命\n☎️ 400-933-6158 转2\n")
    texts = [b.text for b in doc.blocks]
    assert "1️⃣ 视频问诊 📱" in texts and "✅ 资料齐了3个工作日内帮你约到三甲专家号" in texts
    assert [b.text for b in doc.blocks if b.kind == "heading" and b.text.startswith(("✅", "👉", "☎"))] == []


def test_text_reader_joins_no_wrapped_line_into_a_line_led_by_a_pictograph(read_text):
    prose = "很多朋友买了百万医疗只知道生病能报销其实保单里还藏着一整套健康服务"  # 32 characters a line
    doc = read_text("\n".join([prose] * 6) + "\n✅ 资料齐了3个工作日内帮你约到三甲专家号\n")
    assert doc.blocks[-1].text == "✅ 资料齐了3个工作日内帮你约到三甲专家号"


def test_text_reader_reads_a_tab_indented_outline_as_nodes_heading_their_children(read_text):
    from ingest.segment import segment

    doc = read_text("某某保险 · 健康服务全景图\n\t诊前\n\t\t图文问诊 [优先级1]\n\t\t\t次数：不限次\n"
                    "\t\t\t响应：医生5分钟内首次回复\n\t\t专家门诊预约\n\t\t\t条件\n\t\t\t\t等待期满后\n"
                    "\t\t\t次数：每保单年度1次\n")
    assert [(b.kind, b.level, b.text) for b in doc.blocks if b.kind == "heading"] == [
        ("heading", 1, "某某保险 · 健康服务全景图"), ("heading", 2, "诊前"), ("heading", 3, "图文问诊 [优先级1]"),
        ("heading", 3, "专家门诊预约"), ("heading", 4, "条件")]
    assert not any(b.kind == "table" for b in doc.blocks)  # tabs before the words indent, they part no cells
    assert "次数：不限次" in [b.text for b in doc.blocks]  # a leaf is a line of its own
    assert [s.name for s in segment(doc)] == ["图文问诊", "专家门诊预约"]


@pytest.mark.parametrize("text, levels", [
    ("====== 服务说明 ======\n\n===== 一、服务一览 =====\n\n==== 3.1 视频问诊 ====\n\n不限次。\n", [1, 2, 3]),
    ("== 服务说明 ==\n\n=== 一、服务一览 ===\n\n==== 3.1 视频问诊 ====\n\n不限次。\n", [1, 2, 3])])
def test_text_reader_reads_wiki_headings_nesting_either_way(read_text, text, levels):
    doc = read_text(text)
    assert [(b.level, b.text) for b in doc.blocks if b.kind == "heading"] == list(
        zip(levels, ["服务说明", "一、服务一览", "3.1 视频问诊"]))


def test_text_reader_joins_no_wiki_heading_to_the_line_above(read_text):
    doc = read_text("== 说明 ==\n//本页为产品部维护的对客口径页，客服、电销、理赔引用时以本页最新版本为准，如需修改请留言。//\n"
                    "===== 一、产品概要 =====\n产品名称：某某医疗\n")
    assert "一、产品概要" in _headings(doc)


def test_text_reader_reads_a_wiki_tables_caret_row_as_its_header(read_text):
    doc = read_text("^ 服务项目 ^ 次数 ^\n| 视频问诊 | 不限次 |\n| 住院垫付 | 每年2次 |\n")
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert [doc.cell_text(c) for c in table.rows[0]] == ["服务项目", "次数"] and table.header_rows == 1
    assert len(table.rows) == 3


def test_text_reader_splits_a_paragraph_running_its_numbered_items_on(read_text):
    from ingest.segment import segment

    doc = read_text("六、特别约定\n1．被保险人可享受以下健康管理服务：（1）电话医生：拨打专线转1，保险期间内不限次数；"
                    "（2）重疾绿色通道：保险期间内1次，资料齐全后3个工作日内安排；（3）癌症早筛：保险期间内1次，"
                    "使用本条第（2）项服务的除外。\n2．前述服务均须在保单有效期内申请。\n")
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert [item[:7] for item in items] == ["（1）电话医生", "（2）重疾绿色", "（3）癌症早筛"]
    assert items[2].endswith("使用本条第（2）项服务的除外。")  # a reference to an item starts none
    assert [s.name for s in segment(doc)] == ["电话医生", "重疾绿色通道", "癌症早筛"]


def test_text_reader_leaves_a_paragraph_naming_two_numbered_conditions_whole(read_text):
    doc = read_text("申请时须提供身份证明（1）份和病历（2）份，另须满足条件（3）。\n")
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_text_reader_joins_a_number_broken_at_its_dash(read_text):
    lines = ["本合同有效期内，被保险人因保障范围内的疾病在二级及以上公立医院住院治疗的，可以申请",
             "住院费用垫付服务，每保单年度3次，本公司于资料齐全后1个工作日内完成审核并通知客户，",
             "超出保险责任的垫付款项须于出院后10日内归还本公司，逾期未归还的本公司有权追偿费用，",
             "被保险人预估自付医疗费用超过5,000元的，可于入院后24小时内拨打健康服务专线400-833",
             "-9164转3申请，服务专员将在受理后2小时内与被保险人联系并告知所需资料及办理流程等，",
             "本服务不收取任何费用，最终以本公司审核结果为准。"]
    doc = read_text("\n".join(lines) + "\n")
    assert len(doc.blocks) == 1 and "400-833-9164转3" in doc.text


def test_text_reader_takes_a_sites_breadcrumb_trail_for_the_page_it_opens(read_text):
    from ingest.segment import segment

    doc = read_text("首页 > 健康服务\n\n温馨提示：以上服务仅限被保险人使用。\n\n"
                    "首页 > 健康服务 > 图文问诊\n图文问诊服务说明\n【使用次数】\n保险期间内不限次数。\n\n常见问题\n"
                    "问诊记录在哪里看？\n在「我的」中查看。\n\n"
                    "首页 > 健康服务 > 住院垫付\n住院垫付服务说明\n【使用次数】\n每保单年度3次。\n\n[查看 >]\n")
    trails = [(b.level, b.text) for b in doc.blocks if b.kind == "heading" and ">" in b.text]
    assert [level for level, _ in trails] == [2, 3, 3]
    assert [b.level for b in doc.blocks if b.text == "常见问题"] == [4]  # the page's own parts nest under it
    assert [s.name for s in segment(doc)] == ["图文问诊", "住院垫付"]


def test_a_lone_pair_of_words_and_an_arrow_is_no_trail(read_text):
    from ingest.segment import segment

    doc = read_text("简介\n\n本页介绍住院垫付服务。\n\n理赔报案 > 住院垫付\n\n每保单年度3次，资料齐全后1个工作日内完成审核。\n")
    assert [s.name for s in segment(doc)] == []  # a lone `a > b` heads no page


def test_text_reader_reads_a_traditional_chinese_handbook_as_its_simplified_twin(tmp_path):
    """A handbook of column tables, card labels and questions, written in either script:
    the rules' words are matched in Simplified, so both read alike."""
    import zhconv

    from conftest import DATA
    from ingest.readers import read_document
    from ingest.segment import segment
    from ingest.textnorm import to_simplified

    def read(text, name):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        doc = read_document(path)
        return [(b.kind, b.level) for b in doc.blocks], [to_simplified(s.name) for s in segment(doc)]

    text = (DATA / "holdout9" / "texts" / "h9_02_zhongyinsanxing.txt").read_text(encoding="utf-8")
    simplified = read(text, "simplified.txt")
    traditional = "".join(zhconv.convert(c, "zh-hant") if "\u4e00" <= c <= "\u9fff" else c for c in text)  # its marks kept
    assert read(traditional, "traditional.txt") == simplified
    assert "专家门诊预约" in simplified[1]
