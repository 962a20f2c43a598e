"""From lines of text to blocks: undo hard wraps, find headings, list items and tables.

Used by the text reader on its own and by the PDF reader for the running text between
tables. Readers that see fonts pass `heading_level` and `full` hints on each line; plain
text falls back on the patterns handbooks share (numbering, short title lines).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Optional

from ..rules.marks import (bracketed, brackets, bullets, card_label, heading_numbering, is_numbered,
                           opens_turn, opens_with_field_label, trail, trail_sites)
from ..textnorm import display_width, ideographs, is_cjk, is_page_number, join_lines, to_simplified, wrap_space
from .base import DocumentBuilder
from .aligned import aligned_table
from .stacked import column_table, names_items, stacked_table


@dataclass
class Line:
    text: str
    page: Optional[int] = None
    heading_level: Optional[int] = None  # from the font, where the reader knows it
    full: Optional[bool] = None  # reaches the right margin (a wrapped line), where known
    rule: bool = False  # a rule line (`-----`) set blank: it parts, it says nothing
    # the text with each full-width space two columns wide, as it was typed, where it had one:
    # a table aligned with `　` keeps its columns (the text folds `　` to one space)
    wide: Optional[str] = None


@dataclass
class _Unit:
    kind: str
    lines: list[Line] = field(default_factory=list)
    level: Optional[int] = None


_LIST_NUMBERING = (r"\d{1,3}\s*[、)）]|\d{1,3}\.(?!\d)|[（(]\d{1,3}[)）]|[（(][一二三四五六七八九十]+[)）]|[（(][ivxlc]{1,5}[)）]"
                   r"|[一二三四五六七八九十]+、|\*(?!\*)|[a-zA-Z][.)、]\s*|[IVX]{1,4}[.)、]\s*|[①-⑳]")
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?：:]")
_TITLE_PUNCT = re.compile(r"[，。；！？、,;!?：:]")
_TERMINAL = tuple("。！？!?；;：:")
_GRID = re.compile(r"[\u3400-\u9fff）)—]\s+[\u3400-\u9fff（(—]")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_WIKI_HEADING = re.compile(r"^(={2,6})\s*(\S.*?)\s*\1$")  # `== 标题 ==` (MediaWiki), `====== 标题 ======` (DokuWiki)
_OUTLINE_LINES = 5  # tab-indented lines that make a text an outline (a mind map or an outliner's export)
_QUANTITY = re.compile(r"\d\s*(?:个\s*)?(?:小时|工作[日天]|自然日|分钟)")
_RULE = re.compile(r"^\s*([-—_=═━─*~·.•])(?:\s*\1){2,}\s*$")  # `---`, `***`, `———`: a separator
_BAR_KEY = re.compile(r"^\s*[^\s｜|，。；：:]{1,8}\s*[｜|]\s*[^\s｜|]")  # `次数｜不限次`
_BILINGUAL = re.compile(r"^\s*(?:[^｜|]+[｜|]\s*[A-Za-z]|[A-Za-z][\w\s&.,'-]*[｜|])")  # `视频医生 ｜ Video Doctor`, `FAQ ｜ 常见问题`
_KEY_VALUE = re.compile(r"^\s*[^\s，。；：:]{2,12} {3,}\S")  # a key, three spaces or more, its value
_COLUMN_GAP = re.compile(r" {3,}")
_CONTROL = re.compile(r"\s[>›»∨∧⌄⌃▾▴]$")  # `立即预约 >`: a button or a fold of a web page
_LEADER = re.compile(r"\S\s*[.．·…]{4,}\s*\S")  # `在线问诊 ······ 不限次`: an entry whole on its line
_LEADER_TAIL = re.compile(r"(?:[.．·…]{4,}|…{2,})\s*(\S.*)$")  # what follows an entry's leader: a page or a value
_NARROW_COLUMN = 12  # display columns: six CJK characters, the narrowest column text is set in
_NARROW_LINES, _NARROW_SHARE = 20, 0.4  # lines of a narrow column that end at its margin
_TITLE_WIDTH = 76  # a numbered title's name: 38 CJK characters, a Latin letter half as wide
_GRID_BORDER = re.compile(r"^\s*[┌┏╔├┣╠└┗╚╟╞+][─━═┬┳╦┼╋╬┴┻╩┤┫╣┐┓╗┘┛╝╢╡+\-=:]+\s*$")  # `├──┼──┤`, `+---+`
_GRID_BAR = re.compile(r"[│┃║|]")
_GRID_ROW = re.compile(r"^\s*[│┃║|].*[│┃║|]\s*$")
_BANNER = re.compile(r"^\s*([-—_=═━─*~])\1{2,}\s*\S.*?\s*\1{3,}\s*$")  # `═══ 场景一 ═══`: a title


@lru_cache(maxsize=1)
def _list_marker() -> re.Pattern:
    """A list item's numbering or one of the rules' bullets opening a line."""
    return re.compile(rf"^(?:{_LIST_NUMBERING}|[{re.escape(bullets())}]\s*)")


def is_list_start(text: str) -> bool:
    return bool(_list_marker().match(text))


def _opens_with_symbol(text: str) -> bool:
    """A keycap (`1️⃣ 视频问诊`: a digit and the combining keycap) or a pictograph set before
    its words (`✅ 无限次`, `☎️ 400-…`) opens a line of its own."""
    rest = text[1:].lstrip("\ufe0f")
    return rest[:1] == "\u20e3" or (
        bool(text) and unicodedata.category(text[0]) == "So" and rest[:1] in (" ", "\u3000"))


def is_numbering(mark: str) -> bool:
    """Whether `mark` is a list item's or a title's numbering and nothing else (`3.1`, `a)`,
    `(i)`, `一、`); a bare number (`1`) is not."""
    form = to_simplified(mark)
    return bool(_list_marker().fullmatch(form)) or any(p.fullmatch(form) for _, p in heading_numbering())


def splits_quantity(before: str, after: str) -> bool:
    """`20 小` + `时以内`: a line broken inside a number's unit, as narrow table columns
    break them, or at a dash inside a number (`400-833` + `-9164`); the two lines are one
    phrase whatever their widths."""
    tail, head = before.rstrip()[-8:], after.lstrip()[:4]
    return (any(m.start() < len(tail) < m.end() for m in _QUANTITY.finditer(tail + head))
            or bool(_NUMBER_BREAK.match(tail[-1:] + head)))


_NUMBER_BREAK = re.compile(r"\d[-—]\d")  # `…拨打400-833` + `-9164转3`: a number broken at its dash, no bullet


def is_grid_line(text: str) -> bool:
    """Words set apart by spaces, as in a table flattened to text (`步骤 内容`), not a sentence
    led by a spaced label (`第一步  提交申请：拨打…`)."""
    text = text.strip()
    return bool(_GRID.search(text)) and not _SENTENCE_PUNCT.search(text)


def numbered_heading_level(text: str) -> Optional[int]:
    """Level of a short numbered title (`3. 重疾绿通服务`, `（二）垫付医疗服务`), else None."""
    form = to_simplified(text)  # the rules' words in Simplified characters: `第二條` reads `第二条`
    for level, pattern in heading_numbering():
        m = pattern.match(form)
        if m:
            title = text[m.end():].strip()
            tail = _LEADER_TAIL.search(title)
            if tail and not is_page_number(tail.group(1)):
                return None  # `2. 重疾专家门诊预约服务 ……… 保险期间内3次`: an entry and its value, no title
            named = _chinese_part(title)
            if (2 <= len(named) and display_width(named) <= _TITLE_WIDTH and not _SENTENCE_PUNCT.search(title)
                    and not is_grid_line(title) and any(is_cjk(c) or c.isalpha() for c in title)):
                return level
            return None
    return None


def decorated_title(text: str) -> Optional[str]:
    """`◆◇◆ 视频问诊 ◆◇◆`, `★ 权益速览 ★`: a short name set between the same few symbols on
    both sides (a poster's or an article's title), or None. The symbols are decoration, not
    text. (A banner ruled across the page, `═══ 场景一 ═══`, stays a line of its own.)"""
    text = text.strip()
    start, end = 0, len(text)
    while start < end and _is_symbol(text[start]):
        start += 1
    while end > start and _is_symbol(text[end - 1]):
        end -= 1
    left, name, right = set(text[:start]) - _JOINERS, text[start:end].strip(), set(text[end:]) - _JOINERS
    if not left or left != right or not 2 <= len(name) <= 30 or start > 4:
        return None
    return name if any(is_cjk(ch) or ch.isalpha() for ch in name) else None


_JOINERS = {"\ufe0f", "\u200d"}  # an emoji's variation selector and joiner


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or ch in _JOINERS


def _chinese_part(title: str) -> str:
    """A bilingual title (`在线问诊 ｜ Online Consultation`) is as long as its Chinese part."""
    return max(re.split(r"[｜|]", title), key=ideographs).strip()


def _is_title_line(text: str) -> bool:
    """A line that names what follows (`一、…`, `服务名称：…`, `■ …`, `═══ 场景一 ═══`): nothing
    runs on from it, however wide a bilingual title makes it."""
    if _BANNER.match(text):
        return True
    m = card_label().match(to_simplified(text)) or (_list_marker().match(text) if text[:1] in "■◆●★▲◇○□" else None)
    rest = text[m.end():] if m else text
    named = _chinese_part(rest)
    return numbered_heading_level(text) is not None or (
        m is not None and 2 <= len(named) <= 24 and not _SENTENCE_PUNCT.search(named))


def _glued_interpunct(text: str) -> bool:
    """`·中高端医疗保险` after a wrapped line: the dot of a name (`e生·中高端`, `约翰·史密斯`)
    that the wrap put first, not a bullet, which stands apart from its item or after a line
    that ended."""
    return text[:1] in "·・" and len(text) > 1 and not text[1].isspace()


def _opens_with_label(text: str) -> bool:
    """`【适用对象】…`, `次数｜不限次`, `使用次数：…`: a line led by a bracketed name, by a short
    key and a bar, or by a field label and a colon starts a field or a title of its own,
    never the rest of a wrapped line (quotation brackets may: `…登录` / `「泰生活」APP`)."""
    if _BAR_KEY.match(text) or opens_with_field_label(text):
        return True
    found = bracketed(text)
    return found is not None and text[found[0] - 1] not in brackets()[2]


def _short_title(text: str) -> bool:
    """An unnumbered line that could be a title: short, no punctuation, not a table row,
    not a web page's control (`立即预约 >`, `展开详情 ∨`)."""
    return (2 <= len(text) <= 24 and not _TITLE_PUNCT.search(text) and not is_grid_line(text)
            and not _CONTROL.search(text)
            and not is_list_start(text) and not text[0].isdigit()
            and any(is_cjk(c) or c.isalpha() for c in text))


