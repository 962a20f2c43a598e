"""One exporter per output format behind `render(view, fmt)`.

HTML and Markdown come from the Jinja2 templates in `ingest/reports/templates/` (`<report>.<fmt>.j2`),
which only lay out the view model; HTML is autoescaped because every value is a
handbook's own, untrusted text. CSV and XLSX are the comparison's fact table; JSON is the
diff view itself, checked against its published schema before anything is written.
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..errors import IngestError
from ..output import to_json
from ..validate import validate
from .compare import TABLE_COLUMNS, comparison_table

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class MissingDependencyError(IngestError):
    """An optional library a format needs is not installed."""

    code = "missing_dependency"


def where(evidence: dict) -> str:
    """Where the words are: the page, or character offsets for page-less formats."""
    if evidence["page"] is not None:
        return f"p.{evidence['page']}"
    return f"chars {evidence['start']}–{evidence['end']}"


def markdown_inline(text) -> str:
    """Text safe inside one Markdown table cell or line: no raw HTML, no markup, one line."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@lru_cache(maxsize=None)
def environment():
    """The templates of `templates/` beside this module, autoescaped when they write HTML."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR),
                      autoescape=select_autoescape(["html", "html.j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(where=where, md=markdown_inline)
    return env


def _template(fmt: str) -> Callable[[dict], str]:
    return lambda view: environment().get_template(f"{view['report']}.{fmt}.j2").render(view=view)


def quoted(rows: list[list]) -> list[list]:
    """Rows with handbook text that a spreadsheet would run as a formula (`=…`, `+…`, `-…`,
    `@…`) quoted as text."""
    return [[f"'{cell}" if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell
             for cell in row] for row in rows]


def _csv(view: dict) -> str:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese text."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(quoted(comparison_table(view)))
    return "\ufeff" + out.getvalue()


def _matrix_cell(cell: dict) -> str:
    """A matrix cell as spreadsheet text: each service's name, then one line per field."""
    return "\n\n".join("\n".join([service["name"]["text"]] + [
        f"{field['label']}: " + "; ".join(v["text"] for v in field["shown"]) for field in service["fields"]])
        for service in cell["services"]) or "—"


def summary_rows(view: dict) -> list[list]:
    """The compare summary as spreadsheet rows: one heading row per part, then its rows."""
    t, summary = view["text"], view["summary"]
    rows: list[list] = [[t["handbook"], t["document"], t["services"], t["categories_short"], t["contradictions"]]]
    rows += [[c["label"], c["document"], c["services"], c["categories"], c["findings"]] for c in view["columns"]]
    rows += [[], [t["differs"]], [t["category"], t["offered_by"], t["not_offered_by"]]]
    rows += [[d["label"], "；".join(d["offered"]), "；".join(d["missing"])] for d in summary["differs"]]
    rows += [[], [t["fastest"]], [t["category"], t["fastest_column"], t["column_hours"], t["handbook"],
                                   t["slowest_column"], t["column_hours"], t["handbook"]]]
    rows += [[s["label"], s["fastest"]["value"]["text"], round(s["fastest"]["hours"], 2), s["fastest"]["handbook"],
              s["slowest"]["value"]["text"], round(s["slowest"]["hours"], 2), s["slowest"]["handbook"]]
             for s in summary["sla_extremes"]]
    rows += [[view["unit_note"]], [], [t["only_one"]], [t["category"], t["handbook"], t["services"]]]
    rows += [[o["label"], o["handbook"], "、".join(o["services"])] for o in summary["only_one"]]
    rows += [[], [t["findings"]], [t["handbook"], t["service"], t["field"], t["stated"]]]
    rows += [[f["handbook"], f["service"], f["family"], f" {t['versus']} ".join(v["text"] for v in f["stated"])]
             for f in summary["findings"]]
    return rows


def matrix_rows(view: dict) -> list[list]:
    """Categories × handbooks, each cell its services as text."""
    return [[view["text"]["category"]] + [c["label"] for c in view["columns"]]] + [
        [row["label"]] + [_matrix_cell(cell) for cell in row["cells"]] for row in view["rows"]]


def _xlsx(view: dict) -> bytes:
    """Three sheets for product teams: summary, matrix (categories × handbooks) and facts
    (one row per fact, filterable, with number, unit, hours and the evidence and page)."""
    try:
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise MissingDependencyError("install openpyxl for .xlsx (pip install openpyxl)") from None
    book = Workbook()
    sheets = {"summary": book.active, "matrix": book.create_sheet(), "facts": book.create_sheet()}
    for (name, sheet), rows in zip(sheets.items(), (summary_rows(view), matrix_rows(view), comparison_table(view))):
        sheet.title = name
        for row in quoted(rows):
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2" if name == "matrix" else "A2"
    matrix, facts = sheets["matrix"], sheets["facts"]
    matrix.column_dimensions["A"].width = 18
    for index in range(2, matrix.max_column + 1):
        matrix.column_dimensions[get_column_letter(index)].width = 40
    for row in matrix.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    facts.auto_filter.ref = facts.dimensions
    hours_column = TABLE_COLUMNS.index("hours")
    facts.cell(row=1, column=hours_column + 1).comment = Comment(view["unit_note"], "handbook-ingest")
    for index, width in enumerate((24, 28, 28, 16, 12, 28, 8, 12, 8, 60, 6, 8, 8), start=1):
        facts.column_dimensions[get_column_letter(index)].width = width
    evidence_column = TABLE_COLUMNS.index("evidence_text")
    for row in facts.iter_rows(min_row=2, min_col=evidence_column + 1, max_col=evidence_column + 1):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _json(view: dict) -> str:
    """The view without what only the pages show, checked against its published schema."""
    data = {key: value for key, value in view.items() if key != "display"}
    validate(data, data["report"])
    return to_json(data)


EXPORTERS: dict[str, Callable[[dict], str | bytes]] = {
    "html": _template("html"),
    "md": _template("md"),
    "csv": _csv,
    "xlsx": _xlsx,
    "json": _json,
}


def render(view: dict, fmt: str) -> str | bytes:
    """The report in format `fmt` (a key of EXPORTERS)."""
    return EXPORTERS[fmt](view)
