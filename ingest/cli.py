"""The `ingest` command line. Heavy libraries are imported inside each command, so
`ingest --help` and `ingest read` start quickly."""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import Counter
from pathlib import Path

from . import __version__
from .errors import IngestError, UsageError


def _print_blocks(doc, as_json: bool) -> None:
    if as_json:
        print(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))
        return
    src = doc.source
    pages = f", {src.page_count} pages" if src.page_count else ""
    print(f"# {src.path} ({src.format}{pages}, {len(doc.blocks)} blocks, {len(doc.text)} chars)")
    for warning in doc.warnings:
        print(f"# warning: {warning}")
    for block in doc.blocks:
        page = f"p{block.page}" if block.page else "p-"
        kind = f"{block.kind}/{block.level}" if block.level else block.kind
        if block.kind == "table":
            print(f"{page:>4}  {kind:<11} {len(block.rows)} rows")
            for row in block.rows:
                print(" " * 17 + " | ".join(doc.cell_text(c) for c in row))
        else:
            print(f"{page:>4}  {kind:<11} {block.text}")


def cmd_read(args) -> int:
    from .readers import read_document

    doc = read_document(args.file)
    if args.outline:
        from .segment.outline import describe

        print("\n".join(describe(doc)))
        return 0
    _print_blocks(doc, args.json)
    return 0


