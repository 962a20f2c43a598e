"""Plain text and Markdown handbooks, in whatever encoding they arrive."""
from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path

from ..errors import EmptyFileError, EncodingError
from ..model import Document, Furniture
from ..textnorm import column_runs, display_width, is_page_number, normalize_line
from .base import DocumentBuilder, Reader, source_info
from .layout import Line, add_lines, is_list_start, is_numbering, numbered_heading_level

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_INLINE_MARKUP = re.compile(r"\*\*|__|</?(?:b|strong|em|i|u)>", re.I)
_BOLD_LEAD = re.compile(r"^\s*(?:\*\*|__|<(?:b|strong)>)(.+?)(?:\*\*|__|</(?:b|strong)>)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


_PLAUSIBLE = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\s“”‘’—…·]")


def _plausible(text: str) -> bool:
    """Real handbook text is almost all CJK, ASCII and common punctuation."""
    return bool(text) and len(_PLAUSIBLE.findall(text)) >= 0.95 * len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: accept it only when it decodes to plausible text."""
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    return None


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32 or GB18030; never guess silently.

    Returns (text, encoding). Raises EncodingError when no encoding reads the bytes cleanly.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise EncodingError(f"starts with a {encoding} byte-order mark but is not valid "
                                    f"{encoding} (byte {exc.start})", path) from None
    try:
        text = data.decode("utf-8")
        if len(_CONTROL.findall(text)) <= max(2, len(text) // 1000):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(data)
    if text is not None:
        return text, "utf-16"
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    raise EncodingError("is not readable text in UTF-8, UTF-16 or GB18030 "
                        "(binary data or a broken encoding)", path)


class TextReader(Reader):
    format = "text"

    @classmethod
    def supported_formats(cls) -> tuple[str, ...]:
        return ("text", "markdown")

    @classmethod
    def is_valid(cls, head: bytes) -> bool:
        """Whether the first bytes decode as text; the sample may end inside a character."""
        for cut in range(4):
            try:
                decode_text(head[: len(head) - cut] if cut else head)
                return True
            except EncodingError:
                continue
        return False

    def read(self, path: Path) -> Document:
        from .structured import structured_document

        text, _ = decode_text(path.read_bytes(), str(path))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return structured_document(text, path, self.format) or text_document(text.split("\n"), path, self.format)


def _line(raw: str) -> Line:
    wide = normalize_line(raw.replace("\u3000", "\u3000\u3000")) if "\u3000" in raw else None
    return Line(normalize_line(raw), wide=wide)


def text_document(raws: list[str], path: Path, fmt: str) -> Document:
    """Lines of text (Markdown marks allowed) laid out into a document: page furniture and a
    quoted earlier e-mail set aside, columns read one after the other, bold leads kept."""
    builder = DocumentBuilder()
    raws, revisions = _accept_revisions(raws)
    raws = _subtitle_text(raws)
    lines = [_line(_INLINE_MARKUP.sub("", _numbered_tab(_SCREEN_TITLE.sub(r"## \1", raw)))) for raw in raws]
    lines, furniture = _page_furniture(lines)
    furniture += revisions
    lines, quoted = _without_quoted_message(lines)
    add_lines(builder, _column_order(lines))
    if not builder.blocks:  # e.g. only a byte-order mark and blank lines
        raise EmptyFileError("is empty (no text once decoded)", str(path))
    doc = builder.build(source_info(path, fmt), furniture=furniture + quoted)
    _mark_bold_leads(doc, raws)
    return doc


# Tracked changes written into text: CriticMarkup (`{--…--}`, `{++…++}`, `{~~old~>new~~}`,
# `{>>…<<}`, `{==…==}`), Markdown's and HTML's strike-through (`~~…~~`, `<del>…</del>`, `<s>`,
# `<strike>`, as wiki pages keep it), and the bracketed marks of a
# revised draft (`[删除：…]`, `[插入：…]`, `[批注 李然：…]`); a change may span lines.
_REVISION = re.compile(
    r"\{--(?P<deleted>.*?)--\}|\{\+\+(?P<inserted>.*?)\+\+\}|\{~~(?P<old>.*?)~>(?P<new>.*?)~~\}"
    r"|\{>>(?P<comment>.*?)<<\}|\{==(?P<marked>.*?)==\}|~~(?P<struck>[^~\n]+?)~~"
    r"|<(?P<tag>del|s|strike)>(?P<struck_tag>[^<\n]*?)</(?P=tag)>"
    r"|[\[【](?:已?删除|删去)[：:](?P<removed>[^\]】]*)[\]】]"
    r"|[\[【](?:插入|新增|添加|增加)[：:](?P<added>[^\]】]*)[\]】]"
    r"|[\[【](?:批注|审阅意见|修订意见)[^：:\]】\n]{0,16}[：:](?P<remark>[^\]】]*)[\]】]", re.S)


_CUE_TIMING = re.compile(r"^\s*(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}\s*-->\s*(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}")
_CUE_NUMBER = re.compile(r"^\s*\d{1,5}\s*$")
_CAPTION = re.compile(r"^\s*【[^】]*】\s*$")
_SPOKEN_END = tuple("。！？!?")


def _subtitle_text(raws: list[str]) -> list[str]:
    """Subtitles (SRT, WebVTT) as the text they speak: cue numbers and timings out, the
    spoken lines run together into sentences across cues (`本服务每保单年度` / `可以使用2次`),
    a paragraph ending where a sentence does, each on-screen caption (`【视频问诊】`) a line
    of its own. Other text is left as it is."""
    if sum(bool(_CUE_TIMING.match(raw)) for raw in raws) < 3:
        return raws
    out: list[str] = []
    spoken = ""
    for i, raw in enumerate(raws):
        line = raw.strip()
        if (_CUE_TIMING.match(line) or line.upper() == "WEBVTT" or not line
                or _CUE_NUMBER.match(line) and i + 1 < len(raws) and _CUE_TIMING.match(raws[i + 1])):
            continue
        if _CAPTION.match(line):
            out += [spoken, line] if spoken else [line]
            spoken = ""
            continue
        spoken += line
        if spoken.endswith(_SPOKEN_END):
            out.append(spoken)
            spoken = ""
    return [text for line in out + [spoken] if line for text in (line, "")]


def _accept_revisions(raws: list[str]) -> tuple[list[str], list[Furniture]]:
    """The text as it reads with every tracked change accepted: deletions and reviewers'
    comments out (kept as furniture, `deleted` and `comment`), insertions in, unmarked."""
    text = "\n".join(raws)
    removed: list[Furniture] = []

    def accept(m: re.Match) -> str:
        page = 1 + text.count("\f", 0, m.start())
        for group, kind in (("deleted", "deleted"), ("struck", "deleted"), ("struck_tag", "deleted"),
                            ("removed", "deleted"), ("old", "deleted"), ("comment", "comment"),
                            ("remark", "comment")):
            if m.group(group) and m.group(group).strip():
                removed.append(Furniture(page, m.group(group).strip(), kind))
        return next((m.group(g) for g in ("inserted", "new", "marked", "added") if m.group(g) is not None), "")

    accepted = _REVISION.sub(accept, text)
    return (raws, []) if accepted == text else (accepted.split("\n"), removed)


_PAGE_COUNTER = re.compile(r"第\s*\d{1,4}\s*[页頁]|共\s*\d{1,4}\s*[页頁]|(?<![\d/:.-])(\d{1,4})\s*/\s*(\d{1,4})(?![\d/:])")
_CLOSING = tuple("。！？!?；;：:")


_MARKED_NUMBER = re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$|^page\s*\d{1,4}$", re.I)


def _is_page_marker(texts: list[str], i: int) -> bool:
    """A page counter (`第 3 页 共 5 页`, `3/5`, `- 3 -`), or a bare page number after a gap."""
    text = texts[i]
    if not text:
        return False
    if _MARKED_NUMBER.match(text) or any(
            not m.group(1) or int(m.group(1)) <= int(m.group(2)) for m in _PAGE_COUNTER.finditer(text)):
        return True  # `3/5` counts pages, `24/7` and `2024-09 / 2024年` do not
    return is_page_number(text) and i >= 2 and not texts[i - 1] and not texts[i - 2]


def _page_furniture(lines: list[Line]) -> tuple[list[Line], list[Furniture]]:
    """Text printed from paged documents: find its page breaks (page numbers, `第 N 页 共 M 页`)
    and the running header and footer beside them (the line next to a break that recurs,
    digits aside, at half the breaks or more); keep them as furniture, out of the text, and
    number the pages. A paragraph that runs on over a break is joined again."""
    texts = [line.text.strip() for line in lines]
    markers = [i for i in range(len(texts)) if _is_page_marker(texts, i)]
    if len(markers) < 2:
        return lines, []
    breaks = _clusters(markers)
    beside: dict[tuple[str, str], set[int]] = {}
    for n, cluster in enumerate(breaks):
        for side, j in (("footer", _next_content(texts, markers, cluster[0], -1)),
                        ("header", _next_content(texts, markers, cluster[-1], 1))):
            if j is not None:
                beside.setdefault((side, _shape(texts[j])), set()).add(n)
    running = {key for key, at in beside.items() if len(at) >= max(2, len(breaks) / 2)}
    furniture_at: dict[int, str] = {}
    for i in markers:
        furniture_at[i] = "footer"
        for side, step in (("footer", -1), ("header", 1)):
            j = _next_content(texts, markers, i, step)
            if j is not None and (side, _shape(texts[j])) in running:
                furniture_at[j] = side
    widths = sorted(display_width(text) for i, text in enumerate(texts) if text and i not in furniture_at)
    full = 0.7 * widths[int(0.9 * (len(widths) - 1))]  # a line wrapped at the margin, not a title
    kept, furniture, page, in_break = [], [], 1, False
    for i, line in enumerate(lines):
        if i in furniture_at:
            furniture.append(Furniture(page, texts[i], furniture_at[i]))
            if i in markers and not in_break:
                page += 1
            in_break = True
            continue
        if texts[i] and in_break:
            in_break = False
            if kept and _runs_on(kept, full):  # cut at the margin: the layout joins what may go on
                while not kept[-1].text.strip():
                    kept.pop()
                kept[-1] = replace(kept[-1], full=True)
            else:
                kept.append(Line("", page))
        if in_break and not texts[i]:
            continue
        kept.append(replace(line, page=page))
    return kept, furniture


_COLUMN_GAP = 3  # spaces that part two columns' runs of text: words keep two at most
_COLUMN_TEXT = 12  # display columns: a column of running text is wider than 6 CJK characters
_SPLIT_SHARE = 0.3  # share of a page's lines that must sit on both sides of a gutter
_CROSSING_SHARE = 0.2  # share that may cross it (titles, a centred heading)
_EDGE_SLACK = 4  # display columns (two CJK characters) short of a column's edge still fill it


def _column_order(lines: list[Line]) -> list[Line]:
    """Text laid out in columns side by side (`pdftotext -layout` of a two- or three-column
    brochure): per page, the lines of each column in turn, left to right, between the lines
    that cross a gutter. A gutter is a display position that many lines pass with three
    spaces or more and few cross, with running text on both sides (not labels and values).
    A column's line that reaches near its right edge is marked full: it wraps."""
    out: list[Line] = []
    for page_lines in _pages(lines):
        gutters = _gutters(page_lines)
        if not gutters:
            out += page_lines
            continue
        runs = [_runs(line.text) for line in page_lines]
        count = len(gutters) + 1

        def column(start: int) -> int:
            return sum(start > gutter for gutter in gutters)

        placed = [[r for parts in runs for r in parts if column(r[0]) == c] for c in range(count)]
        margins = [min((r[0] for r in mine), default=0) for mine in placed]
        edges = [_upper_quartile([r[1] for r in mine]) for mine in placed]
        columns: list[list[Line]] = [[] for _ in range(count)]
        for line, parts in zip(page_lines, runs):
            if not parts:
                for lines_of_column in columns:
                    lines_of_column.append(line)
                continue
            if any(start < gutter < end for start, end, _ in parts for gutter in gutters):
                out += [line for lines_of_column in columns for line in lines_of_column] + [line]
                columns = [[] for _ in range(count)]
                continue
            for c in range(count):
                mine = [r for r in parts if column(r[0]) == c]
                if mine:
                    text = " " * (mine[0][0] - margins[c]) + "   ".join(r[2] for r in mine)
                    columns[c].append(Line(text, line.page, line.heading_level,
                                           mine[-1][1] >= edges[c] - _EDGE_SLACK))
        out += [line for lines_of_column in columns for line in lines_of_column]
    return out


