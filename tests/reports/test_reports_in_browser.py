"""The HTML reports in a real headless Chromium: they render, open a value's evidence on a
click, never run handbook text, fetch nothing, and look right; the review page scrolls
from a fact to its highlight and back.

Needs the `playwright` Python package and a Chromium executable (Debian: apt-get install
chromium; `playwright install` is not needed). Screenshots go to a temporary folder, or to
$REPORT_SCREENSHOTS_DIR (`REPORT_SCREENSHOTS_DIR=docs` refreshes the README's pictures).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need `pip install playwright`")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None:
    pytest.skip("browser tests need a chromium executable (apt-get install chromium)", allow_module_level=True)

from report_records import CATALOG, NEW, OLD, PAYLOAD, hostile_record, run_cli  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1400}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    hostile = folder / "hostile.json"
    hostile.write_text(json.dumps(hostile_record(), ensure_ascii=False), encoding="utf-8")
    commands = {"compare.html": ["compare", CATALOG], "diff.html": ["diff", OLD, NEW],
                "hostile-compare.html": ["compare", hostile, NEW], "hostile-diff.html": ["diff", hostile, NEW]}
    for name, command in commands.items():
        run_cli(*command, "--out", folder / name)
    return {name: folder / name for name in commands}


@pytest.fixture(scope="module")
def review_pages(tmp_path_factory) -> dict[str, Path]:
    """The review page of seed 002's PDF twin, and of a text handbook holding script."""
    folder = tmp_path_factory.mktemp("review")
    hostile = folder / "hostile.txt"
    hostile.write_text(f"# 安心陪诊\n每保单年度限1次。{PAYLOAD}\n", encoding="utf-8")
    sources = Path(__file__).parents[2] / "sources"
    for name, handbook in (("review.html", sources / "002_fcd9fceb003ab718.pdf"), ("hostile.html", hostile)):
        run_cli("review", handbook, "--out", folder / name)
    return {"review.html": folder / "review.html", "hostile.html": folder / "hostile.html"}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page with every dialog and request it causes recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        return self.page


@pytest.fixture
def visit(browser):
    visit = Visit(browser)
    yield visit
    visit.context.close()


def nursing_duration(page):
    """The 30-day duration value of seed 001's nursing-care service in the matrix."""
    column = 1 + 2  # the category header cell, then 000, then 001
    cell = page.locator(f"#category-inpatient_care > td:nth-child({column})")
    return cell.locator("details.ev", has=page.locator("summary", has_text="≤30个自然日"))


def test_compare_matrix_renders_the_five_seed_handbooks_as_columns(visit, reports):
    page = visit.open(reports["compare.html"])
    headers = page.locator("table.matrix thead th")
    assert headers.count() == 6
    assert headers.nth(3).inner_text().startswith("安盛天平 · 002_fcd9fceb003ab718")
    assert "PingFang SC" in page.eval_on_selector("body", "e => getComputedStyle(e).fontFamily")


def test_compare_summary_comes_before_the_matrix(visit, reports):
    page = visit.open(reports["compare.html"])
    summary, matrix = page.locator("section.summary"), page.locator("table.matrix")
    assert summary.bounding_box()["y"] + summary.bounding_box()["height"] <= matrix.bounding_box()["y"]
    assert page.locator("section.summary h3").first.inner_text() == "差异：并非每本手册都提供的服务"


def test_compare_matrix_headers_stay_visible_when_scrolling_it(browser, reports):
    """The handbook row and the category column stick inside the matrix's own scroll box."""
    context = browser.new_context(viewport={"width": 900, "height": 900})
    page = context.new_page()
    page.goto(reports["compare.html"].as_uri())
    frame = page.locator(".matrix-frame")
    frame.scroll_into_view_if_needed()
    corner, handbook = page.locator("table.matrix thead th").first, page.locator("table.matrix thead th").nth(3)
    category = page.locator("#category-second_opinion > th")
    assert corner.evaluate("e => getComputedStyle(e).position") == "sticky"
    frame.evaluate("e => e.scrollTo(e.scrollWidth, 1500)")
    top, left = frame.bounding_box()["y"], frame.bounding_box()["x"]
    assert handbook.bounding_box()["y"] == pytest.approx(top + 1, abs=1.5)  # the header row sticks
    assert page.evaluate("e => e.scrollLeft", frame.element_handle()) > 200
    assert category.bounding_box()["x"] == pytest.approx(left + 1, abs=1.5)  # the category column sticks
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('th').innerText",
                         [left + 20, top + 10]).startswith("服务类别")
    context.close()


def test_clicking_a_matrix_value_opens_its_evidence_with_page_and_document(visit, reports):
    page = visit.open(reports["compare.html"])
    details = nursing_duration(page)
    quote = details.locator("blockquote")
    assert not quote.is_visible()
    details.locator("summary").click()
    assert details.get_attribute("open") is not None and quote.is_visible()
    assert "累计不超过 30 日的住院护工服务" in quote.inner_text()
    assert details.locator(".src").inner_text() == "p.2 · 001_411f35dbfb07ca5e.pdf"


