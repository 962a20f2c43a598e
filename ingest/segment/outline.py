"""The outline of a handbook: which titles hold which, and which titles are services.

Titles nest as the document shows it. A style first seen while other titles are open
stands below their styles (its containers). A title ends the open sections of its own
style and of the styles that contain it; unnumbered headings compare by the levels the
reader gave them; a lead-in's section ends at any title on its own line. Two styles
never seen one inside the other nest, unless the later title names another category
than the open service (it starts the next one), or is a first chapter of notes or FAQ
in a new style (it ends the list of services before it). Field labels (`服务次数：`) and
fragments of narrow columns are part of the section they stand in.

A title is a service by the evidence of its section: a name that states a category, and
a text that reads like a service (counts, time commitments, channels, coverage). A title
above services is a group; a title nested in a service is a sub-item; a title whose
same-style siblings are services is one too when its own text bears it out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from ..model import Document
from ..numbers import parse_number
from ..rules import compile_rule
from ..rules.marks import question_mark
from . import names
from .finders import Title
from .tables import summary_rows


@dataclass
class Node:
    title: Title
    end: int = 0
    parent: Optional["Node"] = None
    children: list["Node"] = field(default_factory=list)
    evidence: set = field(default_factory=set)
    category: Optional[names.Classification] = None
    service_like: bool = False
    role: str = "other"  # service, group, label, sub_item, withdrawn (not offered yet), other
    listed: list = field(default_factory=list)  # categories of the summary-table rows it holds


@lru_cache(maxsize=None)
def _evidence_patterns() -> dict[str, re.Pattern]:
    return {kind: compile_rule(rule["pattern"]) for kind, rule in names.rules()["evidence"].items()}


def _evidence(text: str) -> set[str]:
    return {kind for kind, pattern in _evidence_patterns().items() if pattern.search(text)}


def _kind(title: Title, doc: Document) -> None:
    """A field label leads its value, on its line or after it (`服务时效：…`, `【使用次数】…`,
    `服务内容：` above a table, `「服务标准」` above its paragraph: brackets mark a label as
    a colon does)."""
    family = names.label_family(title.match_name)
    block = doc.blocks[title.block]
    leads = (title.body_start < block.end or block.text.rstrip().endswith(("：", ":"))
             or title.style == "bracket")
    if family and (title.tier == 1 or leads):
        title.kind, title.family = "label", family
    elif family or names.is_concept(title.match_name) or (
            names.is_handbook_chapter(title.match_name, title.style) and not names.states_category(title.match_name)):
        title.kind = "concept"  # an appendix (`附表一：服务网络覆盖`) is the handbook's, unless it names a service
    elif names.opens_sentence(title.match_name) or not names.is_title(title.match_name):
        title.kind = "sentence"  # a heading that reads as one (`客户询问“…”`, a question) titles no service
    else:
        title.kind = "candidate"


class _Styles:
    """What the document shows of how its title styles nest: the styles that were open
    when each style first appeared (its containers), and how often each has appeared."""

    def __init__(self) -> None:
        self.containers: dict[tuple, set] = {}
        self.counts: dict[tuple, int] = {}

    def is_new(self, title: Title) -> bool:
        return (title.tier, title.style) not in self.containers

    def count(self, title: Title) -> int:
        """How many titles of this style have appeared so far."""
        return self.counts.get((title.tier, title.style), 0)

    def unrelated(self, a: Title, b: Title) -> bool:
        """Neither style seen inside the other (a style not seen yet is related to none)."""
        key_a, key_b = (a.tier, a.style), (b.tier, b.style)
        return key_a != key_b and key_a not in self.containers.get(key_b, ()) and \
            key_b not in self.containers.get(key_a, ())

    def see(self, title: Title, stack: list[Node]) -> None:
        key = (title.tier, title.style)
        self.counts[key] = self.counts.get(key, 0) + 1
        self.containers.setdefault(key, {(n.title.tier, n.title.style) for n in stack})

    def ends(self, node: Node, other: Node) -> bool:
        """Whether `other`, standing after `node`, ends `node`'s section."""
        a, b = node.title, other.title
        if b.kind in ("label", "fragment"):
            return False
        if a.tier != b.tier:
            return b.tier < a.tier  # a title on its own line ends a lead-in's paragraph
        if a.style == b.style:
            return True
        if _plain_heading(a) and _plain_heading(b):
            return b.level <= a.level  # the reader's levels (`##`, Heading 2)
        key_a, key_b = (a.tier, a.style), (b.tier, b.style)
        if key_b in self.containers[key_a]:
            return True  # b's style held a's when a's first appeared
        return False  # styles never seen one inside the other: the later nests in the open one


