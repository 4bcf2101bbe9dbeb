"""collab-tui: an offline explorer of the 2014 report "Emergency Services Collaboration"."""

__version__ = "0.1.0"
