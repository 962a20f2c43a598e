"""Text normalization, applied once in the reader stage.

Every function here is small and pure so each rule can be tested on its own. Readers call
`normalize_line` on raw text, `join_lines` to undo hard wraps, and `to_simplified` to give
matchers a Simplified-Chinese twin of the text with identical offsets.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_DASHES = dict.fromkeys(map(ord, "－–−‐‑‒﹣"), "-")
_TILDES = dict.fromkeys(map(ord, "～〜∼"), "~")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u3000\u2002\u2003\u2009\u202f"), " ")
_NUMBER_SIGNS = {ord("＃"): "#", ord("％"): "%", ord("＋"): "+"}
_CHAR_TABLE = {**_FULLWIDTH_ALNUM, **_DASHES, **_TILDES, **_INVISIBLE, **_SPACES, **_NUMBER_SIGNS}

# Full-width punctuation that is part of a number when it sits beside digits.
_NUMERIC_PUNCT = {"：": ":", "．": ".", "／": "/", "＊": "*", "—": "-", "―": "-"}
_PUNCT_BETWEEN_DIGITS = re.compile(r"(?<=\d)([：．／—―＊])(?=\d)")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # icon-font glyphs (Wingdings bullets) with no text
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Devanagari, … (`\d` is Unicode)


def normalize_chars(text: str) -> str:
    """Half-width digits/letters, one dash and one tilde, numeric punctuation beside digits.

    Chinese punctuation between words is kept: it is part of the wording reviewers read.
    """
    text = fold_digits(text.translate(_CHAR_TABLE))
    return _PUNCT_BETWEEN_DIGITS.sub(lambda m: _NUMERIC_PUNCT[m.group(1)], text)


def fold_digits(text: str) -> str:
    """Every decimal digit as its ASCII twin, one for one (`95١١١` → `95111`): numbers,
    hotlines and schema patterns only ever see 0-9."""
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def remove_artifacts(text: str) -> str:
    """Drop bookmark markers (`[bookmark: _Toc81]`) and private-use icon glyphs."""
    return _PRIVATE_USE.sub("", _BOOKMARK.sub("", text))


def normalize_line(line: str) -> str:
    """The per-line normalization every reader applies; trailing whitespace removed."""
    return normalize_chars(remove_artifacts(line)).rstrip()


def is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
                         or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
                         or ch in "“”‘’…—·")


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph.

    No space is inserted where either side is CJK (`公` + `立医院` → `公立医院`); a single
    space separates Latin words and numbers that the wrap split apart.
    """
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not is_cjk(out[-1]) and not is_cjk(line[0]):
            out += " "
        out += line
    return out


def display_width(text: str) -> int:
    """Columns a line takes on the page: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d{1,4}\s*页(?:\s*[/，,共]\s*\d{1,4}\s*页?)?|-?\s*\d{1,4}\s*-?|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4})\s*$", re.I)


def is_page_number(line: str) -> bool:
    """A line that is only a page number: `25`, `- 3 -`, `第 4 页`, `3/12`, `Page 7`."""
    return bool(_PAGE_NUMBER.match(line))


@lru_cache(maxsize=1)
def _simplified_table() -> dict[int, int]:
    """Single-character Traditional→Simplified pairs, so conversion keeps every offset."""
    from zhconv import zhconv

    zhconv.loaddict()
    pairs = zhconv.zhcdicts["zh2Hans"]
    return {ord(k): ord(v) for k, v in pairs.items() if len(k) == 1 and len(v) == 1 and k != v}


def to_simplified(text: str) -> str:
    """Simplified-Chinese twin of `text` with the same length (`醫療保險` → `医疗保险`)."""
    return text.translate(_simplified_table())
