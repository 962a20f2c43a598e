"""The whole pipeline on one screen:

    read_document → segment → extract → assemble → apply_corrections → verify_evidence
    → validate

`ingest_document` turns one file into its validated record; `ingest.batch` runs it over
many files (the cache, time limits, failures kept as data, output names, the catalog).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .cache import Cache
from .corrections import apply_corrections
from .errors import NoServicesError, TooLargeError
from .extractors import extract
from .model import Document
from .readers import read_document
from .record import assemble
from .segment import segment
from .settings import Settings
from .validate import validate, verify_evidence


def ingest_document(path: str | Path, settings: Settings = Settings(),
                    cache: Optional[Cache] = None, digest: str = "") -> tuple[Document, dict]:
    """The document as read and its validated record, for callers that quote section text.

    With a cache (and the file's `digest`), a file read before is not read again: only
    extraction runs, e.g. after a rule changed.
    """
    doc = cache.get_document(str(path), digest) if cache else None
    if doc is None:
        size = Path(path).stat().st_size
        if size > settings.max_file_mb * 1024 * 1024:
            raise TooLargeError(f"is {_megabytes(size)} MB, over the {settings.max_file_mb:g} "
                                "MB limit (raise it with --max-file-mb)", str(path))
        doc = read_document(path, max_pages=settings.max_pages)
        if cache:
            cache.put_document(digest, doc)
    record = apply_corrections(handbook_record(doc), doc, settings.corrections)
    verify_evidence(record, doc.text)
    validate(record, "handbook")
    if not record["services"]:
        raise NoServicesError("no service recognized (`ingest read` shows what was read)", str(path))
    return doc, record


def handbook_record(doc: Document) -> dict:
    """The record of a document already read: its services, their facts and evidence."""
    sections = segment(doc)
    return assemble(doc, sections, extract(doc, sections))


def _megabytes(size: int) -> str:
    """`0.0236`, `1.5`, `250`: small sizes keep their digits (not `0 MB` over a 0.01 MB limit)."""
    mb = size / 1048576
    return f"{mb:.3g}" if mb < 100 else f"{mb:.0f}"


