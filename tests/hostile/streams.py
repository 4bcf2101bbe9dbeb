"""``collab-tui ARGS`` in this process with the standard output a test chooses (an encoding without £,
a full device, a pipe nobody reads): the guard's answers without a Python start for each case."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from typing import BinaryIO

from collab_tui import cli


@contextlib.contextmanager
def pipe_closed_by_the_reader() -> Iterator[BinaryIO]:
    """A pipe whose reader has gone (as `| head -1` leaves it): writing to it fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "wb", buffering=0) as raw:
        yield raw


def run(argv: list[str], raw: BinaryIO, encoding: str = "utf-8") -> tuple[int, str]:
    """Exit code and stderr of ``cli.main(argv)`` with stdout written to ``raw`` in ``encoding``.

    The stream's buffer is as big as a terminal's or a pipe's would be: the failure shows where
    it would (on a write or the final flush), not only at the end.
    """
    stdout = io.TextIOWrapper(io.BufferedWriter(raw, 8192), encoding=encoding, newline="")  # type: ignore[arg-type]
    err = io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    with contextlib.suppress(OSError, ValueError):
        stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        stdout.detach().detach()  # leave ``raw`` open for the caller to read
    return code, err.getvalue()
