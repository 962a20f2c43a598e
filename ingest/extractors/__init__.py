"""The field extractors, in the order they run: each owns one field family.

Durations run before SLAs so that a time already explained as the length of one use
(`每次不超过4小时`) is not also read as a promise of speed.
"""
from __future__ import annotations

from ..model import Document, Fact, Section
from .base import Extractor, SectionView
from .channels import ChannelExtractor
from .coverage import CoverageExtractor
from .details import DescriptionExtractor, SentenceExtractor, StepsExtractor
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
FAMILIES = [e.family for e in EXTRACTORS]


def extract(doc: Document, section: Section) -> dict[str, list[Fact]]:
    """Every field family's facts for one service."""
    view = SectionView(doc, section)
    return {extractor.family: extractor(view) for extractor in EXTRACTORS}
