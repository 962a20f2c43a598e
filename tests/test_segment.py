from ingest.segment import classify, segment, service_name


def test_service_name_drops_numbering_and_trailing_page_numbers():
    assert service_name("3. 重疾绿通服务") == "重疾绿通服务"
    assert service_name("（二）垫付医疗服务") == "垫付医疗服务"
    assert service_name("## 第二诊疗意见服务") == "第二诊疗意见服务"
    assert service_name("恶性肿瘤就医绿通服务.....3") == "恶性肿瘤就医绿通服务"


def test_classify_uses_specific_categories_before_general_ones():
    assert classify("恶性肿瘤及罕见病特定药品基因检测服务").category == "genetic_testing"
    assert classify("国际进口特药服务").category == "overseas_drug"
    assert classify("重疾多学科会诊MDT服务").category == "mdt"
    assert classify("康复护理指导").category == "rehabilitation"


def test_classify_rejects_parts_of_a_service_and_handbook_chapters():
    for heading in ("服务介绍", "服务流程", "直付医疗服务流程", "就医提示", "其他规则", "服务特色", "增值服务", "目录"):
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
