"""The build: data/records/ (curated TOML) and data/source/ (the report) -> data/collab.db.

    source     the report's text and its line index; amounts and numbers a quote prints
    records    the record specifications; loading the TOML files in a fixed order
    geography  data/geography/ (outside facts), checked and kept apart
    validate   every record against its spec, the vocabulary, the other records and the text
    schema     the tables, indexes, full-text indexes and views, declared
    rows       one row generator per table family
    pack       the loop that writes them, and the record hash that dates a database
    command    build_db.py's command line: build, --validate, --check; atomic replacement

Only build_db.py and the tests import this package; the app and the CLI never do (an import-linter
contract says so). It writes with sqlite-utils; the app reads with sqlite3 alone.
"""

from __future__ import annotations

from collab_tui.build.command import build, clean_stale_temps, main
from collab_tui.build.pack import record_hash, stored_hash
from collab_tui.build.records import Catalogue, Problem, Record, load_records
from collab_tui.build.source import (
    BuildError,
    Source,
    amounts_in,
    check_source,
    contains_words,
    normalise,
    numbers_in,
    qualifier_printed,
)
from collab_tui.build.validate import validate
from collab_tui.vocabulary import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "BuildError",
    "Catalogue",
    "Problem",
    "Record",
    "Source",
    "amounts_in",
    "build",
    "check_source",
    "clean_stale_temps",
    "contains_words",
    "load_records",
    "main",
    "normalise",
    "numbers_in",
    "qualifier_printed",
    "record_hash",
    "stored_hash",
    "validate",
]