def test_printing_expands_every_evidence(visit, reports):
    page = visit.open(reports["compare.html"])
    page.emulate_media(media="print")
    assert nursing_duration(page).locator("blockquote").is_visible()


def test_diff_report_shows_badges_unfavorable_first_and_the_word_diff(visit, reports):
    page = visit.open(reports["diff.html"])
    badges = page.locator("table.changes tbody td:first-child .badge")
    assert badges.first.inner_text() == "不利" and badges.last.inner_text() == "中性"
    wording = page.locator("section.wording", has=page.locator("h3", has_text="医疗垫付服务"))
    assert "超过产品免赔额" in wording.locator("ins").all_inner_texts()[0]
    assert wording.locator("del").count() > 0


@pytest.mark.parametrize("report", ["hostile-compare.html", "hostile-diff.html"])
def test_handbook_script_text_does_not_run(visit, reports, report):
    page = visit.open(reports[report])
    page.wait_for_load_state("load")
    assert visit.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 0
    assert "<script>window.__pwned=1</script>" in page.locator("main").inner_text()


@pytest.mark.parametrize("report", ["compare.html", "diff.html"])
def test_reports_fetch_nothing(visit, reports, report):
    visit.open(reports[report]).wait_for_load_state("networkidle")
    assert visit.requests == [reports[report].as_uri()]


def test_screenshots_of_the_reports_for_the_readme(visit, reports, tmp_path):
    """The top of each report with a value opened, as the README shows them."""
    folder = Path(os.environ.get("REPORT_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    compare = visit.open(reports["compare.html"])
    compare.locator("#category-advance_payment > td:nth-child(4) summary", has_text="≤2个工作日（服务方）").click()
    diff = visit.context.new_page()
    diff.goto(reports["diff.html"].as_uri())
    for summary in diff.locator("table.changes summary", has_text="自然日").all():
        summary.click()
    for page, name in ((compare, "compare.png"), (diff, "diff.png")):
        page.mouse.move(0, 0)
        page.screenshot(path=folder / name, clip={"x": 0, "y": 0, **VIEWPORT})
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and (folder / name).stat().st_size > 50_000


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= VIEWPORT["height"]


def test_review_page_shows_the_handbook_pages_and_every_service(visit, review_pages):
    page = visit.open(review_pages["review.html"])
    assert page.locator("section.page").count() == 8  # the PDF's pages
    assert page.locator("aside section.service-facts").count() == 6
    assert page.locator(".chunk.svc .svc-label").first.inner_text() == "恶性肿瘤就医绿通服务"
    assert page.locator(".chunk.outside").count() > 0


def test_clicking_a_fact_scrolls_the_text_to_its_highlight(visit, review_pages):
    page = visit.open(review_pages["review.html"])
    fact = page.locator("#service-3 li.fact.sla a.go").first  # 靶向用药基因检测服务, page 9
    highlight = page.locator(f"a.hl[href='#{fact.locator('xpath=..').get_attribute('id')}']").first
    assert not in_view(page, highlight)
    fact.click()
    assert page.evaluate("window.scrollY") > 3000 and in_view(page, highlight)
    assert page.evaluate("document.querySelector(':target').id") == fact.get_attribute("href")[1:]


def test_clicking_a_highlight_shows_its_fact_beside_the_text(visit, review_pages):
    page = visit.open(review_pages["review.html"])
    highlight = page.locator("a.hl.sla").last
    highlight.click()
    item = page.locator(highlight.get_attribute("href"))
    assert item.evaluate("e => e.matches(':target')") and in_view(page, item)


def test_review_page_runs_no_handbook_script(visit, review_pages):
    page = visit.open(review_pages["hostile.html"])
    page.wait_for_load_state("load")
    assert visit.dialogs == [] and page.locator("script").count() == 0
    assert "<script>alert(1)</script>" in page.locator("article.handbook").inner_text()


def test_review_page_fetches_nothing(visit, review_pages):
    visit.open(review_pages["review.html"]).wait_for_load_state("networkidle")
    assert visit.requests == [review_pages["review.html"].as_uri()]


def test_screenshot_of_the_review_page_for_the_readme(visit, review_pages, tmp_path):
    """Seed 002's second opinion service: one SLA followed to its highlight and back."""
    folder = Path(os.environ.get("REPORT_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = visit.open(review_pages["review.html"])
    fact = page.locator("#service-2 li.fact.sla").first
    fact.locator("a.go").click()
    page.locator(f"a.hl[href='#{fact.get_attribute('id')}']").first.click()
    page.mouse.move(0, 0)
    page.screenshot(path=folder / "review.png", clip={"x": 0, "y": 0, **VIEWPORT})
    assert (folder / "review.png").stat().st_size > 50_000