def _is_table_row(text: str) -> bool:
    """Cells apart by tabs, pipes (a wiki's header row by carets: `^ 阶段 ^ 服务项目 ^`), or a run
    of spaces after a short key (`服务次数    每年1次`, as a web page or a laid-out PDF saves its
    two columns as text)."""
    return ("\t" in text or (text.startswith(("|", "^")) and text.count("|") + text.count("^") >= 2)
            or _is_key_value(text))


def _is_key_value(text: str) -> bool:
    """`服务次数    每年1次`, but not a numbered title set apart the same way (`第1项   电话医生服务`)."""
    return bool(_KEY_VALUE.match(text)) and not is_numbered(text)


def _split_row(text: str) -> Optional[list[str]]:
    """Cells of a tab-, pipe- or space-separated row; None for a Markdown separator row."""
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]  # a leading empty cell keeps its column
    if _is_key_value(text):
        return [c.strip() for c in _COLUMN_GAP.split(text.strip())]
    cells = [c.strip() for c in re.split(r"[|^]" if text.lstrip()[:1] == "^" else r"\|", text.strip().strip("|^"))]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
        return None
    return cells


def _grid_rows(lines: list[Line]) -> tuple[list[list[str]], list[Optional[int]]]:
    """A table drawn with box lines (`┌─┬─┐`, `│ a │ b │`, `+---+`): its rows and their pages.
    Where rules part the rows, the lines between two rules are one row, each cell's lines
    joined (a name wrapped inside its cell); else each line is a row."""
    parted = any(_GRID_BORDER.match(line.text) for line in lines[1:-1])
    groups: list[list[Line]] = [[]]
    for line in lines:
        if _GRID_BORDER.match(line.text):
            groups.append([])
        elif parted:
            groups[-1].append(line)
        else:
            groups += [[line], []]
    rows, pages = [], []
    for group in filter(None, groups):
        parts = [[c.strip() for c in _GRID_BAR.split(line.text.strip())[1:-1]] for line in group]
        width = max(map(len, parts))
        rows.append([join_lines([p[c] for p in parts if c < len(p)]) for c in range(width)])
        pages.append(group[0].page)
    return rows, pages