def _outranks(doc: Document, styles: _Styles, later: Node, open_node: Node) -> bool:
    """Two headings whose styles the document never showed one inside the other (`六、其他事项`
    after `8. 年度体检`, the last of services numbered `1.`… first met with no chapter open):
    the reader's heading levels tell which holds which, so the higher one ends the lower."""
    a, b = open_node.title, later.title
    block_a, block_b = doc.blocks[a.block], doc.blocks[b.block]
    return (block_a.kind == block_b.kind == "heading" and bool(block_a.level and block_b.level)
            and a.tier == b.tier and b.kind not in ("label", "fragment")
            and styles.unrelated(a, b) and block_b.level < block_a.level)


def _plain_heading(title: Title) -> bool:
    return title.style.startswith("h") and not title.numbered


def _in_numbered_section(stack: list[Node]) -> bool:
    numbered_open = next((n for n in reversed(stack) if n.title.tier == 0), None)
    return numbered_open is not None and numbered_open.title.numbered


def _in_named_service(stack: list[Node]) -> bool:
    return any(_names_a_service(n.title) for n in stack)


def _is_fragment(title: Title, stack: list[Node]) -> bool:
    """An unnumbered title-like line of no known kind inside a numbered section, or one that
    reads as a sentence or a value (`以下三项任选其一`, `保险期间内不限次数`) inside a service
    its title names: most often a line a reader took for a heading; it ends nothing."""
    if not _plain_heading(title):
        return False
    longest = names.rules()["title"]["unnumbered_max_chars"]
    return (title.kind in ("candidate", "sentence") and _in_numbered_section(stack)
            and (not names.classify(title.match_name) or len(names.plain_name(title.match_name)) > longest)
            or title.kind == "sentence" and _in_named_service(stack))


# families whose heading inside a service is its field (not channels: `如何申请` is often the handbook's)
_FIELD_HEADINGS = tuple(f for f in names.FACT_LABELS if f != "channels")


def _is_field_heading(doc: Document, title: Title, following: Optional[Title], stack: list[Node]) -> bool:
    """An unnumbered heading naming a field inside a service: over one short line, its value
    (`申请电话` / `400-828-6117转2`), in a numbered section; or naming one of the facts
    (`能用几次`, `多快能办好`) in a section its title names. It is the section's field, not a
    chapter of its own (a `服务流程` heading over titled steps may be the handbook's)."""
    family = names.label_family(title.match_name)
    if not (_plain_heading(title) and title.kind == "concept" and family):
        return False
    if family in _FIELD_HEADINGS and _in_named_service(stack):
        return True
    end = following.block if following is not None else len(doc.blocks)
    return (_in_numbered_section(stack) and end > title.block + 1
            and len(doc.blocks[title.block + 1].text) <= names.rules()["title"]["max_chars"])


def build(doc: Document, titles: list[Title]) -> list[Node]:
    """Nodes of every title with its section's end, parent and children."""
    styles = _Styles()
    nodes: list[Node] = []
    stack: list[Node] = []
    leaves: list[Node] = []  # labels and fragments: they end where the next title starts
    last_of_style: dict[tuple, Node] = {}  # the latest node of each (tier, style)
    titles = _with_cards_joined(doc, titles)
    for title, following in zip(titles, titles[1:] + [None]):
        if title.style == "quoted" and any(_names_a_service(n.title) and not _names_a_part(n.title, title)
                                           for n in stack):
            continue  # inside a titled service, a quoted name mentions a service, it titles none
        for leaf in leaves:
            leaf.end = _starts(doc, title)
        leaves.clear()
        _kind(title, doc)
        if _is_fragment(title, stack) or _repeats_open_name(doc, title, stack):
            title.kind = "fragment"
        elif _is_field_heading(doc, title, following, stack):
            title.kind, title.family = "label", names.label_family(title.match_name)
        _close(doc, stack, _open_peer(doc, title, stack, styles), title)
        _close(doc, stack, _after_the_previous_number(doc, title, stack, last_of_style), title)
        if styles.is_new(title) and title.tier == 0 and names.is_handbook_chapter(title.match_name, title.style):
            # the first chapter of notes or FAQ in a new style ends the list of services before it
            _close(doc, stack, next((i for i, n in enumerate(stack) if styles.count(n.title) > 1), None), title)
        styles.see(title, stack)
        node = Node(title)
        nodes.append(node)
        last_of_style[(title.tier, title.style)] = node
        _close(doc, stack, next((i for i, n in enumerate(stack)
                                 if styles.ends(n, node) or _outranks(doc, styles, node, n)), None), title)
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        if title.kind not in ("label", "fragment"):  # neither holds other titles
            stack.append(node)
        else:
            leaves.append(node)
    for node in stack + leaves:
        node.end = len(doc.text)
    _end_one_line_lists(doc, nodes)
    _end_at_next_entry(doc, nodes)
    _end_at_next_question(doc, nodes)
    return nodes


