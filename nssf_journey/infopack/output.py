"""Write the pack into a folder that may hold other people's files, and never touch those.

The pack owns only the files listed in its manifest, ``.nssf-journey-infopack.json`` in the output folder, under
the rules of :mod:`nssf_journey.output.owned_folder` (shared with the report): a file it did not write is never
overwritten or deleted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from ..output.owned_folder import OutputConflict, OwnedFolder

MANIFEST = ".nssf-journey-infopack.json"
MANIFEST_TOOL = "nssf-journey infopack"


class PackConflict(OutputConflict):
    """The output folder holds a file the pack would overwrite but did not write."""


FOLDER = OwnedFolder(MANIFEST_TOOL, MANIFEST, PackConflict)


def read_manifest(out_dir: Path) -> set[str]:
    """The files an earlier run wrote into ``out_dir`` (empty when there is no manifest)."""
    return FOLDER.read_manifest(out_dir)


def check_out_dir(out_dir: str | os.PathLike[str], names: tuple[str, ...] = ("index.html", "style.css")) -> None:
    """Raise :class:`PackConflict` early if ``out_dir`` is unusable or holds a foreign file named ``names``."""
    FOLDER.check(out_dir, names)


def write_pack_files(files: Mapping[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``files`` into ``out_dir`` under the manifest rules of :mod:`nssf_journey.output.owned_folder`."""
    return FOLDER.write(files, out_dir)
