import pytest

from ingest.textnorm import (display_width, fold_ocr_confusions, is_page_number, join_lines, match_form,
                             normalize_chars, normalize_line, remove_artifacts, to_simplified)


@pytest.mark.parametrize("raw, expected", [
    ("５个工作日", "5个工作日"),
    ("ＡＰＰ", "APP"),
    ("９：００－２１：００", "9:00-21:00"),
    ("１０～１５天", "10~15天"),
    ("8:00—22:00", "8:00-22:00"),
    ("３０％", "30%"),
    ("９５５１１－＃－９", "95511-#-9"),
])
def test_normalize_chars_makes_numbers_half_width(raw, expected):
    assert normalize_chars(raw) == expected


def test_normalize_chars_folds_every_script_of_decimal_digits_to_ascii():
    assert normalize_chars("热线95١١١，٣个工作日，४ 小时") == "热线95111，3个工作日，4 小时"


def test_normalize_chars_keeps_chinese_punctuation_between_words():
    assert normalize_chars("恶性肿瘤——重度，详见：附件") == "恶性肿瘤——重度，详见：附件"


def test_normalize_chars_folds_radicals_and_full_width_forms_together():
    # Kangxi radicals (⼯ U+2F2F, ⽇ U+2F47) as Chromium's PDFs give them, a Radicals
    # Supplement form (⺠ U+2EA0) and a compatibility ideograph (U+F9D1 六), beside ５ and －
    assert normalize_chars("⼯作⽇５－７天，⺠\uf9d1") == "工作日5-7天，民六"


def test_one_translation_pass_equals_the_two_tables_in_turn():
    """Neither table maps a character the other maps or produces."""
    from ingest.textnorm import _CHAR_TABLE, compatibility_table
    folded = compatibility_table()
    produced = {v if isinstance(v, int) else ord(v) for v in _CHAR_TABLE.values() if v is not None}
    assert not set(_CHAR_TABLE) & set(folded)
    assert not produced & set(folded) and not set(folded.values()) & set(_CHAR_TABLE)


def test_normalize_chars_unifies_dashes_and_tildes():
    assert normalize_chars("3〜5 – 7∼9") == "3~5 - 7~9"


def test_remove_artifacts_drops_docx_bookmarks_and_icon_glyphs():
    assert remove_artifacts("[bookmark: _Toc81][bookmark: _Toc2]医疗垫付服务") == "医疗垫付服务"
    assert remove_artifacts("\uf06c 服务特色") == " 服务特色"


def test_normalize_line_strips_trailing_whitespace_only():
    assert normalize_line("  重疾绿通服务 \u3000 ") == "  重疾绿通服务"


def test_join_lines_inserts_no_space_between_cjk():
    assert join_lines(["二级及以上的公", "立医院发生住院"]) == "二级及以上的公立医院发生住院"


def test_join_lines_keeps_latin_words_apart():
    assert join_lines(["尊享 e生 PLUS", "edition 2"]) == "尊享 e生 PLUS edition 2"


def test_join_lines_adds_no_space_where_the_line_broke_after_a_hyphen():
    assert join_lines(["专属服务热线 021-", "38139960 to", "follow-", "up"]) == (
        "专属服务热线 021-38139960 to follow-up")
    assert join_lines(["覆盖全国 83", "个城市"]) == "覆盖全国 83个城市"


@pytest.mark.parametrize("line", ["25", " 42 ", "- 3 -", "第 4 页", "3/12", "Page 7", "第5页 共12页"])
def test_is_page_number_recognizes_bare_page_numbers(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["5个工作日", "2021年", "1、服务内容", "95550"])
def test_is_page_number_rejects_text_with_numbers(line):
    assert not is_page_number(line)


def test_to_simplified_keeps_length_and_offsets():
    traditional = "安盛保險 醫療保險 健康管理服務手冊"
    simplified = to_simplified(traditional)
    assert simplified == "安盛保险 医疗保险 健康管理服务手册"
    assert len(simplified) == len(traditional)


def test_display_width_counts_cjk_as_two_columns():
    assert display_width("医疗ab") == 6


def test_letter_spaced_chinese_is_closed_up_and_word_gaps_stay():
    from ingest.textnorm import normalize_line

    assert normalize_line("服 务 次 数 ： 不 限 次 ， 每 次 通 话 不 超 过 １５ 分 钟 。") == "服务次数：不限次，每次通话不超过 15 分钟。"
    assert normalize_line("第一部分  关于本手册") == "第一部分  关于本手册"
    assert normalize_line("Step 1  确认服务资格") == "Step 1  确认服务资格"
    assert normalize_line("第 2 页 / 共 3 页") == "第 2 页 / 共 3 页"


@pytest.mark.parametrize("scanned, read", [
    ("2O24版", "2024版"), ("4OO-O27-8895 转2", "400-027-8895 转2"), ("l20万人次", "120万人次"),
    ("医生l分钟内接通", "医生1分钟内接通"), ("每保单年度I次", "每保单年度1次"), ("3个エ作日内", "3个工作日内"),
    ("5一7个工作日", "5-7个工作日"),
    ("I型糖尿病", "I型糖尿病"), ("IO卡", "IO卡"), ("ISO9001", "ISO9001"), ("第一次", "第一次"), ("APP", "APP")])
def test_ocr_look_alikes_of_digits_and_ideographs_are_read_as_what_they_stand_for(scanned, read):
    assert fold_ocr_confusions(scanned) == read


def test_the_match_form_keeps_every_offset_of_the_text_as_written():
    written = "醫生l分鐘內接通，覆蓋1OO個城市，4OO-O27-8895轉2"
    assert len(match_form(written)) == len(written)
    assert match_form(written) == "医生1分钟内接通，覆盖100个城市，400-027-8895转2"


def test_match_form_folds_ascii_punctuation_beside_chinese_only():
    from ingest.textnorm import match_form

    text = "审核后1个工作日内,出院后 电话:400-1 时间:08:30 3,000元 (尊享版) times_per_year: 12"
    assert match_form(text) == "审核后1个工作日内，出院后 电话：400-1 时间：08:30 3,000元 （尊享版） times_per_year: 12"
    assert len(match_form(text)) == len(text)


def test_a_handbook_typed_with_ascii_punctuation_gives_the_facts_of_full_width_marks(tmp_path):
    from ingest.pipeline import handbook_record
    from ingest.readers import read_document

    def facts(text):
        path = tmp_path / "card.txt"
        path.write_text(text, encoding="utf-8")
        (service,) = handbook_record(read_document(path))["services"]
        return ([(d["value"], d["unit"]) for d in service["duration_limits"]],
                [(s["value"], s["unit"], s["party"]) for s in service["slas"]])

    card = "服务名称：心理咨询\n服务次数：每保单年度3次\n服务时效：预约后24小时内安排\n单次时长：45分钟\n"
    ascii_card = card.replace("：", ":")
    assert facts(ascii_card) == facts(card) == ([(45, "minute")], [(24, "hour", "provider")])
