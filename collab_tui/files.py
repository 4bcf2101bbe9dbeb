"""Writing files so that nothing is ever lost: the one helper every file the tool writes goes through.

``atomic_write`` writes to a temporary file in the target's folder, flushes and
fsyncs it, then renames it over the target (and fsyncs the folder). A full
disk, a refused write or a kill part-way leaves the old file whole and no
partial file behind. ``output_path`` turns what a user typed into a path, or
one line saying why not (an unknown ``~user``, a name too long, a folder, a
symlink without ``force``). Plain Python: no Textual, no Rich.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat

from collab_tui.safe_text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


class WriteError(Exception):
    """A file could not be written (or may not be); the message is one line saying why and what to do."""


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it may be printed: control characters and escape sequences shown escaped."""
    return clean(os.fspath(path), escape=True)


def describe(exc: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """One line for an OS error: what, and where (the path shown escaped)."""
    reason = exc.strerror or exc.__class__.__name__
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    elif exc.errno == errno.ENAMETOOLONG:
        reason = "the name is too long"
    elif exc.errno == errno.ENOENT:
        reason = "no such folder (or it was deleted)"
    elif exc.errno == errno.EROFS:
        reason = "the file system is read-only"
    where = path if path is not None else exc.filename
    return f"{shown(where)}: {reason}" if where is not None else reason


def output_path(text: str, *, force: bool = False, must_not_exist: bool = False) -> Path:
    """The path a user asked to write to, or WriteError saying why it cannot be used.

    ``~`` and ``~user`` are expanded; a folder is refused; a symlink is refused unless
    ``force``; an existing file is refused if ``must_not_exist`` (the caller asks first).
    """
    from pathlib import Path  # not on a lookup's path

    text = text.strip()
    if not text:
        raise WriteError("give a file name")
    if "\x00" in text:
        raise WriteError(f"{shown(text)}: a file name cannot hold a NUL character")
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # ~user that does not exist, or no home folder
        raise WriteError(f"{shown(text)}: no such user's home folder; give the full path") from None
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(describe(exc, path)) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode) and not force:
            raise WriteError(f"{shown(path)} is a symbolic link; add --force to write where it points")
        if path.is_dir():
            raise WriteError(f"{shown(path)} is a folder; give a file name")
        if must_not_exist:
            raise WriteError(f"{shown(path)} exists; add --force to replace it")
    return path


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8",
                 newline: str | None = "") -> Path:  # fmt: skip
    """Write ``data`` to ``path`` atomically; return the path written (a symlink's target).

    The temporary file lives in the target's folder (a rename never crosses file
    systems), is fsynced before the rename, and is removed if anything fails. An
    existing file keeps its permissions. Raises WriteError with one line on any OS refusal.
    """
    from pathlib import Path  # not on a lookup's path

    target = Path(path)
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        folder = target.parent
        if not folder.is_dir():
            raise WriteError(f"{shown(folder)}: no such folder")
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        if isinstance(data, str):
            if newline is None:
                data = data.replace("\n", os.linesep)
            data = data.encode(encoding)
        import tempfile  # here, not at the top: it costs every CLI lookup ~3 ms (shutil, lzma, random)

        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=folder)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(describe(exc, target)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteError(describe(exc, target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable, where the OS allows it
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target


def default_output(name: str) -> Path:
    """Where an export goes unless the user says otherwise: ``name`` in the working folder.

    A working folder deleted under us gives the home folder instead; one whose name holds
    control characters or escape sequences gives the bare relative name, so the folder's
    name never reaches the terminal raw (the file still lands in the working folder).
    """
    from pathlib import Path  # not on a lookup's path

    try:
        cwd = Path.cwd()
    except OSError:
        try:
            return Path.home() / name
        except RuntimeError:
            return Path(name)
    if shown(cwd) != str(cwd):
        return Path(name)
    return cwd / name
