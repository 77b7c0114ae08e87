"""Where a redesign may look for the journey it ``extends``: inside the folders the user pointed at.

Journeys are often validated where their author is not the one running the tool: in continuous integration, in a
shared folder. An overlay's ``extends`` is a path the author wrote, so it must not lead the tool to read (and print
in its messages) files elsewhere on the machine, such as ``/etc/shadow`` or a file of the user running it. The
path is taken relative to the overlay's own folder, both sides are resolved through symbolic links, and the
target must lie inside one of the *allowed folders*:

- the overlay's own folder;
- the folders given on the command line (for a command run on ``journeys/``, any file under it);
- the project folder: the folder that holds the journey's data folder (``data/sources.yaml``), so that
  ``journeys/redesign/x.yaml`` may extend ``../x.yaml`` in a project however it is named on the command line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable


def allowed_folders(overlay_file: str, roots: Iterable[str | os.PathLike[str]] = ()) -> list[str]:
    """The folders (resolved) in which the journey that ``overlay_file`` extends may lie.

    >>> allowed_folders("/tmp/j/redesign/x.yaml", ["/tmp/j"])[:2] == [os.path.realpath("/tmp/j/redesign"),
    ...                                                              os.path.realpath("/tmp/j")]
    True
    """
    from .data import data_dir_beside

    folders = [Path(overlay_file).parent, *(Path(r) for r in roots)]
    data = data_dir_beside(overlay_file)
    if data is not None:
        folders.append(data.parent)
    out: list[str] = []
    for folder in folders:
        real = os.path.realpath(folder)
        if real not in out:
            out.append(real)
    return out


def is_inside(target: str, folders: Iterable[str]) -> bool:
    """Whether ``target``, resolved through symbolic links, lies inside one of ``folders`` (already resolved).

    >>> is_inside("/tmp/j/x.yaml", [os.path.realpath("/tmp/j")]), is_inside("/etc/passwd", ["/tmp/j"])
    (True, False)
    """
    real = os.path.realpath(target)
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)
