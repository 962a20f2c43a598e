from ingest.pipeline import handbook_record

_TWO_SERVICES = ("## 陪诊服务\n\n专业陪诊人员全程陪同就医，协助挂号取药。\n\n"
                 "步骤\t内容\n1\t致电热线预约陪诊时间\n2\t陪诊人员按时到达医院\n\n"
                 "## 健康档案建立\n\n建立个人健康档案，用于长期疾病管理。\n")


def _texts(service, family):
    return [fact["text"] for fact in service[family]]


def test_details_extractors_quote_only_the_services_own_blocks(read_text):
    escort, record_keeping = handbook_record(read_text(_TWO_SERVICES))["services"]
    assert _texts(escort, "description") == ["专业陪诊人员全程陪同就医，协助挂号取药。"]
    assert _texts(escort, "steps") == ["致电热线预约陪诊时间", "陪诊人员按时到达医院"]
    assert _texts(record_keeping, "description") == ["建立个人健康档案，用于长期疾病管理。"]
    assert record_keeping["steps"] == []


class _CountedBlocks(list):
    """A block list that counts how often something walks all of it."""

    walks = 0

    def __iter__(self):
        _CountedBlocks.walks += 1
        return super().__iter__()


def _walks_over_blocks(read_text, services):
    body = "".join(f"## 第{i}号陪诊服务\n\n专业陪诊人员全程陪同就医，协助挂号取药。\n\n"
                   f"步骤\t内容\n1\t致电热线预约\n\n" for i in range(services))
    doc = read_text(body)
    doc.blocks = _CountedBlocks(doc.blocks)
    _CountedBlocks.walks = 0
    assert len(handbook_record(doc)["services"]) == services
    return _CountedBlocks.walks


def test_record_building_finds_each_services_blocks_by_position(read_text):
    """Walking every block once per service makes a long handbook quadratic."""
    assert _walks_over_blocks(read_text, 20) == _walks_over_blocks(read_text, 2)
