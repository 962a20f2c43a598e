from ingest.extractors.channels import ChannelExtractor


def _channels(view):
    return {(f.value["type"], f.value.get("number") or f.value.get("name")) for f in ChannelExtractor()(view)}


def test_channel_extractor_normalizes_hotlines(service_view):
    view = service_view("拨打服务热线95511-#-9申请；或拨打客服电话952299或1010-9955；专属服务热线 021-38139960；"
                        "全国统一客服热线 400-898-1618；客服热线95511转9。")
    assert _channels(view) == {("hotline", "95511#9"), ("hotline", "952299"), ("hotline", "10109955"),
                               ("hotline", "02138139960"), ("hotline", "4008981618")}


def test_channel_extractor_reads_a_scanned_hotline_and_quotes_it_as_scanned(service_view):
    (fact,) = ChannelExtractor()(service_view("请致电4OO-O27-8895 转2申请"))
    assert fact.value["number"] == "4000278895#2"
    assert fact.evidence.text == "4OO-O27-8895 转2"


def test_channel_extractor_takes_a_telephone_sign_for_a_phone_cue(service_view):
    assert _channels(service_view("☎ 400-706-5529 转3")) == {("hotline", "4007065529#3")}


def test_a_traditional_chinese_channel_name_loses_its_lead_in_words_and_stays_as_written(service_view):
    view = service_view("客戶可通過衆安互聯網醫院微信小程序或登錄衆安保險APP申請。")
    assert _channels(view) == {("wechat_mini_program", "衆安互聯網醫院"), ("app", "衆安保險")}


def test_the_scorer_compares_channel_names_in_simplified_characters():
    from ingest.score import fact_keys

    written = {"channels": [{"type": "app", "name": "衆安保險"}]}
    assert fact_keys(written)["channel"] == fact_keys({"channels": [{"type": "app", "name": "众安保险"}]})["channel"]


def test_channel_extractor_ignores_numbers_without_a_phone_cue(service_view):
    assert _channels(service_view("截至2021年底，服务超过10109955位客户。")) == set()


def test_channel_extractor_names_apps_and_wechat_channels_without_lead_in_words(service_view):
    view = service_view("客户可通过众安互联网医院微信小程序、众安保险 APP、众安健康微信公众号内在线申请；"
                        "可在投保后众安健康微信小程序-点击我的。")
    assert _channels(view) == {("wechat_mini_program", "众安互联网医院"), ("app", "众安保险"),
                               ("wechat_official_account", "众安健康"), ("wechat_mini_program", "众安健康")}


def test_a_number_the_service_gives_with_an_extension_is_without_it_the_general_line(service_view):
    view = service_view("请拨打400-611-7430转3提出申请。如有任何疑问，欢迎致电客服热线400-611-7430。")
    assert _channels(view) == {("hotline", "4006117430#3")}
    assert _channels(service_view("客服热线400-611-7430。")) == {("hotline", "4006117430")}


def test_dialling_said_with_one_word_is_a_phone_cue(service_view):
    assert _channels(service_view("术后上门护理请拨400-933-6158转6。")) == {("hotline", "4009336158#6")}
    assert _channels(service_view("理赔款将于3日内拨付95000元。")) == set()  # paying out is no dialling


def test_a_mobile_application_said_in_full_is_an_app(service_view):
    assert _channels(service_view("透過「富衛澳門」手機應用程式，可與註冊全科醫生進行視像診症。")) == {("app", "富衛澳門")}
    assert _channels(service_view("请于“康宁健康”手机应用程序提交申请。")) == {("app", "康宁健康")}


def test_channel_extractor_reads_quoted_names(service_view):
    assert _channels(service_view("客户可通过“众安互联网医院”微信小程序选择“视频问诊”使用。")) == {
        ("wechat_mini_program", "众安互联网医院")}


def test_channel_extractor_recognizes_wechat_contact_with_a_person(service_view):
    assert _channels(service_view("您可通过微信联系您的私人健康管家进行服务申请。")) == {("wechat_contact", None)}
    assert _channels(service_view("可联系专属健康管家（企业微信）申请。")) == {("wechat_contact", None)}


def test_channel_extractor_reads_400_numbers_in_any_grouping_with_their_extension(service_view):
    view = service_view("请拨打客服热线4009-695-522；热线400-6800-088转2；服务电话400-888-2008-#-1；"
                        "電話95576轉5。")
    assert _channels(view) == {("hotline", "4009695522"), ("hotline", "4006800088#2"),
                               ("hotline", "4008882008#1"), ("hotline", "95576#5")}


def test_channel_extractor_takes_a_number_in_a_channel_column_without_a_cue(read_text):
    from ingest.segment import segment
    from ingest.extractors.base import SectionView

    for column in ("申请渠道", "直拨号码"):
        doc = read_text(f"服务名称\t次数\t{column}\n海外第二诊疗意见\t保险期间内1次\t400-820-3588转2\n")
        (section,) = segment(doc)
        assert _channels(SectionView(doc, section)) == {("hotline", "4008203588#2")}


def test_viewing_a_record_in_a_channel_is_not_applying_through_it(service_view):
    view = service_view("问诊记录可在公众号“我的问诊”中随时查看。完整名单以“众惠相互”微信公众号公布为准。"
                        "问诊结束后可在小程序中查看医生的书面小结。")
    assert _channels(view) == set()


def test_channel_names_keep_traditional_characters(service_view):
    assert _channels(service_view("請登入「長城人壽」APP申請。")) == {("app", "長城人壽")}