def _number(doc: Document, title: Title) -> int | None:
    """The number of a numbered title (`08 住院期间家庭保洁` → 8, `第三条` → 3)."""
    mark = re.search(r"\d+|[一二三四五六七八九十百]+", doc.text[doc.blocks[title.block].start:title.name_start])
    number = parse_number(mark.group()) if mark and title.numbered else None
    return int(number) if number else None


def _after_the_previous_number(doc: Document, title: Title, stack: list[Node],
                               last_of_style: dict[tuple, Node]) -> int | None:
    """Where a numbered title goes on from the title numbered one before it in its style
    (`08` after `07`), when sections of other styles were opened since (a box of case
    stories between two services, `服务案例`, or of tips): those end, and it stands where its
    predecessor's nearest open section holds it."""
    number = _number(doc, title)
    if number is None or number < 2:
        return None
    previous = last_of_style.get((title.tier, title.style))
    if previous is None or _number(doc, previous.title) != number - 1 or previous in stack:
        return None
    open_ancestor = next((a for a in _ancestors(previous) if a in stack), None)
    index = stack.index(open_ancestor) + 1 if open_ancestor is not None else 0
    if index >= len(stack) or not all(names.is_other_chapter(n.title.match_name) for n in stack[index:]):
        return None  # a chapter of services between them (`二、诊中服务`) holds the next one: numbering runs on
    return index


def _with_cards_joined(doc: Document, titles: list[Title]) -> list[Title]:
    """A name standing just above the numbered title of the same name, with nothing but list
    items between (a brochure's card: `在线问诊`, `✓ 不限次`, then `01 在线问诊`), is that
    title's card: the two are one title, numbered as the second, whose section starts at the first."""
    out: list[Title] = []
    for title in titles:
        card = out[-1] if out else None
        if (card is not None and title.numbered and not card.numbered and _same_name(card, title)
                and all(block.kind == "list_item" for block in doc.blocks[card.block + 1:title.block])):
            out[-1] = replace(title, block=card.block, body_start=card.body_start)
        else:
            out.append(title)
    return out


def _repeats_open_name(doc: Document, title: Title, stack: list[Node]) -> bool:
    """A title of another style naming the titled section it stands in (a card beside the
    text it sums up) repeats the name: it starts nothing. (After a lead-in of the same name,
    `重疾绿通（各1次）；…` in an overview, the title on its own line starts the section.)"""
    if not stack:
        return False
    open_title = stack[-1].title
    leads = open_title.body_start < doc.blocks[open_title.block].end
    return not leads and open_title.style != title.style and _same_name(open_title, title)


def _same_name(a: Title, b: Title) -> bool:
    return names.core_name(a.match_name) == names.core_name(b.match_name) != ""


def _end_one_line_lists(doc: Document, nodes: list[Node]) -> None:
    """A list of one-line entries (`1️⃣ 电话医生：7×24小时，不限次`) ends with its last entry:
    the last of three or more lead-ins of one style and parent, each of the others one
    block long, is one block long too (what follows the list is not about it)."""
    runs: dict[tuple, list[Node]] = {}
    for node in nodes:
        if node.title.tier and node.title.body_start < doc.blocks[node.title.block].end:
            runs.setdefault((id(node.parent), node.title.style), []).append(node)
    for run in runs.values():
        *others, last = run
        if len(run) >= 3 and all(n.end <= doc.blocks[n.title.block].end + 1 for n in others):
            last.end = min(last.end, doc.blocks[last.title.block].end)


def _end_at_next_entry(doc: Document, nodes: list[Node]) -> None:
    """A list entry led by a name (`2. 图文问诊：…` among notes, `· 住院垫付服务：升级为…`
    in a list of changes) is about that service only: its section ends at the next entry
    numbered or bulleted alike, though that entry names no service (`3. 住院垫付每次住院限
    申请1次`, `· 新增“癌症早筛服务”`), as the entries of a list are parallel."""
    titled = {doc.blocks[node.title.block].start for node in nodes}
    for node in nodes:
        block = doc.blocks[node.title.block]
        if block.kind != "list_item" or not node.title.tier or node.title.body_start >= block.end:
            continue
        mark = _entry_mark(block.text)
        if mark is None:
            continue
        for later in doc.blocks_in(block.end, node.end):
            if later.kind == "heading":
                break
            if later.kind == "list_item" and _entry_mark(later.text) == mark:
                if later.start not in titled:
                    node.end = later.start
                break