_STACKED_LINES = 400  # the most lines a table of one cell per line is looked for in
_ALIGNED_LINES = 200  # the most lines of a fixed-width table
_CSV_MIN_FIELDS = 3
_CSV_MIN_RECORDS = 3
_CSV_RECORD_LINES = 12  # a quoted cell spans a few lines; more means an unclosed quote, not a cell


def _csv_records(lines: list[Line], start: int) -> tuple[int, list[tuple[list[str], Optional[int]]]]:
    """A spreadsheet saved as CSV (`序号,服务项目,服务次数,,`): from line `start`, the records
    with one and the same number of fields (three or more), a quoted cell's line breaks,
    commas and doubled quotes read by the csv module, and where they end. Prose is no CSV:
    it sets a space after its commas. Returns (start, []) when no such run begins there."""
    records: list[tuple[list[str], Optional[int]]] = []
    end = start
    while end < len(lines) and "," in lines[end].text:
        window = [line.text + "\n" for line in lines[end:end + _CSV_RECORD_LINES]]
        reader = csv.reader(window)
        fields = next(reader)
        unclosed = reader.line_num == len(window) and any("\n" in f for f in fields)
        if unclosed or len(fields) < _CSV_MIN_FIELDS or any(f[:1].isspace() for f in fields) or (
                records and len(fields) != len(records[0][0])):
            break
        records.append(([join_lines(f.split("\n")) for f in fields], lines[end].page))
        end += reader.line_num
    if len(records) < _CSV_MIN_RECORDS:
        return start, []
    return end, records


