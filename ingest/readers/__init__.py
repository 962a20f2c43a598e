"""One reader per input format behind one protocol; the format is decided by content."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import (EmptyFileError, EncodingError, EncryptedFileError, InputError,
                      UnsupportedFormatError)
from ..model import Document
from .base import Reader

_SNIFF_BYTES = 8192
_OTHER_FORMATS = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls): save it as DOCX"),
    (b"{\\rtf", "an RTF file: save it as DOCX"), (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
]


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_NAMED_AS = {".pdf": "a PDF", ".docx": "a Word document", ".docm": "a Word document",
             ".dotx": "a Word document"}


def _is_encrypted_office(path: Path) -> bool:
    """Word saves a password-protected DOCX as an OLE container with an EncryptedPackage."""
    with open(path, "rb") as handle:
        return "EncryptedPackage".encode("utf-16-le") in handle.read(4 << 20)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "broken_zip"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint file (.pptx)"
    if "[Content_Types].xml" in names or any(n.startswith("word/") for n in names):
        return "docx_without_document"
    return "a ZIP archive"


def detect_format(path: Path) -> str:
    """'pdf', 'docx', 'html' or 'text', decided by the file's bytes (its name only breaks ties).

    Raises an InputError that says what the file is when it is none of those.
    """
    from .pdf import PdfReader
    from .text import TextReader

    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip(b" \t\r\n\x00"):
        raise EmptyFileError("is empty", str(path))
    if PdfReader.is_valid(head):
        return "pdf"
    if head.startswith(b"PK"):
        kind = _zip_kind(path)
        if kind in ("docx", "docx_without_document", "broken_zip") and (
                kind == "docx" or path.suffix.lower() in (".docx", ".docm", ".dotx")):
            return "docx"
        if kind == "broken_zip":
            raise UnsupportedFormatError("is a damaged ZIP archive, not a readable handbook",
                                         str(path))
        if kind != "docx_without_document":
            raise UnsupportedFormatError(f"is {kind}, which is not a supported handbook "
                                         "format (PDF, DOCX, HTML or text)", str(path))
        return "docx"
    if head.startswith(_OLE) and _is_encrypted_office(path):
        raise EncryptedFileError("is a password-protected Office document: remove the password "
                                 "and save it as DOCX", str(path))
    for magic, what in _OTHER_FORMATS:
        if head.startswith(magic):
            hint = " (scanned pages need OCR first)" if "image" in what else ""
            raise UnsupportedFormatError(f"is {what}, not a supported handbook format{hint}",
                                         str(path))
    if TextReader.is_valid(head):
        from .html import HtmlReader

        return "html" if HtmlReader.is_valid(head) else "text"
    # The name only shapes the message: say what the file is not, as its name claims.
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        raise EncodingError("is not readable text in UTF-8, UTF-16 or GB18030 "
                            "(binary data or a broken encoding)", str(path))
    claim = f"is not {_NAMED_AS[suffix]} despite its name: it " if suffix in _NAMED_AS else ""
    raise UnsupportedFormatError(f"{claim}is binary data of an unknown type, not a PDF, DOCX "
                                 "or text handbook", str(path))


def reader_for(fmt: str, max_pages: int | None = None) -> Reader:
    """The reader of one format, importing only its own libraries."""
    if fmt == "pdf":
        from .pdf import PdfReader

        return PdfReader(max_pages=max_pages)
    if fmt == "docx":
        from .docx import DocxReader

        return DocxReader()
    if fmt == "text":
        from .text import TextReader

        return TextReader()
    if fmt == "html":
        from .html import HtmlReader

        return HtmlReader()
    raise ValueError(f"no reader for format {fmt!r}")


def read_document(path: str | Path, max_pages: int | None = None) -> Document:
    """Read any supported handbook file into the document model.

    `max_pages` refuses PDFs longer than that many pages with a clear message.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("does not exist or is not a file", str(path))
    return reader_for(detect_format(path), max_pages).read(path)
