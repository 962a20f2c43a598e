"""Writing outputs so that nothing half-written is ever left behind."""
from __future__ import annotations

import json
import math
import os
import re
import secrets
from json.encoder import encode_basestring
from pathlib import Path
from typing import Callable, Iterable


def to_json(data) -> str:
    """The one JSON form of every output: UTF-8, sorted keys, stable indentation.

    Exactly `json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)`, written here
    for the values outputs hold (dicts with string keys, lists, strings, numbers, booleans,
    None): the json module indents in pure Python, through a generator per container,
    at half this speed. Anything else is left to json.dumps, errors included.
    """
    chunks: list[str] = []
    try:
        _encode(data, "\n", chunks.append)
    except (TypeError, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return "".join(chunks) + "\n"


def replace_members(text: str, old: dict, new: dict) -> str:
    """`to_json(data | new)` from `text`, `to_json(data)` of a dict holding `old`'s members:
    only the members replaced are encoded again.

    A line that starts with one space and a key is a member of the top level (strings hold
    no line break, nested lines are indented further), so each is found once, exactly;
    ValueError when `text` does not hold it as `old` has it.
    """
    for key, value in new.items():
        before = _member(key, old[key])
        at = text.find(before)
        end = at + len(before)
        if at < 0 or text[end:end + 1] not in (",", "\n"):
            raise ValueError(f"no top-level member {key!r} with the value given")
        text = text[:at] + _member(key, value) + text[end:]
    return text


def _member(key: str, value) -> str:
    """A top-level member `"key": value` as to_json writes it, with the line break before it."""
    chunks = ["\n ", encode_basestring(key), ": "]
    _encode(value, "\n ", chunks.append)
    return "".join(chunks)


def _encode(value, newline: str, out: Callable[[str], None]) -> None:
    """Append `value` as to_json writes it; `newline` is a line break and the indentation of
    the line `value` starts on."""
    if isinstance(value, str):
        out(encode_basestring(value))
    elif isinstance(value, dict):
        inner, opening = newline + " ", "{"
        for key in sorted(value):
            if not isinstance(key, str):
                raise TypeError("a key json.dumps would convert")
            out(opening + inner + encode_basestring(key) + ": ")
            _encode(value[key], inner, out)
            opening = ","
        out("{}" if opening == "{" else newline + "}")
    elif isinstance(value, (list, tuple)):
        inner, opening = newline + " ", "["
        for item in value:
            out(opening + inner)
            _encode(item, inner, out)
            opening = ","
        out("[]" if opening == "[" else newline + "]")
    elif value is None or value is True or value is False:
        out("null" if value is None else "true" if value else "false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float) and math.isfinite(value):
        out(float.__repr__(value))
    else:
        raise TypeError("a value json.dumps would convert or refuse")


def write_atomic(path: Path, content: str | bytes | Iterable[str | bytes]) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` (text as UTF-8).

    `content` may be an iterable of chunks, so large files are streamed, not held whole.
    The file gets the permissions of any file the user creates (0666 less the umask), not
    the private 0600 of `tempfile.mkstemp`: outputs are meant to be shared.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    chunks = [content] if isinstance(content, (str, bytes)) else content
    fd, tmp = _create_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, exclusively created temporary file next to `path`, opened for writing."""
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue


def write_if_changed(path: Path, content: str) -> bool:
    """`write_atomic` unless `path` already holds exactly `content` (a re-run then touches
    nothing: no rewrite, same modification time). True when the file was written."""
    data = content.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def safe_stem(name: str) -> str:
    """A file stem that stays inside the output folder whatever the source was called."""
    stem = re.sub(r"[^\w.\-\u3400-\u9fff]+", "_", Path(name).stem).strip("._") or "handbook"
    return stem[:120]