def _add_csv(builder: DocumentBuilder, records: list[tuple[list[str], Optional[int]]]) -> None:
    """The records as tables parted by empty records, each without its empty columns. A
    record of one filled cell before or after a table's rows (a title, a note) is a
    paragraph; among them it is a row (a group row)."""
    tables: list[list[tuple[list[str], Optional[int]]]] = [[]]
    for record in records:
        if any(record[0]):
            tables[-1].append(record)
        elif tables[-1]:
            tables.append([])
    for table in filter(None, tables):
        filled = [i for i, (row, _) in enumerate(table) if sum(map(bool, row)) > 1]
        first, last = (filled[0], filled[-1]) if filled else (len(table), len(table))
        body = table[first:last + 1]
        for row, page in table[:first]:
            builder.add("paragraph", next(cell for cell in row if cell), page=page)
        if body:
            used = [c for c in range(len(body[0][0])) if any(row[c] for row, _ in body)]
            builder.add_table([[row[c] for c in used] for row, _ in body], header_rows=1,
                              row_pages=[page for _, page in body])
        for row, page in table[last + 1:]:
            builder.add("paragraph", next(cell for cell in row if cell), page=page)


def _drop_page_numbers(lines: list[Line]) -> list[Line]:
    """Bare page numbers in extracted text stand after a page gap (two or more blank lines)."""
    out: list[Line] = []
    blanks = 0
    for line in lines:
        text = line.text.strip()
        if text and blanks >= 2 and is_page_number(text):
            continue
        blanks = 0 if text else blanks + 1
        out.append(line)
    return out


def _wiki_levels(lines: list[Line]) -> dict[int, int]:
    """Heading level by the length of a wiki heading's `=` runs, where two or more lines are
    such headings. MediaWiki nests deeper with more (`== 章 ==`, `=== 节 ===`), DokuWiki with
    fewer (`====== 页 ======`, `==== 节 ====`): the page's first heading is the top."""
    runs = [len(m.group(1)) for line in lines if (m := _WIKI_HEADING.match(line.text.strip()))]
    if len(runs) < 2:
        return {}
    order = sorted(set(runs), reverse=runs[0] == max(runs))
    return {run: level for level, run in enumerate(order, 1)}


