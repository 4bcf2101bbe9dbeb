"""`python -m collab_tui` runs the command line."""

import sys

from collab_tui.cli import main

sys.exit(main())
