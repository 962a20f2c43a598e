"""Handbook text is untrusted: reports show it as text, never as markup, script or template."""
from __future__ import annotations

import json

import pytest

from report_records import NEW, hostile_record, run_cli


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, str]:
    """Compare and diff reports, HTML and Markdown, of a hostile handbook and seed 001."""
    folder = tmp_path_factory.mktemp("hostile")
    hostile = folder / "hostile.json"
    hostile.write_text(json.dumps(hostile_record(), ensure_ascii=False), encoding="utf-8")
    names = ("compare.html", "compare.md", "diff.html", "diff.md")
    for name in names:
        run_cli(name.split(".")[0], hostile, NEW, "--out", folder / name)
    return {name: (folder / name).read_text(encoding="utf-8") for name in names}


def test_reports_escape_script_in_handbook_text(reports):
    for name in ("compare.html", "diff.html"):
        html = reports[name]
        assert "<script" not in html.lower() and "<img" not in html.lower(), name
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
        assert "{{ 7*7 }}{% if %}" in html, name  # shown as written, not run as a template


def test_reports_show_evidence_markup_as_text(reports):
    assert "&lt;img src=x onerror=alert(2)&gt;" in reports["compare.html"]


def test_markdown_reports_carry_no_raw_html_from_handbooks(reports):
    for name in ("compare.md", "diff.md"):
        markdown = reports[name]
        assert "<script" not in markdown.lower() and "<img" not in markdown.lower(), name
        assert "&lt;script&gt;" in markdown, name


def test_html_reports_forbid_scripts_and_fetching(reports):
    for name in ("compare.html", "diff.html"):
        assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'" in reports[name]
