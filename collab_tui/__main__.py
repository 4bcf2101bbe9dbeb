"""`python -m collab_tui` runs the command line."""

# Ctrl+C while Python is still importing collab-tui: nothing to restore yet, so exit quietly
# with 130 rather than print a KeyboardInterrupt traceback. main() installs the real handlers.
# First of all, through the C module: `import signal` alone imports enum, time enough for a
# Ctrl+C to land in it (seen in the hostile SIGINT test); os is loaded by Python's start-up.
import _signal  # type: ignore[import-not-found]
import os

_signal.signal(_signal.SIGINT, lambda signum, frame: os._exit(128 + signum))

import gc  # noqa: E402

# Start-up allocates much and frees almost nothing: garbage collections would only slow it.
# The explorer re-enables collection once its imports are frozen (cli.launch); a lookup ends first.
gc.disable()

from collab_tui.cli import run  # noqa: E402

run()
