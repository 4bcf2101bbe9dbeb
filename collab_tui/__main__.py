"""`python -m collab_tui` runs the command line."""

import os
import signal
import sys

# Ctrl+C while Python is still importing collab-tui: nothing to restore yet, so exit quietly
# with 130 rather than print a KeyboardInterrupt traceback. main() installs the real handlers.
signal.signal(signal.SIGINT, lambda signum, frame: os._exit(128 + signum))

from collab_tui.cli import main  # noqa: E402

sys.exit(main())
