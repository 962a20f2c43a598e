"""`ingest review` writes one self-contained page: the handbook's text with every fact
highlighted and linked both ways, stale corrections first, handbook text never markup."""
from __future__ import annotations

import json
import re

import pytest

from report_records import PAYLOAD, run_cli

HANDBOOK = f"""众安保险 健康服务手册
服务热线：95511

# 一、安心陪诊
限被保险人，每保单年度限1次。客户需提前3个自然日申请。{PAYLOAD}

# 二、图文问诊
在线图文问诊，不限次数。

# 三、温馨提示
本手册由众安保险解释。
"""
STALE = {"action": "confirm", "service": "安心陪诊", "family": "slas", "evidence": "提前9个自然日",
         "by": "li.wei", "at": "2024-06-01"}


@pytest.fixture
def review(tmp_path):
    """The review page of a small handbook holding script text, with one stale correction."""
    (tmp_path / "handbook.txt").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "corrections.json").write_text(json.dumps(
        {"schema_version": "1.0.0", "corrections": [STALE]}), encoding="utf-8")
    status, out, err = run_cli("review", tmp_path / "handbook.txt", "--out", tmp_path / "review.html",
                               "--corrections", tmp_path / "corrections.json")
    assert status == 0 and not err, err
    return out, (tmp_path / "review.html").read_text(encoding="utf-8")


def test_review_links_every_fact_to_its_highlight_and_back(review):
    _, html = review
    ids = set(re.findall(r' id="([^"]+)"', html))
    facts = re.findall(r'<li class="fact [a-z]+" id="(fact-\d+)"><a class="go" href="#([^"]+)"', html)
    highlights = set(re.findall(r'<a class="hl [a-z]+" href="#(fact-\d+)"', html))
    assert len(facts) >= 5
    assert all(target in ids for _, target in facts)  # each fact → its highlight
    assert highlights <= {fact for fact, _ in facts} and highlights  # each highlight → its fact


def test_review_shows_text_in_no_service_and_families_a_service_lacks(review):
    _, html = review
    assert re.search(r'<div class="chunk outside"><span class="svc-label">in no service</span>\s*'
                     r'<div class="text">众安保险 健康服务手册', html)
    consultation = html[html.index('id="service-1"'):]
    assert '<div class="lacks">no duration · no SLA · no conditions · no coverage</div>' in consultation


def test_review_puts_stale_corrections_at_the_top(review):
    out, html = review
    assert "1 stale corrections" in out
    assert html.index('<section class="stale"') < html.index('<main class="review">')
    assert "the words “提前9个自然日” no longer occur in the handbook" in html


def test_review_shows_handbook_script_as_text(review):
    _, html = review
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "{{ 7*7 }}{% if %}" in html
    assert "default-src 'none'" in html  # and the page itself may run no script at all


def test_review_frames_a_service_heading_and_its_text_together(review):
    _, html = review
    frames = re.findall(r'<div class="chunk svc"[^>]*><a class="svc-label" href="#service-0">([^<]+)</a>', html)
    assert frames == ["安心陪诊"]
