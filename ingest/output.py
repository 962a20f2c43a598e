"""Writing outputs so that nothing half-written is ever left behind."""
from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path
from typing import Iterable


def to_json(data) -> str:
    """The one JSON form of every output: UTF-8, sorted keys, stable indentation."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


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
