from ingest.extractors.times import DurationExtractor, SlaExtractor


def _slas(view):
    DurationExtractor()(view)
    return {(f.value["value"], f.value.get("min"), f.value["unit"], f.value["party"])
            for f in SlaExtractor()(view)}


def test_sla_extractor_distinguishes_workdays_natural_days_and_hours(service_view):
    view = service_view("我司收到申请后5个工作日内安排，1 自然日内完成上门服务，48个小时内反馈审核意见。")
    assert _slas(view) == {(5, None, "working_day", "provider"), (1, None, "natural_day", "provider"),
                           (48, None, "hour", "provider")}


def test_sla_extractor_reads_ranges_as_value_and_minimum(service_view):
    assert _slas(service_view("资料齐全的情况下，10-15 个工作日内出具报告。")) == {(15, 10, "working_day", "provider")}


def test_sla_extractor_reads_chinese_numerals(service_view):
    assert _slas(service_view("服务取消需要在原预约时间至少提前一个工作日告知。")) == {(1, None, "working_day", "customer")}


def test_sla_extractor_assigns_customer_side_to_what_the_customer_must_do(service_view):
    view = service_view("客户需提前 3 个自然日拨打服务热线申请服务。被保险人需在入院前 5 个工作日预约。"
                        "会员应当在开始接受治疗后 48小时内通知客服团队。处方开具之日起7日内上传。")
    assert {s[3] for s in _slas(view)} == {"customer"}


def test_a_spaced_slash_parts_the_statements_a_cell_joins(service_view):
    view = service_view("计划入院前至少2个工作日申请 / 资料齐全后1个工作日内完成审核")
    assert _slas(view) == {(2, None, "working_day", "customer"), (1, None, "working_day", "provider")}


def test_sla_extractor_keeps_provider_side_when_provider_acts_in_advance(service_view):
    view = service_view("健康管家在就诊当天提前 30 分钟致电客户。在被保险人发起该服务申请 2个工作日内完成预约。")
    assert _slas(view) == {(30, None, "minute", "provider"), (2, None, "working_day", "provider")}


def test_sla_extractor_ignores_opening_hours_waiting_periods_and_dates(service_view):
    view = service_view("受理时间：7*24小时。应在等待期 7 天后使用。每季度初（即2月1日/5月1日）寄出。保单生效的10日后可用。")
    assert _slas(view) == set()


def test_duration_extractor_reads_length_of_one_use(service_view):
    view = service_view("陪诊时间4小时。每次最长 30 天。通话时间最长可达15分钟。每次服务时长 15~20 分钟。视频最长是二十五分钟。单次≤2天")
    values = {(f.value["value"], f.value.get("min"), f.value["unit"]) for f in DurationExtractor()(view)}
    assert values == {(4, None, "hour"), (30, None, "natural_day"), (15, None, "minute"), (20, 15, "minute"),
                      (25, None, "minute"), (2, None, "natural_day")}


def test_duration_is_not_also_reported_as_sla(service_view):
    view = service_view("每次上门护理时间为 4小时内。")
    assert _slas(view) == set()


def test_a_bounded_wait_is_an_sla_not_the_length_of_a_use(service_view):
    view = service_view("打开APP即可发起视频问诊，接通等待不超过60秒，单次视频最长20分钟。")
    durations = {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)}
    assert durations == {(20, "minute")}
    assert {(v, u) for v, _, u, _ in _slas(view)} == {(60, "second")}


def test_a_bare_time_in_a_labelled_sla_value_is_an_sla(read_text):
    from ingest.extractors.base import SectionView
    from ingest.extractors.times import SlaExtractor
    from ingest.segment import segment

    doc = read_text("服务名称\t时效\n海外第二诊疗意见\t15个工作日\n国内第二诊疗意见\t资料齐全后10个工作日\n")
    slas = [{(f.value["value"], f.value["unit"]) for f in SlaExtractor()(SectionView(doc, s))} for s in segment(doc)]
    assert slas == [{(15, "working_day")}, {(10, "working_day")}]


def test_per_use_lengths_are_durations(service_view):
    from ingest.extractors.times import DurationExtractor

    view = service_view("每日服务8小时；每次50分钟；单次问诊不超过30分钟；资料齐全后每次5个工作日内反馈。")
    assert {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)} == {
        (8, "hour"), (50, "minute"), (30, "minute")}


def test_a_customer_verb_done_to_the_customer_is_the_providers_promise(service_view):
    from ingest.extractors.times import DurationExtractor, SlaExtractor

    view = service_view("处方审核通过后1个工作日内通知您取药药房。")
    DurationExtractor()(view)
    assert [f.value["party"] for f in SlaExtractor()(view)] == ["provider"]


