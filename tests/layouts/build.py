"""Layout variants of the keyed handbooks: the same words with their service titles restyled.

Segmentation must find the same services and facts whatever the layout, so each variant
rewrites only the lines that title a keyed service (found by the key's `name`) and keeps
every other line as written. Summary-table rows and group or chapter headings are never
titles here; a lead-in title (`【门诊绿通】会员…`, `**视频问诊**：…`) is restyled only into
the other lead-in style, since splitting it off would invent a line. The `table` style adds
an overview table whose cells are sentences copied from each service's own body.

    python -m tests.layouts.build OUT_DIR     # writes OUT_DIR/<style>/<handbook>.txt
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import zhconv

DATA = Path(__file__).resolve().parent.parent / "data"
KEYED = [(DATA / "seeds", DATA / "gold"), (DATA / "devset" / "texts", DATA / "devset" / "gold")]
STYLES = ["numbered", "markdown", "bracket", "bold", "symbol", "card", "table"]
TABLE_HEADER = ["服务项目", "服务内容", "服务次数", "服务时效", "申请方式"]

_CN = "一二三四五六七八九十"
_NUM = r"[\d０-９]"
_NUMBERING = re.compile(
    rf"^(?:第[{_CN}百零\d０-９]+[章节條条部分篇]|[{_CN}]+[、.．]|[（(][{_CN}\d０-９]+[)）]"
    rf"|{_NUM}{{1,2}}(?:[.．]{_NUM}{{1,2}})*[.．、]?(?!{_NUM}))[\s\u3000]*")
_BOOKMARK = re.compile(r"^(?:\[bookmark: [^\]]*\])+")
_MARKDOWN = re.compile(r"^(#+)\s*")
_SYMBOL = re.compile(r"^[■◆●★▲□◇○☆•·]\s*")
_LABEL = re.compile(r"^(?:【服务名称】|服务名称[：:]\s*)")
_LEAD_IN = re.compile(r"^(?:【([^】]{1,40})】|\*\*([^*]{1,40})\*\*[：:]?)(.*)$")
_TOC = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*\d+\s*$|\t\d+\s*$")
_TRAILING_QUALIFIER = re.compile(r"[（(][^（()）]*[)）]$")
_SYMBOLS = "■◆●★"


def name_key(text: str) -> str:
    """Names compared in Simplified characters, without punctuation, spaces or a trailing
    qualifier (`（尊享计划专属）`, `（升级版）`), and by their Chinese half when bilingual."""
    parts = [p for p in re.split(r"[｜|]", text) if re.search(r"[\u4e00-\u9fff]", p)]
    plain = _TRAILING_QUALIFIER.sub("", (parts[0] if parts else text).strip())
    plain = re.sub(r"\s+[A-Za-z][A-Za-z &\-]*$", "", plain)
    return re.sub(r"[\W_]+", "", zhconv.convert(plain, "zh-cn"))


@dataclass
class Title:
    """A line that titles a keyed service: its words, its numbering, its body if inline."""

    line: int
    text: str
    numbering: Optional[str]
    markdown: Optional[int]
    inline_body: Optional[str]


def _strip_markup(line: str) -> tuple[str, Optional[str], Optional[int]]:
    """A line without its leading markup: (rest, numbering as written, Markdown level)."""
    rest = _BOOKMARK.sub("", line.strip()).strip()
    numbering, markdown = None, None
    while True:
        before = rest
        if m := _MARKDOWN.match(rest):
            markdown, rest = len(m.group(1)), rest[m.end():]
        rest = _LABEL.sub("", _SYMBOL.sub("", rest))
        if m := _NUMBERING.match(rest):
            numbering, rest = m.group(0), rest[m.end():]
        if rest == before:
            return rest, numbering, markdown


def parse_title(line: str) -> Optional[Title]:
    """The title a line would be if it titled a service (markup stripped), else None."""
    rest, numbering, markdown = _strip_markup(line)
    if not rest or "\t" in rest or rest.startswith("|") or _TOC.search(rest):
        return None
    inline_body = None
    if m := _LEAD_IN.match(rest):
        rest, inline_body = (m.group(1) or m.group(2)).strip(), m.group(3).strip() or None
        if m.group(2) and rest.endswith(("：", ":")):
            rest = rest[:-1]
    rest = re.sub(r"[\s：:]+$", "", rest)
    if not rest or len(rest) > 60:
        return None
    return Title(-1, rest, numbering, markdown, inline_body)


def find_titles(lines: list[str], key: dict) -> tuple[list[Title], list[str]]:
    """Every line titling a keyed service, and the key names that have no such line."""
    wanted = {name_key(s["name"]) for s in key["services"]}
    titles, found = [], set()
    for index, line in enumerate(lines):
        title = parse_title(line)
        if title and name_key(title.text) in wanted:
            title.line = index
            titles.append(title)
            found.add(name_key(title.text))
    return titles, [s["name"] for s in key["services"] if name_key(s["name"]) not in found]


def _joinable(line: str) -> bool:
    """A plain sentence that can follow a lead-in title (not a heading, list, table or label)."""
    text = line.strip()
    return (bool(re.search(r"[\u4e00-\u9fff]", text)) and "\t" not in text
            and _strip_markup(text)[0] == text and not _LEAD_IN.match(text)
            and not re.match(r"^[^，。]{1,8}[：:]", text) and not re.match(r"^[-*>|【]", text))


def _next_nonblank(lines: list[str], index: int) -> Optional[int]:
    for later in range(index + 1, len(lines)):
        if lines[later].strip():
            return later
    return None


def _chinese_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens < 2 else _CN[tens - 1]) + ("十" if tens else "") + (_CN[ones - 1] if ones else ""))


def _starts_with(lines: list[str], pattern: str, skip: set[int]) -> bool:
    return any(re.match(pattern, line.strip()) for i, line in enumerate(lines) if i not in skip)


def restyle(lines: list[str], titles: list[Title], style: str) -> list[str]:
    """The lines with every title in `style`; a lead-in style may absorb the next body line."""
    out = list(lines)
    title_lines = {t.line for t in titles}
    fresh = "一、" if not _starts_with(lines, rf"^[{_CN}]+、", title_lines) else "1. "
    symbol = next((s for s in _SYMBOLS if not _starts_with(lines, s, title_lines)), _SYMBOLS[0])
    counter = 0
    absorbed: set[int] = set()
    for title in titles:
        name, body = title.text, title.inline_body
        if body is not None:
            if style in ("bracket", "bold"):
                out[title.line] = f"【{name}】{body}" if style == "bracket" else f"**{name}**：{body}"
            continue
        if style == "numbered":
            if title.numbering:
                out[title.line] = title.numbering + name
            else:
                counter += 1
                number = _chinese_number(counter) + "、" if fresh == "一、" else f"{counter}. "
                out[title.line] = number + name
        elif style == "markdown":
            out[title.line] = "#" * (title.markdown or 2) + " " + name
        elif style == "symbol":
            out[title.line] = f"{symbol} {name}"
        elif style == "card":
            out[title.line] = f"服务名称：{name}"
        elif style in ("bracket", "bold"):
            lead = f"【{name}】" if style == "bracket" else f"**{name}**"
            nxt = _next_nonblank(lines, title.line)
            if nxt is not None and nxt not in title_lines and _joinable(lines[nxt]):
                out[title.line] = lead + ("" if style == "bracket" else "：") + lines[nxt].strip()
                absorbed.update(range(title.line + 1, nxt + 1))
            else:
                out[title.line] = lead
    return [line for i, line in enumerate(out) if i not in absorbed]


# --- the summary-table style -------------------------------------------------------------

_COUNT = re.compile(r"(?:\d|[一二两三四五六七八九十])\s*次|不限次|无限次")
_TIME = re.compile(r"(?:\d|[一二两三四五六七八九十])\s*(?:个)?\s*(?:工作日|自然日|小时|分钟|天|日内)")
_CHANNEL = re.compile(r"热线|\d{5,}|APP|App|小程序|公众号")
_WRAP_WIDTH = 20  # shorter lines without a full stop are headings, not wrapped sentences
_SENTENCE_END = ("。", "；", ";", "：", ":", "！", "？")
_OPENING_HOURS = re.compile(r"7\s*[*×xX]\s*24\s*(?:个)?\s*小时")


def _form(line: str) -> Optional[str]:
    """The rank form of a heading-like line (numbering style, Markdown level, symbol)."""
    text = _BOOKMARK.sub("", line.strip())
    if m := _MARKDOWN.match(text):
        return "#" * len(m.group(1))
    for form, pattern in (("chapter", r"^第.{1,3}[章节條条部分篇]"), ("cn", rf"^[{_CN}]+[、.．]"),
                          ("paren", rf"^[（(][{_CN}]+[)）]"), ("num2", rf"^{_NUM}+[.．]{_NUM}+"),
                          ("num1", rf"^{_NUM}+[.．、]\s*\S")):
        if re.match(pattern, text):
            return form
    return text[0] if text and text[0] in _SYMBOLS else None


def _body(lines: list[str], title: Title, titles: list[Title]) -> list[str]:
    """The lines of one service: up to the next title, or a heading of its own or a higher rank."""
    order = []
    for line in lines:
        form = _form(line)
        if form and form not in order:
            order.append(form)
    own = _form(lines[title.line])
    stops = set(order[: order.index(own) + 1]) if own in order else set()
    starts = {t.line for t in titles}
    body = []
    for index in range(title.line + 1, len(lines)):
        if index in starts or (_form(lines[index]) in stops and stops):
            break
        body.append(lines[index])
    return body


def _paragraphs(body: list[str], lines: list[str]) -> list[str]:
    """The body's running text, hard-wrapped lines joined back: a long line that ends inside
    a sentence goes on in the next one (PDF-style text puts blank lines between them too),
    unless that starts with list or numbering markup. Lines that recur in the handbook
    (running headers and footers) and table rows are not the service's own words, and no
    sentence is joined across them."""
    recurring = Counter(re.sub(r"\d+", "", line.strip()) for line in lines)
    out: list[str] = []
    follows = False  # whether the last kept line is the previous non-blank one
    for line in body:
        text = line.strip()
        if not text:
            continue
        if "\t" in text or text.startswith("|") or recurring[re.sub(r"\d+", "", text)] > 1:
            follows = False
            continue
        fresh = _strip_markup(text)[0] != text or _SYMBOL.match(text) or text.startswith("-")
        if (follows and not fresh and len(out[-1]) >= _WRAP_WIDTH
                and not out[-1].endswith(_SENTENCE_END)):
            out[-1] += text
        else:
            out.append(text)
        follows = True
    return out


def _sentences(body: list[str], lines: list[str]) -> list[str]:
    return [s.strip() for text in _paragraphs(body, lines)
            for s in re.findall(r"[^。；;]+[。；;]?", text) if len(s.strip()) >= 4]


def _cells(sentences: list[str]) -> list[str]:
    """服务内容, 服务次数, 服务时效, 申请方式: the first sentence, then the first unused one
    holding a count, a time (opening hours such as 7×24小时 are no time) and a channel."""
    cells = [sentences[0] if sentences else ""]
    for pattern in (_COUNT, _TIME, _CHANNEL):
        cells.append(next((s for s in sentences if s not in cells and pattern.search(
            _OPENING_HOURS.sub("", zhconv.convert(s, "zh-cn")))), ""))
    return cells


def _in_script(words: list[str], text: str) -> list[str]:
    """Words in the handbook's script: Traditional for a Traditional handbook."""
    traditional = sum(a != b for a, b in zip(text, zhconv.convert(text, "zh-cn")))
    simplified = sum(a != b for a, b in zip(text, zhconv.convert(text, "zh-tw")))
    return [zhconv.convert(w, "zh-tw") for w in words] if traditional > simplified else words


