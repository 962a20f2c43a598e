"""Writing outputs so that nothing half-written is ever left behind."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path


def to_json(data) -> str:
    """The one JSON form of every output: UTF-8, sorted keys, stable indentation."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` (text as UTF-8)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_stem(name: str) -> str:
    """A file stem that stays inside the output folder whatever the source was called."""
    stem = re.sub(r"[^\w.\-\u3400-\u9fff]+", "_", Path(name).stem).strip("._") or "handbook"
    return stem[:120]
