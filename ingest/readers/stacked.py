"""Tables whose cells stand one per line: a web page's table (or its grid of boxes) copied
into a text editor puts every cell on a line of its own, the header cells first; pdfminer's
text of a ruled table (`pdf2txt`) gives it column after column, each cell a paragraph.

The header is a run of short lines that name summary columns (`服务项目`, `经典版`,
`时效`, `申请入口` in the segmentation rules). The cells after it are dealt into rows of as
many cells by the reading that fits the columns best: a cell may take two lines (a cell
wrapped in the page) and a blank line is an empty cell; a cell scores when it holds what its
column's header says (a count under `次数`, a time under `时效`, a phone number or an app
under `申请入口`) and loses for another column's field, and a name column wants a short name.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..rules import load_rules
from ..rules.marks import is_field_label
from ..textnorm import display_width, join_lines, to_simplified

_CELL_WIDTH = 48  # display columns: a line wider than 24 CJK characters is prose, not a cell
_HEADER_WIDTH = 16  # a header cell is a word or two
_MIN_COLUMNS = 3
_MIN_ROWS = 2
_MIN_FIT = 0.5  # share of the cells under a field column that hold that field
_CONTINUED = tuple("，、；,;")
_SENTENCE = re.compile(r"[。！？；]")
_LABELLED = re.compile(r"^[^：:，。]{1,8}[：:]\S")


class _Words:
    """A pattern of the rules' words (Simplified characters) that reads Traditional text too."""

    def __init__(self, pattern: str):
        self.pattern = re.compile(pattern)

    def search(self, text: str) -> Optional[re.Match]:
        return self.pattern.search(to_simplified(text))


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[_Words, list[tuple[str, _Words]], dict[str, _Words]]:
    rules = load_rules("segmentation")
    summary, evidence = rules["summary_table"], rules["evidence"]
    columns = [(c["family"], _Words(c["pattern"])) for c in summary["columns"]]
    usage = evidence["usage"]["pattern"]
    holds = {"usage_limits": _Words(usage), "slas": _Words(evidence["time"]["pattern"]),
             "channels": _Words(evidence["channel"]["pattern"]),
             "coverage": _Words(evidence["coverage"]["pattern"]),
             "plan": _Words(f"{usage}|{summary['not_offered']['pattern']}|^[✓√✔]")}
    return _Words(summary["name_header"]["pattern"]), columns, holds


def names_items(text: str) -> bool:
    """Whether a line could head a column of names (`服务项目`): the one cheap test before
    a table of one cell per line is looked for."""
    return bool(_vocabulary()[0].search(text)) and display_width(text) <= _HEADER_WIDTH


def _header(texts: list[str]) -> list[Optional[str]]:
    """The column families of a header run opening `texts` ("name" for a naming column,
    None for another), or [] when the run is no header."""
    name_header, columns, _ = _vocabulary()
    families: list[Optional[str]] = []
    for text in texts:
        if not text or display_width(text) > _HEADER_WIDTH:
            break
        family = next((f for f, pattern in columns if pattern.search(text)), None)
        if family is None and not name_header.search(text):
            break
        families.append(family or ("name" if not families else None))
    if (len(families) < _MIN_COLUMNS or families[0] != "name"
            or sum(f not in (None, "name") for f in families) < 2):
        return []
    return families


def _score(cell: str, family: Optional[str], lines: int, first: str, second: str) -> float:
    _, _, holds = _vocabulary()
    held = [f for f, pattern in holds.items() if f != "plan" and pattern.search(cell)]
    if family == "name":
        score = 1.0 if cell and not held and not _SENTENCE.search(cell) and display_width(cell) <= 24 else -2.0
    elif family is None:
        score = 0.5 if not held else -1.0
    else:  # what it should hold, and not another column's field
        score = 2.0 if cell and holds[family].search(cell) else (0.0 if not cell else -0.5)
        score -= sum(f != family and not (family == "plan" and f == "usage_limits") for f in held)
    if lines == 2:  # a wrapped cell, or a cell listing alike lines (`经典版：…` / `尊享版：…`)
        score += 1.0 if first.endswith(_CONTINUED) or (_LABELLED.match(first) and _LABELLED.match(second)) else -0.5
    return score


