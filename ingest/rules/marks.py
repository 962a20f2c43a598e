"""Title marks built from the segmentation rules, shared by the readers (a reader's layout
must not run a card's lines together) and segmentation (which finds the titles)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..textnorm import to_simplified
from . import compile_rule, load_rules


@lru_cache(maxsize=1)
def brackets() -> tuple[str, str, str]:
    """(openings, closings, quotation openings) of the bracket pairs that mark a title:
    `【…】` alone or leading its paragraph, `「…」` only alone (in a sentence it quotes)."""
    title = load_rules("segmentation")["title"]
    pairs = title["title_brackets"] + title["quote_brackets"]
    return pairs[0::2], pairs[1::2], title["quote_brackets"][0::2]


def bracketed(text: str) -> Optional[tuple[int, int, int]]:
    """(name start, name end, end of the mark and its spaces) of a bracketed name opening
    `text` (`【门诊绿通】…`, `「服务内容」`), or None."""
    openings, closings, _ = brackets()
    lead = len(text) - len(text.lstrip())
    kind = openings.find(text[lead:lead + 1]) if text[lead:lead + 1] else -1
    close = text.find(closings[kind], lead + 1) if kind >= 0 else -1
    if close < 0:
        return None
    after = text[close + 1:]
    return lead + 1, close, close + 1 + len(after) - len(after.lstrip())


def question_mark() -> re.Pattern:
    """`Q：`, `问3：`, `Q1.`: the mark of the segmentation rules opening a question."""
    return compile_rule(load_rules("segmentation")["question_mark"]["pattern"])


def answer_mark() -> re.Pattern:
    """`A：`, `答：`: the mark of the segmentation rules opening an answer."""
    return compile_rule(load_rules("segmentation")["answer_mark"]["pattern"])


def opens_turn(text: str) -> bool:
    """Whether `text` opens a question or an answer: a new turn, never a wrapped line."""
    return bool(question_mark().match(text) or answer_mark().match(text))


def breadcrumb(text: str) -> Optional[re.Match]:
    """`首页 > 健康服务 > 图文问诊`: a web page's trail, its last part (group `page`) the page's name."""
    return compile_rule(load_rules("segmentation")["title"]["breadcrumb"]["pattern"]).match(text)


def first_crumb(text: str) -> str:
    return re.split(r"\s*[>›»]\s*", text.strip(), maxsplit=1)[0]


def trail_sites(lines: list[str]) -> set[str]:
    """The first parts of the trails of a site: a site's pages start their trails alike
    (`首页 > 健康服务`, `首页 > 健康服务 > 图文问诊`); a lone `a > b` is no trail."""
    counts: dict[str, int] = {}
    for line in lines:
        if breadcrumb(line.strip()):
            counts[first_crumb(line)] = counts.get(first_crumb(line), 0) + 1
    return {first for first, count in counts.items() if count >= 2}


def trail(text: str, sites: set[str]) -> Optional[re.Match]:
    """The trail `text` is, where it starts as a trail of the site does."""
    found = breadcrumb(text.strip())
    return found if found and first_crumb(text) in sites else None


def bullets() -> str:
    """The bullet marks of the segmentation rules (`■`, `◆`, `•`, `√` …)."""
    return load_rules("segmentation")["bullets"]


@lru_cache(maxsize=1)
def card_label() -> re.Pattern:
    """`服务名称：…`, `【服务名称】…`: a card label of the segmentation rules opening a line,
    closed by its bracket or followed by a colon or a space (`【服务项目一览】` is no label)."""
    openings, closings, _ = brackets()
    labels = load_rules("segmentation")["card_labels"]["pattern"]
    return re.compile(rf"^\s*(?:[{re.escape(openings)}]\s*(?:{labels})\s*[{re.escape(closings)}]"
                      rf"|(?:{labels})(?:\s*[：:]|\s+))\s*[：:]?\s*")


@lru_cache(maxsize=1)
def numbering_styles() -> list[tuple[str, int, re.Pattern]]:
    """(style, canonical level, pattern) of every numbering style of the segmentation rules,
    in the order they are tried."""
    return [(n["style"], n["level"], re.compile(n["pattern"])) for n in load_rules("segmentation")["numbering"]]


@lru_cache(maxsize=1)
def heading_numbering() -> list[tuple[int, re.Pattern]]:
    """(level, pattern) of the numbering styles that number titles (not list items), in order."""
    return [(n["level"], re.compile(n["pattern"])) for n in load_rules("segmentation")["numbering"]
            if not n.get("list")]


def is_numbered(text: str) -> bool:
    """Whether `text` opens with a numbering style of the segmentation rules (`第1项`, `3.1`,
    `第1項` as Traditional text writes it)."""
    form = to_simplified(text).lstrip()
    return any(pattern.match(form) for _, _, pattern in numbering_styles())


_LABEL_LEAD = re.compile(r"^\s*([^\s，。；：:、]{2,10})\s*[：:]")


@lru_cache(maxsize=1)
def _field_labels() -> list[re.Pattern]:
    return [re.compile(label["pattern"]) for label in load_rules("segmentation")["field_labels"]]


def is_field_label(text: str) -> bool:
    """`适用条件`, `服务对象` (`服務對象`): a field's label of the segmentation rules (it heads
    a column too)."""
    form = to_simplified(text)
    return any(label.search(form) for label in _field_labels())


def opens_with_field_label(text: str) -> bool:
    """`使用次数：每保单年度2次`: a line led by a field label of the segmentation rules and a
    colon starts a field of its own (a card's lines stay apart)."""
    m = _LABEL_LEAD.match(to_simplified(text))
    return bool(m) and any(label.search(m.group(1)) for label in _field_labels())