def _outline_depths(lines: list[Line]) -> Optional[list[int]]:
    """Each line's depth (its leading tabs) in a text written as an outline: five or more
    lines indented by tabs alone, at two depths or more, and no tab between words (a tab
    table). None for any other text."""
    depths = [len(line.text) - len(line.text.lstrip("\t")) for line in lines]
    indented = [d for d, line in zip(depths, lines) if d and line.text.strip()]
    if (len(indented) < _OUTLINE_LINES or len(set(indented)) < 2
            or any("\t" in line.text.strip() for line in lines)):
        return None
    return depths


def _collapse_double_spacing(lines: list[Line]) -> list[Line]:
    """Some extractions put a blank line after every line; then only a run of blanks parts."""
    texts = [bool(line.text.strip()) for line in lines]
    content = sum(texts)
    singles = sum(1 for i in range(1, len(lines) - 1)
                  if not texts[i] and texts[i - 1] and texts[i + 1])
    if content < 6 or singles < 0.6 * content:
        return lines
    out: list[Line] = []
    for i, line in enumerate(lines):
        if not texts[i] and 0 < i < len(lines) - 1 and texts[i - 1] and texts[i + 1]:
            continue
        if not texts[i] and out and not out[-1].text.strip():
            continue
        out.append(line)
    return out


def _wrap_width(lines: list[Line]) -> Optional[int]:
    """The column width of hard-wrapped text, or None when lines are whole paragraphs.

    Wrapped text piles many lines up against one right margin: look for the widest
    10-column band that holds at least a quarter of the long lines. Text of one narrow
    column (a brochure's boxes through `pdftotext`, six to twenty characters a line) has
    no long lines: there, a 4-column band holding most lines, with almost none beyond it,
    is the margin.
    """
    widths = sorted(display_width(line.text.strip()) for line in lines
                    if line.text.strip() and not _is_table_row(line.text))  # sorted: bisections count
    long = widths[bisect_left(widths, 40):]
    if len(long) >= 5:
        bands = [low for low in range(40, long[-1] + 1)
                 if bisect_left(long, low + 10) - bisect_left(long, low) >= max(5, 0.25 * len(long))]
        return bands[-1] + 9 if bands else None
    for low in range(min(widths[-1] if widths else 0, 39), _NARROW_COLUMN - 1, -1):
        inside = bisect_left(widths, low + 4) - bisect_left(widths, low)
        beyond = len(widths) - bisect_left(widths, low + 4)
        if inside >= max(_NARROW_LINES, _NARROW_SHARE * len(widths)) and beyond <= 0.05 * len(widths):
            return low + 3
    return None


