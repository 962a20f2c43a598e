"""Text normalization, applied once in the reader stage.

Every function here is small and pure so each rule can be tested on its own. Readers call
`normalize_line` on raw text, `join_lines` to undo hard wraps, and `match_form` to give
matchers a twin of the text with identical offsets: Simplified Chinese, OCR's look-alikes
of digits and ideographs read as what they stand for.
"""
from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import lru_cache
from itertools import groupby
from pathlib import Path

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_DASHES = dict.fromkeys(map(ord, "－–−‐‑‒﹣"), "-")
_TILDES = dict.fromkeys(map(ord, "～〜∼"), "~")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u3000\u2002\u2003\u2009\u202f"), " ")
_NUMBER_SIGNS = {ord("＃"): "#", ord("％"): "%", ord("＋"): "+"}
_CHAR_TABLE = {**_FULLWIDTH_ALNUM, **_DASHES, **_TILDES, **_INVISIBLE, **_SPACES, **_NUMBER_SIGNS}

# CJK Radicals Supplement (U+2E80–U+2EFF) → the unified ideograph each stands for, from the
# Unicode Character Database's EquivalentUnifiedIdeograph.txt (NFKC maps only two of them).
_RADICALS_SUPPLEMENT = (
    "2E81 5382 2E82 4E5B 2E83 4E5A 2E84 4E59 2E85 4EBB 2E86 5182 2E87 20628 2E88 5200 "
    "2E89 5202 2E8A 535C 2E8B 353E 2E8C 5C0F 2E8D 5C0F 2E8E 5140 2E8F 5C23 2E90 5C22 "
    "2E91 21BC2 2E92 5DF3 2E93 5E7A 2E94 5F51 2E95 5F50 2E96 5FC4 2E97 5FC3 2E98 624C "
    "2E99 6535 2E9B 65E1 2E9C 65E5 2E9D 6708 2E9E 6B7A 2E9F 6BCD 2EA0 6C11 2EA1 6C35 2EA2 6C3A "
    "2EA3 706C 2EA4 722B 2EA5 722B 2EA6 4E2C 2EA7 725B 2EA8 72AD 2EA9 738B 2EAA 24D14 "
    "2EAB 76EE 2EAC 793A 2EAD 793B 2EAE 25AD7 2EAF 7CF9 2EB0 7E9F 2EB1 7F53 2EB2 7F52 "
    "2EB3 34C1 2EB4 5197 2EB5 2626B 2EB6 7F8A 2EB7 2634C 2EB8 2634B 2EB9 8002 2EBA 8080 "
    "2EBB 807F 2EBC 8089 2EBD 26951 2EBE 8279 2EBF 8279 2EC0 8279 2EC1 864E 2EC2 8864 "
    "2EC3 8980 2EC4 897F 2EC5 89C1 2EC6 89D2 2EC7 278B2 2EC8 8BA0 2EC9 8D1D 2ECA 27FB7 "
    "2ECB 8F66 2ECC 8FB6 2ECD 8FB6 2ECE 8FB6 2ECF 9091 2ED0 9485 2ED1 9577 2ED2 9578 2ED3 957F "
    "2ED4 95E8 2ED5 28E0F 2ED6 961D 2ED7 96E8 2ED8 9752 2ED9 97E6 2EDA 9875 2EDB 98CE "
    "2EDC 98DE 2EDD 98DF 2EDE 2967F 2EDF 98E0 2EE0 9963 2EE1 29810 2EE2 9A6C 2EE3 9AA8 "
    "2EE4 9B3C 2EE5 9C7C 2EE6 9E1F 2EE7 5364 2EE8 9EA6 2EE9 9EC4 2EEA 9EFE 2EEB 6589 2EEC 9F50 "
    "2EED 6B6F 2EEE 9F7F 2EEF 7ADC 2EF0 9F99 2EF1 9F9C 2EF2 4E80 2EF3 9F9F")

# Full-width punctuation that is part of a number when it sits beside digits.
_NUMERIC_PUNCT = {"：": ":", "．": ".", "／": "/", "＊": "*", "—": "-", "―": "-"}
_PUNCT_BETWEEN_DIGITS = re.compile(r"(?<=\d)([：．／—―＊])(?=\d)")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # icon-font glyphs (Wingdings bullets) with no text
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Devanagari, … (`\d` is Unicode)