def summary_table(lines: list[str], titles: list[Title]) -> Optional[list[str]]:
    """`服务项目 服务内容 服务次数 服务时效 申请方式` rows, each cell a sentence of the service's
    own body (or empty), placed before the first title; None where the handbook already has
    a summary table or no service has a title line of its own."""
    if any(re.match(r"^(?:服务)?(?:项目|名称)(?:名称)?\t", line.strip()) for line in lines):
        return None
    own = [t for t in titles if t.inline_body is None]
    if not own:
        return None
    rows, named = [], set()
    for title in own:
        if name_key(title.text) in named:
            continue
        named.add(name_key(title.text))
        rows.append("\t".join([title.text] + _cells(_sentences(_body(lines, title, titles), lines))))
    first = min(t.line for t in own)
    header = "\t".join(_in_script(TABLE_HEADER, "\n".join(lines)))
    return lines[:first] + [header] + rows + [""] + lines[first:]


# --- the handbooks -----------------------------------------------------------------------

@dataclass
class Variant:
    name: str
    text: str
    untitled: list[str]


def keyed_handbooks() -> list[tuple[Path, dict]]:
    """(text, key) of every keyed handbook: the five seeds and the devset."""
    return [(texts / f"{Path(gold.name).stem}.txt", json.loads(gold.read_text(encoding="utf-8")))
            for texts, golds in KEYED for gold in sorted(golds.glob("*.json"))]