def stacked_table(texts: list[str]) -> Optional[tuple[int, list[list[str]]]]:
    """(lines used, rows with the header first) of a table of one cell per line opening
    `texts` (stripped lines, "" for a blank one), or None."""
    families = _header(texts)
    if not families:
        return None
    k, start = len(families), len(families)
    end = start
    while end < len(texts) and display_width(texts[end]) <= _CELL_WIDTH and not (
            not texts[end] and end + 1 < len(texts) and not texts[end + 1]):
        end += 1
    body = texts[start:end]
    # best[i][c]: the best score with i body lines read and column c next, and how it came
    best: list[list[Optional[tuple[float, int]]]] = [[None] * k for _ in range(len(body) + 1)]
    best[0][0] = (0.0, 0)
    for i in range(len(body)):
        for c in range(k):
            if best[i][c] is None:
                continue
            for taken in (1, 2):
                if i + taken > len(body) or (taken == 2 and not (body[i] and body[i + 1])):
                    continue
                cell = join_lines(body[i:i + taken])
                score = best[i][c][0] + _score(cell, families[c], taken, body[i], body[i + taken - 1])
                at = best[i + taken][(c + 1) % k]
                if at is None or score > at[0]:
                    best[i + taken][(c + 1) % k] = (score, taken)
    ends = [i for i in range(len(body), 0, -1) if best[i][0] is not None]
    if not ends:
        return None
    i, c, cells = ends[0], 0, []
    while i:
        taken = best[i][c][1]
        i, c = i - taken, (c - 1) % k
        cells.append(join_lines(body[i:i + taken]))
    cells.reverse()
    rows = [cells[r:r + k] for r in range(0, len(cells), k)]
    field_cells = [(row[c], families[c]) for row in rows for c in range(k) if families[c] not in (None, "name")]
    fitting = sum(bool(cell) and bool(_vocabulary()[2][family].search(cell)) for cell, family in field_cells)
    if len(rows) < _MIN_ROWS or fitting < _MIN_FIT * len(field_cells):
        return None
    return start + ends[0], [texts[:k]] + rows


def column_table(texts: list[str]) -> Optional[tuple[int, list[list[str]]]]:
    """(lines used, rows with the header first) of a table given column after column opening
    `texts` (stripped lines, "" for a blank one), or None: a column's header (`服务项目`,
    `使用次数`), then its cells, each a paragraph of its own. Every column has as many
    cells: the count that puts a header every so many paragraphs for the most columns, so
    a cell that reads like a header (`电话医生` in the column of names) is still a cell."""
    paragraphs: list[tuple[int, str]] = []  # (the line after it, its text)
    i = 0
    while i < len(texts):
        if not texts[i]:
            i += 1
            continue
        j = i
        while j < len(texts) and texts[j] and display_width(texts[j]) <= _CELL_WIDTH:
            j += 1
        if j == i:
            break
        paragraphs.append((j, join_lines(texts[i:j])))
        i = j
    name_header, columns, holds = _vocabulary()

    def family(text: str) -> Optional[str]:
        return next((f for f, pattern in columns if pattern.search(text)), None)

    def is_header(text: str) -> bool:
        return display_width(text) <= _HEADER_WIDTH and (
            family(text) is not None or bool(name_header.search(text)) or is_field_label(text))

    if not paragraphs or not is_header(paragraphs[0][1]):
        return None

    def columns_of(n: int) -> int:  # headers every n + 1 paragraphs from the first on
        return next((c for c in range(len(paragraphs)) if c * (n + 1) + n >= len(paragraphs)
                     or not is_header(paragraphs[c * (n + 1)][1])), 0)

    count = max(range(1, len(paragraphs) // _MIN_COLUMNS + 1), key=columns_of, default=0)
    table: list[list[str]] = []
    families: list[Optional[str]] = []
    used, at = 0, 0
    while count and at + count < len(paragraphs) and is_header(paragraphs[at][1]):
        table.append([text for _, text in paragraphs[at:at + count + 1]])
        families.append(family(paragraphs[at][1]) if table[1:] else "name")
        used = paragraphs[at + count][0]
        at += count + 1
    field_cells = [(cell, f) for column, f in zip(table, families) if f not in (None, "name")
                   for cell in column[1:]]
    fitting = sum(bool(holds[f].search(cell)) for cell, f in field_cells)
    if len(table) < _MIN_COLUMNS or len(field_cells) < 2 * count or fitting < _MIN_FIT * len(field_cells):
        return None
    return used, [list(row) for row in zip(*table)]
