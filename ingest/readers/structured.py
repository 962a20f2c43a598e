"""Handbooks exported as data: a service list as JSON or YAML (a product team's service
configuration, an API response saved as text).

The file is parsed with PyYAML's safe loader (YAML is a superset of JSON; nothing is
constructed but plain data), only to see its structure: a list of two or more records
whose one text field names each record (`服务名称: 视频问诊`, `"name": "住院垫付"`), or
records keyed by their names (`视频问诊: {次数: …}`). Each record becomes a titled
section: its name as a heading, then its own lines as written, comments included
(`times_per_term: unlimited  # 保险期间内不限次`), so every fact cites the file's words.
What stands outside the records (a header, product data, a changelog) stays as
paragraphs, under the top-level keys as chapters (`services`, `support`, `changelog`);
whether a record is a service (one switched off, `enabled: false`, is not) is
segmentation's to say. JSON written on one line is laid out one value a line first (its
words unchanged). Anything that does not parse as such records is read as plain text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from ..model import Document
from ..textnorm import normalize_line
from .base import DocumentBuilder, source_info

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Where data starts: `{`, `[`, `---`, or a `key:` line (a word, then `:` and a space or line end).
_DATA_START = re.compile(r"^(?:[{\[]|---|[^\W\d][\w.-]*:(?:\s|$))")
_MAX_NAME = 30  # characters: a longer text field is a description, not a name


@dataclass
class _Record:
    name: str
    first_line: int  # 0-based source lines the record spans, [first_line, last_line]
    last_line: int


def _opens_as_data(lines: list[str]) -> bool:
    """The first line that is neither blank nor a comment starts JSON or YAML data."""
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return bool(_DATA_START.match(stripped))
    return False


def _text(node) -> Optional[str]:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else None


def _name_key(items: list[yaml.MappingNode]) -> Optional[str]:
    """The key whose values name the records: short text with Chinese characters, present in
    most records and distinct between them (a group such as `诊前` repeats; an id has none)."""
    best, best_count = None, 0
    keys = [_text(k) for k, _ in items[0].value]
    for key in keys:
        values = [v for item in items for k, v in item.value if _text(k) == key and _names(_text(v))]
        names = {_text(v) for v in values}
        if 2 * len(values) >= len(items) and len(names) == len(values) and len(values) > best_count:
            best, best_count = key, len(values)
    return best


def _records(node, out: list[_Record], seen: set[int]) -> None:
    """Every record of every list of two or more named records, depth first; a node an alias
    shares is walked once (`&a [x, x]`, `[*a, *a]`… would grow exponentially)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        items = [item for item in node.value if isinstance(item, yaml.MappingNode) and item.value]
        key = _name_key(items) if len(items) >= 2 else None
        if key is not None:
            for item in items:
                fields = {_text(k): v for k, v in item.value}
                name = _text(fields.get(key)) if key in fields else None
                if name:
                    last = item.end_mark.line - (item.end_mark.column == 0)
                    out.append(_Record(name, item.start_mark.line, max(last, item.start_mark.line)))
            return
        for item in node.value:
            _records(item, out, seen)
    elif isinstance(node, yaml.MappingNode):
        named = [(k, v) for k, v in node.value if isinstance(v, yaml.MappingNode) and v.value and _names(_text(k))]
        if len(named) >= 2 and 2 * len(named) >= len(node.value):  # `视频问诊: {次数: …}`: records by name
            for key, value in named:
                last = value.end_mark.line - (value.end_mark.column == 0)
                out.append(_Record(_text(key), key.start_mark.line, max(last, key.start_mark.line)))
            return
        for _, value in node.value:
            _records(value, out, seen)


def _names(text: Optional[str]) -> bool:
    """Short text with Chinese characters: what names a record."""
    return bool(text) and len(text) <= _MAX_NAME and re.search(r"[\u3400-\u9fff]", text) is not None


def structured_document(text: str, path: Path, fmt: str) -> Optional[Document]:
    """The document of a JSON or YAML service list, or None when the text is no such data."""
    lines = text.split("\n")
    if not _opens_as_data(lines):
        return None
    try:
        root = yaml.compose(text, Loader=_LOADER)
        found: list[_Record] = []
        _records(root, found, set())
    except (yaml.YAMLError, RecursionError):  # not data, or nested deeper than any export
        return None
    if len(found) < 2:
        return None
    if len({r.first_line for r in found}) < len(found):  # records sharing lines: JSON written on one line
        try:
            spread = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
        except ValueError:
            return None
        return structured_document(spread, path, fmt) if spread.count("\n") > text.count("\n") else None
    builder = DocumentBuilder()
    starts = {r.first_line: r for r in found}
    chapters = {key.start_mark.line: _text(key) for key, _ in root.value
                if _text(key)} if isinstance(root, yaml.MappingNode) else {}
    record: Optional[_Record] = None
    for number, raw in enumerate(lines):
        if number in chapters and record is None:
            builder.add("heading", normalize_line(chapters[number]), level=1)
        if number in starts:
            record = starts[number]
            builder.add("heading", normalize_line(record.name), level=2)
        builder.add("paragraph", normalize_line(raw))
        if record is not None and number >= record.last_line:
            record = None
    return builder.build(source_info(path, fmt))