def _end_at_next_question(doc: Document, nodes: list[Node]) -> None:
    """A question naming a service (`Q：院内陪诊可以给爸妈用吗？`), or a service named in a
    chapter of questions (`其他常见问题`), speaks for its answer only: the next question
    (`Q：癌症早筛今年用过了…`, `18 | 对服务不满意，怎么投诉？`) is another entry, though it
    names its service in no title's words (its answer then joins the service it names, as a
    mention)."""
    for node in nodes:
        in_questions = _under_other_chapter(node) and any(
            names.is_handbook_chapter(a.title.match_name, a.title.style) for a in _ancestors(node))
        if node.title.style != "question" and not in_questions:
            continue
        block = doc.blocks[node.title.block]
        for later in doc.blocks_in(block.end, node.end):
            if later.kind == "heading" and not _asks(later.text):
                break
            if question_mark().match(later.text) or _asks(later.text):
                node.end = later.start
                break


def _asks(text: str) -> bool:
    """A line that is one short question (`18 | 对服务不满意，怎么投诉？`): an FAQ's entry."""
    text = text.strip()
    return len(text) <= _QUESTION_CHARS and text.endswith(("？", "?")) and text.count("？") + text.count("?") == 1


_QUESTION_CHARS = 40


def _entry_mark(text: str) -> str | None:
    """How a list entry is marked: its numbering style, or its bullet symbol."""
    style = names.numbering(text)[0]
    if style != "none":
        return style
    return text.lstrip()[0] if names.bullet(text) else None


def _starts(doc: Document, title: Title) -> int:
    """Where a title's section starts: its block, or the sentence that introduces it."""
    return doc.blocks[title.block].start if title.section_start is None else title.section_start


def _names_a_part(title: Title, quoted: Title) -> bool:
    """A title listing names (`心理疏导与术后康复`) titles the services it lists: a name
    beginning with one of them (`“术后康复指导”服务`) introduces that service."""
    parts = names.enumerated(names.core_name(title.match_name))
    name = names.core_name(quoted.match_name)
    return len(parts) >= 2 and any(len(part) >= 2 and name.startswith(part) for part in parts)


def _names_a_service(title: Title) -> bool:
    """A marked title (not itself a quoted introduction) whose name states a category."""
    return title.kind == "candidate" and title.style != "quoted" and names.states_category(title.match_name)


def _close(doc: Document, stack: list[Node], index: int | None, title: Title) -> None:
    """End the open sections from `stack[index]` on where `title` begins."""
    if index is None:
        return
    for open_node in stack[index:]:
        open_node.end = _starts(doc, title)
    del stack[index:]


def _open_peer(doc: Document, title: Title, stack: list[Node], styles: "_Styles") -> int | None:
    """Where in `stack` stands the open service that a title is a peer of, when the document
    has not shown how their styles nest: a title naming another category than the open
    service, whose section already reads like a service, starts the next service."""
    found = names.classify(title.match_name)
    if title.kind != "candidate" or not found or not found.term:
        return None
    for index in range(len(stack) - 1, -1, -1):
        open_title = stack[index].title
        category = names.classify(open_title.match_name)
        if category and category.term:
            if not styles.unrelated(open_title, title):
                return None
            so_far = doc.match_text[open_title.body_start:_starts(doc, title)]
            if category.category != found.category and _evidence(so_far) - {"action"}:
                return index
            return None
    return None


def _assess(doc: Document, node: Node) -> None:
    """A node's evidence (from its whole section) and whether it reads like a service."""
    title = node.title
    body = doc.match_text[title.body_start:max(title.body_start, node.end)]
    node.evidence = _evidence(body)
    strong = node.evidence - {"action"}
    node.category = names.classify(title.match_name)
    node.listed = [row.category for block in doc.blocks_in(title.body_start, max(title.body_start, node.end))
                   for row in summary_rows(doc, block)]
    if title.kind != "candidate" or len(body.strip()) < 2:  # an entry of a contents list
        return
    if title.style == "question" and _under_other_chapter(node):
        return  # an FAQ entry: its answer joins the service it names (mentions), if any
    withdrawn = compile_rule(names.rules()["withdrawn"]["pattern"])
    taken_away = compile_rule(names.rules()["withdrawn_before"]["pattern"])
    if withdrawn.search(doc.match_text[title.name_start:doc.blocks[title.block].end]) or not strong and \
            withdrawn.search(doc.match_text[title.name_start:max(title.body_start, node.end)]) or \
            taken_away.search(doc.match_text[doc.blocks[title.block].start:title.name_start]):
        node.role = "withdrawn"  # `海外就医 | 敬请期待`, a service said not offered yet with nothing of it
        return  # told, or one a change list takes away (`删除了“海外就医协调”服务`)
    if node.category and node.category.term:
        node.service_like = True
    elif node.category:  # a name ending in 服务
        node.service_like = bool(strong) and not _under_other_chapter(node)
    elif title.tier == 0 and not _under_other_chapter(node):
        node.service_like = len(strong) >= 2


