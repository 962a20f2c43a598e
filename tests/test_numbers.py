import pytest

from ingest.numbers import normalize_hotline, parse_number, parse_range, parse_unit


@pytest.mark.parametrize("text, value", [
    ("15", 15), ("2,000", 2000), ("十五", 15), ("二十四", 24), ("一百零八", 108), ("两", 2),
    ("一", 1), ("十", 10), ("三十", 30), ("0.5", 0.5),
])
def test_parse_number_reads_arabic_and_chinese_numerals(text, value):
    assert parse_number(text) == value


def test_parse_number_rejects_words():
    assert parse_number("若干") is None
    assert parse_number("") is None


@pytest.mark.parametrize("text, expected", [
    ("10-15", (15, 10)), ("3~5", (5, 3)), ("2-3", (3, 2)), ("7", (7, None)), ("十至十五", (15, 10)),
])
def test_parse_range_gives_upper_bound_and_minimum(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize("text, unit", [
    ("个工作日", "working_day"), ("工作日", "working_day"), ("自然日", "natural_day"),
    ("天", "natural_day"), ("日", "natural_day"), ("个小时", "hour"), ("h", "hour"),
    ("分钟", "minute"), ("min", "minute"), ("秒", "second"), ("周", "week"), ("个月", "month"),
])
def test_parse_unit_maps_chinese_units_to_codes(text, unit):
    assert parse_unit(text) == unit


@pytest.mark.parametrize("text, number", [
    ("95511-#-9", "95511#9"), ("95511转9", "95511#9"), ("1010-9955", "10109955"), ("10109955", "10109955"),
    ("021-38139960", "02138139960"), ("400-898-1618", "4008981618"),
])
def test_normalize_hotline_keeps_digits_and_extension(text, number):
    assert normalize_hotline(text) == number