@lru_cache(maxsize=1)
def compatibility_table() -> dict[int, int]:
    """Radicals and compatibility ideographs → unified ideographs, one character each.

    PDF fonts (Noto CJK in Chromium's PDFs among them) map glyphs such as 工 to the Kangxi
    radical ⼯ (U+2F2F); a reader sees 工, so must every matcher and every evidence quote.
    NFKC gives the Kangxi radicals (U+2F00–U+2FDF) and the compatibility ideographs
    (U+F900–U+FAFF, U+2F800–U+2FA1F); the Radicals Supplement comes from the UCD table.
    """
    table = {}
    for block in (range(0x2F00, 0x2FE0), range(0xF900, 0xFB00), range(0x2F800, 0x2FA20)):
        for code in block:
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = ord(folded)
    pairs = _RADICALS_SUPPLEMENT.split()
    table.update((int(a, 16), int(b, 16)) for a, b in zip(pairs[::2], pairs[1::2]))
    return table


@lru_cache(maxsize=1)
def _normalizing_table() -> dict[int, int | str | None]:
    """`_CHAR_TABLE` and the compatibility table as one, for one pass over a line: no
    character of either is a key or a value of the other."""
    return {**_CHAR_TABLE, **compatibility_table()}


def normalize_chars(text: str) -> str:
    """Half-width digits/letters, one dash and one tilde, numeric punctuation beside digits,
    unified ideographs for radicals and compatibility ideographs (`⼯作⽇` → `工作日`).

    Chinese punctuation between words is kept: it is part of the wording reviewers read.
    """
    text = fold_digits(text.translate(_normalizing_table()))
    return _PUNCT_BETWEEN_DIGITS.sub(lambda m: _NUMERIC_PUNCT[m.group(1)], text)


def fold_digits(text: str) -> str:
    """Every decimal digit as its ASCII twin, one for one (`95١١١` → `95111`): numbers,
    hotlines and schema patterns only ever see 0-9."""
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def remove_artifacts(text: str) -> str:
    """Drop bookmark markers (`[bookmark: _Toc81]`) and private-use icon glyphs."""
    return _PRIVATE_USE.sub("", _BOOKMARK.sub("", text))


def normalize_line(line: str) -> str:
    """The per-line normalization every reader applies; trailing whitespace removed, and
    letter-spaced Chinese (`电 话 医 生 服 务`, as OCR and justified scans give it) closed up."""
    return _LETTER_SPACED.sub(_closed_up, normalize_chars(remove_artifacts(line))).rstrip()


def _closed_up(m: re.Match) -> str:
    run = m.group()
    return run if len(run) < 7 and any(c.isdigit() for c in run) else run.replace(" ", "")


# Three or more single characters, Chinese or digits, each set apart by one space: letters
# spaced out, not words (Chinese sets no spaces between words; `第一部分  关于` keeps two,
# and three with a number, `第 2 页`, keep theirs).
_SPACED_CHAR = r"[\u3400-\u9fff\uff01-\uff5e\u3001-\u3011，。：；、（）0-9]"
_LETTER_SPACED = re.compile(rf"(?<!\S){_SPACED_CHAR}(?: {_SPACED_CHAR}){{2,}}(?!\S)")


_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")


def ideographs(text: str) -> int:
    """How many Chinese characters a text holds, a parenthetical qualifier aside: what tells
    the Chinese part of a bilingual title (`在线问诊 ｜ Online Consultation（升级版）`)."""
    return len(_IDEOGRAPH.findall(_PARENTHETICAL.sub("", text)))


def is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
                         or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
                         or ch in "“”‘’…—·")


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph (see `wrap_space`)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and wrap_space(out[-1], line[0]):
            out += " "
        out += line
    return out


def wrap_space(before: str, after: str) -> bool:
    """Whether a wrap between two characters stood for a space. Not where either side is CJK
    (`公` + `立医院` → `公立医院`), nor after a hyphen or slash that the line broke at
    (`021-` + `38139960`, `follow-` + `up`); between Latin words and numbers, yes."""
    return not (is_cjk(before) or is_cjk(after) or (before in "-/" and after.isalnum()))


def display_width(text: str) -> int:
    """Columns a line takes on the page: CJK and full-width characters count two."""
    if text.isascii():
        return len(text)
    if max(text) > "\uffff":
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return len(text) + len("".join(_wide_runs().findall(text)))


@lru_cache(maxsize=1)
def _wide_runs() -> re.Pattern:
    """Runs of the Basic Multilingual Plane's wide and full-width characters, as Python's
    Unicode tables have them: counted by the regex engine, not character by character
    (a handbook's lines are measured tens of thousands of times)."""
    wide = [code for code in range(0x10000) if unicodedata.east_asian_width(chr(code)) in "WF"]
    ranges = [[code for _, code in run] for _, run in
              groupby(enumerate(wide), key=lambda pair: pair[1] - pair[0])]  # consecutive codes
    return re.compile("[" + "".join(f"{re.escape(chr(run[0]))}-{re.escape(chr(run[-1]))}"
                                    for run in ranges) + "]+")


