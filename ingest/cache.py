"""A cache of ingested handbooks, so an unchanged handbook is not read or extracted again.

Keyed by the file's sha256, the package version and a digest of the rule files and
schemas: editing a rule invalidates every record it could change, and nothing else is
kept that could go stale. Entries are written atomically, so an interrupted run cannot
leave a half-written entry behind; an unreadable entry is treated as a miss.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

from . import __version__
from .output import to_json, write_atomic
from .rules import rules_version
from .schemas import SCHEMA_DIR


def file_digest(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """What a record depends on besides its file: code version, rules and schemas."""
    digest = hashlib.sha256(f"{__version__}:{rules_version()}".encode())
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        digest.update(schema.read_bytes())
    return digest.hexdigest()[:16]


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _entry(self, sha256: str) -> Path:
        return self.root / pipeline_version() / sha256[:2] / f"{sha256}.json"

    def has(self, sha256: str) -> bool:
        return self._entry(sha256).is_file()

    def get(self, path: str, sha256: str) -> Optional[dict]:
        """The cached record for this content, re-labelled with the path it has now."""
        try:
            record = json.loads(self._entry(sha256).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        record["source"]["path"] = str(path)
        record["document"] = Path(path).name
        return record

    def put(self, sha256: str, record: dict) -> None:
        write_atomic(self._entry(sha256), to_json(record))
