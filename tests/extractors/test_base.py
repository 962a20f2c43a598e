from ingest.extractors.base import SectionView
from ingest.model import Document, Evidence, Section, SourceInfo


def test_section_view_clause_stops_at_the_edges_of_its_own_span():
    doc = Document(SourceInfo("x", "text", "0" * 64, 0), "甲甲甲甲乙乙乙乙丙丙丙丙丁丁丁丁", [])
    section = Section(name="", name_evidence=Evidence("", 0, 0, None), category="other",
                      category_term=None, spans=[(8, 12), (0, 4)], group="test",
                      qualifier_spans=[(12, 16), (4, 8)])
    view = SectionView(doc, section)
    assert [view.clause(pos, pos + 1) for pos in (1, 5, 9, 13)] == [
        (0, 4), (4, 8), (8, 12), (12, 16)]