def test_a_channel_may_name_itself_after_its_kind_but_a_menu_after_a_named_one_is_no_channel(service_view):
    view = service_view("登录APP“XX健康”发起问诊；或通过“众惠相互”微信公众号“会员服务”栏目申请。")
    assert _channels(view) == {("app", "XX健康"), ("wechat_official_account", "众惠相互")}


def test_an_english_word_starting_with_app_names_no_app(service_view):
    view = service_view("申请方式 How to Apply：“中英人寿”APP → 健康 → 视频医生。")
    assert _channels(view) == {("app", "中英人寿")}


def test_a_channel_name_does_not_reach_across_a_table_cell(service_view):
    view = service_view("申请入口\t微信小程序「工银安盛健康」→ 特药服务 → 上传处方")
    assert _channels(view) == {("wechat_mini_program", "工银安盛健康")}


def test_a_mini_program_named_in_corner_brackets_keeps_its_whole_name(service_view):
    view = service_view("入口｜微信小程序「仁和健康」→ 视频医生；或在「仁和健康」小程序 → 保单服务中申请。")
    assert _channels(view) == {("wechat_mini_program", "仁和健康")}


def test_english_kind_words_and_extensions_name_channels(service_view):
    view = service_view("How: call 400-820-5566 ext. 2, or upload records in the \"大都会人寿\" WeChat mini program; "
                        "服务热线95500分机3；关注“大都会健康”Official Account。")
    assert _channels(view) == {("hotline", "4008205566#2"), ("wechat_mini_program", "大都会人寿"),
                               ("hotline", "95500#3"), ("wechat_official_account", "大都会健康")}


def test_an_english_article_before_a_kind_word_names_no_channel(service_view):
    assert _channels(service_view("Apply in the mini program. 请在“中韩健康”小程序申请。")) == {("wechat_mini_program", "中韩健康")}


def test_a_line_named_with_its_extension_only_takes_the_number_stated_for_that_line(tmp_path):
    from ingest.pipeline import ingest_document
    from ingest.validate import verify_evidence

    handbook = tmp_path / "h.txt"
    handbook.write_text("健康服务专线：400-627-5841（按服务项目转接分机）\n理赔专线：400-627-5000\n\n"
                        "一、重疾专家门诊绿通\n\n每保单年度1次，3个工作日内完成预约。\n申请方式：拨打健康服务专线转2。\n\n"
                        "二、住院费用垫付\n\n每保单年度2次。\n申请方式：理赔热线转3。\n", encoding="utf-8")
    doc, record = ingest_document(handbook)
    green, advance = record["services"]
    (line,) = [c for c in green["channels"] if not c["inherited"]]
    assert line["number"] == "4006275841#2" and line["evidence"]["text"] == "健康服务专线转2"
    assert line["number_evidence"]["text"] == "健康服务专线：400-627-5841"
    assert not [c for c in advance["channels"] if not c["inherited"]]  # no line of that name is stated
    line["number_evidence"]["start"] += 1  # a number that cannot point to its words is dropped
    assert verify_evidence(record, doc.text) and not [c for c in green["channels"] if not c["inherited"]]


def test_a_number_labelled_as_where_to_apply_is_a_hotline(service_view):
    assert _channels(service_view("【申请：400-826-3917 转3】")) == {("hotline", "4008263917#3")}


def test_an_extension_said_after_the_number_belongs_to_it(service_view):
    view = service_view("您拨打健康服务专线400-818-2256，然后转2。垫付请拨打400-818-2256，听到语音提示以后按3。"
                        "客服热线95511，7×24小时转人工。")
    assert _channels(view) == {("hotline", "4008182256#2"), ("hotline", "4008182256#3"), ("hotline", "95511")}


def test_no_match_of_the_named_channel_rule_holds_one_of_its_breaks():
    """The rule's `breaks` let the extractor search between them; a pattern edited to let a
    name hold one of them must drop it from `breaks`."""
    from ingest.extractors.base import field_rules
    from ingest.extractors.channels import _with_kinds
    rules = field_rules()["channels"]
    pattern = _with_kinds(rules["named"]["pattern"], tuple(rules["kinds"]))
    for c in rules["named"]["breaks"]:
        for text in (f"众安{c}健康小程序", f"众安健康{c}小程序", f"“众安健康”{c}公众号", f"众安健康{c} APP"):
            assert all(c not in m.group() for m in pattern.finditer(text)), (c, text)


def test_a_voice_menus_key_before_a_service_is_an_extension_of_the_line_the_script_answers(tmp_path):
    from ingest.pipeline import ingest_document

    handbook = tmp_path / "ivr.txt"
    handbook.write_text("民生人寿健康服务专线 400-733-5081  语音导航（IVR）脚本\n理赔专线 400-733-5000\n"
                        "----------------------------------------\n按1  电话医生\n"
                        "【放音】电话医生服务7×24小时提供，不限次数，一般30秒内接通。\n"
                        "----------------------------------------\n按2  住院费用垫付\n"
                        "【放音】每保单年度限2次，资料齐全后1个工作日内完成审核。\n", encoding="utf-8")
    _, record = ingest_document(handbook)
    keys = {s["name"]: [(c["number"], c["evidence"]["text"]) for c in s["channels"] if c["rule"] == "channel.menu_key"]
            for s in record["services"]}
    assert keys == {"电话医生": [("4007335081#1", "按1")], "住院费用垫付": [("4007335081#2", "按2")]}
