"""What every extractor shares: a view of one service's text and the evidence it cites."""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator

from ..model import Document, Evidence, Fact, Section
from ..rules import load_rules

_CLAUSE_STOPS = "，,。；;：！？!?\n\t"
_SENTENCE_STOPS = "。；;！？!?\n"
_TRIM = " \t*·•-—:：、"


def _is_spaced_slash(text: str, i: int) -> bool:
    """` / ` between two statements a spreadsheet cell joins (`…前至少2个工作日申请 / 资料齐全后…`)
    parts clauses as a comma does; `次/年`, `图文/视频` do not."""
    return text[i] in "/／" and (text[i - 1:i] == " " or text[i + 1:i + 2] == " ")


@lru_cache(maxsize=None)
def _between(breaks: str) -> re.Pattern:
    """The runs of text between any of the characters of `breaks`."""
    return re.compile(f"[^{re.escape(breaks)}]+")


def field_rules() -> dict:
    return load_rules("fields")


@dataclass
class SectionView:
    """The text of one service (all its places) as the extractors see it.

    Matching runs on `doc.match_text` (Simplified Chinese, same offsets as `doc.text`) so a
    Traditional-Chinese handbook matches the same rules; evidence always quotes `doc.text`.
    `claimed` holds spans an earlier extractor already explained (a duration is not an SLA).
    """

    doc: Document
    section: Section
    claimed: list[tuple[int, int]] = field(default_factory=list)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return self.section.spans

    def finditer(self, pattern: re.Pattern, with_qualifiers: bool = False,
                 requires: re.Pattern | None = None, breaks: str = "") -> Iterator[re.Match]:
        """Matches of `pattern` in the view's spans. `requires`, a cheap pattern every match
        must contain, skips the spans without it before the costly pattern runs. `breaks`
        are characters no match holds and no lookahead of the pattern tells from the end of
        the text: the spans are then searched a piece between them at a time, only the
        pieces holding `requires`, with the same matches."""
        text = self.doc.match_text
        spans = self.spans + (self.section.qualifier_spans if with_qualifiers else [])
        for start, end in spans:
            if requires is not None and not requires.search(text, start, end):
                continue
            if not breaks:
                yield from pattern.finditer(text, start, end)
                continue
            for piece in _between(breaks).finditer(text, start, end):
                if requires is None or requires.search(text, *piece.span()):
                    yield from pattern.finditer(text, *piece.span())

    @cached_property
    def _sorted_spans(self) -> tuple[list[int], list[tuple[int, int]]]:
        spans = sorted(self.spans + self.section.qualifier_spans)
        return [start for start, _ in spans], spans

    def _span_of(self, pos: int) -> tuple[int, int]:
        """The span holding `pos` (spans never overlap), by bisection: the handbook's own
        text (outside every service) has a span per gap between services."""
        starts, spans = self._sorted_spans
        index = bisect_right(starts, pos) - 1
        if index >= 0 and pos < spans[index][1]:
            return spans[index]
        return pos, pos

    def _bounds(self, start: int, end: int, stops: str) -> tuple[int, int]:
        low, high = self._span_of(start)
        text = self.doc.match_text
        left = start
        while left > low and text[left - 1] not in stops and not _is_spaced_slash(text, left - 1):
            left -= 1
        right = end
        while right < high and text[right] not in stops and not _is_spaced_slash(text, right):
            right += 1
        while left < right and text[left] in _TRIM:
            left += 1
        while right > left and text[right - 1] in _TRIM:
            right -= 1
        return left, right

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around a match: up to the nearest comma, full stop or line end."""
        return self._bounds(start, end, _CLAUSE_STOPS)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return self._bounds(start, end, _SENTENCE_STOPS)

    def text(self, start: int, end: int) -> str:
        return self.doc.match_text[start:end]

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(self.doc.text[start:end], start, end, self.doc.page_at(start))

    def labelled_as(self, family: str, pos: int) -> bool:
        """Whether `pos` lies in a value a label or a table column says is of `family`."""
        return any(start <= pos < end for start, end in self.section.labelled.get(family, ()))

    def is_claimed(self, start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in self.claimed)

    def fact(self, family: str, value: dict, start: int, end: int, rule: str,
             key: str | None = None, clause: bool = True) -> Fact:
        """A fact whose evidence is the clause around [start, end) (or exactly it)."""
        left, right = self.clause(start, end) if clause else (start, end)
        return Fact(family, value, self.evidence(left, right), rule, key)


class Extractor(ABC):
    """One field family. `__call__` returns its facts for one service."""

    family = ""

    @abstractmethod
    def __call__(self, view: SectionView) -> list[Fact]:
        """The facts of this family in one service's text."""
