import pytest

from ingest.segment import classify, segment, service_name
from ingest.segment.names import is_other_chapter, is_title, is_value


def test_service_name_drops_numbering_and_trailing_page_numbers():
    assert service_name("3. 重疾绿通服务") == "重疾绿通服务"
    assert service_name("（二）垫付医疗服务") == "垫付医疗服务"
    assert service_name("## 第二诊疗意见服务") == "第二诊疗意见服务"
    assert service_name("恶性肿瘤就医绿通服务.....3") == "恶性肿瘤就医绿通服务"


def test_service_name_drops_an_aspect_after_a_spaced_dot_and_a_leading_english_name():
    assert service_name("重疾就医绿通 · 服务细则") == "重疾就医绿通"
    assert service_name("年度体检 · 怎么用 · 重要提示") == "年度体检"
    assert service_name("尊享e生·中高端医疗保险PLUS的医疗网络") == "尊享e生·中高端医疗保险PLUS的医疗网络"
    assert service_name("S01 ▸ 24/7 Tele-Doctor 电话医生") == "电话医生"


def test_service_name_keeps_the_name_of_a_title_with_a_tagline_and_the_chinese_of_a_bilingual_one():
    assert service_name("视频问诊 | 半夜也有医生在") == "视频问诊"
    assert service_name("Video Doctor ｜ 视频医生") == "视频医生"
    assert service_name("关于我们 | 公司简介与服务承诺") == "公司简介与服务承诺"  # no part names a service
    assert service_name("Mental Health Support / 心理咨询") == "心理咨询"
    assert service_name("图文/视频问诊") == "图文/视频问诊"


def test_service_name_drops_footnote_marks_before_and_after_it():
    assert service_name("视频问诊 注1") == "视频问诊"
    assert service_name("院内陪诊注6 注7") == "院内陪诊"
    assert service_name("注10　年度体检") == "年度体检"
    assert service_name("住院垫付*") == "住院垫付"


def test_classify_uses_specific_categories_before_general_ones():
    assert classify("恶性肿瘤及罕见病特定药品基因检测服务").category == "genetic_testing"
    assert classify("国际进口特药服务").category == "overseas_drug"
    assert classify("重疾多学科会诊MDT服务").category == "mdt"
    assert classify("康复护理指导").category == "rehabilitation"
    assert classify("重疾专家门诊").category == "green_channel" and classify("重疾专家门诊安排服务").category == "green_channel"
    assert classify("在线购药服务").category == "drug_discount" and classify("药品福利").category == "drug_discount"
    assert classify("住院期间家庭保洁").category == "household_service"


def test_classify_rejects_parts_of_a_service_and_handbook_chapters():
    for heading in ("服务介绍", "服务流程", "直付医疗服务流程", "就医提示", "其他规则", "服务特色", "增值服务", "目录",
                    "诊中", "诊后服务"):
        assert classify(heading) is None, heading