class _Layout:
    def __init__(self, lines: list[Line], font_headings: bool):
        self.font_headings = font_headings
        lines = _collapse_double_spacing(_drop_page_numbers(lines))
        self.lines = lines
        self.wrap = _wrap_width(lines)
        self.nonblank = [i for i, line in enumerate(lines) if line.text.strip()]
        self.wiki_levels = _wiki_levels(lines)
        # a Markdown file (a wiki page) marks its headings: a short plain line there is no heading
        self.markdown = sum(1 for line in lines if _MARKDOWN_HEADING.match(line.text.strip())) >= 2 or bool(
            self.wiki_levels)
        self.depths = _outline_depths(lines)
        self.page_level = 1  # the depth of the web page the last breadcrumb trail opened
        self.sites = trail_sites([line.text for line in lines])
        # a poster marks its titles with symbols (`◆◇◆ 视频问诊 ◆◇◆`) and sets one fact a line:
        # a short plain line is a heading there only where a paragraph starts
        self.decorated = sum(1 for line in lines if decorated_title(line.text)) >= 2

    def _neighbour(self, i: int, step: int) -> Optional[str]:
        j = i + step
        while 0 <= j < len(self.lines):
            text = self.lines[j].text.strip()
            if text:
                return text
            j += step
        return None

    def is_full(self, line: Line) -> bool:
        if line.full is not None:
            return line.full
        return bool(self.wrap) and display_width(line.text.strip()) >= 0.8 * self.wrap

    def continues(self, unit: Optional[_Unit], text: str, after: Optional[str] = None) -> bool:
        """Whether `text` carries on the wrapped last line of `unit` (`after` is the next line).
        An outline's every line is a node of its own."""
        if unit is None or unit.kind == "heading" or not unit.lines or self.depths is not None:
            return False
        last = unit.lines[-1]
        if splits_quantity(last.text, text):
            return True
        if _heads_another_list(unit, text, after):
            return False
        return (self.is_full(last) and not last.text.rstrip().endswith(_TERMINAL)
                and not _LEADER.search(last.text) and not _LEADER.search(text)
                and numbered_heading_level(text) is None
                and (not is_list_start(text) or _glued_interpunct(text))
                and not _MARKDOWN_HEADING.match(text) and not _WIKI_HEADING.match(text) and not trail(text, self.sites)
                and not _opens_with_symbol(text)
                and not _is_table_row(text) and not _is_title_line(last.text.strip())
                and not _opens_with_label(text) and not opens_turn(text))

    def heading_level(self, i: int, text: str) -> Optional[int]:
        line = self.lines[i]
        if self.font_headings:
            return line.heading_level
        if self.depths is not None:
            return self._outline_level(i, text)
        if trail(text, self.sites):  # `首页 > 健康服务 > 图文问诊`: the page it opens, as deep as its trail
            self.page_level = min(len(re.findall(r"[>›»]", text)) + 1, 5)
            return self.page_level
        after = self._neighbour(i, 1)
        if after is not None and splits_quantity(text, after):
            return None  # a title does not break off inside `20 小|时`
        level = numbered_heading_level(text)
        if level is not None:
            return level
        if self.markdown or not _short_title(text) or self.is_full(line):
            return None
        if self.decorated and (i > 0 and self.lines[i - 1].text.strip()
                               or decorated_title(self._neighbour(i, -1) or "")):
            return None  # a fact's line, or the first line under a title
        if _opens_with_label(text) and not card_label().match(to_simplified(text)) and not _BILINGUAL.match(text) and (
                _BAR_KEY.match(text) or bracketed(text)[2] < len(text)):
            return None  # `【使用次数】每保单年度1次`, `专线｜400…`: a field and its value
        before = self._neighbour(i, -1)
        if after is None or any(self._touching_grid(i, step) for step in (-1, 1)):
            return None
        if _opens_with_symbol(text) and i > 0 and _opens_with_symbol(self.lines[i - 1].text.strip()):
            return None  # a line led by a pictograph right under another: the run's facts, not a title
        if all(n is not None and _short_title(n) for n in (before, after)):
            return None
        if self.wrap and (self._fragment(i - 1) or self._fragment(i + 1) and not is_list_start(after)):
            return None  # a cell of a narrow column, unless it stands above a list (a card's tags)
        return self.page_level + 1  # under the page a trail opened (`常见问题` of its page), else 2

    def _outline_level(self, i: int, text: str) -> Optional[int]:
        """An outline's node with children under it (the next node indented deeper) heads
        them, at its depth; a leaf is a line of its parent's."""
        j = next((j for j in range(i + 1, len(self.lines)) if self.lines[j].text.strip()), None)
        if j is None or self.depths[j] <= self.depths[i] or len(text) > _TITLE_WIDTH or _reads_as_sentence(text):
            return None
        return min(self.depths[i] + 1, 6)

    def wiki_heading(self, text: str) -> Optional[tuple[int, str]]:
        """(level, title) of a wiki page's heading line, or None."""
        m = _WIKI_HEADING.match(text) if self.wiki_levels else None
        return (self.wiki_levels[len(m.group(1))], m.group(2)) if m else None

    def _touching_grid(self, i: int, step: int) -> bool:
        """The nearest line beside is a row of a text grid: the candidate is one of its
        cells, not a title. A table row past a blank line is not: the table ended there."""
        j = i + step
        while 0 <= j < len(self.lines) and not self.lines[j].text.strip():
            j += step
        if not 0 <= j < len(self.lines):
            return False
        text = self.lines[j].text.strip(" \r\n")
        return is_grid_line(text.strip()) and not (abs(j - i) > 1 and _is_table_row(text))

    def _fragment(self, j: int) -> bool:
        """A short unfinished line right beside: the candidate is a cell of a narrow column."""
        if not 0 <= j < len(self.lines):
            return False
        text = self.lines[j].text.strip()
        return (bool(text) and display_width(text) < 0.6 * self.wrap
                and not text.endswith(_TERMINAL) and not _CONTROL.search(text))


_SENTENCE_LENGTH = 16  # characters: a line this long that ends in a full stop states, not names


