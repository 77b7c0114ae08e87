"""Where a command may write, checked before any slow work: one rule for every command that writes files.

- **Missing folders are made.** A command that writes a file (``render --out``, ``simulate --events``,
  ``discover --out``, ``sensitivity --chart``, ...) or fills a folder (``report``, ``infopack``,
  ``compare --out``) makes the folders that do not exist yet, parents included, as ``mkdir -p`` does.
- **The folder must be writable**: tried at once (a probe folder is made and removed in the nearest folder that
  exists), so that a read-only place or a file where a folder should be fails before any simulation.
- **Never a filesystem root or the home folder itself.** A folder the tool fills with its files (and later
  removes its stale ones from) cannot be the root of a filesystem (``/``, ``C:\\``) or the user's home folder:
  a report belongs in a folder of its own. A single file may go in the home folder, but not in a filesystem
  root.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class UnusablePlace(Exception):
    """An output path the tool refuses to write to, or cannot."""


def _resolved(path: str | os.PathLike[str]) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: compare the path as given
        return Path(os.path.abspath(path))


def home_folders() -> set[Path]:
    """The running user's home folder: ``$HOME`` and the password database's, resolved."""
    homes = set()
    candidates = [os.environ.get("HOME")]
    try:
        import pwd

        candidates.append(pwd.getpwuid(os.getuid()).pw_dir)
    except (ImportError, KeyError, AttributeError):  # no pwd (Windows) or no entry for this user
        pass
    candidates.append(os.path.expanduser("~"))
    for c in candidates:
        if c and c != "~":
            homes.add(_resolved(c))
    return homes


def is_filesystem_root(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (resolved) is the root of a filesystem tree: ``/``, or a drive's root on Windows."""
    p = _resolved(path)
    return p == p.parent


def folder_refusal(out: str | os.PathLike[str]) -> str | None:
    """Why ``out`` may not be a folder the tool fills (``None`` when it may)."""
    if is_filesystem_root(out):
        return (f"{out}: is the root of the filesystem; refusing to fill it with generated files (choose a folder "
                "of its own, such as reports/)")
    if _resolved(out) in home_folders():
        return (f"{out}: is your home folder; refusing to fill it with generated files (choose a folder of its own "
                f"inside it, such as {Path(out) / 'reports'})")
    return None


def writable_refusal(out: str | os.PathLike[str]) -> str | None:
    """Why nothing can be written at ``out`` (a file or folder to make), or ``None``: a probe folder is made in
    ``out``'s nearest existing folder and removed at once.

    Trying is the only reliable test (permissions, read-only mounts, a file where a folder should be, virtual file
    systems).
    """
    probe = Path(out)
    if probe.is_dir():
        parent = probe
    else:
        parent = probe.parent
        while not parent.exists() and not parent.is_symlink() and parent != parent.parent:
            parent = parent.parent
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".nssf-journey-probe-", dir=parent))
    except OSError as exc:
        return f"{out}: cannot write: {exc.strerror or exc}"
    return None


def check_output_folder(out: str | os.PathLike[str]) -> None:
    """Raise :class:`UnusablePlace` unless the tool may fill the folder ``out`` (made if missing)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UnusablePlace(f"{out}: exists and is not a folder")
    reason = folder_refusal(out) or writable_refusal(out)
    if reason:
        raise UnusablePlace(reason)


def check_output_file(path: str | os.PathLike[str]) -> None:
    """Raise :class:`UnusablePlace` unless a file can be written at ``path`` (its missing folders made)."""
    path = Path(path)
    if path.is_dir():
        raise UnusablePlace(f"{path}: is a folder; give a file name")
    if is_filesystem_root(path.parent) and not is_filesystem_root(path):
        raise UnusablePlace(f"{path}: is in the root of the filesystem; refusing to write there (choose a folder)")
    reason = writable_refusal(path)
    if reason:
        raise UnusablePlace(reason)
