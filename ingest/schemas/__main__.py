"""`python -m ingest.schemas`: write the rule files' codes into the handbook schema, then
refresh the copies of referenced schemas inside each published schema."""
import json

from . import load_schema, schema_path, write_bundles
from .codes import synced

handbook = load_schema("handbook")
if synced(handbook) != handbook:
    schema_path("handbook").write_text(json.dumps(synced(handbook), ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    load_schema.cache_clear()
    print("rewrote the code lists of handbook")
print("rewrote: " + ", ".join(written) if (written := write_bundles()) else "every schema is up to date")
