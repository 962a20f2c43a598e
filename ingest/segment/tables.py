"""Summary tables: a table with a column that names items (`服务项目`), one row per service.

Each column is mapped to the field family its header names (`服务次数` → usage,
`服务时效` → SLAs, `申请方式` → channels, a plan name → one usage value per plan), so
the extractors read a cell as that field's evidence even without the cue words a
sentence would have.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Cell, Document
from ..rules import compile_rule, load_rules
from . import names


_BRANCHES = "├└│┣┗┃"  # tree branches before a row's name: a sub-item of the row above


@dataclass
class Row:
    """One row of a summary table: its name cell, the other cells and what each holds."""

    name_start: int
    name_end: int
    name: str
    cells: list[tuple[int, int]]
    labelled: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    category: names.Classification | None = None


def _value_family(column: str | None) -> str | None:
    """The field family a column's cells hold: a plan's cell holds its count; a column of
    who is responsible labels the row (`_label_party`), no value of its own."""
    return "usage_limits" if column == "plan" else None if column == "party" else column


def _column_pattern(family: str):
    return compile_rule(next(c["pattern"] for c in names.rules()["summary_table"]["columns"]
                             if c["family"] == family))


def _column_families(header: list[str]) -> list[str | None]:
    columns = names.rules()["summary_table"]["columns"]
    out = []
    for text in header:
        found = next((c["family"] for c in columns if compile_rule(c["pattern"]).search(text)), None)
        out.append(found)
    return out


def summary_rows(doc: Document, block: Block) -> list[Row]:
    """The service rows of a summary table (empty when the table is no summary): the name
    column is the first whose header says it names items, wherever it stands (after a
    `序号` column, say); a row with no name there is a caption across the table."""
    rules = names.rules()["summary_table"]
    if block.kind != "table" or len(block.rows) < 2:
        return []
    grid = _services_as_rows(doc, block)
    header = [doc.match_text[c.start:c.end].strip() for c in grid[0]]
    name_header = compile_rule(rules["name_header"]["pattern"])
    column = 0 if grid is not block.rows else next(
        (i for i, text in enumerate(header) if name_header.search(names.plain_name(text))), None)
    if column is None:
        return []
    families = _column_families(header)
    not_offered = compile_rule(rules["not_offered"]["pattern"])
    withdrawn = compile_rule(names.rules()["withdrawn"]["pattern"])
    remark = compile_rule(names.rules()["remark_header"]["pattern"])
    remarks = [i for i, text in enumerate(header) if remark.search(text)]
    body = grid[max(1, block.header_rows if grid is block.rows else 1):]
    plan_column = _plan_of_each_row(doc, body, column, families)
    rows, plans = [], []
    above: Row | None = None  # the service of the row just above, if it was one
    for row in body:
        if above is not None and len(row) > column and row[column].end <= row[column].start and any(
                c.end > c.start for c in row[column + 1:]):
            # `\t\t\t自付部分需于出院后10日内归还`, `\t寄回发票\t出院后10日内\t客户`: the row above goes
            # on (its cell wrapped onto a line of its own, or its name cell spans rows)
            for cell, family in zip(row, families):
                if cell.end > cell.start:
                    above.cells.append((cell.start, cell.end))
                    if _value_family(family):
                        above.labelled.setdefault(_value_family(family), []).append((cell.start, cell.end))
            _label_party(doc, row, families, above.labelled)
            continue
        above = None
        if len(row) <= column or row[column].end <= row[column].start or not any(
                c.end > c.start for i, c in enumerate(row) if i != column):
            continue  # a caption row across the table (`诊前服务`, `【诊中服务】` in the name column alone)
        cell = row[column]
        if doc.text[cell.start:cell.end].lstrip()[:1] in _BRANCHES:
            if rows:  # `├ 住院安排`: a part of the service in the row above
                rows[-1].cells += [(c.start, c.end) for i, c in enumerate(row) if i != column and c.end > c.start]
            continue
        start, end = names.display_span(doc.match_text[cell.start:cell.end])
        name_start, name_end = cell.start + start, cell.start + end
        name = doc.match_text[name_start:name_end]
        if name_end - name_start < 2 or names.is_concept(name) or names.label_family(name):
            continue
        others = [(c, None if i == plan_column else f)
                  for i, (c, f) in enumerate(zip(row, families)) if i != column]
        labelled: dict[str, list[tuple[int, int]]] = {}
        for cell, family in others:
            if cell.end <= cell.start or not _value_family(family):
                continue
            if family == "plan" and not_offered.match(doc.match_text[cell.start:cell.end].strip()):
                labelled.setdefault("not_offered", []).append((cell.start, cell.end))
                continue
            labelled.setdefault(_value_family(family), []).append((cell.start, cell.end))
        said = [(c.start, c.end) for c in row if withdrawn.search(doc.match_text[c.start:c.end])]
        if said and all(span in said for spans in labelled.values() for span in spans):
            continue  # `（本期暂不提供）`, `海外就医安排（已停止）`, `即将上线` in every plan: not offered
        if withdrawn.search(doc.match_text[name_start:row[column].end]) or any(
                i < len(row) and withdrawn.search(doc.match_text[row[i].start:row[i].end]) for i in remarks):
            continue  # `海外就医协调（暂停）`, or a remark `2024年7月1日起停止提供`: not offered
        _label_party(doc, row, families, labelled)
        rows.append(Row(name_start, name_end, doc.text[name_start:name_end],
                        [(c.start, c.end) for c, _ in others if c.end > c.start], labelled,
                        names.classify(doc.match_text[name_start:name_end])))
        above = rows[-1]
        if plan_column is not None and plan_column < len(row):
            plans.append((rows[-1], row[plan_column], [c for c, _ in others if c is not row[plan_column]]))
    if plans:
        _label_plans_lacking(doc, plans, not_offered)
    named = [r for r in rows if r.category and r.category.term]
    if len(named) < max(1, len(rows) // 2):
        return []  # a table of sub-items, cities or prices, not of services
    return rows


def _label_party(doc: Document, row: list[Cell], families: list[str | None],
                 labelled: dict[str, list[tuple[int, int]]]) -> None:
    """A column naming who is responsible (`责任方`: `客户`, `弘康人寿`) says whose the row's
    times are: the row is labelled `customer_party` or `provider_party`."""
    subjects = load_rules("fields")["sla"]["customer_subjects"]
    for cell, family in zip(row, families):
        words = doc.match_text[cell.start:cell.end].strip()
        if family == "party" and words:
            party = "customer" if any(subject in words for subject in subjects) else "provider"
            labelled.setdefault(f"{party}_party", []).append((row[0].start, row[-1].end))
            return


def _plan_of_each_row(doc: Document, body: list[list[Cell]], column: int,
                      families: list[str | None]) -> int | None:
    """The column naming each row's plan where the table is long, one row per service and
    plan (`院内陪诊,基础版,不提供`): services repeat on rows, and the one plan column holds
    plan names (`基础版`, `尊享计划`), not a count per plan as a wide table's plan columns do."""
    columns = [i for i, family in enumerate(families) if family == "plan" and i != column]
    if len(columns) != 1:
        return None
    plan, count = _column_pattern("plan"), _column_pattern("usage_limits")
    cells = [row[columns[0]] for row in body if len(row) > max(column, columns[0])]
    values = [doc.match_text[c.start:c.end].strip() for c in cells]
    services = [names.core_name(doc.match_text[row[column].start:row[column].end].strip())
                for row in body if len(row) > max(column, columns[0])]
    if len(set(services)) < len(services) and len(set(values) - {""}) >= 2 and all(
            plan.search(v) and not count.search(v) and not any(ch.isdigit() for ch in v)
            for v in values if v):
        return columns[0]
    return None


