"""Issue 10: the same handbook with its service titles in another layout must give the same
services and facts. Each style is one `run` over all fifteen keyed handbooks; a variant's
services F1 and fields F1 against the key must stay within 0.02 of the original layout's."""
import pytest

from ingest.batch import run
from ingest.score import score_dirs

from .build import KEYED, STYLES, write_variants



TOLERANCE = 0.02
# Variants the builder leaves half restyled, which no reader can take for the original:
# Markdown `##` on some service titles while a sibling keeps its `（二）` numbering and the
# chapters stay unmarked lines (a Markdown file marks its headings).
# A known gap that closes fails the test too, so that it is taken off this list.
KNOWN_GAPS = {
    ("markdown", "003_01c07bc6b9f80855"): "（二）垫付医疗服务 keeps its numbering beside ## titles",
}


def _scores(out_dir) -> dict[str, dict]:
    """(services F1, fields F1) per handbook, against both sets of keys."""
    found = {}
    for _, gold in KEYED:
        for stem, doc in score_dirs(gold, out_dir)["documents"].items():
            found[stem] = {"services": doc["services"]["f1"] if doc["found"] else 0.0,
                           "fields": doc["fields"]["f1"] if doc["found"] else 0.0}
    return found


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    out = tmp_path_factory.mktemp("original")
    run([texts for texts, _ in KEYED], out)
    return _scores(out)


@pytest.mark.parametrize("style", STYLES)
def test_layout_variant_keeps_services_and_facts(style, original, tmp_path):
    paths = write_variants(tmp_path / "variants", [style])[style]
    run(paths, tmp_path / "out")
    variant = _scores(tmp_path / "out")
    moved = {(stem, family, original[stem][family], variant[stem][family])
             for stem in sorted(original) for family in ("services", "fields")
             if abs(variant[stem][family] - original[stem][family]) > TOLERANCE}
    differ = sorted(m for m in moved if (style, m[0]) not in KNOWN_GAPS)
    closed = [stem for known_style, stem in KNOWN_GAPS if known_style == style
              and not any(m[0] == stem for m in moved)]
    assert not closed, f"known gaps of style {style} now pass; take them off KNOWN_GAPS: {closed}"
    if differ:
        table = "\n".join(f"  {stem:<24} {family:<9} original {was:.3f}  {style} {now:.3f}"
                          for stem, family, was, now in differ)
        pytest.fail(f"{len(differ)} scores moved by more than {TOLERANCE} in style {style}:\n{table}",
                    pytrace=False)
