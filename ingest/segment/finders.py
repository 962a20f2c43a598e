"""Title finders: every way a handbook marks the start of a section, one finder each.

A finder looks at one block and says whether it opens with a title, how the title is
marked (its style), and where the title's own text begins. Finders know nothing about
services; `outline` decides from the sections what each title is. A new layout is one
new finder in `FINDERS`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..model import Document
from ..rules import compile_rule
from ..rules.marks import bracketed, brackets, card_label, question_mark, trail, trail_sites
from .tables import field_rows
from . import names


@dataclass
class Title:
    """A title found in a block: its name's span in the document and how it is marked.

    `tier` 0 are titles marked as titles (headings, numbering, bullets, cards, brackets,
    bold), tier 1 are plain names before a colon opening a paragraph; `level` is the
    reader's heading level. `body_start` before the block's end means the title leads
    its paragraph (its text follows on the same line).
    """

    block: int
    name_start: int
    name_end: int
    body_start: int
    style: str
    tier: int
    level: int = 0
    numbered: bool = False
    name: str = ""  # as written
    match_name: str = ""  # in Simplified characters, for the vocabularies
    qualifiers: list[tuple[int, int]] = field(default_factory=list)
    kind: str = ""  # label, concept, sentence or candidate; set by `outline`
    family: Optional[str] = None  # the field family a label names
    section_start: Optional[int] = None  # where its section starts, if not at its block (a sentence)


def _titled(raw: str) -> bool:
    """Whether the words after a mark read as a title: not a sentence that ends like one."""
    return not raw.rstrip().endswith(("。", "；", ";")) and names.is_title(names.service_name(raw))


def _alone_or_leading(mark: str, title_end: int, text: str) -> str:
    """`bold` for a title alone on its line, `bold:lead` for one its paragraph follows:
    a document may set services alone and their parts as lead-ins with the same mark."""
    return mark if title_end >= len(text.rstrip()) else f"{mark}:lead"


def _form(doc: Document, block) -> str:
    """A block's text in the matching form (Simplified, one character for one): the rules'
    words are found there, whatever script the handbook is written in; names are cut from
    the text as written by the same offsets."""
    return doc.match_text[block.start:block.end]


def _names_another(between: str) -> bool:
    """Whether the words between a name and a parenthesis set another name beside it
    (`第二诊疗意见 ｜ 术后上门护理（尊享版专属）`): the parenthesis qualifies that one. A
    translation between them (`海外就医协助 ｜ Overseas Medical Assistance（升级版）`) does not."""
    bar = re.search(r"[|｜]", between)
    return bool(bar) and names.ideographs(between[bar.end():]) >= 2


def _title(doc: Document, index: int, offset: int, length: int, body_start: int, style: str,
           tier: int, level: int = 0, numbered: bool = False) -> Optional[Title]:
    """A Title whose name is the cleaned text at block offset [offset, offset+length), its
    marks and labels found in the matching form (Simplified), the name cited as written."""
    block = doc.blocks[index]
    absolute = block.start + offset
    form = doc.match_text[absolute:absolute + length]  # read in the matching form: `右欄 · 術後…` as `右栏 · 术后…`
    start, end = names.display_span(form)
    if end - start < 2:
        return None
    qualifiers = [(absolute + s, absolute + e) for s, e in names.parentheticals(form)
                  if not _names_another(form[min(e, start):max(s, end)])]
    return Title(index, absolute + start, absolute + end, body_start, style, tier, level, numbered,
                 doc.text[absolute + start:absolute + end], doc.match_text[absolute + start:absolute + end],
                 qualifiers)


class HeadingFinder:
    """Headings as the reader marked them (font, style, Markdown `#`, a short title line, a
    site's breadcrumb trail: its page's name)."""

    def __init__(self) -> None:
        self._doc: Optional[Document] = None
        self._sites: set[str] = set()

    def _trail_sites(self, doc: Document) -> set[str]:
        if doc is not self._doc:
            self._doc = doc
            self._sites = trail_sites([doc.match_text[b.start:b.end] for b in doc.blocks if b.kind == "heading"])
        return self._sites

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        if block.kind != "heading":
            return None
        crumbs = trail(text, self._trail_sites(doc))
        if crumbs:  # `首页 > 健康服务 > 图文问诊`: the page the trail leads to
            return _title(doc, index, crumbs.start("page"), crumbs.end("page") - crumbs.start("page"), block.end,
                          "breadcrumb", 0, block.level or 2)
        marker = names.bullet(text)
        style, _, skip = names.numbering(text[marker:])
        if style == "none":  # a bullet marks the title as it would a paragraph's
            style = f"bullet:{text.lstrip()[0]}" if marker else f"h{block.level or 2}"
        skip += marker
        return _title(doc, index, skip, len(text) - skip, block.end, style, 0,
                      block.level or 2, skip > 0)


_SUBCLAUSE_BLOCKS = 3  # blocks after a clause's heading within which its first sub-clause stands


class NumberedTitleFinder:
    """A paragraph or list item that is a numbered title (`第四条 服务内容`, `1. 视频问诊`)."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        if block.kind not in ("paragraph", "list_item"):
            return None
        style, level, skip = names.numbering(text, clauses=True)
        if (style == "none" or not _titled(text[skip:])
                or self._in_enumeration(doc, index, style)
                or style in names.subclause_styles() and not self._has_subclauses(doc, text[:skip], index)):
            return None
        return _title(doc, index, skip, len(text) - skip, block.end, style, 0, level, True)

    @staticmethod
    def _has_subclauses(doc: Document, number: str, index: int) -> bool:
        """Whether one of the next blocks numbers the first sub-clause of this number (`6` → `6.1`),
        as a clause's first child follows its heading."""
        first = re.compile(rf"[ \t\u3000]*{re.escape(number.strip())}[.．]1(?!\d)")
        return any(first.match(_form(doc, block)) for block in doc.blocks[index + 1:index + 1 + _SUBCLAUSE_BLOCKS])

    @staticmethod
    def _in_enumeration(doc: Document, index: int, style: str) -> bool:
        """Whether the nearest item numbered the same way, before or after, is a sentence:
        then this short item is one point of an enumeration, not a title."""
        for step in (-1, 1):
            j = index + step
            while 0 <= j < len(doc.blocks) and abs(j - index) <= 3:
                text = _form(doc, doc.blocks[j])
                other, _, skip = names.numbering(text)
                if other == style:
                    return not names.is_title(text[skip:]) and names.lead_in(text[skip:]) == 0
                j += step
        return False