def _label_plans_lacking(doc: Document, plans: list[tuple[Row, Cell, list[Cell]]], not_offered) -> None:
    """In a long table, a service that some plan lacks needs that plan (GUIDE: plan tiers,
    `addon_required`): a row of the plan says so (`基础版,不提供,—,—`), whose words are the
    evidence, or the plan has no row of it, and the plan cells it does have are."""
    every = compile_rule(names.rules()["summary_table"]["every_plan"]["pattern"])

    def words(cell: Cell) -> str:
        return doc.match_text[cell.start:cell.end].strip()

    table_plans = {words(cell) for _, cell, _ in plans if words(cell) and not every.match(words(cell))}
    by_service: dict[str, list[tuple[Row, Cell, list[Cell]]]] = {}
    for entry in plans:
        by_service.setdefault(names.core_name(entry[0].name), []).append(entry)
    for entries in by_service.values():
        lacking, offered = [], set()
        for _, cell, fields in entries:
            filled = [c for c in fields if words(c)]
            if filled and all(not_offered.match(words(c)) for c in filled):
                lacking.append((min(cell.start, filled[0].start), max(cell.end, filled[0].end)))
            else:
                offered.add(words(cell))
        if any(every.match(plan) for plan in offered) or not offered:
            continue
        if not lacking and offered < table_plans:
            lacking = [(cell.start, cell.end) for _, cell, _ in entries if words(cell) in offered]
        entries[0][0].labelled.setdefault("not_offered", []).extend(lacking)


def _services_as_rows(doc: Document, block: Block) -> list[list[Cell]]:
    """The table's rows, or its columns where it sets services side by side: a comparison
    whose rows are named by field labels (`使用次数`, `服务时效`, `申请方式` down its first
    column), each column one service under its name."""
    body = [row for row in block.rows[1:] if row and row[0].end > row[0].start]
    labels = sum(bool(names.label_family(doc.match_text[row[0].start:row[0].end].strip())) for row in body)
    if labels < 2 or 2 * labels < len(body) or len(block.rows[0]) < 3:
        return block.rows
    width = max(map(len, block.rows))
    empty = Cell(block.end, block.end)
    return [[row[c] if c < len(row) else empty for row in block.rows] for c in range(width)]


def field_rows(doc: Document, block: Block) -> list[tuple[int, int, str]]:
    """(value start, value end, family) of each row of a table of fields: a card laid out
    as two columns (`服务次数 | 每保单年度2次`), where most first cells are field labels. A
    row whose first cell is empty carries on the value above it."""
    if block.kind != "table" or not block.rows:
        return []
    out: list[tuple[int, int, str]] = []
    labelled = 0
    for row in block.rows:
        cells = [c for c in row[1:] if c.end > c.start]
        if not cells:
            continue
        family = names.label_family(doc.match_text[row[0].start:row[0].end].strip()) if row else None
        if family:
            labelled += 1
            out.append((cells[0].start, cells[-1].end, family))
        elif row[0].end <= row[0].start and out:  # the value of the label above goes on
            out[-1] = (out[-1][0], cells[-1].end, out[-1][2])
    return out if labelled >= 2 and 2 * labelled >= len(block.rows) else []

