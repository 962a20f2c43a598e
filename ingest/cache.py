"""A cache of ingested handbooks, so an unchanged handbook is not read or extracted again.

Two levels, each invalidated only by what it depends on:

- documents (what a reader made of a file), keyed by the file's sha256 and the reading
  code: a changed rule file does not make anyone read a PDF again;
- records (the extracted catalog entry), keyed by the file's sha256 and the whole
  pipeline: reading code, extraction code, rule files and schemas. A changed rule
  re-extracts every handbook from its cached document, which costs little next to reading.

Versions are digests of the code and data themselves (not only the package version), so
an edited rule or module can never serve a stale entry. Entries are written atomically,
so an interrupted run cannot leave a half-written entry behind; an unreadable entry is
treated as a miss.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

from . import __version__
from .model import Document
from .output import to_json, write_atomic
from .rules import rules_version
from .schemas import SCHEMA_DIR
from .textnorm import to_simplified

PACKAGE = Path(__file__).resolve().parent
READING_CODE = ("model.py", "textnorm.py", "readers")
# Modules that run around the pipeline but shape no record; every other module counts.
NOT_EXTRACTION_CODE = ("reports", "bench.py", "cli.py", "__main__.py", "parallel.py",
                       "cache.py", "settings.py")


def file_digest(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _code_digest(digest, names) -> None:
    for name in sorted(names):
        target = PACKAGE / name
        for source in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(source.relative_to(PACKAGE).as_posix().encode())
            digest.update(source.read_bytes())


@lru_cache(maxsize=1)
def reading_version() -> str:
    """What a document depends on besides its file: the readers and the text normalizers."""
    digest = hashlib.sha256(__version__.encode())
    _code_digest(digest, READING_CODE)
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """What a record depends on besides its file: all pipeline code, rules and schemas."""
    digest = hashlib.sha256(f"{reading_version()}:{rules_version()}".encode())
    _code_digest(digest, [p.name for p in PACKAGE.iterdir() if p.name not in NOT_EXTRACTION_CODE
                          and (p.suffix == ".py" or (p / "__init__.py").exists())])
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        digest.update(schema.read_bytes())
    return digest.hexdigest()[:16]


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _record_entry(self, sha256: str) -> Path:
        return self.root / "records" / pipeline_version() / sha256[:2] / f"{sha256}.json"

    def _document_entry(self, sha256: str) -> Path:
        return self.root / "documents" / reading_version() / sha256[:2] / f"{sha256}.json"

    def has(self, sha256: str) -> bool:
        """Whether the record of this content is cached."""
        return self._record_entry(sha256).is_file()

    def get(self, path: str, sha256: str) -> Optional[dict]:
        """The cached record for this content, re-labelled with the path it has now."""
        record = _load(self._record_entry(sha256))
        if record is None:
            return None
        record["source"]["path"] = str(path)
        record["document"] = Path(path).name
        return record

    def put(self, sha256: str, record: dict) -> None:
        write_atomic(self._record_entry(sha256), to_json(record))

    def get_document(self, path: str, sha256: str) -> Optional[Document]:
        """The cached reading of this content, re-labelled with the path it has now."""
        data = _load(self._document_entry(sha256))
        if data is None:
            return None
        data["source"]["path"] = str(path)
        try:
            return Document.from_dict(data, match_text=to_simplified(data["text"]))
        except (KeyError, TypeError, ValueError):
            return None

    def put_document(self, sha256: str, document: Document) -> None:
        write_atomic(self._document_entry(sha256), to_json(document.to_dict()))


def _load(entry: Path) -> Optional[dict]:
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
