from ingest.extractors.usage import UsageExtractor


def _usage(view):
    return {(f.value["count"], f.value["unlimited"], f.value["period"]) for f in UsageExtractor()(view)}


def test_usage_extractor_reads_counts_with_their_period(service_view):
    view = service_view("整个保单年度内限2次。限被保险人本人使用，1次/年。保单有效期内可申请基因检测服务1次。")
    assert _usage(view) == {(2, False, "policy_year"), (1, False, "policy_year"), (1, False, "policy_term")}


def test_the_policy_term_needs_no_word_for_within(service_view):
    # a card's cell (`✓ 保险期间1次`) and a Traditional-Chinese one (`保單期內1次`) state the term as 保险期间内 does
    assert _usage(service_view("✓ 保险期间1次")) == {(1, False, "policy_term")}
    assert _usage(service_view("第二醫療意見服務  保單期內1次")) == {(1, False, "policy_term")}


def test_a_data_exports_count_keys_state_counts_and_their_periods(service_view):
    assert _usage(service_view("times_per_year: 12\n")) == {(12, False, "policy_year")}
    assert _usage(service_view("times_per_stay: 2\n")) == {(2, False, "per_event")}
    assert _usage(service_view('"times_per_term": "unlimited"\n')) == {(None, True, "policy_term")}
    assert _usage(service_view("times: unlimited\n")) == {(None, True, None)}
    assert _usage(service_view("price_from: 268\nid: 12\n")) == set()


def test_a_count_a_change_replaces_is_no_longer_a_limit(service_view):
    assert _usage(service_view("门诊陪诊服务次数由每保单年度限2次调整为每保单年度限3次。")) == {(3, False, "policy_year")}


def test_open_all_year_round_is_no_period_of_a_count(service_view):
    assert _usage(service_view("服务全年无休、不限次数。")) == {(None, True, None)}
    assert _usage(service_view("全年可使用2次。")) == {(2, False, "policy_year")}


def test_a_count_per_year_after_a_full_width_slash_is_per_policy_year(service_view):
    assert _usage(service_view("专家门诊预约　1次／年")) == {(1, False, "policy_year")}


def test_a_count_closing_a_quotation_is_stated_whole(service_view):
    assert _usage(service_view('display_text: "三甲医生视频面诊，每年10次"')) == {(10, False, "policy_year")}
    assert _usage(service_view("卡面写着「每年4次」。")) == {(4, False, "policy_year")}


def test_a_count_takes_the_period_of_its_own_clause_before_a_nearer_one_in_the_next(service_view):
    assert _usage(service_view("每保单年度最多可使用3次，但每次住院只能申请1次。")) == {
        (3, False, "policy_year"), (1, False, "per_event")}


def test_a_line_stating_only_a_period_and_a_count_is_a_value_not_a_title():
    from ingest.segment.names import is_value
    assert is_value("保险期间内不限次数") and is_value("保险期间1次") and is_value("保单期内1次")


def test_usage_extractor_reads_unlimited_use(service_view):
    assert _usage(service_view("保单年度内不限次数。")) == {(None, True, "policy_year")}
    assert _usage(service_view("7*24 小时不限次使用。")) == {(None, True, None)}


def test_usage_extractor_ignores_counts_that_are_not_limits(service_view):
    view = service_view("如医生三次通过系统拨打电话联系不上客户，医生取消订单。电话咨询是一次性咨询服务。第1次使用免费。")
    assert _usage(view) == set()


def test_usage_extractor_per_event_needs_an_event_word(service_view):
    assert _usage(service_view("每次住院可申请1次。")) == {(1, False, "per_event")}
    assert _usage(service_view("提供单次不超过5日的护工服务1次（不包含留观室）。")) == {(1, False, None)}


def test_counts_stated_as_the_most_one_may_apply_and_what_counts_as_a_use(service_view):
    from ingest.extractors.usage import UsageExtractor

    view = service_view("住院垫付每保单年度最多受理3次申请；未提前告知且未就诊的，视为已使用一次。")
    assert [f.value["count"] for f in UsageExtractor()(view)] == [3]


def test_usage_extractor_reads_counts_stated_in_english(service_view):
    view = service_view("The service may be used up to 3 times per policy year. 3 sessions per hospital stay. "
                        "No limit on the number of calls during the policy term. Call 3 times a day if needed")
    assert (3, False, "policy_year") in _usage(view) and (3, False, "per_event") in _usage(view)


def test_counts_in_other_count_words_and_no_count_in_a_reply_or_a_statistic(service_view):
    view = service_view("每保单年度2回。兑换次数：1人次。医生2回复较慢。累计服务客户12万人次。")
    assert _usage(view) == {(2, False, "policy_year"), (1, False, None)}


def test_a_count_the_text_denies_is_no_limit(service_view):
    assert _usage(service_view("保险期间1次，不是每年3次。")) == {(1, False, "policy_term")}
    assert _usage(service_view("每个保单年度可以用2次，不是不限次的。")) == {(2, False, "policy_year")}


def test_a_count_a_year_is_a_count_per_policy_year(service_view):
    assert _usage(service_view("住院垫付 一年3次")) == {(3, False, "policy_year")}
    assert _usage(service_view("投保满一年后可申请1次。")) == {(1, False, None)}
