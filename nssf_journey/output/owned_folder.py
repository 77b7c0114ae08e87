"""Write generated files into a folder that may hold other people's files, and never touch those.

A tool (the report, the Info Pack) owns only the files listed in its manifest in the output folder, and of those
only the ones whose content is still what it wrote: the manifest records each file's SHA-256, and a file is the
tool's own when its current content has that hash. A manifest is a claim, not a proof (anyone can write one, or
copy one along with other files); the hash makes it a proof.

Before writing anything the tool checks every file it is about to write; the run stops with
:class:`OutputConflict`, writing nothing, when one exists and is not its own:

- not in the manifest: someone else's file;
- in the manifest with another content: changed since the tool wrote it (edited by hand, replaced);
- in a manifest of an older version that recorded no hashes: not provably the tool's; to be safe it is treated
  as someone else's (never replaced, never removed), and the message says so: remove the old generated files,
  or choose another folder, once.

Each file is written atomically (:mod:`nssf_journey.output.atomic`), with the usual permissions. Files of an
earlier run that this run does not write again are removed when they are the tool's own, and left alone
otherwise. The front page (``index.html``) is written last, so it appears only when everything it links to is
there. While files are being replaced, the manifest accepts both their old and their new hash, so that a run
killed half-way leaves a folder the next run still recognises as its own.

The folder itself must be one the tool may fill (:mod:`nssf_journey.output.places`): not a filesystem root, not
the home folder, writable; it is made when missing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from .atomic import write_bytes_atomic, write_text_atomic
from .places import UnusablePlace, check_output_folder

FRONT_PAGE = "index.html"
#: The version of the manifest's layout: 2 records a SHA-256 per file (version 1, without ``format``, did not).
MANIFEST_FORMAT = 2

#: Per file the manifest lists, the hashes its content may have to be the tool's own (empty: not provable).
Owned = Mapping[str, frozenset[str]]


class OutputConflict(Exception):
    """The output folder holds a file the tool would overwrite but did not write, or is not usable."""


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hexadecimal, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of the regular file ``path`` (a link is never the tool's: ``None``), or ``None`` if unreadable."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def _hashes(value: object) -> frozenset[str]:
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return frozenset(v.lower() for v in values if isinstance(v, str) and len(v) == 64
                     and all(c in "0123456789abcdefABCDEF" for c in v))


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

    def read_manifest(self, out_dir: Path) -> dict[str, frozenset[str]]:
        """The files an earlier run wrote into ``out_dir``, each with the hashes its content may have to still be
        the tool's own (an empty set for a manifest without hashes); empty when there is no manifest."""
        path = out_dir / self.manifest
        if not path.exists() and not path.is_symlink():
            return {}
        try:
            if path.is_symlink():
                raise ValueError
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("tool") != self.tool or not isinstance(data.get("files"), list):
                raise ValueError
            hashes = data.get("sha256", {})
            if not isinstance(hashes, dict):
                raise ValueError
        except (OSError, ValueError, AttributeError):
            raise self.conflict(f"{path}: exists and is not a manifest of {self.tool}; refusing to write into "
                                f"{out_dir} (choose another --out)") from None
        return {f: _hashes(hashes.get(f)) for f in data["files"] if isinstance(f, str) and self._safe(f)}

    def own_file(self, target: Path, hashes: frozenset[str]) -> bool:
        """Whether ``target`` is a regular file whose content has one of the recorded ``hashes``."""
        return bool(hashes) and file_sha256(target) in hashes

    def refusal(self, out: Path, rel: str, owned: Owned) -> str | None:
        """Why the file ``rel`` in ``out`` may not be replaced (``None`` when it is missing or the tool's own)."""
        target = out / rel
        if not target.exists() and not target.is_symlink():
            return None
        if rel not in owned:
            return self.foreign(target)
        if not owned[rel]:
            return (f"{target}: is listed by a manifest of an older {self.tool} that recorded no content hash, so it "
                    f"may not be its own; refusing to overwrite it (remove the old generated files once, or choose "
                    "another --out)")
        if not self.own_file(target, owned[rel]):
            return (f"{target}: changed since {self.tool} wrote it; refusing to overwrite it (move it away or choose "
                    "another --out)")
        return None

    def _usable(self, out: Path) -> None:
        try:
            check_output_folder(out)
        except UnusablePlace as exc:
            raise self.conflict(str(exc)) from None

    def check(self, out_dir: str | os.PathLike[str], names: tuple[str, ...]) -> None:
        """Raise early (before slow work) if ``out_dir`` is unusable or holds a file named ``names`` that is not
        the tool's own."""
        out = Path(out_dir)
        self._usable(out)
        if not out.exists():
            return
        owned = self.read_manifest(out)
        for rel in names:
            reason = self.refusal(out, rel, owned)
            if reason:
                raise self.conflict(reason)

    def write(self, files: Mapping[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
        """Write ``files`` (relative path -> bytes) into ``out_dir``; return the paths written."""
        out = Path(out_dir)
        self._usable(out)
        owned = self.read_manifest(out) if out.exists() else {}
        for rel in files:
            if not self._safe(rel):
                raise ValueError(f"{self.tool} file name '{rel}' is not a plain relative path")
            target = out / rel
            if target.is_dir() and not target.is_symlink():
                raise self.conflict(f"{target}: is a folder; refusing to replace it")
            reason = self.refusal(out, rel, owned)
            if reason:
                raise self.conflict(reason)
            for parent in PurePosixPath(rel).parents:
                if str(parent) != "." and ((out / parent).is_symlink() or (out / parent).is_file()):
                    raise self.conflict(f"{out / parent}: is not a folder {self.tool} can write into")
        new = {rel: sha256_hex(data) for rel, data in files.items()}
        out.mkdir(parents=True, exist_ok=True)
        # While replacing, a file may have its old content or its new one: both are the tool's.
        during = {rel: hashes for rel, hashes in owned.items()}
        for rel, h in new.items():
            during[rel] = during.get(rel, frozenset()) | {h}
        self._write_manifest(out, during)
        written = []
        for rel in sorted(files, key=lambda r: (r == FRONT_PAGE, r)):
            write_bytes_atomic(out / rel, files[rel])
            written.append(out / rel)
        for rel in sorted(set(owned) - set(files)):
            stale = out / rel
            if self.own_file(stale, owned[rel]):
                stale.unlink()
        self._write_manifest(out, {rel: frozenset({h}) for rel, h in new.items()})
        return written

    def _write_manifest(self, out: Path, owned: Owned) -> None:
        def recorded(hashes: Iterable[str]) -> str | list[str]:
            hs = sorted(hashes)
            return hs[0] if len(hs) == 1 else hs

        files = sorted(owned)
        data = {"tool": self.tool, "format": MANIFEST_FORMAT,
                "note": f"Files written by {self.tool}, with the SHA-256 of what it wrote; it replaces or removes only "
                        "files that still have that content.",
                "files": files, "sha256": {f: recorded(owned[f]) for f in files if owned[f]}}
        write_text_atomic(out / self.manifest, json.dumps(data, indent=2) + "\n")
