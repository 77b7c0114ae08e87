"""Write files atomically: readers see the old file or the new one, never half of one.

A file is written to a temporary file beside it, then renamed over it. The temporary file has a name no user
would give a file, ``.<name>.nssf-journey-<pid>-<random>.tmp``, naming the process that writes it. A run that is
killed while writing leaves it behind; the next write into the same folder removes such leftovers
(:func:`remove_stale_temporaries`) when the process that made them is gone, or when they have not changed for a
day. No other file is ever removed: a name must match :data:`TEMPORARY_NAME` exactly.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: The marker in every temporary file name this module makes.
MARKER = "nssf-journey"
#: The name of a temporary file made by :func:`replacing`: the target's name (shortened), the writer's process
#: id, the random part ``tempfile.mkstemp`` adds (8 letters, digits or underscores).
TEMPORARY_NAME = re.compile(rf"^\.(?P<name>.*)\.{MARKER}-(?P<pid>[0-9]+)-[a-z0-9_]{{8}}\.tmp$")
#: A leftover of a writer that is gone is removed once it has not changed for this long (seconds): a writer on
#: another machine sharing the folder keeps its file changing while it writes.
QUIET_SECONDS = 10.0
#: A leftover that has not changed for this long (seconds) is removed whoever made it.
ABANDONED_SECONDS = 24 * 3600.0
#: Characters of the target's name kept in a temporary name (file names are at most 255 bytes).
_NAME_CHARS = 100


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one that cannot be signalled still runs)."""
    if pid == os.getpid() or os.name != "posix":  # Windows' os.kill would end the process: cannot tell
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError, ValueError):
        return True  # exists (another user's) or cannot tell: keep its file
    return True


def stale_temporaries(folder: str | os.PathLike[str], now: float | None = None) -> list[Path]:
    """The temporary files of :func:`replacing` in ``folder`` (not below it) whose writer is gone.

    A file is stale when its name matches :data:`TEMPORARY_NAME`, it is a regular file (not a link or folder), and
    either the process it names no longer runs and it has not changed for :data:`QUIET_SECONDS`, or it has not
    changed for :data:`ABANDONED_SECONDS`.
    """
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    stale = []
    for entry in entries:
        match = TEMPORARY_NAME.match(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if age >= ABANDONED_SECONDS or (age >= QUIET_SECONDS and not _running(int(match["pid"]))):
            stale.append(Path(entry.path))
    return sorted(stale)


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the :func:`stale_temporaries` of ``folder``; return those removed (one already gone is skipped)."""
    removed = []
    for path in stale_temporaries(folder):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path beside ``path``; when the block succeeds it replaces ``path``, else it is removed.

    For writers that want a file name (pandas, other libraries) rather than bytes. Missing folders are made;
    stale temporary files of killed runs in the target's folder are removed first.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:_NAME_CHARS]}.{MARKER}-{os.getpid()}-", suffix=".tmp",
                               dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes owner-only files; give the usual permissions
        os.close(fd)
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and a rename."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    with replacing(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
