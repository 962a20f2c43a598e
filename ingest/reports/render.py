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
from .compare import comparison_table

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


def spreadsheet_rows(view: dict) -> list[list]:
    """The fact table with handbook text that a spreadsheet would run as a formula
    (`=…`, `+…`, `-…`, `@…`) quoted as text."""
    return [[f"'{cell}" if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell
             for cell in row] for row in comparison_table(view)]


def _csv(view: dict) -> str:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese text."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(spreadsheet_rows(view))
    return "\ufeff" + out.getvalue()


def _xlsx(view: dict) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError:
        raise MissingDependencyError("install openpyxl for .xlsx (pip install openpyxl)") from None
    book = Workbook()
    sheet = book.active
    sheet.title = "facts"
    for row in spreadsheet_rows(view):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (24, 28, 28, 20, 16, 28, 60, 6, 8, 8)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _json(view: dict) -> str:
    validate(view, view["report"])
    return to_json(view)


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
