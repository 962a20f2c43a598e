"""Tables set in fixed-width text: cells padded with spaces into columns, a long cell wrapped
onto the next lines of its own column (a ruled table through `pdftotext -layout`, a table
typed into a plain-text mail or a console).

The columns are the display positions where cells start: every run of text on every line
of the table (words apart by one space at most) starts at one of them and ends before the
next. Where rule lines (`-----`, `=====`) part the rows, the lines between two rules are one
row (a name wrapped in its cell stays one); else a row starts at a line whose first column
holds text, and a line whose first column is empty carries on the cells above it.
"""
from __future__ import annotations

from typing import Optional

from ..textnorm import column_runs, join_lines

_CELL_GAP = 2  # spaces that part cells (one CJK character's width): words keep one between them
_MIN_COLUMNS = 3  # two only where values wrap down their column (`_wraps_values`)
_MIN_LINES = 3
_SLACK = 2  # display columns a cell may start off its column (full-width letters folded)


def aligned_table(texts: list[str], rules: list[bool]) -> Optional[tuple[int, list[list[str]], list[int]]]:
    """(lines used, rows of cell texts, the line each row starts at) of a fixed-width table
    starting at `texts[0]`, or None. `rules[i]` says line i is a rule line; a rule or one
    blank line parts rows, two blank lines end the table."""
    block: list[list[tuple[int, int, str]]] = []
    for i, (text, rule) in enumerate(zip(texts, rules)):
        runs = [] if rule else column_runs(text, _CELL_GAP)
        if not runs and not rule and not (i + 1 < len(texts) and (rules[i + 1] or texts[i + 1].strip())):
            break
        block.append(runs)
    block = _opening_rows(block)
    content = [runs for runs in block if runs]
    if len(content) < _MIN_LINES:
        return None
    columns = _columns(content)
    if len(columns) < _MIN_COLUMNS and not (len(columns) == 2 and _wraps_values(content, columns)):
        return None
    used = 0
    placed: list[Optional[dict[int, str]]] = []  # per line: column -> text; None for a rule
    for runs in block:
        if not runs:
            placed.append(None)
            used += 1
            continue
        cells = _place(runs, columns)
        if cells is None or (len(cells) < 2 and 0 in cells):  # a line of prose at the margin
            break
        placed.append(cells)
        used += 1
    while placed and placed[-1] is None:
        placed.pop()
        used -= 1
    lines = [cells for cells in placed if cells is not None]
    if len(lines) < _MIN_LINES or len(lines[0]) < _MIN_COLUMNS - 1:  # the header fills the row
        return None
    if sum(len(cells) >= min(len(columns), _MIN_COLUMNS) for cells in lines) < 2:
        return None  # one full line is no table (`备　　注  未按预约…` above a caption)
    rows, starts = _rows(placed, len(columns))
    if len(rows) < 2:
        return None
    return used, rows, starts


def _opening_rows(block: list[list[tuple[int, int, str]]]) -> list[list[tuple[int, int, str]]]:
    """The lines of the block up to the first with a cell where the first two lines start
    none (the header and the first row: one of them may leave the first column empty):
    what follows is no part of the table (`表2  重疾专家门诊预约` after a form's last field)."""
    content = [runs for runs in block if runs]
    starts = [start for runs in content[:2] for start, _, _ in runs]
    end = len(block)
    for i, runs in enumerate(block):
        if any(all(abs(start - s) > _SLACK for s in starts) for start, _, _ in runs):
            end = i
            break
    block = block[:end]
    while block and not block[-1]:
        block.pop()
    return block


def _wraps_values(content: list[list[tuple[int, int, str]]], columns: list[int]) -> bool:
    """Two columns are a table of labels and values (`服务内容    通过微信小程序…`) where a
    value runs on in its own column under the one above, its label's column empty; else
    they are a key and its value, read line by line."""
    return any(abs(runs[0][0] - columns[1]) <= _SLACK for runs in content) and sum(
        len(runs) == 2 for runs in content) >= 2


def _columns(content: list[list[tuple[int, int, str]]]) -> list[int]:
    """The display positions where runs of two lines or more start, near ones as one."""
    counts: dict[int, int] = {}
    for runs in content:
        for start, _, _ in runs:
            counts[start] = counts.get(start, 0) + 1
    columns: list[int] = []
    for position in sorted(p for p, n in counts.items() if n >= 2):
        if columns and position - columns[-1] <= _SLACK:
            continue
        columns.append(position)
    return columns


def _place(runs: list[tuple[int, int, str]], columns: list[int]) -> Optional[dict[int, str]]:
    """The line's runs by column; None when a run starts off every column or runs into the
    next column's start."""
    cells: dict[int, str] = {}
    for start, end, text in runs:
        column = max((i for i, c in enumerate(columns) if c <= start + _SLACK), default=None)
        if column is None or abs(columns[column] - start) > _SLACK or column in cells:
            return None
        if column + 1 < len(columns) and end > columns[column + 1] + _SLACK:
            return None
        cells[column] = text
    return cells


def _rows(placed: list[Optional[dict[int, str]]], width: int) -> tuple[list[list[str]], list[int]]:
    """Cells joined down their column: between rules where rules part the rows (two rules
    inside the table or more: one under the header only sets it off), else from one line
    with a first cell to the next."""
    inside = [i for i, cells in enumerate(placed) if cells is None
              and any(placed[:i]) and any(placed[i + 1:])]
    ruled = len(inside) >= 2
    groups: list[tuple[int, list[dict[int, str]]]] = []
    for i, cells in enumerate(placed):
        if cells is None:
            if ruled:
                groups.append((i + 1, []))
            continue
        if not groups or (not ruled and 0 in cells and groups[-1][1]):
            groups.append((i, []))
        groups[-1][1].append(cells)
    rows, starts = [], []
    for start, lines in groups:
        if lines:
            rows.append([join_lines([cells.get(c, "") for cells in lines]) for c in range(width)])
            starts.append(start)
    return rows, starts
