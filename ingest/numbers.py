"""Pure normalizers for numbers, ranges, units and hotline numbers.

Each takes the words as written and returns the normalized value, so extractors never
clean text inline and every rule is testable on its own (`parse_count("三") == 3`).
"""
from __future__ import annotations

import re
from typing import Optional

from .textnorm import fold_digits

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUMBER = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
RANGE = rf"{NUMBER}(?:\s*[-~至到]\s*{NUMBER})?"


def parse_number(text: str) -> Optional[float]:
    """Arabic or Chinese numerals: `15`, `2,000`, `1.5万`, `十五`, `二十四`, `一百零八`, `两`."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = float(text)
        return int(value) if value.is_integer() else value
    mixed = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([千万])", text)  # `1万`, `1.5万`, `5千`
    if mixed:
        value = float(mixed.group(1)) * (10000 if mixed.group(2) == "万" else 1000)
        return int(value) if value.is_integer() else value
    if not all(c in _CN_DIGITS or c in _CN_UNITS for c in text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    return total + section + (digit or 0)


def parse_range(text: str) -> tuple[Optional[float], Optional[float]]:
    """`10-15` → (15, 10); `3~5` → (5, 3); `7` → (7, None). The value is the upper bound."""
    parts = re.split(r"\s*[-~至到]\s*", text.strip(), maxsplit=1)
    high = parse_number(parts[-1])
    low = parse_number(parts[0]) if len(parts) == 2 else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return high, low


_UNITS = [
    (r"个?工作[日天]", "working_day"), (r"个?自然日", "natural_day"), (r"个?小时|h(?![a-z])", "hour"),
    (r"分钟|min(?![a-z])", "minute"), (r"秒", "second"), (r"周|星期", "week"),
    (r"个月", "month"), (r"天|日", "natural_day"),
]
UNIT = "(?:" + "|".join(p for p, _ in _UNITS) + ")"


def parse_unit(text: str) -> Optional[str]:
    """`个工作日`, `工作天` → working_day, `天`/`日`/`自然日` → natural_day, `h` → hour, `min` → minute."""
    text = text.strip()
    for pattern, unit in _UNITS:
        if re.fullmatch(pattern, text, re.I):
            return unit
    return None


def normalize_hotline(text: str) -> str:
    """Digits only, an extension kept as `#` plus digits: `95511-#-9`, `95511转9` → `95511#9`."""
    main, _, ext = fold_digits(text).replace("转", "#").partition("#")
    digits = re.sub(r"[^0-9]", "", main)
    ext = re.sub(r"[^0-9]", "", ext)
    return digits + ("#" + ext if ext else "")