def _reads_as_sentence(text: str) -> bool:
    """Clauses ending in a full stop (`…限申请1次；已办理入院手续后…，不予受理。`), or one long
    clause (`V1.2 2024-03-15 合作机构由4家增至5家。`): a sentence, not a title, whatever mark
    stands before it."""
    text = text.rstrip()
    return text.endswith(("。", "！", "？")) and (
        bool(_SENTENCE_PUNCT.search(text[:-1])) or len(text) >= _SENTENCE_LENGTH)


def _heads_another_list(unit: _Unit, text: str, after: Optional[str]) -> bool:
    """A short line without sentence punctuation between a bulleted item and a list of
    another bullet (`• …15-20个工作日`, `右栏 · 术后上门护理`, `√ 被保险人…`) heads the new
    list: it is no tail of the item before."""
    marks = bullets()
    first = unit.lines[0].text.strip()[:1]
    return (unit.kind == "list_item" and first in marks and after is not None and after[:1] in marks
            and after[:1] != first and len(text) <= 24 and not _SENTENCE_PUNCT.search(text))


def _join(unit: _Unit) -> tuple[str, list[tuple[int, int]]]:
    """Join a unit's lines; returns the text and (offset, page) where each page begins."""
    text, breaks, page = "", [], None
    for line in unit.lines:
        part = line.text.strip()
        if not part:
            continue
        if text and wrap_space(text[-1], part[0]) and not _NUMBER_BREAK.match(text[-1] + part[:2]):
            text += " "
        if line.page is not None and line.page != page:
            breaks.append((len(text), line.page))
            page = line.page
        text += part
    return text, breaks


def _emit(builder: DocumentBuilder, unit: Optional[_Unit]) -> None:
    """A unit's joined lines as one block, or, where a paragraph runs its numbered items on
    (`…服务：（1）电话医生：…；（2）重疾绿色通道：…；（3）…`), as the words before them and
    one list item per number."""
    if unit is None or not unit.lines:
        return
    text, breaks = _join(unit)
    starts = _inline_item_starts(text) if unit.kind != "heading" else []
    bounds = sorted({0, *starts, len(text)})
    for a, b in zip(bounds, bounds[1:]):
        kind = "list_item" if a in starts else unit.kind
        builder.add(kind, text[a:b].rstrip(), level=unit.level,
                    page_breaks=[(offset - a, page) for offset, page in breaks if a <= offset < b])


_INLINE_ITEM = re.compile(r"(?:^|(?<=[：:；;。]))\s*(?:[（(](\d{1,2})[)）]|([①-⑳]))")
_INLINE_ITEMS = 3  # numbered items in a run that make a paragraph a list run on (two after a colon)


def _item_number(m: re.Match) -> int:
    return int(m.group(1)) if m.group(1) else ord(m.group(2)) - ord("①") + 1


def _inline_item_starts(text: str) -> list[int]:
    """Where the items of a list run on inside a paragraph begin: `（1）`, `（2）`, `（3）`…
    (or `①②③`) in order, each after a colon or a clause's end (`本条第（2）项` refers to an
    item, it starts none): three at least, or two that a colon introduces (`以下服务：（1）…；
    （2）…`). A paragraph opening with its own number (`（3）住院费用垫付：…；（4）…`) goes on
    counting from it."""
    lead = _INLINE_ITEM.match(text)
    starts, expected, introduced = ([0], _item_number(lead) + 1, False) if lead else ([], 1, False)
    for m in _INLINE_ITEM.finditer(text, lead.end() if lead else 0):
        if _item_number(m) == expected:
            at = m.start() + len(m.group()) - len(m.group().lstrip())
            introduced = introduced or (expected == 1 and text[:at].rstrip().endswith(("：", ":")))
            starts.append(at)
            expected += 1
    return starts if len(starts) >= _INLINE_ITEMS or (introduced and len(starts) >= 2) else []


_LIST_MARK = re.compile(rf"\s*(?:{_LIST_NUMBERING})\s*")


def _hangs_under(unit: Optional[_Unit], line: Line) -> bool:
    """A line indented as far as the text after a list item's number (`7. 癌症早筛：…请在“北京人寿健康”`
    then `   小程序“早筛预约”申请。`), the item not ended: the item's wrapped text, however short its line."""
    if unit is None or unit.kind != "list_item" or not line.text.strip():
        return False
    mark = _LIST_MARK.match(unit.lines[0].text)
    indent = len(line.text) - len(line.text.lstrip(" "))
    last = unit.lines[-1].text.rstrip()
    return (mark is not None and indent >= 2 and abs(indent - display_width(mark.group())) <= 1
            and not last.endswith(_TERMINAL) and not is_list_start(line.text.strip()))


