"""What reports read: catalog and handbook JSON files, folders of them, and handbook source
files ingested on the fly. Every record is checked against the handbook schema first, so
the reports can trust its shape, and must list services: a report on a handbook where
none was recognized would judge nothing and look like a finding."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import InputError, NoServicesError
from ..schemas import schema_errors


@dataclass
class Handbook:
    """One handbook record and, when read from its source file, each service's sections
    as evidences (service id → the full text of each of its spans); None when read from
    JSON, whose record cites only the words its values came from."""

    record: dict
    sections: Optional[dict[str, list[dict]]] = None

    @property
    def label(self) -> str:
        """Insurer and product, or the document's name when the product is not named."""
        record = self.record
        insurer = record["insurer"]["name"] if record["insurer"] else None
        product = record["product"]["name"] if record["product"] else Path(record["document"]).stem
        return " · ".join(part for part in (insurer, product) if part)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("does not exist", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read ({exc})", str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"is not valid JSON (line {exc.lineno}: {exc.msg})", str(path)) from None


def _checked(record: dict, path: Path) -> dict:
    errors = schema_errors("handbook", record)
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(root)"
        raise InputError(f"holds a handbook record that does not match the handbook schema "
                         f"at {where}: {errors[0].message}", str(path))
    if not record["services"]:
        raise NoServicesError(f"holds {record['document']} with no service recognized; "
                              "there is nothing to compare", str(path))
    return record


def _records(path: Path, data) -> list[dict] | None:
    """The handbook records in a JSON document, or None when it is neither kind."""
    if isinstance(data, dict) and isinstance(data.get("services"), list):
        return [_checked(data, path)]
    if isinstance(data, dict) and isinstance(data.get("handbooks"), list):
        return [_checked(record, path) for record in data["handbooks"]]
    return None


def _records_in(path: Path) -> list[dict]:
    """The handbook records of a JSON file named by the user."""
    records = _records(path, _read_json(path))
    if records is None:
        raise InputError("is neither a handbook record (with `services`) nor a catalog "
                         "(with `handbooks`)", str(path))
    return records


def _json_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json")
                  if not any(part.startswith(".") for part in p.relative_to(folder).parts))


def load_handbooks(paths: list[Path]) -> list[Handbook]:
    """Handbooks from catalog files, handbook files and folders of either, each once.

    A folder written by `ingest run` holds catalog.json and every handbook's own file, so
    records of the same source file (same sha256) are kept once; other JSON in a folder
    (run.json) is skipped.
    """
    found: list[dict] = []
    for path in paths:
        if path.is_dir():
            in_folder = [r for f in _json_files(path) for r in _records(f, _read_json(f)) or []]
            if not in_folder:
                raise InputError("holds no handbook records or catalogs", str(path))
            found += in_folder
        elif path.suffix.lower() != ".json" and path.exists():
            raise InputError("is not JSON: compare reads catalogs and handbook records "
                             "(run `ingest run` on handbook files first)", str(path))
        else:
            found += _records_in(path)
    handbooks, seen = [], set()
    for record in found:
        key = (record["source"]["sha256"], record["document"])
        if key not in seen:
            seen.add(key)
            handbooks.append(Handbook(record))
    if not handbooks:
        raise InputError("no handbooks to compare: the catalogs given are empty")
    return handbooks


def load_handbook(path: Path) -> Handbook:
    """One handbook for `diff`: its JSON record (or a one-handbook catalog), or a source file
    ingested now, keeping each service's sections for the wording diff."""
    if path.is_dir():
        raise InputError("is a folder; diff needs one handbook file or record", str(path))
    if not path.exists():
        raise InputError("does not exist", str(path))
    if path.suffix.lower() != ".json":
        return _ingested(path)
    records = _records_in(path)
    if len(records) != 1:
        raise InputError(f"holds {len(records)} handbooks; diff needs exactly one", str(path))
    return Handbook(records[0])


def _ingested(path: Path) -> Handbook:
    from ..pipeline import ingest_document

    doc, record = ingest_document(path)
    text = doc.text
    sections = {service["id"]: [{"text": text[span["start"]:span["end"]], "start": span["start"],
                                 "end": span["end"], "page": span["pages"][0] if span["pages"] else None}
                                for span in service["sections"] if text[span["start"]:span["end"]].strip()]
                for service in record["services"]}
    return Handbook(record, sections)
