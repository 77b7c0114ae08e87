"""Write the report into a folder that may hold other people's files, and never touch those.

The report owns only the files it lists in its manifest, ``.nssf-journey-report.json`` in the output folder.
Before writing anything it checks every file it is about to write: one that exists and is not in the manifest
was not made by the report, and the run stops with :class:`ReportConflict` without writing anything. Each file
is written atomically (a temporary file and a rename). Files of an earlier run that this run does not write
again are removed, and only those. The manifest is written before the files (listing old and new) and again
after them (new only), so an interrupted run never leaves a file the next run would not recognise.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

from ..atomic import write_bytes_atomic, write_text_atomic
from .html import render_html
from .markdown import render_markdown
from .model import Report, Table

MANIFEST = ".nssf-journey-report.json"
MANIFEST_TOOL = "nssf-journey report"


class ReportConflict(Exception):
    """The output folder holds a file the report would overwrite but did not write."""


def table_csv(t: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(t.columns)
    for row in t.rows:
        writer.writerow(["" if _missing(v) else v for v in row])
    return buf.getvalue()


def table_json(t: Table) -> str:
    data = {"id": t.id, "title": t.title, "note": t.note,
            "rows": [{k: (None if _missing(v) else v) for k, v in r.items()} for r in t.records()]}
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=str) + "\n"


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def report_files(report: Report) -> dict[str, bytes]:
    """Every file of the report by its path relative to the output folder."""
    files: dict[str, bytes] = {}
    for t in report.all_tables():
        files[f"tables/{t.id}.csv"] = table_csv(t).encode("utf-8")
        files[f"tables/{t.id}.json"] = table_json(t).encode("utf-8")
    figures = list(report.summary_figures)
    for s in report.journeys:
        figures.extend(s.figures)
    for x in report.extra_sections:
        figures.extend(x.figures)
    for f in figures:
        if f.svg is not None:
            files[f"img/{f.id}.svg"] = f.svg.encode("utf-8")
    files["report.md"] = render_markdown(report).encode("utf-8")
    files["index.html"] = render_html(report).encode("utf-8")  # last: the page appears when all is there
    return files


def read_manifest(out_dir: Path) -> set[str]:
    """The files an earlier run wrote into ``out_dir`` (empty when there is no manifest)."""
    path = out_dir / MANIFEST
    if not path.exists() and not path.is_symlink():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("tool") != MANIFEST_TOOL or not isinstance(data.get("files"), list):
            raise ValueError
    except (OSError, ValueError, AttributeError):
        raise ReportConflict(f"{path}: exists and is not a manifest of {MANIFEST_TOOL}; refusing to write into "
                             f"{out_dir} (choose another --out)") from None
    return {f for f in data["files"] if isinstance(f, str) and _safe(f)}


def _safe(rel: str) -> bool:
    p = PurePosixPath(rel)
    return not p.is_absolute() and ".." not in p.parts and rel == str(p) and rel != MANIFEST


def check_out_dir(out_dir: str | os.PathLike[str], names: tuple[str, ...] = ("index.html", "report.md")) -> None:
    """Raise :class:`ReportConflict` early if ``out_dir`` is unusable or holds a foreign file named ``names``."""
    out = Path(out_dir)
    if not out.exists():
        return
    if not out.is_dir():
        raise ReportConflict(f"{out}: exists and is not a folder")
    owned = read_manifest(out)
    for rel in names:
        target = out / rel
        if (target.exists() or target.is_symlink()) and rel not in owned:
            raise ReportConflict(_foreign(target))


def _foreign(target: Path) -> str:
    return (f"{target}: exists and was not written by {MANIFEST_TOOL}; refusing to overwrite it (move it away or "
            "choose another --out)")


def write_report_files(files: Mapping[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``files`` into ``out_dir`` under the manifest rules of this module; return the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ReportConflict(f"{out}: exists and is not a folder")
    owned = read_manifest(out) if out.exists() else set()
    for rel in files:
        if not _safe(rel):
            raise ValueError(f"report file name '{rel}' is not a plain relative path")
        target = out / rel
        if (target.exists() or target.is_symlink()) and rel not in owned:
            raise ReportConflict(_foreign(target))
        if target.is_dir() and not target.is_symlink():
            raise ReportConflict(f"{target}: is a folder; refusing to replace it")
    out.mkdir(parents=True, exist_ok=True)
    _write_manifest(out, sorted(owned | set(files)))
    mode = _file_mode()
    written = []
    for rel, data in files.items():
        write_bytes_atomic(out / rel, data)
        os.chmod(out / rel, mode)  # temporary files are private; a report is for reading
        written.append(out / rel)
    for rel in sorted(owned - set(files)):
        stale = out / rel
        if stale.is_file() or stale.is_symlink():
            stale.unlink()
    _write_manifest(out, sorted(files))
    return written


def _file_mode() -> int:
    """``0o666`` less the process umask: the mode ``open()`` would have given a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_manifest(out: Path, files: list[str]) -> None:
    data = {"tool": MANIFEST_TOOL, "note": "Files written by nssf-journey report; it replaces only these.",
            "files": files}
    write_text_atomic(out / MANIFEST, json.dumps(data, indent=2) + "\n")


def write_report(report: Report, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write the report (HTML, Markdown, tables as CSV and JSON, pictures as SVG) into ``out_dir``."""
    return write_report_files(report_files(report), out_dir)