def _progress(outcome, index: int, total: int) -> None:
    """One summary line per handbook on stdout; a progress counter on a terminal's stderr."""
    name = Path(outcome.path).name
    if outcome.record:
        record = outcome.record
        extra = "".join(f", {len(record[k])} {k}" for k in ("findings", "warnings") if record[k])
        stale = (record.get("corrections") or {}).get("stale")
        extra += f", {len(stale)} stale corrections" if stale else ""
        print(f"ok    {name}: {len(record['services'])} services{extra} ({outcome.seconds:.1f}s)")
    else:
        print(f"FAIL  {outcome.error['path']}: {outcome.error['message']}")
    if total > 1 and sys.stderr.isatty():
        done = "#" * (30 * index // total)
        end = "\n" if index == total else ""
        print(f"\r[{done:<30}] {index}/{total}", end=end, file=sys.stderr, flush=True)


def _corrected_cache(cache_dir: Path | None, corrections: Path | None) -> Path | None:
    """Records made with a corrections file are cached apart, one folder per file content,
    so a run without it (or with another edit of it) never receives them."""
    if cache_dir is None or corrections is None:
        return cache_dir
    from .cache import file_digest

    return cache_dir / "corrected" / file_digest(corrections)[:16]


def _record_corrections(records: list[dict], out: Path, corrections: Path) -> None:
    """Add the corrections' outcome to run.json and print it on the summary line."""
    from .corrections import run_report
    from .output import to_json, write_atomic

    report = run_report(corrections, records)
    run_json = out / "run.json"
    write_atomic(run_json, to_json(json.loads(run_json.read_text(encoding="utf-8")) | {"corrections": report}))
    print(f"corrections: {report['applied']} applied, {len(report['stale'])} stale"
          f"{' (listed in run.json)' if report['stale'] else ''} from {corrections}")


def cmd_run(args) -> int:
    from .parallel import mapper_for
    from .batch import run
    from .settings import Settings, default_cache_dir

    corrections = args.corrections.resolve() if args.corrections else None
    if corrections:
        from .corrections import load_corrections

        load_corrections(corrections)  # a bad file is one clear error before any work
    cache_dir = None if args.no_cache else (args.cache_dir or default_cache_dir())
    try:
        settings = Settings.resolve(vars(args) | {
            "cache_dir": _corrected_cache(cache_dir, corrections), "corrections": corrections})
    except ValueError as exc:
        raise IngestError(f"invalid option: {exc}") from None
    paths = args.paths or [Path("sources")]
    records: list[dict] = []

    def on_outcome(outcome, index: int, total: int) -> None:
        if outcome.record:
            records.append({"document": outcome.record["document"],
                            "corrections": outcome.record.get("corrections")})
        _progress(outcome, index, total)

    summary = run(paths, args.out, settings, on_outcome=on_outcome, mapper=mapper_for(settings))
    ok = len(summary.outcomes) - len(summary.failures)
    print(f"{ok} of {len(summary.outcomes)} handbooks ingested into {args.out}/ "
          f"(catalog.json, run.json){'; failures listed in run.json' if summary.failures else ''}")
    if summary.kept:
        print(f"catalog.json also keeps {summary.kept} handbooks of earlier runs not tried again")
    if corrections:
        _record_corrections(records, args.out, corrections)
    if summary.skipped:
        kinds = Counter(Path(p).suffix.lower() or "no extension" for p in summary.skipped)
        print(f"skipped {len(summary.skipped)} other files found in folders "
              f"({', '.join(f'{kind} ×{n}' for kind, n in sorted(kinds.items()))}; listed in "
              "run.json): name a file to read it anyway")
    return summary.exit_code


def cmd_score(args) -> int:
    from .score import format_scores, score_dirs

    scores = score_dirs(args.gold, args.pred)
    print(json.dumps(scores, indent=1) if args.json else format_scores(scores))
    if args.min_f1 is not None and scores["overall"]["fields"]["f1"] < args.min_f1:
        return 1
    return 0


def cmd_schema(args) -> int:
    from .schemas import load_schema, schema_names, schema_path

    if args.list:
        for name in schema_names():
            print(f"{name:<10} {load_schema(name)['title']}")
        return 0
    if not args.name:
        raise UsageError(f"name a schema ({', '.join(schema_names())}) or give --list")
    print(schema_path(args.name).read_text(encoding="utf-8"), end="")
    return 0


def cmd_export(args) -> int:
    from .export import export_sqlite
    from .reports.load import load_handbooks

    records = [h.record for h in load_handbooks(args.inputs)]
    export_sqlite(records, args.sqlite)
    print(f"exported {len(records)} handbooks, {sum(len(r['services']) for r in records)} services "
          f"→ {args.sqlite} (SQLite)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ingest", description="Turn insurers' health-service handbooks (PDF, DOCX, text) "
        "into a schema-validated, evidence-carrying service catalog and reports.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    read = sub.add_parser("read", help="show the blocks (type, level, page, text) of one handbook")
    read.add_argument("file", type=Path)
    read.add_argument("--json", action="store_true", help="print the document model as JSON")
    read.add_argument("--outline", action="store_true",
                      help="print the titles found and what each is (service, group, sub-item, label…)")
    read.set_defaults(func=cmd_read)

    run = sub.add_parser("run", help="ingest handbooks into one JSON each plus catalog.json")
    run.add_argument("paths", nargs="*", type=Path,
                     help="handbook files or folders (searched recursively); default: sources/")
    run.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    run.add_argument("--jobs", "-j", type=int, help="worker processes (default: every core)")
    run.add_argument("--no-cache", action="store_true", help="read and extract every handbook again")
    run.add_argument("--cache-dir", type=Path,
                     help="where ingested handbooks are cached (default: $INGEST_CACHE_DIR or "
                          "~/.cache/handbook-ingest)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on a Dask cluster (e.g. tcp://10.0.0.5:8786); needs .[cluster]")
    run.add_argument("--timeout", dest="timeout_s", type=float,
                     help="seconds one handbook may take (default: 300)")
    run.add_argument("--max-memory-mb", type=int, help="memory one worker may use (default: 4096)")
    run.add_argument("--max-file-mb", type=float, help="refuse larger files (default: 200)")
    run.add_argument("--max-pages", type=int, help="refuse PDFs with more pages (default: 2000)")
    run.add_argument("--corrections", type=Path, metavar="FILE",
                     help="a reviewer's corrections (corrections.schema.json) to apply to every "
                          "handbook; stale ones are listed in run.json")
    run.set_defaults(func=cmd_run)

    score = sub.add_parser("score", help="precision/recall/F1 per field family against gold keys")
    score.add_argument("--gold", type=Path, required=True, help="folder of gold key JSON files")
    score.add_argument("--pred", type=Path, required=True,
                       help="folder of per-handbook JSON files, or a catalog.json")
    score.add_argument("--json", action="store_true", help="print the figures as JSON")
    score.add_argument("--min-f1", type=float, help="exit 1 when the overall field F1 is below this")
    score.set_defaults(func=cmd_score)
    from .schemas import schema_names
    schema = sub.add_parser("schema", help="print a published JSON Schema (draft 2020-12, self-contained)",
                            description="Print a published JSON Schema, to validate outputs with any "
                                        "Draft 2020-12 tool; every schema stands alone (offline).")
    schema.add_argument("name", nargs="?", choices=schema_names(), help="which schema")
    schema.add_argument("--list", action="store_true", help="list the schemas")
    schema.set_defaults(func=cmd_schema)
    export = sub.add_parser("export", help="write a catalog as a SQLite database (handbooks, "
                            "services, facts, evidence)")
    export.add_argument("inputs", nargs="+", type=Path, metavar="CATALOG",
                        help="catalog.json, per-handbook JSON files, or folders of them")
    export.add_argument("--sqlite", type=Path, required=True, metavar="FILE.db",
                        help="the database to write (replaced atomically)")
    export.set_defaults(func=cmd_export)
    from .reports.cli import add_report_commands
    add_report_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except IngestError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"ingest: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ingest: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
