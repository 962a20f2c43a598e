"""Reports on catalogs for people: `ingest compare` puts several handbooks side by side,
`ingest diff` says what changed between two editions of one. Every value shown keeps the
handbook's own words, page and document, so a reader can check it."""
