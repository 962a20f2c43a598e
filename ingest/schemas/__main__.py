"""`python -m ingest.schemas`: refresh the copies of referenced schemas inside each published schema."""
from . import write_bundles

print("rewrote: " + ", ".join(written) if (written := write_bundles()) else "every schema is up to date")
