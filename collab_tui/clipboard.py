"""Copy text to the system clipboard with the platform's own tool, where there is one.

OSC 52 (the terminal escape the app also sends) fails silently in several
terminals, so the app tries these first and says which route worked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# (program, arguments) in order of preference, per platform.
TOOLS: dict[str, list[list[str]]] = {
    "win32": [["clip.exe"]],
    "darwin": [["pbcopy"]],
    "linux": [
        ["wl-copy"],
        ["xclip", "-selection", "clipboard"],
        ["xsel", "--clipboard", "--input"],
        ["clip.exe"],
    ],
}


def tools_for(platform: str = sys.platform) -> list[list[str]]:
    """Candidate clipboard commands for a platform (WSL's clip.exe is tried on Linux too)."""
    key = "linux" if platform.startswith("linux") else platform
    return TOOLS.get(key, [])


def copy_with_tool(text: str, platform: str = sys.platform) -> str | None:
    """Copy with the first tool that works; returns its name, or None if none did."""
    for command in tools_for(platform):
        if shutil.which(command[0]) is None:
            continue
        if command[0] == "wl-copy" and not os.environ.get("WAYLAND_DISPLAY"):
            continue
        if command[0] in {"xclip", "xsel"} and not os.environ.get("DISPLAY"):
            continue
        encoding = "utf-16-le" if command[0] == "clip.exe" else "utf-8"
        try:
            subprocess.run(command, input=text.encode(encoding), check=True, timeout=5, capture_output=True)
        except (OSError, subprocess.SubprocessError):
            continue
        return command[0]
    return None