def variant(text: str, key: dict, style: str) -> Variant:
    """One handbook in one style, with the key names that had no title line to restyle."""
    lines = text.split("\n")
    titles, untitled = find_titles(lines, key)
    if style == "table":
        new = summary_table(lines, titles) or lines
    else:
        new = restyle(lines, titles, style)
    return Variant(key["document"], "\n".join(new), untitled)


def write_variants(out_dir: Path, styles: list[str] = STYLES) -> dict[str, list[Path]]:
    """Write every handbook in every style to `out_dir/<style>/`; the paths per style."""
    written: dict[str, list[Path]] = {}
    for style in styles:
        folder = out_dir / style
        folder.mkdir(parents=True, exist_ok=True)
        written[style] = []
        for path, key in keyed_handbooks():
            made = variant(path.read_text(encoding="utf-8"), key, style)
            target = folder / path.name
            target.write_text(made.text, encoding="utf-8")
            written[style].append(target)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.layouts.build OUT_DIR", file=sys.stderr)
        return 2
    written = write_variants(Path(argv[0]))
    for path, key in keyed_handbooks():
        untitled = variant(path.read_text(encoding="utf-8"), key, STYLES[0]).untitled
        if untitled:
            print(f"{path.name}: no title line for {', '.join(untitled)} (left as written)")
    print(f"{sum(map(len, written.values()))} variants in {argv[0]} ({', '.join(STYLES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