def add_lines(builder: DocumentBuilder, lines: list[Line], font_headings: bool = False) -> None:
    """Lay out `lines` into heading, paragraph, list-item and table blocks on `builder`."""
    lines = [Line("", line.page, rule=True) if _RULE.match(line.text) else line for line in lines]
    layout = _Layout(lines, font_headings)
    lines = layout.lines
    unit: Optional[_Unit] = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        window = lines[i:i + _ALIGNED_LINES] if (line.rule or "  " in text) and not font_headings else []
        aligned = window and aligned_table([later.wide or later.text for later in window],
                                           [later.rule for later in window])
        if aligned:
            _emit(builder, unit)
            unit = None
            used, rows, starts = aligned
            builder.add_table(rows, header_rows=1, row_pages=[lines[i + start].page for start in starts])
            i += used
            continue
        if not text:
            nxt = layout._neighbour(i, 1)
            if not (nxt and layout.wrap and layout.continues(unit, nxt)
                    and i + 1 < len(lines) and lines[i + 1].text.strip()):
                _emit(builder, unit)
                unit = None
            i += 1
            continue
        if _GRID_BORDER.match(text) and not font_headings:
            _emit(builder, unit)
            unit = None
            end = i + 1
            while end < len(lines) and (_GRID_BORDER.match(lines[end].text) or _GRID_ROW.match(lines[end].text)):
                end += 1
            rows, pages = _grid_rows(lines[i:end])
            if rows:
                builder.add_table(rows, header_rows=1, row_pages=pages)
            i = end
            continue
        following = [line.text.strip() for line in lines[i:i + _STACKED_LINES]] if (
            names_items(text) and not font_headings) else None
        stacked = following and (stacked_table(following) or column_table(following))
        if stacked:
            _emit(builder, unit)
            unit = None
            used, rows = stacked
            builder.add_table(rows, header_rows=1, row_pages=[line.page] * len(rows))
            i += used
            continue
        end, records = _csv_records(lines, i) if "," in text and not font_headings else (i, [])
        if records:
            _emit(builder, unit)
            unit = None
            _add_csv(builder, records)
            i = end
            continue
        if _is_table_row(line.text.strip(" \r\n")) and not font_headings and layout.depths is None:
            _emit(builder, unit)
            unit = None
            rows, pages = [], []
            while i < len(lines) and _is_table_row(lines[i].text.strip(" \r\n")):
                cells = _split_row(lines[i].text.rstrip("\n"))
                if cells is not None:
                    rows.append(cells)
                    pages.append(lines[i].page)
                i += 1
            builder.add_table(rows, header_rows=1, row_pages=pages)
            continue
        decorated = decorated_title(text) if not font_headings else None
        if decorated:
            _emit(builder, unit)
            unit = None
            builder.add("heading", decorated, level=2, page=line.page)
            i += 1
            continue
        wiki = layout.wiki_heading(text)
        if wiki and not font_headings:
            _emit(builder, unit)
            unit = None
            builder.add("heading", wiki[1], level=wiki[0], page=line.page)
            i += 1
            continue
        markdown = _MARKDOWN_HEADING.match(text)
        if markdown and _reads_as_sentence(markdown.group(2)):
            markdown = None  # `# 注3：住院费用垫付每次住院限申请1次；…。`: a commented note, no title
        if markdown and not font_headings:
            _emit(builder, unit)
            unit = None
            builder.add("heading", markdown.group(2), level=len(markdown.group(1)), page=line.page)
            i += 1
            continue
        if (layout.continues(unit, text, layout._neighbour(i, 1)) or _hangs_under(unit, line)) and not (
                font_headings and line.heading_level):
            unit.lines.append(line)
            i += 1
            continue
        _emit(builder, unit)
        level = layout.heading_level(i, text)
        if level is not None:
            unit = _Unit("heading", [line], level)
            _emit(builder, unit)
            unit = None
        else:
            unit = _Unit("list_item" if is_list_start(text) else "paragraph", [line])
        i += 1
    _emit(builder, unit)