@lru_cache(maxsize=None)
def _run_pattern(gap: int) -> re.Pattern:
    return re.compile(rf"\S+(?: {{1,{gap - 1}}}\S+)*")


def column_runs(text: str, gap: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each run of a line's text parted by `gap` spaces or more, in
    display columns: the cells of a line laid out in columns."""
    return [(display_width(text[:m.start()]), display_width(text[:m.end()]), m.group())
            for m in _run_pattern(gap).finditer(text)]


_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d{1,4}\s*[页頁](?:\s*[/，,共]\s*\d{1,4}\s*[页頁]?)?|-?\s*\d{1,4}\s*-?|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4})\s*$", re.I)


def is_page_number(line: str) -> bool:
    """A line that is only a page number: `25`, `- 3 -`, `第 4 页`, `3/12`, `Page 7`."""
    return bool(_PAGE_NUMBER.match(line))


@lru_cache(maxsize=1)
def _simplified_table() -> dict[int, int]:
    """Single-character Traditional→Simplified pairs of ideographs, so conversion keeps every
    offset; punctuation stays as written (zhconv also turns `「」` into `“”`, which would make a
    bracketed title a quotation).

    zhconv's dictionary file is read where zhconv is installed, without importing zhconv:
    that imports pkg_resources, a tenth of a second in every process reading a handbook.
    """
    package = Path(importlib.util.find_spec("zhconv").submodule_search_locations[0])
    pairs = json.loads((package / "zhcdict.json").read_bytes())["zh2Hans"]
    return {ord(k): ord(v) for k, v in pairs.items()
            if len(k) == 1 and len(v) == 1 and k != v and unicodedata.category(k) == "Lo"}  # no brackets: 「」 stay


def to_simplified(text: str) -> str:
    """Simplified-Chinese twin of `text` with the same length (`醫療保險` → `医疗保险`)."""
    return text.translate(_simplified_table())


def match_form(text: str) -> str:
    """What matchers read: the Simplified twin of `text`, with OCR's look-alikes and the
    ASCII punctuation of Chinese sentences folded, one character for one, so every offset
    still points into the text as written."""
    return fold_ascii_punctuation(fold_ocr_confusions(to_simplified(text)))


_ASCII_PUNCTUATION = ",;:?!()"
_AS_FULL_WIDTH = str.maketrans(_ASCII_PUNCTUATION, "，；：？！（）")
_PUNCTUATION_BESIDE_CHINESE = re.compile(
    rf"(?<=[\u3400-\u9fff])[{re.escape(_ASCII_PUNCTUATION)}]|[{re.escape(_ASCII_PUNCTUATION)}](?=[\u3400-\u9fff])")


def fold_ascii_punctuation(text: str) -> str:
    """A Chinese sentence typed with ASCII punctuation (`审核通过后1个工作日内,出院后`,
    `电话:400-…`, `(尊享版)`) reads as with full-width marks, which every rule is written
    with: a mark right beside an ideograph is folded; one between digits or letters
    (`3,000`, `08:30`, `times_per_year:`) is not."""
    return _PUNCTUATION_BESIDE_CHINESE.sub(lambda m: m.group().translate(_AS_FULL_WIDTH), text)


_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9OolI]*[0-9][0-9OolI]*(?![A-Za-z0-9])")
_LONE_DIGIT = re.compile(r"(?<=[\u3400-\u9fff\s])[OolI](?=\s*(?:个|次|分钟|小时|天|日|年|月|周|家|元|万))")
_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)一(?=\d)")
_AS_DIGIT = str.maketrans("OolI", "0011")
_KANA_LOOKALIKES = str.maketrans("エカロニハタ", "工力口二八夕")
_KANA_IN_CHINESE = re.compile(r"(?<=[\u3400-\u9fff])[エカロニハタ]|[エカロニハタ](?=[\u3400-\u9fff])")


def fold_ocr_confusions(text: str) -> str:
    """Text recognized from a scan mistakes letters for digits and kana for ideographs:
    `2O24`, `4OO-O27-8895`, `l20万`, `医生l分钟内` (O, o, l, I among digits or before a unit
    word), `3个エ作日` (katakana beside Chinese), `5一7个工作日` (一 between digits, a dash).
    Each is read as what it stands for; one character stays one character."""
    if not any(ch in "OolIエカロニハタ一" for ch in text):
        return text
    text = _DIGIT_RUN.sub(lambda m: m.group().translate(_AS_DIGIT), text)
    text = _LONE_DIGIT.sub(lambda m: m.group().translate(_AS_DIGIT), text)
    text = _KANA_IN_CHINESE.sub(lambda m: m.group().translate(_KANA_LOOKALIKES), text)
    return _DASH_BETWEEN_DIGITS.sub("-", text)
