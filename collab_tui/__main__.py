"""The `collab-tui` script (``collab_tui.__main__:script``) and `python -m collab_tui`: the command line.

Ctrl+C while Python is still importing collab-tui: nothing to restore yet, so exit quietly with
130 rather than print a KeyboardInterrupt traceback; main() installs the real handlers. The
console script imports this module before anything else of ours, so the handler is in place from
its first moment too. It is installed first of all, through the C module: `import signal` alone
imports enum, time enough for a Ctrl+C to land in it (seen in the hostile SIGINT test); os is
loaded by Python's start-up.
"""

import _signal  # type: ignore[import-not-found]
import os

_signal.signal(_signal.SIGINT, lambda signum, frame: os._exit(128 + signum))

import gc  # noqa: E402

# Start-up allocates much and frees almost nothing: garbage collections would only slow it.
# The explorer re-enables collection once its imports are frozen (cli.launch); a lookup ends first.
gc.disable()


def script() -> None:
    """Run the command line and exit with its code (never returns)."""
    from collab_tui.cli import run

    run()


if __name__ == "__main__":
    script()
