"""Title marks built from the segmentation rules, shared by the readers (a reader's layout
must not run a card's lines together) and segmentation (which finds the titles)."""
from __future__ import annotations

import re
from functools import lru_cache

from . import load_rules


@lru_cache(maxsize=1)
def brackets() -> tuple[str, str, str]:
    """(openings, closings, quotation openings) of the bracket pairs that mark a title:
    `【…】` alone or leading its paragraph, `「…」` only alone (in a sentence it quotes)."""
    title = load_rules("segmentation")["title"]
    pairs = title["title_brackets"] + title["quote_brackets"]
    return pairs[0::2], pairs[1::2], title["quote_brackets"][0::2]


@lru_cache(maxsize=1)
def card_label() -> re.Pattern:
    """`服务名称：…`, `【服务名称】…`: a card label of the segmentation rules opening a line."""
    openings, closings, _ = brackets()
    labels = load_rules("segmentation")["card_labels"]["pattern"]
    return re.compile(rf"^\s*[{re.escape(openings)}]?\s*(?:{labels})\s*[{re.escape(closings)}]?\s*[：:]?\s*")
