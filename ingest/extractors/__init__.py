"""The field extractors, in the order they run: each owns one field family.

Durations run before SLAs so that a time already explained as the length of one use
(`每次不超过4小时`) is not also read as a promise of speed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import Document, Evidence, Fact, Section
from .base import Extractor, SectionView
from .channels import ChannelExtractor
from .coverage import CoverageExtractor
from .details import DescriptionExtractor, SentenceExtractor, StepsExtractor
from .handbook import find_insurer, find_product
from .preconditions import PreconditionExtractor
from .times import DurationExtractor, SlaExtractor
from .usage import UsageExtractor

EXTRACTORS: list[Extractor] = [
    DurationExtractor(), SlaExtractor(), UsageExtractor(), ChannelExtractor(),
    PreconditionExtractor(), CoverageExtractor(), DescriptionExtractor(), StepsExtractor(),
    SentenceExtractor("materials"), SentenceExtractor("exclusions"),
    SentenceExtractor("service_hours"), SentenceExtractor("eligible_persons"),
    SentenceExtractor("cancellation"),
]


@dataclass
class Extraction:
    """What the extractors found in one handbook, still as typed facts."""

    services: list[dict[str, list[Fact]]]  # per section, in order: family → facts
    channels: list[Fact]  # stated outside every service: the handbook's own channels
    insurer: Optional[Fact]
    product: Optional[Fact]


def extract(doc: Document, sections: list[Section]) -> Extraction:
    """Every field family's facts for each service, and the handbook's own facts."""
    return Extraction(
        services=[extract_service(doc, section) for section in sections],
        channels=ChannelExtractor()(SectionView(doc, outside_services(doc, sections))),
        insurer=find_insurer(doc), product=find_product(doc))


def extract_service(doc: Document, section: Section) -> dict[str, list[Fact]]:
    """Every field family's facts for one service."""
    view = SectionView(doc, section)
    return {extractor.family: extractor(view) for extractor in EXTRACTORS}


def outside_services(doc: Document, sections: list[Section]) -> Section:
    """The handbook's own text: everything no service section covers."""
    covered = sorted([span for s in sections for span in s.spans]
                     + [(e.start, e.end) for s in sections for e in s.name_places])
    spans, pos = [], 0
    for start, end in covered:
        if start > pos:
            spans.append((pos, start))
        pos = max(pos, end)
    if pos < len(doc.text):
        spans.append((pos, len(doc.text)))
    return Section(name="", name_evidence=Evidence("", 0, 0, None), category="other",
                   category_term=None, spans=spans, group="handbook")
