"""Plain text and Markdown handbooks, in whatever encoding they arrive."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import EncodingError
from ..model import Document
from ..textnorm import normalize_line
from .base import DocumentBuilder, Reader, source_info
from .layout import Line, add_lines

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_INLINE_MARKUP = re.compile(r"\*\*|__|</?(?:b|strong|em|i|u)>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL bytes in every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    encoding = "utf-16-le" if odd > 0.3 * half and even < 0.05 * half else (
        "utf-16-be" if even > 0.3 * half and odd < 0.05 * half else None)
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32 or GB18030; never guess silently.

    Returns (text, encoding). Raises EncodingError when no encoding reads the bytes cleanly.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise EncodingError(f"starts with a {encoding} byte-order mark but is not valid "
                                    f"{encoding} (byte {exc.start})", path) from None
    text = _utf16_without_bom(data)
    if text is not None:
        return text, "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) <= max(2, len(text) // 1000):
            return text, encoding
    raise EncodingError("is not readable text in UTF-8, UTF-16 or GB18030 "
                        "(binary data or a broken encoding)", path)


class TextReader(Reader):
    format = "text"

    @classmethod
    def supported_formats(cls) -> tuple[str, ...]:
        return ("text", "markdown")

    @classmethod
    def is_valid(cls, head: bytes) -> bool:
        try:
            decode_text(head[: len(head) - len(head) % 4])
        except EncodingError:
            return False
        return True

    def read(self, path: Path) -> Document:
        text, encoding = decode_text(path.read_bytes(), str(path))
        builder = DocumentBuilder()
        lines = [Line(normalize_line(_INLINE_MARKUP.sub("", raw)))
                 for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        add_lines(builder, lines)
        return builder.build(source_info(path, self.format))
