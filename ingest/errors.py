"""Errors a user can act on, each with a stable code.

Readers raise `InputError` for anything wrong with a file; the CLI prints it as one line
naming the file and the cause. Anything else is a bug and shows a traceback with --debug.
"""
from __future__ import annotations


class IngestError(Exception):
    """Base of the project's own errors."""

    code = "ingest_error"

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict:
        return {"code": self.code, "path": self.path, "message": self.message}


class InputError(IngestError):
    """The input file cannot be read as a handbook."""

    code = "input_error"


class EmptyFileError(InputError):
    code = "empty_file"


class UnsupportedFormatError(InputError):
    code = "unsupported_format"


class EncodingError(InputError):
    code = "undecodable_text"


class BrokenFileError(InputError):
    code = "broken_file"


class EncryptedFileError(InputError):
    code = "encrypted"


class NoTextLayerError(InputError):
    code = "ocr_needed"


class GarbledTextError(InputError):
    code = "garbled_text"


class TooLargeError(InputError):
    code = "too_large"


class NoServicesError(InputError):
    """Read, but no service recognized: an empty catalog entry is a failure, not a success."""

    code = "no_services"


class UsageError(IngestError):
    """A command-line option or folder that cannot be used as given (--out, --format, score folders)."""

    code = "usage_error"


class SchemaError(IngestError):
    """An output does not satisfy its published JSON Schema (a bug, never written)."""

    code = "schema_violation"


class RulesError(IngestError):
    """A rule or vocabulary file is malformed."""

    code = "invalid_rules"


class LimitError(IngestError):
    """A document hit a per-document guard (time or memory) of the run."""

    code = "limit_exceeded"
