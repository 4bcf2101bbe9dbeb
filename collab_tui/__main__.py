"""`python -m collab_tui` runs the command line."""

import gc
import os
import signal

# Start-up allocates much and frees almost nothing: garbage collections would only slow it.
# The explorer re-enables collection once its imports are frozen (cli.launch); a lookup ends first.
gc.disable()

# Ctrl+C while Python is still importing collab-tui: nothing to restore yet, so exit quietly
# with 130 rather than print a KeyboardInterrupt traceback. main() installs the real handlers.
signal.signal(signal.SIGINT, lambda signum, frame: os._exit(128 + signum))

from collab_tui.cli import run  # noqa: E402

run()