class BulletTitleFinder:
    """A symbol bullet before a title (`■ 就医绿通服务`, `● 在线问诊 ｜ Online Consultation`)."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        skip = names.bullet(text) if block.kind != "table" else 0
        if skip:  # `▌1. 视频医生`: a bar before a numbered title
            skip += names.numbering(text[skip:])[2]
        if not skip or not _titled(text[skip:]) or self._in_list(doc, index):
            return None
        return _title(doc, index, skip, len(text) - skip, block.end,
                      f"bullet:{text.lstrip()[0]}", 0)

    @staticmethod
    def _in_list(doc: Document, index: int) -> bool:
        """Bulleted names one right after another are a list (a page's index of its
        services, a list of items), not titles of sections: nothing stands between them."""
        mark = _form(doc, doc.blocks[index]).lstrip()[0]

        def bulleted_name(block) -> bool:
            text = _form(doc, block)
            return (block.kind != "table" and text.lstrip()[:1] == mark and bool(names.bullet(text))
                    and _titled(text[names.bullet(text):]))

        return any(0 <= j < len(doc.blocks) and bulleted_name(doc.blocks[j]) for j in (index - 1, index + 1))


class CardFinder:
    """A labelled card: `服务名称：…` or `【服务名称】…` names what the following fields describe;
    a card titled by a question or an aspect of a service (`【标题】电话医生服务怎么使用？`) names
    that service."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        if block.kind == "table":
            return None
        m = card_label().match(text)
        if not m:
            return None
        value = doc.match_text[block.start + m.end():block.end]
        about = names.asked_about(value)
        if about:  # `【标题】电话医生服务怎么使用？`: a knowledge base's entry on that service
            return _title(doc, index, m.end(), len(about), block.end, "card", 0)
        if not _titled(text[m.end():]) and not value.rstrip().endswith(("？", "?")):
            return None  # a card asking about nothing named is still a card (it names no service)
        return _title(doc, index, m.end(), len(text) - m.end(), block.end, "card", 0)


