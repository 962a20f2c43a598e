"""One validated settings object for a run, with the defaults in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Optional

DEFAULT_TIMEOUT_S = 300
DEFAULT_MAX_MEMORY_MB = 4096
DEFAULT_MAX_FILE_MB = 200
DEFAULT_MAX_PAGES = 2000


def default_cache_dir() -> Path:
    base = os.environ.get("INGEST_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "handbook-ingest")
    return Path(base)


@dataclass(frozen=True)
class Settings:
    """How a run reads and where it keeps work.

    jobs: worker processes (None = every core); timeout_s / max_memory_mb: per-document
    guards enforced in the worker; max_file_mb / max_pages: inputs larger than this are
    refused with a clear message; cache_dir: None disables the cache; corrections: a
    reviewer's corrections file applied to every record (ingest/corrections.py).
    """

    jobs: Optional[int] = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_pages: int = DEFAULT_MAX_PAGES
    cache_dir: Optional[Path] = None
    scheduler: Optional[str] = None
    corrections: Optional[Path] = None

    def __post_init__(self) -> None:
        for name in ("timeout_s", "max_memory_mb", "max_file_mb", "max_pages"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
        if self.jobs is not None and self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1

    @classmethod
    def resolve(cls, values: dict) -> "Settings":
        """Settings from a dict (e.g. parsed options), ignoring None for unset options."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known and v is not None})
