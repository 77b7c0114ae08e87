"""The report command: the management report."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import bounds
from .app import DEFAULT_JOURNEYS, Stopwatch, app, fail, load_all, print_warnings, write_owned, wrote_folder


@app.command()
def report(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="The folder to write into (default: reports/)."),
    simulate: bool = typer.Option(True, "--simulate/--no-simulate",
                                  help="Simulate lead-time distributions (Monte Carlo)."),
    cases: int = typer.Option(20_000, "--cases", help="Simulated cases per journey."),
    seed: int = typer.Option(1, "--seed", help="Seed of the simulation: the same seed gives the same report."),
    data: Optional[Path] = typer.Option(None, "--data",
                                        help="Folder with institution.yaml, sources.yaml, personas.yaml and "
                                             "scale.yaml (default: the journeys' data folder, the nearest data/ "
                                             "with a sources.yaml beside them)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write report.pdf, printed by headless Chromium."),
    lang: str = typer.Option("en", "--lang", help="Language of the page: en or km (Khmer, a draft)."),
    log: List[str] = typer.Option([], "--log", help="JOURNEY=FILE: an event log to hold a journey against (section "
                                                    "'model against reality'; repeatable). A journey's own "
                                                    "event_log is used without it."),
) -> None:
    """Write the management report: one offline HTML page, Markdown, and its tables as CSV and JSON.

    It writes only files it owns (listed in .nssf-journey-report.json in the folder) and replaces them on the
    next run; it never overwrites or deletes any other file.

    Example: nssf-journey report journeys/ --out reports/ --pdf
    """
    from ..i18n import LANGUAGES
    from ..report import ReportConflict, make_report, report_files, write_report_files
    from ..report.output import check_out_dir
    from ..report.pdf import ChromiumMissing, find_chromium, pdf_bytes

    progress = Stopwatch("report")
    bounds.cases(cases)
    bounds.seed(seed)
    if lang not in LANGUAGES:
        fail(f"--lang: expected one of {', '.join(LANGUAGES)}, got '{lang}'")
    if pdf and find_chromium() is None:
        fail(str(ChromiumMissing()))  # before the slow part
    logs = {}
    for item in log:
        name, sep, file = item.partition("=")
        if not sep or not name.strip() or not file.strip():
            fail(f"--log: expected JOURNEY=FILE, got '{item}'")
        logs[name.strip()] = file.strip()
    journeys = load_all(paths or [DEFAULT_JOURNEYS])
    try:
        check_out_dir(out)  # fail before the slow part
        document, warnings = make_report(journeys, data=data, simulate=simulate, cases=cases, seed=seed,
                                         progress=progress, lang=lang, logs=logs)
    except (ReportConflict, ValueError) as exc:
        fail(str(exc))
    print_warnings(warnings)
    files = report_files(document)
    if pdf:
        progress("printing the PDF with Chromium")
        try:
            files["report.pdf"] = pdf_bytes(files["index.html"].decode("utf-8"))
        except (ChromiumMissing, RuntimeError) as exc:
            fail(str(exc))
    progress("writing files")
    written = write_owned(write_report_files, files, out)
    wrote_folder(out, written, f" in {progress.elapsed()}")