class BracketLeadFinder:
    """A bracketed name, alone on its line or opening a paragraph (after a list number too:
    `1.【术后上门护理】…`): `【门诊绿通】被保险人…`, `「服务内容」`; quotation brackets opening a
    sentence quote a name (`「泰生活」APP…`).
    Brackets around a numbering (`【服务一】`) are no name, and nor are brackets that lead
    paragraphs again and again without naming a field (`【放音】`, `【动作】` of a script): they
    mark the document's own kinds of paragraph."""

    _REPEATED = 3

    def __init__(self) -> None:
        self._doc: Optional[Document] = None
        self._repeated: set[str] = set()

    def _repeated_marks(self, doc: Document) -> set[str]:
        if doc is not self._doc:
            counts = Counter(_form(doc, block)[found[0]:found[1]] for block in doc.blocks if block.kind != "table"
                             and (found := bracketed(_form(doc, block))))
            self._doc, self._repeated = doc, {mark for mark, n in counts.items()
                                               if n >= self._REPEATED and not names.label_family(mark)}
        return self._repeated

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        if block.kind == "table":
            return None
        numbered = names.numbering(text)[2]
        found = bracketed(text) or _shifted(bracketed(text[numbered:]), numbered)
        if not found:
            return None
        start, end, mark_end = found
        if numbered > end:
            return None  # `【服务一】电话医生`: the brackets number a title
        if compile_rule(names.rules()["title"]["senders"]["pattern"]).search(text[start:end]):
            found = _next_bracket(text, mark_end)  # `【天安人寿】尊敬的客户，…【视频问诊】：…`
            if not found:
                return None
            start, end, mark_end = found
        if text[start:end] in self._repeated_marks(doc):
            return None
        alone = mark_end >= len(text.rstrip())
        name = names.service_name(text[start:end])
        if (not 2 <= end - start <= 64 or not (names.is_title(name) or names.label_family(name))
                or (text[start - 1] in brackets()[2] and not alone)):
            return None
        return _title(doc, index, start - 1, end - start + 2, block.start + mark_end,  # with its brackets
                      _alone_or_leading("bracket", mark_end, text), 0)


def _shifted(found: Optional[tuple[int, int, int]], by: int) -> Optional[tuple[int, int, int]]:
    """A bracketed name found after a list number (`1.【术后上门护理】…`), in the whole text's offsets."""
    return tuple(i + by for i in found) if found and by else None


def _next_bracket(text: str, after: int) -> Optional[tuple[int, int, int]]:
    """(name start, name end, end of the mark) of the next title bracket in a message."""
    openings, closings, quotes = brackets()
    for i in range(after, len(text)):
        kind = openings.find(text[i])
        if kind >= 0 and text[i] not in quotes:
            close = text.find(closings[kind], i + 1)
            return (i + 1, close, close + 1) if close > 0 else None
    return None


