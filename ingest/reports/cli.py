"""`ingest compare`, `ingest diff` and `ingest review`: argparse wiring and the command functions.

Report modules (jinja2, jieba) are imported when a command runs, so `ingest --help`
stays fast.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from .facts import LANGUAGES

COMPARE_FORMATS = ("html", "md", "csv", "xlsx")
DIFF_FORMATS = ("html", "md", "json")
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
                  ".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


def output_format(args, allowed: tuple[str, ...]) -> str:
    """The report's format: the --out suffix's, or --format's when the suffix names none;
    a folder as --out, a suffix --format contradicts, or no format at all is an error."""
    out, suffix = args.out, args.out.suffix.lower()
    if out.is_dir():
        raise UsageError("is a folder; --out names the report file to write", str(out))
    named = SUFFIX_FORMATS.get(suffix)
    if args.format and named and named != args.format:
        raise UsageError(f"--format {args.format} contradicts the {suffix} suffix of --out; "
                         "make them agree or drop --format", str(out))
    if args.format or named in allowed:
        return args.format or named
    suffixes = " ".join(s for s, fmt in SUFFIX_FORMATS.items() if fmt in allowed)
    raise UsageError(f"{'the ' + suffix + ' suffix' if suffix else 'a name without suffix'} names "
                     f"no format of this report: use {suffixes} or --format", str(out))


def write_report(path: Path, content: str | bytes) -> None:
    from ..output import write_atomic

    try:
        write_atomic(path, content)
    except OSError as exc:
        raise UsageError(f"cannot be written ({exc.strerror or exc})", str(path)) from None


def cmd_compare(args) -> int:
    from .compare import build_comparison
    from .facts import report_language
    from .load import load_handbooks
    from .render import render

    fmt = output_format(args, COMPARE_FORMATS)
    handbooks = load_handbooks(args.inputs)
    view = build_comparison(handbooks, args.lang or report_language([h.record for h in handbooks]))
    write_report(args.out, render(view, fmt))
    print(f"compared {len(view['columns'])} handbooks across {len(view['rows'])} service categories "
          f"→ {args.out} ({fmt})")
    return 0


def cmd_diff(args) -> int:
    from .diff import diff_handbooks
    from .facts import report_language
    from .load import load_handbook
    from .render import render

    fmt = output_format(args, DIFF_FORMATS)
    old, new = load_handbook(args.old), load_handbook(args.new)
    view = diff_handbooks(old, new, args.lang or report_language([old.record, new.record]))
    write_report(args.out, render(view, fmt))
    summary = view["summary"]
    if not summary["changes"]:
        print(f"no changes → {args.out} ({fmt})")
        return 0
    print(f"{summary['changes']} changes ({summary['unfavorable']} unfavorable, {summary['favorable']} "
          f"favorable, {summary['neutral']} neutral) → {args.out} ({fmt})")
    return 1


def cmd_review(args) -> int:
    from ..pipeline import ingest_document
    from ..settings import Settings
    from .render import render
    from .review import build_review

    if args.corrections:
        from ..corrections import load_corrections

        load_corrections(args.corrections)  # a bad file is one clear error, not a failed handbook
    doc, record = ingest_document(args.handbook, Settings(corrections=args.corrections))
    view = build_review(doc, record, args.corrections)
    out = args.out or Path(f"{args.handbook.stem}.review.html")
    write_report(out, render(view, "html"))
    stale = view["corrections"]["stale"]
    print(f"{len(view['services'])} services, {view['facts']} facts, {view['outside_share']}% of the "
          f"text in no service{f', {len(stale)} stale corrections' if stale else ''} → {out}")
    return 0


def add_lang_option(parser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="the report's language (default: zh for handbooks written in Chinese, else en)")


def add_report_commands(subparsers) -> None:
    """Register `compare` and `diff` on the `ingest` command's subparsers."""
    compare = subparsers.add_parser(
        "compare", help="compare handbooks side by side: category × handbook matrix with evidence",
        description="Compare the services of several handbooks: first a summary (categories not every\n"
        "handbook offers, fastest and slowest provider SLA per category, categories only one offers,\n"
        "contradictions), then a matrix of service categories (rows) by handbook (columns) with\n"
        "names, usage limits, SLAs, channels, conditions and coverage, each opening to the\n"
        "handbook's own words, page and document. Chinese for Chinese handbooks; --lang en.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  ingest compare output/catalog.json --out report.html\n"
               "  ingest compare output/ --out facts.csv")
    compare.add_argument("inputs", nargs="+", type=Path, metavar="CATALOG_OR_DIR",
                         help="catalog.json, per-handbook JSON files, or folders of them")
    compare.add_argument("--out", type=Path, required=True, metavar="FILE",
                         help="report file; its suffix (.html .md .csv .xlsx) says the format")
    compare.add_argument("--format", choices=COMPARE_FORMATS,
                         help="output format when the --out suffix names none (xlsx needs openpyxl)")
    add_lang_option(compare)
    compare.set_defaults(func=cmd_compare)

    diff = subparsers.add_parser(
        "diff", help="what changed between two editions of a handbook, judged for the insured",
        description="Compare two editions of one handbook: services added, removed and renamed, and\n"
        "field-level changes with both editions' words, each judged unfavorable, favorable or\n"
        "neutral for the insured; plus a word-level diff of each changed service's text.\n"
        "Exit status: 0 no changes, 1 changes, 2 trouble.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  ingest diff old.pdf new.pdf --out diff.html\n"
               "  ingest diff output/old.json output/new.json --out diff.json")
    diff.add_argument("old", type=Path, metavar="OLD",
                      help="the earlier edition: a handbook file (.pdf .docx .txt) or its JSON record")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later edition, likewise")
    diff.add_argument("--out", type=Path, required=True, metavar="FILE",
                      help="report file; its suffix (.html .md .json) says the format")
    diff.add_argument("--format", choices=DIFF_FORMATS,
                      help="output format when the --out suffix names none")
    add_lang_option(diff)
    diff.set_defaults(func=cmd_diff)

    review = subparsers.add_parser(
        "review", help="one handbook's own text with every extracted fact highlighted, for review",
        description="Ingest one handbook and write a self-contained HTML page: the handbook's text page\n"
        "by page with every fact highlighted in place (coloured by field family), each service's\n"
        "sections framed, text in no service hatched; beside it each service's facts, each linking\n"
        "to its highlight and back, contradictions, and how to write corrections.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  ingest review sources/002_fcd9fceb003ab718.pdf --out review.html\n"
               "  ingest review handbook.pdf --corrections corrections.json")
    review.add_argument("handbook", type=Path, metavar="HANDBOOK", help="a handbook file (.pdf .docx .txt .md)")
    review.add_argument("--out", type=Path, metavar="FILE.html",
                        help="the page to write (default: HANDBOOK's stem + .review.html, here)")
    review.add_argument("--corrections", type=Path, metavar="FILE",
                        help="apply this corrections file first; stale corrections head the page")
    review.set_defaults(func=cmd_review)
