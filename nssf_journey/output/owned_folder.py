"""Write generated files into a folder that may hold other people's files, and never touch those.

A tool (the report, the Info Pack) owns only the files listed in its manifest in the output folder. Before writing
anything it checks every file it is about to write: one that exists and is not in the manifest was not made by
the tool, and the run stops with :class:`OutputConflict` without writing anything. Each file is written
atomically (:mod:`nssf_journey.output.atomic`), with the usual permissions. Files of an earlier run that this run does
not write again are removed, and only those. The front page (``index.html``) is written last, so it appears only
when everything it links to is there.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Mapping

from .atomic import write_bytes_atomic, write_text_atomic

FRONT_PAGE = "index.html"


class OutputConflict(Exception):
    """The output folder holds a file the tool would overwrite but did not write, or is not usable."""


@dataclass(frozen=True)
class OwnedFolder:
    """The manifest rules of one tool: its name (in messages), its manifest file and its conflict exception."""

    tool: str
    manifest: str
    conflict: type[OutputConflict] = OutputConflict

    def _safe(self, rel: str) -> bool:
        p = PurePosixPath(rel)
        return not p.is_absolute() and ".." not in p.parts and rel == str(p) and rel != self.manifest

    def foreign(self, target: Path) -> str:
        return (f"{target}: exists and was not written by {self.tool}; refusing to overwrite it (move it away or "
                "choose another --out)")

    def read_manifest(self, out_dir: Path) -> set[str]:
        """The files an earlier run wrote into ``out_dir`` (empty when there is no manifest)."""
        path = out_dir / self.manifest
        if not path.exists() and not path.is_symlink():
            return set()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("tool") != self.tool or not isinstance(data.get("files"), list):
                raise ValueError
        except (OSError, ValueError, AttributeError):
            raise self.conflict(f"{path}: exists and is not a manifest of {self.tool}; refusing to write into "
                                f"{out_dir} (choose another --out)") from None
        return {f for f in data["files"] if isinstance(f, str) and self._safe(f)}

    def check(self, out_dir: str | os.PathLike[str], names: tuple[str, ...]) -> None:
        """Raise early (before slow work) if ``out_dir`` is unusable or holds a foreign file named ``names``."""
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise self.conflict(f"{out}: exists and is not a folder")
        _check_writable(out, self.conflict)
        if not out.exists():
            return
        owned = self.read_manifest(out)
        for rel in names:
            target = out / rel
            if (target.exists() or target.is_symlink()) and rel not in owned:
                raise self.conflict(self.foreign(target))

    def write(self, files: Mapping[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
        """Write ``files`` (relative path -> bytes) into ``out_dir``; return the paths written."""
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise self.conflict(f"{out}: exists and is not a folder")
        owned = self.read_manifest(out) if out.exists() else set()
        for rel in files:
            if not self._safe(rel):
                raise ValueError(f"{self.tool} file name '{rel}' is not a plain relative path")
            target = out / rel
            if (target.exists() or target.is_symlink()) and rel not in owned:
                raise self.conflict(self.foreign(target))
            if target.is_dir() and not target.is_symlink():
                raise self.conflict(f"{target}: is a folder; refusing to replace it")
            for parent in PurePosixPath(rel).parents:
                if str(parent) != "." and ((out / parent).is_symlink() or (out / parent).is_file()):
                    raise self.conflict(f"{out / parent}: is not a folder {self.tool} can write into")
        out.mkdir(parents=True, exist_ok=True)
        self._write_manifest(out, sorted(owned | set(files)))
        written = []
        for rel in sorted(files, key=lambda r: (r == FRONT_PAGE, r)):
            write_bytes_atomic(out / rel, files[rel])
            written.append(out / rel)
        for rel in sorted(owned - set(files)):
            stale = out / rel
            if stale.is_file() or stale.is_symlink():
                stale.unlink()
        self._write_manifest(out, sorted(files))
        return written

    def _write_manifest(self, out: Path, files: list[str]) -> None:
        data = {"tool": self.tool, "note": f"Files written by {self.tool}; it replaces only these.", "files": files}
        write_text_atomic(out / self.manifest, json.dumps(data, indent=2) + "\n")


def _check_writable(out: Path, conflict: type[OutputConflict]) -> None:
    """Raise ``conflict`` unless a folder can be made in ``out`` (or, if it does not exist, in its nearest ancestor).

    Trying is the only reliable test (permissions, read-only mounts, a file where a folder should be, virtual file
    systems); the probe folder is removed at once.
    """
    probe = out
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".nssf-journey-probe-", dir=probe))
    except OSError as exc:
        raise conflict(f"{out}: cannot write: {exc.strerror or exc}") from None