def test_a_providers_role_makes_the_promise_the_providers(service_view):
    from ingest.extractors.times import DurationExtractor, SlaExtractor

    view = service_view("陪诊员于就诊当天提前15分钟到达约定地点。")
    DurationExtractor()(view)
    assert [(f.value["value"], f.value["party"]) for f in SlaExtractor()(view)] == [(15, "provider")]


def test_how_long_the_work_needs_is_the_providers_time_and_a_customers_must_is_theirs(service_view):
    from ingest.extractors.times import DurationExtractor, SlaExtractor

    view = service_view("病历翻译一般需要5个工作日完成；客户需在出院后30日内提交申请。")
    DurationExtractor()(view)
    assert {(f.value["value"], f.value["party"]) for f in SlaExtractor()(view)} == {(5, "provider"), (30, "customer")}


def test_approximate_and_named_promises_and_how_long_a_session_lasts(service_view):
    from ingest.extractors.times import DurationExtractor, SlaExtractor

    view = service_view("多数情况下7个工作日左右即可收到报告。服务时效为资料齐全后5-7个工作日。每次图文会话可持续24小时。")
    durations = {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)}
    assert durations == {(24, "hour")}
    assert {(f.value["value"], f.value["unit"]) for f in SlaExtractor()(view)} == {(7, "working_day")}
    assert {f.value.get("min") for f in SlaExtractor()(view)} == {None, 5}


def test_sla_extractor_reads_a_time_counted_from_a_named_day_as_a_deadline(service_view):
    view = service_view("资料审核（T+1个工作日）。T+3个工作日\t完成专家门诊预约。")
    assert _slas(view) == {(1, None, "working_day", "provider"), (3, None, "working_day", "provider")}


def test_sla_extractor_reads_returning_money_as_the_customers_deadline(service_view):
    assert _slas(service_view("审核通过后1个工作日内完成垫付；出院后15日内归还超出理赔金额的垫付款。")) == {
        (1, None, "working_day", "provider"), (15, None, "natural_day", "customer")}
    assert _slas(service_view("出院后10天内把垫付款还回来就行。")) == {(10, None, "natural_day", "customer")}


def test_sla_extractor_reads_an_agreements_parties_as_the_provider(service_view):
    assert _slas(service_view("乙方应在接到甲方转介后2个工作日内与客户确认就诊需求。客户应在收到采样盒后10日内寄回样本。")) == {
        (2, None, "working_day", "provider"), (10, None, "natural_day", "customer")}


def test_a_bounded_reply_time_is_an_sla(service_view):
    view = service_view("医生首次回复时间一般不超过15分钟，每次通话不超过20分钟。")
    assert {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)} == {(20, "minute")}
    assert {(v, u) for v, _, u, _ in _slas(view)} == {(15, "minute")}


def test_a_time_ending_its_clause_is_kept_by_whoever_acts_in_the_next(service_view):
    view = service_view("在处方开具后7天内，通过App上传处方；出院后30日内，都可以申请护士上门；审核通过后2个工作日内，送药上门。")
    assert {(v, party) for v, _, _, party in _slas(view)} == {(7, "customer"), (30, "customer"), (2, "provider")}


def test_a_length_a_standard_bounds_and_one_named_a_few_words_after_each_use_are_durations(service_view):
    view = service_view("单次视频时长不应超过20分钟；每次视频指导约40分钟。")
    assert {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)} == {(20, "minute"), (40, "minute")}
    view = service_view("每保單年度最多6節，每節45分鐘。")  # a session's length
    assert {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)} == {(45, "minute")}


def test_how_long_a_consultation_stays_open_is_its_duration_not_a_promised_time(service_view):
    view = service_view("提交问题后5分钟内医生首次回复；同一会话48小时内都可以继续追问。"
                        "单次问诊会话自发起起24小时内有效。")
    durations = {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)}
    assert durations == {(48, "hour"), (24, "hour")}
    assert _slas(view) == {(5, None, "minute", "provider")}


def test_a_code_valid_for_minutes_is_no_duration_of_the_service(service_view):
    assert {f.value["value"] for f in DurationExtractor()(service_view("验证码：482913，5分钟内有效，请勿泄露给他人。"))} == set()


def test_a_notice_before_the_providers_visit_is_the_providers_time(service_view):
    view = service_view("请至少提前2个工作日预约；收到预约后48小时内安排，上门前30分钟电话确认。")
    assert _slas(view) == {(2, None, "working_day", "customer"), (48, None, "hour", "provider"),
                           (30, None, "minute", "provider")}


