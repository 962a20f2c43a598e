"""The variant builder itself: it finds the keyed titles, rewrites only them, and copies
the summary table's cells from the handbook."""
import difflib
import re

import pytest

from .build import STYLES, find_titles, keyed_handbooks, summary_table, variant

HANDBOOKS = keyed_handbooks()
IDS = [path.stem for path, _ in HANDBOOKS]
ROWS_ONLY = {"004_a5dd15a8b2493174": ["少儿门诊绿通", "家庭医生个人版"],
             "d03_youbang": ["电话医生", "重疾住院及手术安排", "国内第二诊疗意见", "年度体检"]}


@pytest.mark.parametrize("path, key", HANDBOOKS, ids=IDS)
def test_build_finds_a_title_line_for_every_service_but_summary_rows(path, key):
    _, untitled = find_titles(path.read_text(encoding="utf-8").split("\n"), key)
    assert untitled == ROWS_ONLY.get(path.stem, [])


@pytest.mark.parametrize("style", [s for s in STYLES if s != "table"])
@pytest.mark.parametrize("path, key", HANDBOOKS, ids=IDS)
def test_build_rewrites_only_title_lines(path, key, style):
    lines = path.read_text(encoding="utf-8").split("\n")
    titles, _ = find_titles(lines, key)
    allowed = {t.line for t in titles}
    for title in titles:  # a lead-in style may take up the first body line and the gap before it
        later = next((i for i in range(title.line + 1, len(lines)) if lines[i].strip()), title.line)
        allowed.update(range(title.line + 1, later + 1))
    new = variant("\n".join(lines), key, style).text.split("\n")
    changed = {i for op, i1, i2, _, _ in difflib.SequenceMatcher(None, lines, new, autojunk=False)
               .get_opcodes() if op != "equal" for i in range(i1, i2)}
    assert changed <= allowed


@pytest.mark.parametrize("path, key", HANDBOOKS, ids=IDS)
def test_build_summary_table_cells_are_the_handbooks_own_words(path, key):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    table = summary_table(lines, find_titles(lines, key)[0])
    if table is None:
        pytest.skip("the handbook has a summary table already, or no title line of its own")
    unwrapped = re.sub(r"\s*\n\s*", "", text)
    rows = table[table.index(next(l for l in table if l.count("\t") == 4)) + 1:]
    for row in rows[: rows.index("")]:
        assert all(cell in unwrapped for cell in row.split("\t") if cell)