def _upper_quartile(values: list[int]) -> int:
    return sorted(values)[3 * len(values) // 4] if values else 0


def _pages(lines: list[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = []
    for line in lines:
        if not pages or line.page != pages[-1][-1].page:
            pages.append([])
        pages[-1].append(line)
    return pages


def _runs(text: str) -> list[tuple[int, int, str]]:
    return column_runs(text, _COLUMN_GAP)


def _gutters(lines: list[Line]) -> list[int]:
    """The display positions between the page's columns, left to right ([] for one column):
    those that most lines pass in a gap and fewest cross, each a column's width from the others."""
    rows = [runs for runs in map(_runs, (line.text for line in lines)) if runs]
    gaps = [(a[1], b[0]) for runs in rows for a, b in zip(runs, runs[1:])]
    if len(gaps) < 3:
        return []
    score: dict[int, int] = {}  # lines passing the position in a gap, less those crossing it
    for position in sorted({g for start, end in gaps for g in range(start + 1, end)}):
        split = sum(any(a[1] < position < b[0] for a, b in zip(runs, runs[1:])) for runs in rows)
        crossing = sum(any(start < position < end for start, end, _ in runs) for runs in rows)
        if split >= max(3, _SPLIT_SHARE * len(rows)) and crossing <= _CROSSING_SHARE * len(rows):
            score[position] = split - crossing
    gutters: list[int] = []
    for position in sorted(score, key=lambda p: -score[p]):
        if all(abs(position - g) > 2 * _COLUMN_TEXT for g in gutters):
            gutters.append(position)
    gutters.sort()
    bounds = [-1, *gutters, 10 ** 6]
    for left, right in zip(bounds, bounds[1:]):  # running text in every column
        widths = sorted(end - start for runs in rows for start, end, _ in runs if left < start and end < right)
        if not widths or widths[len(widths) // 2] < _COLUMN_TEXT:
            return []
    return gutters


def _numbered_tab(raw: str) -> str:
    """Word's "Save as text" sets a tab after a list number (`3.1<TAB>电话医生`, `(i)<TAB>…`): a
    numbered line, not a table row. A bare number (`1<TAB>致电热线`) may be a table's first cell."""
    mark, tab, rest = raw.partition("\t")
    if tab and "\t" not in rest and mark.strip() and is_numbering(mark.strip()):
        return f"{mark} {rest}"
    return raw


_SCREEN_TITLE = re.compile(r"^\s*(\S.*?)\s{2,}标题\s*$")  # `视频问诊  标题`: a screen reader names a title


_REPLY_HEADER = re.compile(r"^\s*>?\s*(?:-{2,}\s*)?(?:原始邮件|原邮件|转发邮件|Original Message|Forwarded message)"
                           r"|^\s*>?\s*(?:在|On)\s.*(?:写道|wrote)\s*[：:]\s*$", re.I)
_QUOTED = re.compile(r"^\s*>")


def _without_quoted_message(lines: list[Line]) -> tuple[list[Line], list[Furniture]]:
    """An e-mail's earlier message quoted below the reply (`> -------- 原始邮件 --------` and
    the `>` lines after it) is another, older document: kept as furniture, out of the text
    (a Markdown blockquote without a reply header stays text)."""
    start = next((i for i, line in enumerate(lines) if _REPLY_HEADER.match(line.text)), None)
    if start is None or not any(_QUOTED.match(line.text) for line in lines[start:start + 2]):
        return lines, []
    end = start + 1
    while end < len(lines) and (_QUOTED.match(lines[end].text) or not lines[end].text.strip()):
        end += 1
    quoted = [Furniture(line.page or 1, line.text.lstrip("> ").strip(), "quoted")
              for line in lines[start:end] if line.text.lstrip("> ").strip()]
    return lines[:start] + lines[end:], quoted


def _clusters(markers: list[int]) -> list[list[int]]:
    """Markers a few lines apart (a footer with a counter, then `- 3 -`) are one page break."""
    out: list[list[int]] = []
    for i in markers:
        if out and i - out[-1][-1] <= 3:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _next_content(texts: list[str], markers: list[int], i: int, step: int) -> int | None:
    """The nearest non-blank line before or after line `i` that is no page marker itself."""
    j = i + step
    while 0 <= j < len(texts):
        if texts[j] and j not in markers:
            return j
        j += step
    return None


def _runs_on(kept: list[Line], full: float) -> bool:
    """Whether the last line before a break is cut mid-sentence at the right margin."""
    last = next((line.text.strip() for line in reversed(kept) if line.text.strip()), "")
    return (bool(last) and not last.endswith(_CLOSING) and display_width(last) >= full
            and numbered_heading_level(last) is None)


def _shape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text))


def _mark_bold_leads(doc, raws: list[str]) -> None:
    """`**视频问诊**：…`: the markup is dropped from the text, but a block that opens in bold
    keeps the length of its bold words, so a bold lead-in can still be told for a title."""
    leads = {}
    for raw in raws:
        m = _BOLD_LEAD.match(raw)
        if m:
            line = normalize_line(_INLINE_MARKUP.sub("", raw)).strip()
            leads.setdefault(line, len(normalize_line(_INLINE_MARKUP.sub("", m.group(1))).strip()))
    if not leads:
        return
    by_start: dict[str, list[tuple[str, int]]] = {}  # so each block looks at a few leads only
    for line, length in leads.items():
        by_start.setdefault(line[:2], []).append((line, length))
    for block in doc.blocks:
        if block.kind == "table":
            continue
        for line, length in by_start.get(block.text[:2], ()):
            if block.text.startswith(line):
                block.emphasis = length
                break
