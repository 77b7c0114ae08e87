"""Write the report into a folder that may hold other people's files, and never touch those.

The report owns only the files it lists in its manifest, ``.nssf-journey-report.json`` in the output folder.
Before writing anything it checks every file it is about to write: one that exists and is not in the manifest
was not made by the report, and the run stops with :class:`ReportConflict` without writing anything. The rules
are those of :mod:`nssf_journey.output.owned_folder`, shared with the Digital Info Pack.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path
from typing import Any, Mapping

from ..output.owned_folder import OutputConflict, OwnedFolder
from .html import APPENDIX, render_appendix, render_html
from .markdown import render_markdown
from .document import Report, Table

MANIFEST = ".nssf-journey-report.json"
MANIFEST_TOOL = "nssf-journey report"


class ReportConflict(OutputConflict):
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
    for f in report.all_figures():
        if f.svg is not None:
            files[f"img/{f.id}.svg"] = f.svg.encode("utf-8")
        if f.full_svg is not None:
            files[f"img/{f.id}-full.svg"] = f.full_svg.encode("utf-8")
    files["report.md"] = render_markdown(report).encode("utf-8")
    files[APPENDIX] = render_appendix(report).encode("utf-8")
    files["index.html"] = render_html(report).encode("utf-8")  # last: the page appears when all is there
    return files


FOLDER = OwnedFolder(MANIFEST_TOOL, MANIFEST, ReportConflict)


def read_manifest(out_dir: Path) -> set[str]:
    """The files an earlier report wrote into ``out_dir`` (empty when there is no manifest)."""
    return FOLDER.read_manifest(out_dir)


def check_out_dir(out_dir: str | os.PathLike[str], names: tuple[str, ...] = ("index.html", "report.md")) -> None:
    """Raise :class:`ReportConflict` early if ``out_dir`` is unusable or holds a foreign file named ``names``."""
    FOLDER.check(out_dir, names)


def write_report_files(files: Mapping[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``files`` into ``out_dir`` under the manifest rules of :mod:`nssf_journey.output.owned_folder`."""
    return FOLDER.write(files, out_dir)


def write_report(report: Report, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write the report (HTML, Markdown, tables as CSV and JSON, pictures as SVG) into ``out_dir``."""
    return write_report_files(report_files(report), out_dir)