class BoldLeadFinder:
    """Words in bold opening a paragraph, alone or before its text: `**视频问诊**：…`."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        if block.kind == "table" or block.emphasis < 2:
            return None
        bold = text[:block.emphasis].rstrip("：: ")
        if not names.is_title(names.service_name(bold)):
            return None
        rest = text[block.emphasis:]
        body = block.start + block.emphasis + (len(rest) - len(rest.lstrip("：: ")))
        return _title(doc, index, 0, len(bold), body, _alone_or_leading("bold", body - block.start, text), 0)


class ColonLeadFinder:
    """A name and a colon opening a paragraph: `视频问诊：…` (bold in the original), also
    after a bullet or a number (`◆ 专家门诊：…`, `（1）服务条件：…`)."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        if block.kind == "table":
            return None
        text = _form(doc, block)
        skip, mark = names.bullet(text), "bullet"
        if not skip:
            style, _, skip = names.numbering(text)
            mark = style if skip else "plain"
        length = names.lead_in(text[skip:]) or names.bar_label(text[skip:])
        if not length:
            return None
        style = f"lead:{mark}:{text.lstrip()[0]}" if mark == "bullet" else f"lead:{mark}"
        return _title(doc, index, skip, length - 1, block.start + skip + length, style, 1)


_QUESTION_FRAME = re.compile(
    r"^(?:请问|什么是|何为|如何(?:使用|申请|办理|享受)?|怎样(?:使用|申请|办理)?|怎么(?:使用|申请|办理)?)?\s*"
    r"(?P<name>.+?)\s*(?:是什么|是指什么|怎么(?:用|使用|申请)|如何(?:使用|申请|办理)|有(?:哪些|什么)?(?:次数)?限制"
    r"|(?:每|一年|多久|多长|多少|几)[^？?]*?(?:可以|能|要|需|用|做|有|算|是).*"  # `每年都能做吗`: how often
    r"|(?:可以|能否|能|需要|是否|要|如果|若).*|怎么办|有.*|吗|呢)?\s*[？?]?\s*$")


class QuestionFinder:
    """A question naming a service opens its answer: `Q：什么是住院垫付服务？` (a handbook
    written as questions and answers); the name is the question without its frame."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        m = question_mark().match(text) if block.kind != "table" else None
        frame = _QUESTION_FRAME.match(doc.match_text[block.start + m.end():block.end]) if m else None
        if not frame or not names.is_title(frame.group("name")) or not names.states_category(frame.group("name")):
            return None
        return _title(doc, index, m.end() + frame.start("name"), len(frame.group("name")), block.end,
                      "question", 0)


class FieldTableTitleFinder:
    """A name alone on its line right above a table of fields (`服务对象 | …`, `服务次数 | …`):
    a card laid out as two columns, as web pages and forms print them."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        block = doc.blocks[index]
        text = _form(doc, block)
        following = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
        if (block.kind not in ("paragraph", "heading") or following is None
                or not field_rows(doc, following) or not names.is_title(names.service_name(text))):
            return None
        return _title(doc, index, 0, len(text), block.end, "field_table", 0)


@lru_cache(maxsize=1)
def _quoted_names(quotes: str) -> re.Pattern:
    """A name of 2 to 30 characters between one of the quotation pairs (open, close)."""
    return re.compile("|".join(f"{re.escape(o)}([^{re.escape(c)}]{{2,30}}){re.escape(c)}"
                               for o, c in zip(quotes[0::2], quotes[1::2])))


_MENU_STEP = ("—", "→", "->", ">", "＞", "》", "/")


