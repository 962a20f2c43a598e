"""Facts of the handbook as a whole: the insurer that publishes it and the product it serves."""
from __future__ import annotations

from typing import Optional

from ..model import Document, Evidence, Fact
from ..rules import compile_rule
from .base import field_rules


def _fact(doc: Document, family: str, start: int, end: int, name: str, rule: str) -> Fact:
    evidence = Evidence(doc.text[start:end], start, end, doc.page_at(start))
    return Fact(family, {"name": name}, evidence, rule)


def find_insurer(doc: Document) -> Optional[Fact]:
    """The insurer named first in the handbook, from the insurer vocabulary."""
    best = None
    for insurer in field_rules()["insurers"]:
        for alias in insurer["aliases"]:
            pos = doc.match_text.find(alias)
            if pos >= 0 and (best is None or (pos, -len(alias)) < (best[0], -len(best[2]))):
                best = (pos, insurer["name"], alias)
    if best is None:
        return None
    return _fact(doc, "insurer", best[0], best[0] + len(best[2]), best[1], "insurer.vocabulary")


def find_product(doc: Document) -> Optional[Fact]:
    """The product the handbook serves: the first insurance name after `《`, `产品名称：` or
    `感谢您选择` (the rule `handbook.product`), its spaces removed."""
    rule = field_rules()["product"]
    m = compile_rule(rule["pattern"]).search(doc.match_text)
    if not m:
        return None
    name = "".join(doc.text[m.start("name"):m.end("name")].split())
    return _fact(doc, "product", m.start("name"), m.end("name"), name, rule["id"])
