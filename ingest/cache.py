"""A cache of ingested handbooks, so an unchanged handbook is not read or extracted again.

Two levels, each invalidated only by what it depends on:

- documents (what a reader made of a file), keyed by the file's sha256 and the reading
  code: the readers and every module and data file they import (the text layout reads
  the segmentation rules' card labels, so the rule files count; the extractors do not);
- records (the extracted catalog entry), keyed by the file's sha256 and the whole
  pipeline: `ingest.pipeline` and everything it imports, rule files and schemas
  included. An edited extractor re-extracts every handbook from its cached document,
  which costs little next to reading.

Versions are digests of the files themselves, found by following the imports of the
code (`code_files`), so an edited rule or module can never serve a stale entry and a new
module needs no list kept by hand. The imports found are kept in the cache too
(`imports.json`, each source's under the digest of its bytes), so a run parses only the
sources that changed. Entries are written atomically, so an interrupted run cannot leave a
half-written entry behind; an unreadable entry is treated as a miss.
"""
from __future__ import annotations

import ast
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from . import __version__
from .model import Document
from .output import replace_members, to_json, write_atomic
from .textnorm import match_form

PACKAGE = Path(__file__).resolve().parent


def file_digest(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _module_file(name: str) -> Optional[Path]:
    """The source file of `ingest.a.b` in this package, if it is one of ours."""
    parts = name.split(".")
    if parts[0] != PACKAGE.name:
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imports(code: bytes, source: Path, module: str) -> Iterator[str]:
    """The modules `source` (the module `module`, holding `code`) imports, at the top or
    inside a function; `from .x import y` counts `x` and, where `y` is a module, `x.y`."""
    package = module if source.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def code_files(module: str, known: Optional[dict] = None) -> list[Path]:
    """Every file of this package that `module` depends on: its source, the sources of the
    modules it imports (directly or through others), and the data files (rules, schemas)
    beside each of them. What a cached entry depends on, found from the code itself.

    Parsing the sources is most of the cost, so `known` (module name → [sha256 of its
    source, the modules it imports]) answers for a source with the same digest; what is
    parsed is added to it.
    """
    known = {} if known is None else known
    seen: dict[str, Optional[Path]] = {}  # each name looked up once: most are no module
    pending = [module]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        source = seen[name] = _module_file(name)
        if source is None:
            continue
        code = source.read_bytes()
        digest = hashlib.sha256(code).hexdigest()
        if known.get(name, [None])[0] != digest:
            known[name] = [digest, list(_imports(code, source, name))]
        pending += known[name][1]
    files = set(seen.values()) - {None}
    files |= {data for source in list(files) for data in source.parent.glob("*.json")}
    return sorted(files)


def _version(module: str, cache_root: Optional[Path]) -> str:
    """The digest of `code_files(module)`; the imports found are kept in the cache, so a
    process finds them again without parsing any source that has not changed."""
    memo = cache_root / "imports.json" if cache_root else None
    known = _known_imports(memo) if memo else {}
    before = dict(known)
    files = code_files(module, known)
    if memo and known != before:
        try:
            write_atomic(memo, to_json(known))
        except OSError:
            pass  # only a saving: the next process parses again
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _known_imports(memo: Path) -> dict:
    """The imports kept by `_version`, or none when the file is missing or not of that form."""
    known = _load(memo)
    if isinstance(known, dict) and all(
            isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
            and isinstance(entry[1], list) and all(isinstance(name, str) for name in entry[1])
            for entry in known.values()):
        return known
    return {}


@lru_cache(maxsize=None)
def reading_version(cache_root: Optional[Path] = None) -> str:
    """What a document depends on besides its file: the readers and all they import."""
    return _version("ingest.readers", cache_root)


@lru_cache(maxsize=None)
def pipeline_version(cache_root: Optional[Path] = None) -> str:
    """What a record depends on besides its file: the pipeline and all it imports,
    rule files and schemas included."""
    return _version("ingest.pipeline", cache_root)


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _record_entry(self, sha256: str) -> Path:
        return self.root / "records" / pipeline_version(self.root) / sha256[:2] / f"{sha256}.json"

    def _document_entry(self, sha256: str) -> Path:
        return self.root / "documents" / reading_version(self.root) / sha256[:2] / f"{sha256}.json"

    def has(self, sha256: str) -> bool:
        """Whether the record of this content is cached."""
        return self._record_entry(sha256).is_file()

    def get(self, path: str, sha256: str) -> Optional[tuple[dict, str]]:
        """The cached record for this content and its JSON (`to_json`'s), re-labelled with
        the path it has now; only the two members that name it are encoded again."""
        try:
            text = self._record_entry(sha256).read_text(encoding="utf-8")
            record = json.loads(text)
            named = {"document": record["document"], "source": record["source"]}
            record |= {"document": Path(path).name, "source": named["source"] | {"path": str(path)}}
            return record, replace_members(text, named, {key: record[key] for key in named})
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, sha256: str, text: str) -> None:
        """Keep a record, given as `to_json` wrote it."""
        write_atomic(self._record_entry(sha256), text)

    def get_document(self, path: str, sha256: str) -> Optional[Document]:
        """The cached reading of this content, re-labelled with the path it has now."""
        data = _load(self._document_entry(sha256))
        if data is None:
            return None
        data["source"]["path"] = str(path)
        try:
            return Document.from_dict(data, match_text=match_form(data["text"]))
        except (KeyError, TypeError, ValueError):
            return None

    def put_document(self, sha256: str, document: Document) -> None:
        write_atomic(self._document_entry(sha256), to_json(document.to_dict()))


def _load(entry: Path) -> Optional[dict]:
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