class IntroductionFinder:
    """A paragraph that introduces services by their quoted names: `…可使用“视像诊症”服务…`,
    `“住院按金垫付”服务可以…`, `出院回家以后，「术后居家护理」会…` (a letter, a newsletter,
    answers to questions: no title per service), or by counting them off (`第二个是重疾就医
    绿色通道，…`, as an agent on a call). The name must state a category, or be called a
    service (`「心理关怀」服务`). The first
    introduction's section starts with the paragraph, whose opening words (who may use it)
    belong to the service; a later one in the same paragraph starts with its sentence."""

    def __call__(self, doc: Document, index: int) -> Optional[Title]:
        found = self.every(doc, index)
        return found[0] if found else None

    def every(self, doc: Document, index: int) -> list[Title]:
        block = doc.blocks[index]
        if block.kind not in ("paragraph", "list_item"):
            return []
        text = doc.match_text[block.start:block.end]
        rules = names.rules()["introductions"]
        counted = compile_rule(rules["ordinal"]["pattern"]).search(text)
        spans = sorted(self._quoted(text, rules) + ([(*counted.span("name"), False, "ordinal")] if counted else []))
        titles = []
        for start, end, called, style in spans:
            name = text[start:end]
            if not (names.is_title(name) and (names.states_category(name) or called)):
                continue  # a name stating no category, unless the text calls it a service
            sentence = block.start + _sentence_start(text, start) if titles else block.start
            title = _title(doc, index, start, end - start, sentence, style, 0)
            if title:
                title.section_start = sentence
                titles.append(title)
        return titles

    @staticmethod
    def _quoted(text: str, rules: dict) -> list[tuple[int, int, bool, str]]:
        """(start, end, whether called a service, style) of the quoted names the paragraph
        introduces: offered (`可使用“…”`), called a service (`“…”服务`) or opening a sentence
        or a clause."""
        offered, named = compile_rule(rules["offered"]["pattern"]), compile_rule(rules["named"]["pattern"])
        openings, closings = rules["quotes"][0::2], rules["quotes"][1::2]
        spans = []
        for m in _quoted_names(rules["quotes"]).finditer(text):
            group = next(i for i in range(1, m.lastindex + 1) if m.group(i) is not None)
            name, before, after = m.group(group), text[:m.start()].rstrip(), text[m.end():]
            if before.endswith(_MENU_STEP) or after.lstrip().startswith(_MENU_STEP):
                continue  # `…—“保单服务”中选择“重疾全球二诊”`: a step of an app's menu
            if before.endswith(tuple(closings) + _LISTING) or after.startswith(tuple(openings) + _LISTING):
                continue  # `分别是“视频医生”“重疾绿通服务”…`: names listed, none introduced
            called = named.match(after) or named.match(name[-2:])  # `“…”服务`, `「…服务」`
            if offered.search(before) or called or not before or before[-1] in _CLAUSE_ENDS:
                spans.append((*m.span(group), bool(named.match(after)), "quoted"))  # `「X」服务`: called one
        return spans


_CLAUSE_ENDS = "。！？!?；;，,：:"
_LISTING = ("、", "和", "及", "与", "或")


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins (after the last 。！？； before it)."""
    return max(text.rfind(mark, 0, at) for mark in "。！？!?；;") + 1


_INTRODUCTIONS = IntroductionFinder()
FINDERS = [CardFinder(), BracketLeadFinder(), BoldLeadFinder(), HeadingFinder(), NumberedTitleFinder(),
           BulletTitleFinder(), QuestionFinder(), ColonLeadFinder(), FieldTableTitleFinder(), _INTRODUCTIONS]


def find_titles(doc: Document) -> list[Title]:
    """The first title each block opens with, in document order (table-of-contents lines
    skipped); of a paragraph introducing services in its sentences, each of them (also after
    a lead-in naming none: `最后是一项专属权益：「癌症早筛」为…`)."""
    titles = []
    for index, block in enumerate(doc.blocks):
        if block.kind == "table" or names.is_toc_entry(_form(doc, block)):
            continue
        for finder in FINDERS:
            if finder is _INTRODUCTIONS:
                titles += finder.every(doc, index)
                break
            title = finder(doc, index)
            if title:
                named_none = title.tier == 1 and not names.classify(title.match_name)
                titles += (named_none and _INTRODUCTIONS.every(doc, index)) or [title]
                break
    return titles
