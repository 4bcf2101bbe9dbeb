#!/usr/bin/env python3
"""Validate the curated records in data/records/ and pack them into data/collab.db.

    python build_db.py             validate, then build data/collab.db
    python build_db.py --validate  validate only; write nothing
    python build_db.py --check     exit 1 if data/collab.db is stale against the records

Every problem is reported on its own line as ``file: kind id: field: message``;
the exit code is then 1 and an existing database is left byte-identical (the
build writes a temporary file and renames it into place only on success).
Two builds of the same records are byte-identical: no timestamps, rows in a
fixed order, and a content hash of records, source and the build's code in ``meta``.

The build itself is the package collab_tui/build/ (see its __init__ for the parts).
"""

from __future__ import annotations

import sys

from collab_tui.build.command import main

if __name__ == "__main__":
    sys.exit(main())
