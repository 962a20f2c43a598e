"""Deliberate breakages of the pipeline's core: each must turn the test suite red.

    python scripts/mutants.py            # every mutant, against the tests that guard it
    python scripts/mutants.py --list     # the mutants and what each breaks

A mutant is one textual change to one source file (applied to a copy of the tree, never
to the checkout). A mutant that leaves its tests green is a *survivor*: a behaviour no
test would notice breaking. The script exits 1 when any survives.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_TESTS = ["tests/test_pipeline.py", "tests/test_record.py", "tests/test_floors.py", "tests/extractors",
              "tests/test_segment.py"]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str


MUTANTS = [
    Mutant("pipeline skips evidence verification", "ingest/pipeline.py",
           "    verify_evidence(record, doc.text)\n", "    pass\n"),
    Mutant("pipeline skips schema validation", "ingest/pipeline.py",
           '    validate(record, "handbook")\n', "    pass\n"),
    Mutant("sentence extractors return nothing", "ingest/extractors/details.py",
           "        rule = field_rules()[\"sentences\"][self.family]\n",
           "        return []\n        rule = field_rules()[\"sentences\"][self.family]\n"),
    Mutant("steps extractor returns nothing", "ingest/extractors/details.py",
           "        for block in section_blocks(view, whole=False):\n            if block.kind != \"table\":",
           "        for block in []:\n            if block.kind != \"table\":"),
    Mutant("insurer detection returns nothing", "ingest/extractors/handbook.py",
           '    """The insurer named first in the handbook, from the insurer vocabulary."""\n',
           '    """The insurer named first in the handbook, from the insurer vocabulary."""\n    return None\n'),
    Mutant("product detection returns nothing", "ingest/extractors/handbook.py",
           '    rule = field_rules()["product"]\n', '    return None\n'),
    Mutant("coverage keeps the last value", "ingest/record.py",
           "        if out[key] is None:\n", "        if True:\n"),
    Mutant("evidence quotes the Simplified copy", "ingest/extractors/base.py",
           "        return Evidence(self.doc.text[start:end], start, end, self.doc.page_at(start))",
           "        return Evidence(self.doc.match_text[start:end], start, end, self.doc.page_at(start))"),
    Mutant("every evidence page is null", "ingest/extractors/base.py",
           "        return Evidence(self.doc.text[start:end], start, end, self.doc.page_at(start))",
           "        return Evidence(self.doc.text[start:end], start, end, None)"),
    Mutant("labels end the sections they stand in", "ingest/segment/outline.py",
           'if b.kind in ("label", "fragment"):', 'if b.kind in ("fragment",):'),
    Mutant("no title is ever a group", "ingest/segment/outline.py",
           "    below = [c for c in _descendants(node) if c.service_like]\n",
           "    return False\n"),
    Mutant("a quoted introduction titles nothing", "ingest/segment/finders.py",
           "           IntroductionFinder()]", "           ]"),
    Mutant("a table of fields gives no labels", "ingest/segment/__init__.py",
           "                       + [row for block in doc.blocks for row in field_rows(doc, block)])",
           "                       + [])"),
    Mutant("mentions outside services are ignored", "ingest/segment/__init__.py",
           "    add_mentions(doc, sections)\n", "    pass\n"),
]


def run(mutant: Mutant, tests: list[str]) -> bool:
    """True when the mutant is killed (its tests fail)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT / "ingest", tree / "ingest")
        shutil.copytree(ROOT / "tests", tree / "tests")
        source = tree / mutant.path
        text = source.read_text(encoding="utf-8")
        if mutant.old not in text:
            raise SystemExit(f"mutant {mutant.name!r} no longer applies to {mutant.path}: update it")
        source.write_text(text.replace(mutant.old, mutant.new, 1), encoding="utf-8")
        (tree / "sources").symlink_to(ROOT / "sources")
        found = [t for t in tests if (tree / t).exists()]
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *found],
                                cwd=tree, capture_output=True, text=True)
        return result.returncode != 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the mutants")
    args = parser.parse_args()
    if args.list:
        for mutant in MUTANTS:
            print(f"{mutant.path:<32} {mutant.name}")
        return 0
    survivors = []
    for mutant in MUTANTS:
        killed = run(mutant, CORE_TESTS)
        print(f"{'killed  ' if killed else 'SURVIVED'} {mutant.name}", flush=True)
        if not killed:
            survivors.append(mutant.name)
    print(f"{len(MUTANTS) - len(survivors)} of {len(MUTANTS)} mutants killed")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
