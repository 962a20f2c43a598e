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


def test_a_pattern_searched_between_its_breaks_finds_what_it_finds_in_the_whole_span(service_view):
    import re
    view = service_view("请登录众安健康APP，或关注“众安健康”公众号；也可在小程序(众安)申请，Apple公众号apps")
    pattern, kinds = re.compile(r"[^，；()“”]{2}[”]?(?:APP|公众号|小程序)(?![a-z])", re.I), re.compile("APP|公众号|小程序", re.I)
    whole = [m.span() for m in view.finditer(pattern, requires=kinds)]
    assert [m.span() for m in view.finditer(pattern, requires=kinds, breaks="，；()“")] == whole
    assert [view.doc.text[s:e] for s, e in whole] == ["健康APP", "健康”公众号", "可在小程序"]  # not Apple公众号apps