def test_one_use_said_as_yi_ci_bounds_its_length(service_view):
    view = service_view("陪诊是每年两次，一次最多陪4个小时。心理咨询每个保单年度六次，一次四十五分钟。第一次24小时内回电。")
    assert {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)} == {(4, "hour"), (45, "minute")}


def test_how_early_a_change_is_announced_is_no_service_time(service_view):
    assert _slas(service_view("收到样本后10个工作日内出具报告。服务内容调整的，我们会提前30日在公众号公告。")) == {
        (10, None, "working_day", "provider")}


def test_a_session_one_may_go_on_asking_in_for_free_lasts_that_long(service_view):
    view = service_view("提交问题后医生在3分钟内首次回复；每次会话开启后48小时内可免费追问。")
    assert {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)} == {(48, "hour")}
    assert _slas(view) == {(3, None, "minute", "provider")}


def test_how_long_a_step_takes_is_the_providers_time_without_a_within(service_view):
    assert _slas(service_view("热门医院的预约一般需要3-5个工作日，请耐心等待。")) == {(5, 3, "working_day", "provider")}
    assert _slas(service_view("可选海外专家复核，出具时间为15-20个工作日。")) == {(20, 15, "working_day", "provider")}
    assert _slas(service_view("实验室收到样本后10个工作日出报告。")) == {(10, None, "working_day", "provider")}


def test_a_column_naming_who_is_responsible_gives_its_rows_times_their_party(read_text):
    from ingest.extractors.base import SectionView
    from ingest.segment import segment

    doc = read_text("服务项目\t环节\t时效\t责任方\n住院垫付\t申请\t入院后48小时内\t客户\n"
                    "\t审核\t1个工作日\t弘康人寿\n\t寄回发票\t出院后10日内\t客户\n")
    (section,) = segment(doc)
    assert _slas(SectionView(doc, section)) == {(48, None, "hour", "customer"), (1, None, "working_day", "provider"),
                                                (10, None, "natural_day", "customer")}


def test_a_modal_that_binds_whoever_acts_leaves_the_party_to_the_verb_after_the_time(service_view):
    assert _slas(service_view("住院安排应在资料齐全后5个工作日内完成。")) == {(5, None, "working_day", "provider")}
    assert _slas(service_view("医生应于10分钟内回电。")) == {(10, None, "minute", "provider")}
    assert _slas(service_view("客户应在出院后30日内申请。")) == {(30, None, "natural_day", "customer")}
    assert _slas(service_view("申请时限可延长至入院后72小时内。")) == {(72, None, "hour", "customer")}


def test_a_time_cut_at_its_lines_end_is_kept_by_whoever_acts_at_the_next_lines_start(service_view):
    assert _slas(service_view("出院后7日内\n归还自付部分")) == {(7, None, "natural_day", "customer")}
    assert _slas(service_view("住院安排：5-10个工作日内\n申请方式：拨打热线预约")) == {(10, 5, "working_day", "provider")}


def test_a_data_exports_time_keys_state_limits_and_lengths(service_view):
    export = ("sla:\n- {desc: 资料齐全后完成预约, within: [3, 5], unit: working_day, owner: 服务商}\n"
              "- {desc: 就诊日前确认行程, before: 1, unit: working_day, owner: 客户}\n"
              "call_minutes_max: 15\nmax_days_per_stay: 10\ncallback_within_hours: 2\n")
    assert _slas(service_view(export)) == {(5, 3, "working_day", "provider"), (1, None, "working_day", "customer")}
    lengths = {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(service_view(export))}
    assert lengths == {(15, "minute"), (10, "natural_day")}  # `callback_within_hours` is a time limit


def test_a_time_a_change_replaces_is_no_longer_the_services(service_view):
    view = service_view("每次通话时长由原先的最长10分钟延长至不超过20分钟。医生接通时间由120秒更改为90秒内。")
    assert {(f.value["value"], f.value["unit"]) for f in DurationExtractor()(view)} == {(20, "minute")}
    assert {(f.value["value"], f.value["unit"]) for f in SlaExtractor()(view)} == {(90, "second")}


def test_the_same_day_is_no_time_limit(service_view):
    assert _slas(service_view("同一天提供多类护理项目的，按一次计算；需提前3个工作日预约。")) == {
        (3, None, "working_day", "customer")}


def test_a_measured_average_is_no_promise(service_view):
    view = service_view("资料齐全后1个工作日内完成审核。近30天平均审核用时5.6小时，平均首次回复用时1分42秒。")
    assert _slas(view) == {(1, None, "working_day", "provider")}