def test_segment_ends_a_section_at_the_next_service(read_text):
    doc = read_text("## 远程问诊\n\n### 服务介绍\n\n电话咨询。\n\n### 服务特色\n\n便捷。\n\n## 医后随访\n\n随访指导。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["远程问诊", "医后随访"]
    first = sections[0]
    assert "便捷" in doc.text[first.spans[0][0]:first.spans[0][1]]


def test_segment_reads_summary_table_rows_and_merges_their_detailed_sections(read_text):
    doc = read_text("服务项目\t服务内容\t服务约定\n少儿门诊绿通\t协调儿科门诊\t1次/年\n专家点诊\t电话问诊\t仅限1次\n\n"
                    "2.1 门诊绿通服务\n\n30min 报案响应。\n\n2.2 专家点诊\n\n专家会在 5 分钟内致电客户。\n")
    sections = segment(doc)
    assert [(s.name, s.category, len(s.spans)) for s in sections] == [
        ("少儿门诊绿通", "green_channel", 3), ("专家点诊", "expert_consultation", 3)]


def test_segment_keeps_siblings_of_one_list_apart(read_text):
    doc = read_text("肿瘤特药服务\n等待期后可申请，内容较长的一段说明文字。\n\n罕见病特药服务\n等待期后可申请，内容较长的一段说明文字。\n")
    assert [s.name for s in segment(doc)] == ["肿瘤特药服务", "罕见病特药服务"]


def test_segment_finds_no_service_in_a_letter(read_text):
    assert segment(read_text("尊敬的客户：\n\n感谢您选择我们的产品。\n")) == []


def test_segment_ends_the_last_service_at_the_next_chapter(read_text):
    doc = read_text("二、服务内容\n1. 特药服务\n凭处方在指定药房取药。\n三、注意事项\n1. 如有疑问请致电95511。\n")
    (section,) = segment(doc)
    start, end = section.spans[0]
    assert "注意事项" not in doc.text[start:end] and "取药" in doc.text[start:end]


def _service_text(doc, name):
    """The text of every place of the service called `name`."""
    service = next(s for s in segment(doc) if s.name == name)
    return " ".join(doc.text[start:end] for start, end in service.spans)


def _names(doc):
    return [s.name for s in segment(doc)]


def test_symbol_bullets_title_services_and_lower_bullets_are_their_parts(read_text):
    doc = read_text("二、服务详情\n\n■ 就医绿通服务\n◆ 专家门诊：预约三甲医院专家门诊；\n◆ 住院安排：协调住院床位。\n"
                    "服务次数：每年1次。\n\n■ 电话医生服务\n服务次数：不限次。\n服务时效：30分钟内回拨。\n")
    assert _names(doc) == ["就医绿通服务", "电话医生服务"]


def test_labelled_cards_name_services_and_their_labels_are_fields(read_text):
    doc = read_text("二、服务卡片\n\n【服务名称】口袋视频医生\n【使用次数】保单有效期内不限次\n【服务时效】一分钟内接诊\n\n"
                    "【服务名称】重疾门诊绿通\n【使用次数】每保单年度1次\n【申请方式】拨打95362转2\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["口袋视频医生", "重疾门诊绿通"]
    assert "95362" in doc.text[sections[1].spans[0][0]:sections[1].spans[0][1]]


def test_inline_bracket_lead_ins_are_services_and_bracketed_notes_are_not(read_text):
    doc = read_text("会员健康服务\n\n【申请方式】拨打客服热线400-680-0088申请。\n\n"
                    "【门诊绿通】会员可申请专家门诊预约，每保单年度2次，3个工作日内完成。\n\n"
                    "住院垫付每保单年度最多受理3次申请。\n\n"
                    "【视频问诊】会员可发起视频问诊，不限次数，90秒内接诊。\n\n"
                    "【心理援助】会员可预约电话心理疏导，每保单年度6次，每次50分钟。\n\n"
                    "【常见问题】\n问：需要付费吗？\n答：不需要。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["门诊绿通", "视频问诊", "心理援助"]  # 心理援助: by its siblings
    first, _, last = (doc.text[s.spans[0][0]:s.spans[0][1]] for s in sections)
    assert "最多受理3次" in first  # a paragraph without a title carries on the service before it
    assert "需要付费" not in last  # the FAQ is the handbook's, not the last service's


def test_bold_lead_ins_under_group_headings_are_services_and_groups_are_not(read_text):
    doc = read_text("## 一、诊前服务\n\n诊前服务帮助您在就医前获得专业建议。\n\n"
                    "**视频问诊**：被保险人可发起视频咨询，每保单年度不限次数；三十秒内医生接诊。\n\n"
                    "**专家电话咨询**：每保单年度2次，请至少提前2个工作日预约。\n\n"
                    "## 二、诊中服务\n\n### 2.1 住院陪护服务\n\n**服务次数**：每保单年度1次。\n\n**服务时效**：2个工作日内安排。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["视频问诊", "专家电话咨询", "住院陪护服务"]
    assert sections[0].parent == "诊前服务"


def test_a_title_whose_children_are_services_is_a_group(read_text):
    doc = read_text("Part A  Basic Package ｜ 基础版服务\n所有被保险人均可使用。\n\n"
                    "● 在线问诊 ｜ Online Consultation\n不限次数，医生在3分钟内回复。\n\n"
                    "● 健康档案 ｜ Health Records\n档案不限次更新，1个工作日内完成归档。\n\n"
                    "Part B  Upgrade Package ｜ 升级版服务\n\n★ 住院垫付 ｜ Advance Payment（升级版）\n每保单年度最多3次，1个工作日内完成审核。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["在线问诊", "健康档案", "住院垫付"]  # bilingual: the Chinese part
    assert [s.parent for s in sections] == ["基础版服务", "基础版服务", "升级版服务"]


def test_table_of_contents_entries_are_not_services(read_text):
    doc = read_text("目    录\n\n（一）住院费用垫付服务 ........ 3\n（二）视频问诊服务 ........ 4\n\n"
                    "（一）住院费用垫付服务\n服务次数：保险期间内不限次数。\n\n（二）视频问诊服务\n服务次数：不限次。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["住院费用垫付服务", "视频问诊服务"]
    assert all(s.name_evidence.start > doc.text.index("视频问诊服务 .") for s in sections)


def test_numbered_points_of_an_enumeration_are_not_titles(read_text):
    doc = read_text("3. 重疾绿通服务\n服务说明：\n1、被保险人需在等待期后申请，并提供诊断证明材料；\n2、不保证安排指定\n医院或医生专家；\n"
                    "服务时效：10个工作日内完成。\n")
    (section,) = segment(doc)
    assert "10个工作日" in doc.text[section.spans[0][0]:section.spans[0][1]]


def test_summary_table_columns_are_read_as_their_field_family(read_text):
    doc = read_text("服务名称\t服务内容\t次数\t时效\t申请渠道\n电话医生\t电话健康咨询\t不限次\t7×24小时接听\t友邦友享App\n"
                    "海外第二诊疗意见\t专家书面意见\t保险期间内1次\t15个工作日\t400-820-3588\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["电话医生", "海外第二诊疗意见"]
    second = sections[1]
    assert {family for family in second.labelled} == {"usage_limits", "slas", "channels"}
    start, end = second.labelled["slas"][0]
    assert doc.text[start:end] == "15个工作日"


def test_a_chapter_holding_a_summary_table_is_its_group_and_names_after_a_number_column_count(read_text):
    doc = read_text("二、服务权益总表\n\n"
                    "| 序号 | 服务项目 | 服务次数 | 服务时效 | 申请方式 |\n|---|---|---|---|---|\n"
                    "| **诊前服务** | | | | |\n"
                    "| 1 | 图文问诊 | 不限次 | 60秒内响应 | 拨打95519转2 |\n"
                    "| **诊中服务** | | | | |\n"
                    "| 2 | 住院费用垫付 | 每保单年度不限次 | 1个工作日内完成审核 | 拨打95519转3 |\n\n"
                    "三、服务申请与受理时间\n\n请拨打95519，7×24小时接听，我们将在1个工作日内回复。\n",
                    name="handbook.md")
    sections = segment(doc)
    assert [s.name for s in sections] == ["图文问诊", "住院费用垫付"]
    start, end = sections[1].labelled["slas"][0]
    assert doc.text[start:end] == "1个工作日内完成审核"


def test_quoted_labels_alone_are_fields_and_a_chapter_of_labelled_services_is_their_group(read_text):
    doc = read_text("第二部分  健康咨询服务\n\n"
                    "▶ 在线图文问诊\n\n「服务内容」\n医生以图文形式解答健康问题。\n\n"
                    "「服务标准」\n不限次数；提交问题后医生在3分钟内首次回复。\n\n"
                    "▶ 名医视频咨询\n\n「适用人群」\n仅限被保险人本人。\n\n"
                    "「服务标准」\n每保单年度2次；请至少提前3个工作日预约。\n\n"
                    "「泰生活」APP首页可预约，每保单年度2次，2个工作日内回复。\n")
    sections = segment(doc)
    assert [(s.name, s.parent) for s in sections] == [("在线图文问诊", "健康咨询服务"),
                                                      ("名医视频咨询", "健康咨询服务")]
    start, end = sections[0].labelled["slas"][0]
    assert doc.text[start:end].strip().startswith("不限次数")


def test_a_list_of_services_in_brackets_is_no_card_and_its_sentence_no_service(read_text):
    doc = read_text("【服务项目一览】\n本计划共包含2项服务：视频问诊（不限次）、住院垫付（每年2次，3个工作日内）。\n\n"
                    "【服务项目】视频问诊\n【服务次数】不限次\n【响应时效】2分钟内医生接诊\n\n"
                    "【服务项目】住院垫付\n【服务次数】每保单年度2次\n【响应时效】3个工作日内完成审核\n")
    assert [s.name for s in segment(doc)] == ["视频问诊", "住院垫付"]


def test_a_letter_introduces_its_services_by_their_quoted_names(read_text):
    doc = read_text("親愛的客戶：\n\n多謝您選擇本計劃。請透過「宏利健康通」App查看保單。\n\n"
                    "如受保人確診危疾並希望在內地求診，可使用“內地專家門診預約”服務，每保單年度可使用2次，"
                    "我們會於收到報告後3個工作天內完成預約。\n\n"
                    "需要住院時，“住院按金墊付”服務可以減輕您的現金壓力，此服務不限次數。\n\n"
                    "如需改期，請通過“宏利健康通”—“我的服務”中選擇“內地陪診”，最少提前一個工作天通知我們。\n")
    sections = segment(doc)
    assert [(s.name, s.category) for s in sections] == [("內地專家門診預約", "green_channel"),
                                                        ("住院按金墊付", "advance_payment")]
    assert doc.text[sections[0].spans[0][0]:].startswith("如受保人確診危疾")  # who may use it


def test_a_quoted_name_inside_a_titled_service_mentions_it_and_titles_nothing(read_text):
    doc = read_text("1. 门诊陪诊服务（仅适用于加油包）\n(1) 服务内容：\n安排陪诊员陪同就医。\n(2) 申请方式：\n"
                    "客户可在“保单服务”中选择“门诊陪诊服务”，进行服务申请。\n"
                    "(3) 服务次数：每保单年度2次。\n(4) 响应时效：2个工作日内安排。\n"
                    "(5) 服务流程：\n客户在“我的”中选择“门诊陪诊服务”，提交就诊信息。\n"
                    "(6) 注意事项：每次陪诊不超过4小时。\n"
                    "2. 重疾绿通服务\n(1) 服务内容：可以通过「专家门诊预约服务」预约专家。\n(2) 服务次数：每年1次。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["门诊陪诊服务（仅适用于加油包）", "重疾绿通服务"]
    assert set(sections[0].labelled) >= {"usage_limits", "slas"}


def test_a_web_page_of_field_tables_names_each_card_above_its_table(read_text):
    doc = read_text("本页导航\n· 在线问诊\n· 住院费用垫付\n\n"
                    "在线问诊\n服务对象\t被保险人本人\n服务次数\t不限次数\n响应时效\t提交问题后3分钟内医生首次回复\n\n"
                    "住院费用垫付\n服务对象    在二级及以上医院住院的被保险人\n服务次数    每保单年度不限次数\n"
                    "服务时效    床位安排：住院证开具后7个工作日内\n\t手术安排：床位确认后10个工作日内\n"
                    "申请方式    拨打95359\n\n问：住院费用垫付的次数用完了怎么办？\n答：请拨打95359咨询。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["在线问诊", "住院费用垫付"]
    (slas,) = sections[1].labelled["slas"]
    assert doc.text[slas[0]:slas[1]].endswith("床位确认后10个工作日内")


def test_fields_set_apart_by_a_bar_are_labels_and_a_bilingual_title_stays_whole(read_text):
    doc = read_text("━━━━━━━━━━━━\nPART 1　为您本人\n━━━━━━━━━━━━\n\n"
                    "◇ 重疾绿色通道 ｜ Critical Illness Green Channel\n  适用｜等待期后初次确诊合同约定的重大疾病的主被保险人，须持有二级及以上医院开具的住院证\n  次数｜保险期间内各1次\n"
                    "  时效｜专家门诊3个工作日内\n  专线｜400-1866-688转2\n\n"
                    "◇ 视频医生 ｜ Video Doctor\n  次数｜不限次\n  时效｜发起后60秒内接诊\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["重疾绿色通道", "视频医生"]
    assert set(sections[0].labelled) >= {"preconditions", "usage_limits", "slas", "channels"}


def test_a_summary_row_led_by_a_tree_branch_is_a_part_of_the_row_above(read_text):
    doc = read_text("服务项目\t基础版\t升级版\n就医绿通\t1次/年\t2次/年\n├ 住院安排\t√\t√\n└ 手术安排\t×\t√\n"
                    "住院垫付\t不限次\t不限次\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["就医绿通", "住院垫付"]
    assert any(doc.text[a:b] == "×" for a, b in sections[0].spans)


def test_an_ordinal_label_needs_its_number_set_apart(read_text):
    from ingest.segment.names import numbering

    assert numbering("服务一：视频问诊")[0] == "ordinal_label" and numbering("权益1 视频问诊")[0] == "ordinal_label"
    assert numbering("服务一览表")[0] == "none"


def test_a_plan_column_saying_not_offered_marks_the_service(read_text):
    doc = read_text("服务项目\t标准计划\t尊享计划\n就医绿通服务\t每保单年度1次\t每保单年度3次\n健康体检服务\t不提供\t每保单年度1次\n")
    sections = segment(doc)
    assert "not_offered" not in sections[0].labelled and len(sections[1].labelled["not_offered"]) == 1


def test_traditional_titles_keep_their_characters_and_match_the_vocabularies(read_text):
    doc = read_text("第四條 服務內容\n４．１ 專家門診預約服務\n（１）服務次數：每保單年度1次。\n"
                    "４．２ 長期護理上門服務\n（１）服務次數：每保單年度12次。\n第五條 服務流程\n撥打熱線申請。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["專家門診預約服務", "長期護理上門服務"]
    assert [s.category for s in sections] == ["green_channel", "home_nursing"]


def test_a_chapter_of_notes_holds_no_service_without_a_category_word(read_text):
    doc = read_text("一、视频问诊服务\n不限次数，90秒内接诊。\n\n二、服务须知\n"
                    "5．服务调整：调整前将通过官方网站公告。\n6．投诉与建议：可致电客服热线反馈，我们将在5个工作日内给予答复。\n")
    assert _names(doc) == ["视频问诊服务"]


def test_fragments_of_narrow_columns_do_not_end_a_numbered_service(read_text):
    doc = read_text("11. 海外就诊服务\n\n(1) 服务次数：\n保单年度不限次数。\n\n不保证安排到客户指定\n\n医院。\n\n"
                    "(2) 响应时效：\n5个工作日内启动服务。\n\n12. 康复护理指导\n\n服务次数：每年3次。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["海外就诊服务", "康复护理指导"]
    assert "5个工作日内" in doc.text[sections[0].spans[0][0]:sections[0].spans[0][1]]


def test_a_sentence_outside_services_that_names_one_gives_it_its_words(read_text):
    doc = read_text("## 二、诊中服务\n\n诊中服务包括重疾绿色通道、多学科会诊（每保单年度1次）及住院陪护三项。\n\n"
                    "### 2.1 多学科会诊\n\n服务次数：保险期间内限1次。\n\n### 2.2 住院陪护服务\n\n每保单年度1次，2个工作日内到岗。\n\n"
                    "## 常见问题\n\n问：住院陪护可以指定护工吗？\n\n答：不可以，护工由服务机构安排，3个工作日内可更换一次。\n\n"
                    "问：服务收费吗？\n\n答：不收费。\n")
    mdt, escort = segment(doc)
    mdt_text = " ".join(doc.text[s:e] for s, e in mdt.spans)
    escort_text = " ".join(doc.text[s:e] for s, e in escort.spans)
    assert "每保单年度1次" in mdt_text and "住院陪护三项" not in mdt_text
    assert "3个工作日内可更换" in escort_text  # the answer to a question naming it
    assert "不收费" not in mdt_text + escort_text  # a question naming no service stays the handbook's


def test_questions_naming_services_title_a_handbook_of_questions_and_answers(read_text):
    doc = read_text("YY健康 会员权益指南\n\nQ：什么是住院垫付服务？\nA：住院时由我们垫付押金，保险期间内不限次数。\n\n"
                    "Q：如何使用视频问诊？\nA：通过小程序发起，医生在60秒内接诊。\n\n"
                    "常见问题\n\nQ：视频问诊可以开药吗？\nA：不可以。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["住院垫付服务", "视频问诊"]  # the FAQ's question joins, it adds none
    assert "不可以" in " ".join(doc.text[a:b] for a, b in sections[1].spans)
    doc = read_text("Q：癌症早筛每年都能做吗？\nA：可以，每个保单年度1次。\n\nQ：电话医生多久能接通？\nA：60秒内。\n")
    assert _names(doc) == ["癌症早筛", "电话医生"]  # how often or how soon is the frame, not the name


def test_ordinal_labels_and_half_parenthesis_numbers_are_numbering(read_text):
    doc = read_text("权益一：视频问诊\n不限次数，30秒内接诊。\n\n权益二：重疾绿色通道\n每保单年度1次，5个工作日内安排。\n"
                    "1）专家门诊预约；\n2）住院安排。\n")
    assert _names(doc) == ["视频问诊", "重疾绿色通道"]


def test_labels_after_a_bold_lead_in_service_stay_in_its_section(read_text):
    doc = read_text("## 一、诊前服务\n\n**视频问诊**：可随时发起视频咨询。\n\n**服务次数**：不限次数。\n\n"
                    "**服务时效**：三十秒内接诊。\n\n**专家电话咨询**：每保单年度2次。\n")
    first, _ = segment(doc)
    assert "三十秒内接诊" in doc.text[first.spans[0][0]:first.spans[0][1]]


def test_a_letter_and_number_code_numbers_titles(read_text):
    doc = read_text("PART C  SERVICE DETAILS  服务详情\n\nS01 ▸ 电话医生\n次数：不限次数。\n时效：60秒内应答。\n\n"
                    "S02 ▸ 专家门诊预约\n次数：每保单年度2次。\n时效：3个工作日内完成预约。\n")
    assert _names(doc) == ["电话医生", "专家门诊预约"]


def test_a_title_label_names_a_slide_and_a_slide_on_an_aspect_of_it_is_the_same_service(read_text):
    doc = read_text("[标题] 住院费用垫付\n[大字] 覆盖150个城市\n\n[标题] 住院费用垫付 · 怎么用\n"
                    "■ 次数：保险期间内不限次数\n■ 时效：资料齐全后2个工作日内完成审核\n\n"
                    "[标题] 心理咨询\n√ 每保单年度4次，每次50分钟\n√ 预约后24小时内短信确认\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["住院费用垫付", "心理咨询"]
    texts = [doc.text[a:b] for a, b in sections[0].spans]
    assert any("150个城市" in t for t in texts) and any("不限次数" in t for t in texts)


def test_a_note_on_two_services_gives_its_words_to_both_and_is_no_service(read_text):
    doc = read_text("服务项目\t基础版\n院内陪诊 注1\t✓ 每年1次\n术后上门护理 注2\t✓ 每年2次\n\n"
                    "注1　院内陪诊：每次陪诊最长4小时。\n注2　术后上门护理：出院后30日内申请。\n"
                    "注3　院内陪诊、术后上门护理：均须至少提前2个工作日预约。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["院内陪诊", "术后上门护理"]
    for section in sections:
        assert "提前2个工作日" in " ".join(doc.text[a:b] for a, b in section.spans)


def test_a_name_ending_in_service_inside_a_chapter_of_rules_is_no_service(read_text):
    doc = read_text("第一章 健康服务\n（1）家庭医生\n服务次数：不限次。\n服务时效：2小时内回电。\n"
                    "（2）门诊陪诊\n服务次数：每年2次。\n服务时效：提前1个工作日预约。\n\n"
                    "第二章 服务规则\n2.1 服务时间\n（1）人工服务：服务专线400-677-0958，每日8:00-20:00。\n"
                    "（2）线上服务：“瑞华健康”微信小程序7×24小时开放。\n2.2 投诉处理\n收到投诉后5个工作日内答复。\n\n"
                    "第三章 其他\n本手册服务每年1次，拨打热线95500申请，5个工作日内答复。\n")
    assert _names(doc) == ["家庭医生", "门诊陪诊"]


def test_a_chapter_of_services_nested_in_a_chapter_of_steps_opens_services_again(read_text):
    doc = read_text("How to Use ｜ 使用步骤\nStep 1  确认服务资格：致电客户服务热线。\nStep 2  提交申请：上传资料。\n\n\n"
                    "2. Service Details ｜ 服务详情\n\n2.1 重疾专家门诊安排服务\n"
                    "时效：资料齐全后5个工作日内完成预约。\n网络：覆盖全国50个城市的300家三甲医院。\n\n"
                    "2.2 海外就医安排服务\n次数：保险期间内1次。\n时效：10个工作日内反馈。\n")
    assert _names(doc) == ["重疾专家门诊安排服务", "海外就医安排服务"]


def test_scenes_number_titles_and_a_heading_that_is_a_customers_question_names_no_service(read_text):
    doc = read_text("二、场景话术\n\n场景1　客户询问“我有哪些健康服务”\n坐席：您可使用视频医生和重疾绿通，每年1次。\n\n"
                    "场景2　视频医生\n坐席：不限次数，3分钟内接诊。\n\n场景3　重疾绿通服务\n坐席：资料齐全后5个工作日内安排。\n")
    assert _names(doc) == ["视频医生", "重疾绿通服务"]


def test_service_name_drops_emoji_around_it():
    assert service_name("## 🩺 视频问诊 ✅") == "视频问诊"


def test_service_name_drops_a_zero_padded_number_and_a_bracketed_ordinal():
    assert service_name("01 在线问诊") == "在线问诊"
    assert service_name("08 年度体检") == "年度体检"
    assert service_name("【服务三】住院及手术安排") == "住院及手术安排"
    assert service_name("11 上门护理类 PICC 护理") == "11 上门护理类 PICC 护理"  # a table row's number, not a title's


def test_bracketed_ordinals_number_their_titles(read_text):
    doc = read_text("【服务一】电话医生\n\n适用对象：被保险人及其家庭成员，不限次数。\n\n"
                    "【服务二】重疾专家门诊预约\n\n等待期后确诊重大疾病，资料齐全后3个工作日内完成预约。\n")
    assert [s.name for s in segment(doc)] == ["电话医生", "重疾专家门诊预约"]


def test_a_summary_row_that_fills_only_its_name_is_a_group_and_a_hotline_row_no_service(read_text):
    doc = read_text("序号\t服务项目\t服务内容\t服务次数\n\t【诊前服务】\t\t\n1\t电话医生\t电话健康咨询\t不限次\n"
                    "2\t视频问诊\t医生视频问诊\t每年12次\n\t统一服务热线\t以上各项服务的受理入口\t\n")
    assert [s.name for s in segment(doc)] == ["电话医生", "视频问诊"]


def test_a_summary_row_that_only_says_the_service_is_not_offered_yet_names_no_service(read_text):
    doc = read_text("服务项目\t服务内容\t服务次数\t备注\n电话医生\t电话健康咨询\t不限次\t\n"
                    "肿瘤基因检测\t（2025年1月1日起开放，本期暂不提供）\t\t上线时间另行通知\n"
                    "上门护理\t偏远地区暂不提供\t每年2次\t\n")
    assert [s.name for s in segment(doc)] == ["电话医生", "上门护理"]
    doc = read_text("阶段\t服务项目\t服务次数\n诊前\t电话医生\t不限次\n诊后\t海外就医安排（已停止）\t\n")
    assert [s.name for s in segment(doc)] == ["电话医生"]  # said of the name itself


def test_an_appendix_ends_the_last_service_before_it(read_text):
    doc = read_text("一、家庭医生服务\n\n家庭医生电话咨询，每保单年度不限次数。\n\n二、在线购药服务\n\n"
                    "凭电子处方购药，订单支付后48小时内发货。\n\n附：升级后服务一览\n\n"
                    "家庭医生服务     每保单年度不限次数\n在线购药服务     不限次数\n\n温馨提示：\n"
                    "1. 住院费用垫付服务仅适用于公立医院普通部。\n")
    last = segment(doc)[-1]
    assert last.name == "在线购药服务"
    assert not any("附：" in doc.text[a:b] or "公立医院普通部" in doc.text[a:b] for a, b in last.spans)


def test_a_file_attached_to_an_e_mail_is_no_appendix_title():
    from ingest.readers.layout import numbered_heading_level
    assert numbered_heading_level("附件一：服务网络名单") is not None
    assert numbered_heading_level("附件: 健康服务手册（2024版）.pdf (2.3 MB)") is None


def test_a_service_agreements_articles_and_its_schedule_annex(read_text):
    """An agreement's articles of rights, terms and settlement name no service; the services
    of its annex (`附件一 服务项目清单`) are services, and the next annex ends the last one."""
    doc = read_text("第三条　甲方的权利与义务\n3.1　甲方应在受理客户申请后1个工作日内完成资格核验，"
                    "客户可拨打400-890-5288申请，每保单年度1次。\n\n"
                    "第四条　协议期限\n本协议有效期一年，期满前30日未提出异议的，自动续展一年，续展次数不限。\n\n"
                    "附件一　服务项目清单\n\n（一）电话医生\n服务次数：保险期间内不限次数。\n"
                    "申请方式：客户拨打400-890-5288转1。\n\n（二）心理援助\n服务次数：每保单年度不超过6次。\n\n（三）年度健康体检\n服务次数：每保单年度1次。\n\n"
                    "附件二　服务质量考核指标\n\n电话医生接通时效　　30秒内接通率≥95%\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["电话医生", "心理援助", "年度健康体检"]
    assert "考核" not in doc.text[sections[-1].spans[0][0]:sections[-1].spans[-1][1]]


CHAT = ("群公告\n1️⃣ 电话医生：7×24小时，不限次\n2️⃣ 重疾绿色通道：保险期间1次\n3️⃣ 住院垫付：不限次\n"
        "⚠️ 以上服务仅限被保险人使用。\n\n"
        "2024-05-06 10:06 小周（健康管家）：@Lily 可以的～电话医生是7×24小时的，拨打400-6060-518转1。每次通话最长15分钟。\n"
        "2024-05-06 10:07 Lily：太好了\n"
        "2024-05-06 14:45 小周（健康管家）：重疾绿色通道资料齐全后3个工作日内帮您约到专家门诊。\n"
        "2024-05-06 14:46 小周（健康管家）：申请的话直接在「中邮健康」小程序里提交资料。\n"
        "2024-05-06 14:47 老陈：明白了，谢谢\n"
        "2024-05-06 14:48 小周（健康管家）：不客气，2小时内回复～\n")


def test_a_list_of_one_line_entries_ends_with_its_last_entry(read_text):
    doc = read_text(CHAT)
    sections = {s.name: s for s in segment(doc)}
    assert list(sections) == ["电话医生", "重疾绿色通道", "住院垫付"]
    last = sections["住院垫付"]
    assert all("小周" not in doc.text[a:b] for a, b in last.spans)


def test_a_chat_message_naming_one_service_belongs_whole_to_it(read_text):
    doc = read_text(CHAT)
    phone = next(s for s in segment(doc) if s.name == "电话医生")
    assert any("每次通话最长15分钟" in doc.text[a:b] for a, b in phone.spans)


def test_a_speakers_messages_right_after_one_naming_a_service_go_on_about_it(read_text):
    doc = read_text(CHAT)
    green = next(s for s in segment(doc) if s.name == "重疾绿色通道")
    text = "".join(doc.text[a:b] for a, b in green.spans)
    assert "中邮健康" in text
    assert "2小时内回复" not in text  # another speaker spoke in between


def test_a_chat_message_naming_two_services_goes_on_about_the_one_it_named_last(read_text):
    doc = read_text(CHAT + "2024-05-09 21:50 小周（健康管家）：有的，住院垫付每保单年度不限次。拨打400-6060-518转3申请，"
                           "1个工作日内审核。晚上难受也可以先打电话医生哈。\n")
    advance = _service_text(doc, "住院垫付")
    assert "转3申请" in advance and "1个工作日内审核" in advance
    assert "转3" not in _service_text(doc, "电话医生")


def test_an_apps_own_pages_and_steps_name_no_service(read_text):
    doc = read_text("## 我的\n\n剩余 3 次，健康顾问将于2小时内回电，客服热线400-821-9350。\n\n## 上传处方\n\n"
                    "请上传处方照片，每次1张，审核通过后2小时内完成，可拨打400-821-9350转4。\n\n"
                    "## 心理咨询\n\n每年6次，每次50分钟。\n")
    assert [s.name for s in segment(doc)] == ["心理咨询"]


def test_a_service_described_in_three_places_keeps_all_three(read_text):
    doc = read_text("第五条　乙方的义务\n5.1　重疾专家门诊预约：乙方应在资料齐全后2个工作日内确认。\n\n"
                    "第六条　客户须知\n6.1　重疾专家门诊预约：客户应于就诊日前1个工作日确认行程。\n\n"
                    "附件一　服务项目清单\n\n（一）重疾专家门诊预约\n服务次数：保险期间内1次。\n"
                    "申请方式：客户拨打400-890-5288转2。\n")
    (service,) = segment(doc)
    text = "".join(doc.text[a:b] for a, b in service.spans)
    assert "2个工作日" in text and "就诊日前1个工作日" in text and "保险期间内1次" in text


def test_a_row_of_a_table_no_service_owns_is_a_place_of_the_service_it_names(read_text):
    doc = read_text("一、术后居家康复指导\n\n每次住院可享3次，每次30分钟。\n\n附：服务一览\n\n"
                    "术后居家康复指导     每次住院2次\n心理援助热线     每保单年度6次\n")
    (service,) = segment(doc)
    assert any("每次住院2次" in doc.text[a:b] for a, b in service.spans)


def test_a_messages_sender_titles_nothing_and_its_bracketed_service_titles_it(read_text):
    doc = read_text("2024-05-21 10:15\n【天安人寿】尊敬的客户，您的保单已开通【视频问诊】：保险期间内不限次数，医生一般在3分钟内接通。回T退订\n\n"
                    "2024-05-23 14:40\n【天安人寿】尊敬的客户，【重疾绿色通道】服务说明：保险期间内可使用1次，专家门诊3-5个工作日内安排。\n\n"
                    "2024-06-11 16:20\n【天安人寿】尊敬的客户，【门诊陪诊】每保单年度2次，陪诊师将提前15分钟到达医院。\n")
    assert [s.name for s in segment(doc)] == ["视频问诊", "重疾绿色通道", "门诊陪诊"]  # a sender on every message is no mark


def test_a_phone_menus_keys_title_its_services_and_its_script_marks_title_none(read_text):
    doc = read_text("【放音】您好，欢迎致电健康服务专线。电话医生请按1；住院费用垫付请按3。\n\n按1  电话医生\n"
                    "【放音】电话医生服务7×24小时提供，不限次数，每次通话不超过15分钟。\n【动作】转医生坐席组\n\n"
                    "按3  住院费用垫付\n【放音】每保单年度限2次，我们将在资料齐全后1个工作日内完成审核。\n【动作】转人工坐席\n\n"
                    "按8  海外就医\n【放音】抱歉，海外就医服务暂未开通。返回上级请按#。\n\n"
                    "按9  保单查询、理赔进度\n【放音】正在为您转接客服总机，1个工作日内回电。\n")
    assert [s.name for s in segment(doc)] == ["电话医生", "住院费用垫付"]  # no service yet, no health service


def test_a_cards_name_above_the_numbered_title_of_the_same_name_opens_that_service(read_text):
    doc = read_text("服务说明\n\n本手册介绍保单附带的健康服务。\n\n"
                    "01 视频问诊\n\n被保险人保险期间内不限次数使用视频问诊，医生2分钟内响应。\n\n"
                    "营养咨询\n✓ 每年4次\n\n02 营养咨询\n\n每保单年度可享6次营养师一对一咨询，申请后48小时内安排。\n\n"
                    "03 年度体检\n\n每保单年度1次，请至少提前3个工作日预约。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["视频问诊", "营养咨询", "年度体检"]
    first, second, _ = ("".join(doc.text[a:b] for a, b in s.spans) for s in sections)
    assert "每年4次" in second and "每年4次" not in first  # the card's tags belong to its service


@pytest.mark.parametrize("text, value", [
    ("每年4次", True), ("7×24小时", True), ("不限次", True), ("每保单年度2次", True), ("48小时内", True),
    ("本人专享", False), ("国内", False), ("24小时电话医生", False), ("1次免费体检", False), ("年度体检", False)])
def test_a_count_or_a_time_alone_is_a_value_and_titles_nothing(text, value):
    assert is_value(text) is value
    assert is_title(text) is not value


@pytest.mark.parametrize("text", ["：：", " ：: "])
def test_colons_without_words_title_nothing(text):
    assert not is_title(text)


@pytest.mark.parametrize("text", ["提交完整病历后10个工作日内出具书面意见", "护士2小时内上门护理"])
def test_what_is_done_within_a_time_is_a_sentence_and_titles_nothing(text):
    assert not is_title(text)


def test_a_title_repeating_the_name_of_the_section_it_stands_in_starts_nothing(read_text):
    doc = read_text("服务说明\n\n本手册介绍保单附带的健康服务。\n\n02 重疾就医绿通\n\n保险期间内可使用1次，资料齐全后3个工作日内安排专家门诊。\n\n"
                    "重疾就医绿通\n✓ 三甲名医\n✓ 床位协调\n\n绿通可安排三甲医院副主任医师门诊，覆盖150个城市。\n\n"
                    "03 住院垫付\n\n每保单年度可申请3次。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["重疾就医绿通", "住院垫付"]
    assert "覆盖150个城市" in "".join(doc.text[a:b] for a, b in sections[0].spans)


def test_a_bracketed_name_after_a_list_number_titles_its_item(read_text):
    doc = read_text("以下两项服务已为您开通：\n1.【术后上门护理】经手术治疗出院后30日内可申请，每保单年度3次；\n"
                    "2.【心理咨询】每保单年度6次，每次45分钟，预约后24小时内安排咨询师。\n")
    assert [s.name for s in segment(doc)] == ["术后上门护理", "心理咨询"]


def test_a_service_not_offered_yet_and_told_no_further_is_no_service(read_text):
    doc = read_text("一、视频医生\n不限次，医生1分钟内接通。\n\n二、海外就医协调（敬请期待）\n本服务正在筹备中，上线时间另行通知。\n\n"
                    "三、年度体检\n每保单年度1次，请至少提前3个工作日预约。\n\n"
                    "四、Overseas Medical Arrangement / 海外就医安排\nNot available under this plan.\n")
    assert [s.name for s in segment(doc)] == ["视频医生", "年度体检"]


def test_a_field_heading_over_its_one_line_value_inside_a_numbered_service_is_that_services_field(read_text):
    doc = read_text("服务说明\n\n本手册介绍保单附带的健康服务。\n\n01 重疾就医绿通\n\n保险期间内可使用1次，资料齐全后3个工作日内安排专家门诊。\n\n"
                    "申请电话\n\n400-828-6117转2\n\n02 住院垫付\n\n每保单年度可申请3次，资料齐全后1个工作日内完成审核。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["重疾就医绿通", "住院垫付"]
    assert "400-828-6117转2" in "".join(doc.text[a:b] for a, b in sections[0].spans)


def test_a_service_counted_off_in_speech_opens_its_section(read_text):
    doc = read_text("[00:00:56] 坐席：第一个是视频问诊。每个保单年度12次，一般三分钟以内就能接通医生。\n"
                    "[00:01:10] 客户：那我老婆孩子能用吗？\n[00:01:12] 坐席：可以的。\n"
                    "[00:01:30] 坐席：第二个是重疾就医绿色通道，资料齐全以后3个工作日内给您约好。\n"
                    "[00:03:51] 客户：那个，我听说还有什么特药？\n[00:03:55] 坐席：您说的是院外特药服务。确诊恶性肿瘤后凭处方申请。\n"
                    "[00:05:45] 坐席：最后一个是心理咨询。每年6次，每次45分钟。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["视频问诊", "重疾就医绿色通道", "院外特药服务", "心理咨询"]
    assert "老婆孩子" in "".join(doc.text[a:b] for a, b in sections[0].spans)


def test_a_newsletter_introduces_several_services_in_one_paragraph_each_from_its_sentence(read_text):
    doc = read_text("您的保单包含多项健康服务。其中「电话医生」服务7×24小时在线，保险期间内不限次数。"
                    "如果您更习惯打字，也可以使用「图文问诊」服务：医生会在5分钟内首次回复。\n\n"
                    "出院回家以后，「术后居家护理」会继续陪着您：每次住院可享3次。\n\n"
                    "身体之外，心情也同样重要。「心理关怀」服务仅限被保险人本人使用，每保单年度4次，每次50分钟。\n\n"
                    "最后是一项专属权益：「癌症早筛」为尊享版计划专属，每保单年度可做1次。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["电话医生", "图文问诊", "术后居家护理", "心理关怀", "癌症早筛"]
    first, second = ("".join(doc.text[a:b] for a, b in s.spans) for s in sections[:2])
    assert "不限次数" in first and "5分钟内" not in first and second.startswith("如果您更习惯打字")


def test_names_listed_one_after_another_are_no_introductions(read_text):
    doc = read_text("坐席：一共附带3项健康服务，分别是“视频医生”“重疾绿通服务”和“心理咨询服务”。其中视频医生不限次数。\n")
    assert segment(doc) == []


def test_a_service_said_to_be_outside_the_plan_is_no_service(read_text):
    doc = read_text("一览：视频诊症，每年不限次。\n另：「海外就醫安排」不屬本計劃之服務範圍，如有需要請向您的保險顧問查詢。\n")
    assert "海外就醫安排" not in [s.name for s in segment(doc)]


def test_a_stage_of_care_chapter_holds_services_named_without_a_category_word(read_text):
    doc = read_text("第四章　診後服務\n\n4.1　出院後上門護理服務\n出院後30日內可申請，每次住院2次，收到申請後48小時內安排。\n\n"
                    "4.2　心理輔導服務\n每保單年度6次，每次50分鐘，預約後24小時內安排首次輔導，致電 2878 6160 轉 6。\n")
    assert [s.name for s in segment(doc)] == ["出院後上門護理服務", "心理輔導服務"]


def test_a_knowledge_bases_entries_asking_about_a_service_are_places_of_it_and_others_of_none(read_text):
    doc = read_text("【知识ID】KB-1011\n【标题】电话医生服务怎么使用？\n【答案】\n客户可拨打 400-872-6610 转1 使用电话医生服务，不限次数。\n\n"
                    "【知识ID】KB-1012\n【标题】重疾绿色通道覆盖哪些地区和医院？\n【答案】\n覆盖全国300个城市。\n\n"
                    "【知识ID】KB-1013\n【标题】重疾绿色通道的申请条件\n【答案】\n等待期后初次确诊重大疾病，资料齐全后3个工作日内安排。\n\n"
                    "【知识ID】KB-2001\n【标题】保费电子发票如何获取？\n【答案】\n投保后7个工作日内发送至邮箱，可在APP查看。\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["电话医生服务", "重疾绿色通道"]
    assert "300个城市" in "".join(doc.text[a:b] for a, b in sections[1].spans)
    assert not any("7个工作日" in doc.text[a:b] for s in sections for a, b in s.spans)  # the invoice entry is none of theirs


def test_a_change_notices_column_of_former_terms_is_no_place_of_the_service(read_text):
    doc = read_text("（一）视频问诊\n调整项目\t原服务内容\t调整后内容\n使用次数\t每保单年度6次\t保险期间内不限次数\n"
                    "单次时长\t每次不超过15分钟\t每次不超过20分钟\n")
    (section,) = segment(doc)
    text = "".join(doc.text[a:b] for a, b in section.spans)
    assert "不限次数" in text and "20分钟" in text
    assert "6次" not in text and "15分钟" not in text


def test_a_reports_columns_of_measurements_are_no_place_of_the_services_they_list(read_text):
    doc = read_text("二、服务标准\n\n视频医生：医生60秒内接通。\n\n专家门诊预约：资料齐全后3个工作日内安排。\n\n三、服务使用情况\n\n"
                    "服务项目\t使用人次\t平均响应\t达标率\n视频医生\t1,122\t41秒接通\t99.6%\n"
                    "专家门诊预约\t86\t2.8个工作日\t97.7%\n")
    texts = {s.name: "".join(doc.text[a:b] for a, b in s.spans) for s in segment(doc)}
    assert "60秒内接通" in texts["视频医生"] and "41秒" not in texts["视频医生"]
    assert "2.8个工作日" not in texts["专家门诊预约"]


def test_an_articles_question_labels_and_sentence_lines_stay_inside_the_service_they_stand_in(read_text):
    doc = read_text("🏥 住院垫付 | 先看病后付款\n\n住院最头疼的就是押金。\n\n👤 谁能用\n保单有效期内的被保险人，预计自付医疗费用超过1万元的。\n\n"
                    "🔢 能用几次\n每保单年度最多3次。\n\n⏱ 多快能办好\n资料齐全后1个工作日内完成审核。\n\n"
                    "🚑 重疾就医绿通 | 名医号不用抢\n\n保险期间内限1次。\n\n以下三项任选其一 👇\n"
                    "① 专家门诊：资料齐全后3个工作日内安排\n② 住院安排：5-7个工作日内安排床位\n\n"
                    "✈️ 海外就医 | 敬请期待\n\n筹备中，预计2025年上线。关注公众号，3个工作日内通知您。\n\n往期推荐\n▶ 体检报告看不懂？5分钟教你读懂\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["住院垫付", "重疾就医绿通"]
    payment, green = ("".join(doc.text[a:b] for a, b in s.spans) for s in sections)
    assert "最多3次" in payment and "1个工作日内" in payment
    assert "5-7个工作日" in green


@pytest.mark.parametrize("name", ["往期推荐", "推荐阅读", "精选留言", "最近后台收到好多留言", "已无更多数据",
                                  "理赔及垫付资料邮寄地址", "保单查询、理赔进度", "权益速览"])
def test_an_articles_and_an_insurers_furniture_names_no_service(name):
    assert is_other_chapter(name)


def test_an_appendix_is_the_handbooks_and_its_rows_and_field_pages_are_places_of_the_services_they_name(read_text):
    doc = read_text("服务名称：特药直付\n服务次数：不限次\n服务时效：审核通过后48小时内送药\n\n* * *\n\n"
                    "服务名称：院内陪诊\n服务次数：每保单年度4次\n服务时效：至少提前1个工作日预约\n\n* * *\n\n"
                    "服务名称：海外就医协调\n服务状态：2024年度暂停受理\n服务次数：—\n\n* * *\n\n"
                    "附表一：服务网络覆盖\n特药直付　　　　覆盖260个城市、1,500余家合作药房\n院内陪诊　　　　覆盖60个城市\n\n"
                    "附表二：特药直付使用条件\n1. 所购药品在特药清单内，并持有效处方；\n2. 处方开具之日起30日内申请。\n\n"
                    "附表三：服务调整记录\n2024-01-01　院内陪诊由每保单年度3次调整为4次\n\n* * *\n\n"
                    "客户服务中心　服务热线 400-612-8873\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["特药直付", "院内陪诊"]
    text = "".join(doc.text[a:b] for a, b in sections[0].spans)
    assert "260个城市" in text and "30日内申请" in text


def test_a_table_of_services_side_by_side_names_one_service_per_column(read_text):
    doc = read_text("项目\t图文问诊\t住院垫付\t第二诊疗意见\n使用次数\t无限次\t每保单年度2次\t保险期间内1次\n"
                    "服务时效\t10分钟内回复\t1个工作日内\t7个工作日内\n申请方式\t小程序\t400-639-7712转3\t400-639-7712转6\n")
    sections = segment(doc)
    assert [s.name for s in sections] == ["图文问诊", "住院垫付", "第二诊疗意见"]
    advance = sections[1]
    assert {f: [doc.text[a:b] for a, b in spans] for f, spans in advance.labelled.items()} == {
        "usage_limits": ["每保单年度2次"], "slas": ["1个工作日内"], "channels": ["400-639-7712转3"]}


def test_a_numbered_note_led_by_a_name_ends_at_the_next_note_and_a_note_opening_with_a_name_is_its_own(read_text):
    doc = read_text("服务名称\t次数\n图文问诊\t无限次\n住院垫付\t每保单年度2次\n\n注：\n"
                    "1. 图文问诊：医生一般15分钟内回复。\n2. 住院垫付每次住院限申请1次；已办理入院手续后再申请的，不予受理。\n"
                    "3. 服务专线人工服务时间为每日8:00-20:00。\n")
    consult, advance = segment(doc)
    consult_text = " ".join(doc.text[s:e] for s, e in consult.spans)
    advance_text = " ".join(doc.text[s:e] for s, e in advance.spans)
    assert "15分钟内回复" in consult_text and "住院垫付每次" not in consult_text
    assert "已办理入院手续后再申请的，不予受理" in advance_text  # every sentence of the note opening with its name
    assert "8:00-20:00" not in consult_text + advance_text


def test_a_bulleted_entry_led_by_a_name_ends_at_the_next_entry_bulleted_alike(read_text):
    doc = read_text("本次升级要点：\n· 住院费用垫付服务：升级为保险期间内不限次数；\n· 新增“癌症早筛服务”；\n"
                    "· 原“年度体检服务”已停止提供。\n\n您还可以拨打全国客服热线400-826-6395申请服务。\n\n"
                    "一、住院费用垫付服务\n保单有效期内可申请。申请电话：400-826-6395转3\n")
    advance_text = _service_text(doc, "住院费用垫付服务")
    assert "升级为保险期间内不限次数" in advance_text and "转3" in advance_text
    assert "癌症早筛" not in advance_text and "全国客服热线" not in advance_text


def test_a_higher_heading_in_a_style_not_seen_before_ends_the_service_under_a_lower_one(read_text):
    doc = read_text("## 某某人寿保险股份有限公司\n\n## 三、新增服务\n\n## 术后上门护理（2024年10月1日起新增）\n"
                    "出院后30日内申请，每次住院2次。\n\n"
                    "## 五、调整后服务一览（2024年10月1日起适用）\n\n### 1. 视频问诊\n每保单年度不限次数。\n\n"
                    "### 2. 年度体检\n每保单年度1次，体检完成后7个工作日内出具电子报告。\n\n"
                    "## 六、其他事项\n您可拨打客服热线400-898-6600咨询，服务专员将于2小时内回电。\n")
    checkup_text = _service_text(doc, "年度体检")
    assert "7个工作日内出具电子报告" in checkup_text and "400-898-6600" not in checkup_text


def test_a_title_listing_two_names_is_the_group_of_the_quoted_services_it_lists(read_text):
    doc = read_text("五、心理疏导与术后康复\n\n“心理疏导”服务仅限会员本人使用，每保单年度可预约6次，每次50分钟。\n\n"
                    "住院期间接受手术治疗的会员，出院后60天内可申请“术后康复指导”服务，每次住院可使用3次。\n")
    assert [(s.name, s.category) for s in segment(doc)] == [("心理疏导", "other"), ("术后康复指导", "rehabilitation")]


def test_a_question_asking_what_if_names_its_service_without_quotes_and_a_press_q_and_a_is_no_service(read_text):
    doc = read_text("四、癌症早筛\n\n保险期间内可使用1次，实验室收到样本后10个工作日内出具报告。\n\n答记者问\n\n"
                    "问：“癌症早筛”如果结果异常怎么办？\n答：健康顾问会在2个工作日内主动联系。\n\n背景资料\n\n"
                    "有研究机构估计，附带住院垫付服务的产品占比将超过六成，审核时间普遍在3至5个工作日。\n")
    (screening,) = segment(doc)
    assert screening.name == "癌症早筛"
    assert "2个工作日内主动联系" in " ".join(doc.text[s:e] for s, e in screening.spans)


def test_a_question_asking_what_to_do_if_names_the_service_it_asks_about(read_text):
    from ingest.segment.finders import QuestionFinder

    doc = read_text("问：“癌症早筛”如果结果异常怎么办？\n\n问：住院垫付怎么申请？\n")
    assert [QuestionFinder()(doc, i).name for i in range(2)] == ["癌症早筛", "住院垫付"]  # inside its quotes


@pytest.mark.parametrize("name", ["背景资料", "会员故事：从确诊到住院用了9天", "答记者问", "发布会现场", "全册注释",
                                  "权益使用示例（仅供参考）", "置顶评论"])
def test_a_press_releases_chapters_and_a_handbooks_endnotes_describe_no_service(name):
    assert is_other_chapter(name)


@pytest.mark.parametrize("name", ["表B.1 基础体检套餐（16项）", "表3 体检套餐", "图2-1 陪诊服务", "表 A.2 特药目录"])
def test_a_table_or_figure_caption_describes_no_service(name):
    assert is_other_chapter(name)


@pytest.mark.parametrize("name", ["客户侧时限", "服务时效", "各项服务的办理时限"])
def test_a_chapter_of_deadlines_describes_no_service(name):
    assert is_other_chapter(name)


@pytest.mark.parametrize("name", ["查看 >", "切换保单 >", "去咨询 ›", "展开 ∨"])
def test_a_web_pages_button_describes_no_service(name):
    assert is_other_chapter(name)


@pytest.mark.parametrize("name", ["服务公告", "服务怎么约", "健康服务如何申请"])
def test_announcements_and_how_to_book_chapters_describe_no_service(name):
    assert is_other_chapter(name)


def test_a_service_named_for_what_it_does_is_no_how_to_chapter():
    assert not is_other_chapter("住院费用垫付") and not is_other_chapter("预约挂号")


def test_a_summary_row_whose_name_says_it_is_paused_names_no_service(read_text):
    doc = read_text("服务项目\t次数\t时效\n住院垫付\t每年2次\t1个工作日内\n海外就医协调（暂停）\t保险期间内1次\t15个工作日内\n")
    assert [s.name for s in segment(doc)] == ["住院垫付"]


def test_a_sentence_naming_services_gives_them_its_opening_words_unless_a_parenthesis_holds_the_names(read_text):
    doc = read_text("## 重疾门诊绿通\n\n每保单年度1次。\n\n## 住院费用垫付\n\n每保单年度2次。\n\n## 温馨提示\n\n"
                    "等待期内，“重疾门诊绿通”“住院费用垫付”两项服务暂不受理。\n\n"
                    "医疗网络覆盖超过2,000家医疗机构（含住院费用垫付医疗机构）。\n")
    green, advance = segment(doc)
    for section in (green, advance):
        text = " ".join(doc.text[s:e] for s, e in section.spans)
        assert "等待期内，" in text
    assert "2,000家" not in " ".join(doc.text[s:e] for s, e in advance.spans)


def test_a_table_caption_numbers_the_card_it_captions_and_a_bed_arrangement_is_a_green_channel():
    assert service_name("表2  重疾专家门诊预约") == "重疾专家门诊预约"
    assert classify("住院床位安排").category == "green_channel"


def test_a_standards_lettered_annex_is_an_appendix():
    from ingest.segment.names import numbering

    assert numbering("附录A（规范性） 服务项目一览")[0] == numbering("附 录 A 服务项目一览")[0] == "appendix"


def test_a_service_a_change_list_takes_away_or_a_remark_says_is_withdrawn_is_none(read_text):
    doc = read_text("前言\n\n与2022年版相比，主要变化如下：\n——删除了“海外就医协调”服务；\n\n"
                    "服务名称\t次数\t备注\n住院垫付\t每年2次\t—\n质子重离子就医协调\t保险期间内1次\t2024年7月1日起停止提供\n")
    assert [s.name for s in segment(doc)] == ["住院垫付"]


def test_a_service_said_to_have_been_taken_down_is_none(read_text):
    doc = read_text("四、服务一览\n\n· 视频医生：每保单年度12次。\n"
                    "· 海外二次诊疗意见：2024年6月起已经下线，新投保的用不了。\n· 院内陪诊：保险期间内2次。\n")
    assert "海外二次诊疗意见" not in [s.name for s in segment(doc) if s.category != "withdrawn"]


def test_a_services_rejected_or_deferred_in_a_review_are_none(read_text):
    doc = read_text("（一）通过的项目\n1. 视频医生：每保单年度12次，医生60秒内接通。\n\n（三）未通过或暂缓的项目\n"
                    "1. 海外第二诊疗意见：暂缓。供应商报价每例3,800元，成本过高，二季度再议。\n"
                    "2. 质子重离子就医协调：不通过。合作治疗机构仅2家，不具备对客条件。\n")
    assert [s.name for s in segment(doc) if s.category != "withdrawn"] == ["视频医生"]


@pytest.mark.parametrize("name", ["澄远健康管理有限公司（服务供应商）", "融盛财产保险股份有限公司", "服务项目5", "权益3"])
def test_a_company_or_a_numbered_service_slot_names_no_service_but_holds_them(name):
    from ingest.segment.names import is_service_chapter

    assert is_service_chapter(name)


def test_a_company_heading_the_document_keeps_its_services_under_it(read_text):
    doc = read_text("中原农业保险股份有限公司\n\n一、增值服务信息\n\n【服务项目1】\n服务名称：视频问诊\n"
                    "服务次数：保险期间内不限次数。\n服务标准：医生3分钟内接通。\n\n【服务项目2】\n服务名称：中医理疗\n"
                    "服务次数：每保单年度4次。\n服务标准：每次45分钟；客户须至少提前2个工作日预约。\n"
                    "申请方式：「嵩安健康」微信小程序预约。\n")
    assert [s.name for s in segment(doc)] == ["视频问诊", "中医理疗"]  # a numbered card label is no name either


@pytest.mark.parametrize("name", ["未通过或暂缓的项目", "没有的、下线的", "停用项目"])
def test_a_chapter_of_services_not_offered_describes_no_service(name):
    assert is_other_chapter(name)


@pytest.mark.parametrize("name", ["住院费用垫付：审核不通过的，不予垫付。", "视频医生：暂缓"])
def test_a_condition_of_failing_review_withdraws_nothing_but_a_verdict_after_the_name_does(name):
    from ingest.rules import compile_rule
    from ingest.segment import names

    withdrawn = compile_rule(names.rules()["withdrawn"]["pattern"])
    assert bool(withdrawn.search(name)) is name.startswith("视频医生")


@pytest.mark.parametrize("name", ["健康管理增值服务规范", "工作日", "等待期"])
def test_a_standards_title_and_its_defined_terms_describe_no_service(name):
    assert is_other_chapter(name)


def test_a_line_opening_with_a_condition_is_a_sentence_not_a_name():
    from ingest.segment.names import opens_sentence

    assert opens_sentence("仅限被保险人本人使用") and not opens_sentence("仅有的服务")


def test_an_entry_of_a_version_record_tells_history_and_is_no_place_of_the_service_it_names(read_text):
    doc = read_text("一、专家门诊预约\n每保单年度3次，资料齐全后3个工作日内完成预约。\n"
                    "二、温馨提示\n专家门诊预约须提前1个工作日确认。\n"
                    "三、版本记录\nV1.3 2024-08-01 专家门诊预约（尊享版）由每保单年度2次调整为3次\n")
    text = _service_text(doc, "专家门诊预约")
    assert "调整为" not in text and "提前1个工作日确认" in text  # a note about it still is


def test_a_bar_before_a_numbered_title_marks_the_title(read_text):
    doc = read_text("二、逐项拆解\n\n▌1. 视频医生\n\n手册原文：每保单年度12次。\n\n▌2. 重疾绿通\n\n手册原文：保险期间内可使用2次。\n")
    assert [s.name for s in segment(doc)] == ["视频医生", "重疾绿通"]


def test_a_dash_or_a_dot_before_a_digit_is_no_bullet():
    from ingest.segment.names import bullet

    assert bullet("-5个工作日") == 0 and bullet("·3次") == 0 and bullet("▌1. 视频医生") == 1


def test_a_number_inside_a_titles_brackets_is_its_numbering(read_text):
    doc = read_text("【1 通用要求】\n受理后2小时内与客户取得联系。\n\n【2 视频问诊】\n保险期间内不限次数。\n\n"
                    "【3 重疾绿色通道】\n保险期间内1次。\n")
    assert [s.name for s in segment(doc)] == ["视频问诊", "重疾绿色通道"]


@pytest.mark.parametrize("title", ["住院垫付 [优先级1]", "住院垫付 [优先级1] [星-红色]"])
def test_a_trackers_tags_after_a_name_are_no_part_of_it(title):
    from ingest.segment.names import service_name

    assert service_name(title) == "住院垫付"


def test_a_traditional_chinese_question_about_a_service_gives_it_its_answer(read_text):
    doc = read_text("第三章 服務內容\n\n3.1　住院按金墊付服務\n\n受保人住院時可申請墊付按金。\n\n第四章 常見問題\n\n"
                    "問：「住院按金墊付服務」每年可以使用幾多次？\n答：每保單年度最多可使用2次。\n")
    assert "每保單年度最多可使用2次" in _service_text(doc, "住院按金墊付服務")


def test_an_aspect_label_before_a_name_is_no_part_of_it(read_text):
    doc = read_text("DAY 1 ｜ 确诊当天\n\n上午拿到病理报告。\n\n【服务说明 · 肿瘤绿色通道】\n次数：保险期间内1次。\n\n"
                    "DAY 19 ｜ 出院回家\n\n【服务说明 · 居家护理】\n次数：每次住院2次。\n")
    assert [s.name for s in segment(doc)] == ["肿瘤绿色通道", "居家护理"]


def test_what_stands_past_a_wide_gap_after_a_name_is_another_column():
    from ingest.segment.names import service_name

    assert service_name("A01  视频医生   POST /services/tele-doctor/sessions") == "视频医生"
    assert service_name("住院费用垫付\t每保单年度2次") == "住院费用垫付"


@pytest.mark.parametrize("name", ["README.txt", "service_catalog.yaml", "健康服务手册.pdf"])
def test_a_file_name_names_no_service(name):
    assert is_other_chapter(name)


def test_a_label_saying_where_a_slide_puts_a_part_is_no_part_of_its_name():
    from ingest.segment.names import service_name

    assert service_name("左栏 · 第二诊疗意见") == "第二诊疗意见"
    assert service_name("右栏 · 术后上门护理（尊享版专属）") == "术后上门护理（尊享版专属）"
    assert service_name("e生·中高端医疗") == "e生·中高端医疗"  # a name that holds a dot keeps it


def test_a_traditional_chinese_title_loses_its_marks_and_labels_and_keeps_its_characters(read_text):
    doc = read_text("第二部分 服務項目\n\n以下服務限被保險人本人使用。\n\n"
                    "左欄 · 第二診療意見\n\n保險期間內1次，10個工作日內出具意見。\n")
    assert [s.name for s in segment(doc)] == ["第二診療意見"]


def test_a_parenthesis_after_another_name_on_the_title_line_qualifies_that_one_only():
    from ingest.segment.finders import _names_another

    assert _names_another("  ｜  术后上门护理")  # `第二诊疗意见 ｜ 术后上门护理（尊享版专属）`
    assert not _names_another(" ｜ Overseas Medical Assistance")  # a translation of the name
    assert not _names_another("")


def test_a_summary_row_without_a_name_carries_on_the_service_above(read_text):
    doc = read_text("序号\t服务名称\t服务内容\t服务次数\n1\t住院垫付\t住院押金由合作机构垫付\t每保单年度2次\n"
                    "\t\t自付部分需于出院后10日内归还\n2\t上门护理\t护士上门换药\t每保单年度2次\n")
    assert "10日内归还" in _service_text(doc, "住院垫付") and "10日内归还" not in _service_text(doc, "上门护理")


def test_the_tags_under_a_cards_name_in_an_overview_belong_to_that_service(read_text):
    screen = "==================== 屏 {} / 3 ====================\n"
    doc = read_text(screen.format(1) + "健康服务  标题\n诊前\n视频问诊\n7×24小时\n不限次\n立即使用 >  按钮\n"
                    "健康档案\n上传报告 · 不限次\n进入 >  按钮\n客服热线 95559\n" + screen.format(2) +
                    "< 返回  按钮\n视频问诊  标题\n服务介绍\n三甲医院医生在线视频接诊，发起后3分钟内接诊。\n" + screen.format(3) +
                    "< 返回  按钮\n健康档案  标题\n服务介绍\n上传体检报告，建立个人电子健康档案。\n")
    assert "不限次" in _service_text(doc, "视频问诊") and "上传报告 · 不限次" in _service_text(doc, "健康档案")
    assert "95559" not in _service_text(doc, "健康档案")  # a line that is no tag ends the card


def test_a_number_and_a_space_number_a_clause_only_where_its_sub_clauses_follow(read_text):
    doc = read_text("4　总体要求\n4.1　服务机构应在受理后2小时内与客户取得联系。\n4.2　本公司健康服务专线400-832-5719。\n"
                    "5　服务项目要求\n5.1　视频医生\n每保单年度不限次数，90秒内接通。\n5.2　年度体检\n每保单年度1次。\n"
                    "6　服务质量评价\n6.1　客户投诉应在5个工作日内答复。\n6.2　服务内容调整应提前30日公告。\n")
    assert _names(doc) == ["视频医生", "年度体检"]  # the general requirements and the closing clauses are no service
    assert "5个工作日" not in _service_text(doc, "年度体检")
    listed = read_text("本计划包含以下服务：\n1 视频医生\n2 住院垫付\n\n视频医生\n每保单年度不限次数，90秒内接通。\n"
                       "住院垫付\n每保单年度2次，资料齐全后2个工作日内完成审核。\n")
    assert "不限次数" in _service_text(listed, "视频医生")  # list lines without sub-clauses title nothing


def test_a_note_on_what_a_mark_after_names_means_is_a_place_of_every_service_marked(read_text):
    doc = read_text("服务项目\t使用次数\t申请方式\n住院费用垫付\t每保单年度3次\t400-866-4187转3\n"
                    "院外特药直付※\t按处方\t“中银三星”APP\n\n"
                    "※ 标注的服务仅适用于投保了《中银三星附加恶性肿瘤特定药品费用医疗保险》的保单。\n")
    assert "仅适用于投保了" in _service_text(doc, "院外特药直付")
    assert "仅适用于投保了" not in _service_text(doc, "住院费用垫付")


def test_a_numbered_title_goes_on_from_the_one_numbered_before_it_past_a_box_of_case_stories(read_text):
    doc = read_text("## 健康服务\n\n### 01 在线问诊\n不限次数，1分钟内接诊。\n\n### 02 住院垫付\n每保单年度2次。\n\n"
                    "## 服务案例\n张先生确诊后通过绿色通道预约到了专家门诊。\n\n"
                    "### 03 住院期间家庭保洁\n每次住院1次，每次3小时，需提前2个自然日预约。\n")
    assert _names(doc) == ["在线问诊", "住院垫付", "住院期间家庭保洁"]
    chapters = read_text("## 一、诊前服务\n\n### 1. 在线问诊\n不限次数。\n\n### 2. 电话医生\n不限次数。\n\n"
                         "## 二、诊中服务\n\n### 3. 住院垫付\n每保单年度2次。\n")
    assert _names(chapters) == ["在线问诊", "电话医生", "住院垫付"]  # numbering that runs on across chapters


def test_a_chapter_on_health_management_as_a_whole_or_on_handling_a_matter_is_no_service():
    from ingest.segment.names import is_concept

    assert is_concept("健康管理服务") and is_concept("健康管理")  # the umbrella of all the services
    assert is_concept("健康管理服务及垫付款项的处理")  # how a matter is handled
    assert not is_concept("臻选健康管理服务（限臻选版计划使用）") and not is_concept("伤口处理")


def test_a_customers_story_naming_a_service_is_no_place_of_its_terms(read_text):
    doc = read_text("## 重疾绿色通道\n等待期满后确诊重大疾病的，可申请，保险期间内1次。\n\n"
                    "## 服务案例\n张先生确诊肺部恶性肿瘤后，通过重疾绿色通道预约到了胸外科专家门诊。\n\n"
                    "## 温馨提示\n示例：客户于3月4日提交重疾绿色通道申请，3月6日完成预约。\n"
                    "重疾绿色通道如需改约，请提前1个工作日告知。\n")
    text = _service_text(doc, "重疾绿色通道")
    assert "张先生" not in text and "3月4日" not in text
    assert "提前1个工作日告知" in text  # a note about it still is a place of it


def test_a_question_naming_a_service_opens_its_answer_only(read_text):
    doc = read_text("▍院内陪诊\n\n🔢 能用几次：每保单年度2次\n\n▍癌症早筛\n\n🔢 能用几次：保险期间内1次\n\n小琴答疑\n\n"
                    "Q：院内陪诊可以给爸妈用吗？\nA：只限被保险人本人使用哦。\n"
                    "Q：癌症早筛今年用过了，明年还能再做吗？\nA：癌症早筛每保单年度可以做1次。\n")
    assert "每保单年度可以做1次" in _service_text(doc, "癌症早筛")
    assert "每保单年度可以做1次" not in _service_text(doc, "院内陪诊")


def test_a_numbered_question_is_joined_to_its_numbered_answer(read_text):
    doc = read_text("一、院内陪诊\n\n每保单年度2次。\n\n二、癌症早筛\n\n保险期间内1次。\n\n常见问题\n\n"
                    "Q1. 院内陪诊可以给爸妈用吗？\nA1：只限被保险人本人使用。\n\n问2：癌症早筛多久出报告？\n答2：10个工作日内。\n")
    assert "只限被保险人本人使用" in _service_text(doc, "院内陪诊")
    assert "10个工作日内" in _service_text(doc, "癌症早筛")


def test_a_service_named_in_a_chapter_of_questions_speaks_for_its_answer_only(read_text):
    doc = read_text("一、看病就医\n「住院费用垫付服务」每保单年度2次，资料齐全后1个工作日内完成审核。\n\n"
                    "二、其他常见问题\n07 | 已经急诊住院了，还能申请垫付吗？\n"
                    "可以补充申请「住院费用垫付服务」，但须在急诊入院后48小时内提出。\n"
                    "18 | 对服务不满意，怎么投诉？\n您可以拨打95567反馈，我们将在5个工作日内回复。\n")
    text = _service_text(doc, "住院费用垫付服务")
    assert "48小时内提出" in text and "95567" not in text