def _under_other_chapter(node: Node) -> bool:
    """Inside a chapter of notes, process, FAQ, exclusions…: only a name stating a category
    makes a service there. A chapter of services nearer than it (`服务详情` where the
    outline put it under `使用步骤`) opens services again."""
    for ancestor in _ancestors(node):
        if names.is_service_chapter(ancestor.title.match_name):
            return False
        if ancestor.title.kind == "concept" and names.is_other_chapter(ancestor.title.match_name):
            return True
    return False


def _is_group(node: Node) -> bool:
    """Service-like titles (or the rows of a summary table) below a name that does not state
    their category (or two or more of another category than the one it states, or two or
    more that state their own fields): a document title, a chapter, a group, a
    `服务权益总表`."""
    below = [c for c in _descendants(node) if c.service_like]
    services = [c.category for c in below] + node.listed
    named = node.category and node.category.term
    if not named and any(c and c.term for c in services):
        return True  # `升级版服务` above `住院垫付`: the child names the service
    if len(services) < 2:
        return False
    if sum(_names_a_part(node.title, c.title) for c in node.children if c.service_like) >= 2:
        return True  # `心理疏导与术后康复` above `“心理疏导”服务` and `“术后康复指导”服务`
    if sum(1 for c in below if any(k.title.kind == "label" for k in c.children)) >= 2:
        return True  # each child states its own fields (`服务标准`…): the children are the services
    if node.title.kind != "candidate" or not named:
        return True
    return sum(1 for c in services if c and c.category != node.category.category) >= 2


def decide(doc: Document, nodes: list[Node]) -> list[Node]:
    """The service nodes, in document order."""
    for node in nodes:
        _assess(doc, node)
    for node in reversed(nodes):
        if node.title.kind == "label":
            node.role = "label"
        elif _is_group(node):
            node.role = "group"
            node.service_like = False
    for node in nodes:
        inside_service = any(a.role == "service" for a in _ancestors(node))
        if inside_service:
            node.role = "sub_item" if node.role != "label" else "label"
        elif node.role == "other" and node.service_like:
            node.role = "service"
    _siblings_of_services(doc, nodes)
    return [n for n in nodes if n.role == "service"]


def _descendants(node: Node):
    for child in node.children:
        yield child
        yield from _descendants(child)


def _ancestors(node: Node):
    while node.parent is not None:
        node = node.parent
        yield node


def _siblings_of_services(doc: Document, nodes: list[Node]) -> None:
    """A title whose same-style siblings are mostly services is a service when its own text
    bears a service's evidence (a name without a category word: `口袋视频医生`, `心理援助`)."""
    families: dict[tuple, list[Node]] = {}
    for node in nodes:
        if node.title.kind == "candidate":  # labels and chapters are no siblings of services
            families.setdefault((id(node.parent), node.title.style), []).append(node)
    for group in families.values():
        services = [n for n in group if n.role == "service"]
        if len(services) < 2 or len(services) < 0.6 * len(group):
            continue
        for node in group:
            if (node.role == "other" and node.title.kind == "candidate" and node.evidence - {"action"}
                    and not any(a.role == "service" for a in _ancestors(node))
                    and not _under_other_chapter(node)):
                node.role = "service"


def describe(doc: Document) -> list[str]:
    """The outline as `ingest read --outline` prints it: one line per title, indented by
    depth, with what segmentation made of it and why (its style, kind and evidence)."""
    from .finders import find_titles

    nodes = build(doc, find_titles(doc))
    decide(doc, nodes)
    lines = []
    for node in nodes:
        depth = sum(1 for _ in _ancestors(node))
        title = node.title
        page = doc.page_at(title.name_start)
        evidence = ",".join(sorted(node.evidence - {"action"})) or "-"
        lines.append(f"{'p' + str(page) if page else 'p-':>4}  {'  ' * depth}{node.role:<8} "
                     f"{title.name}  [{title.style}; {title.kind}; {evidence}]")
    return lines

