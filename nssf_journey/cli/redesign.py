"""The compare command: a redesign against today's journey."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import bounds
from .app import app, check_unit, fail, load_data_folder, load_one, to_json, write_owned, wrote_folder


@app.command()
def compare(
    base: str = typer.Argument(..., metavar="BASE", help="Today's journey file."),
    redesign: str = typer.Argument(..., metavar="REDESIGN", help="The redesigned journey (an overlay or a full file)."),
    cases: int = typer.Option(20_000, "--cases", help="Paired simulated cases (0: exact figures only)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the paired simulation."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="minutes, hours or days (default: the journey's)."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with scale.yaml (default: ./data)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Also write a comparison report into this folder."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Compare a redesign with today's journey: structure, exact and simulated differences, national savings.

    Example: nssf-journey compare journeys/contribution_payment.yaml journeys/redesign/contribution_payment_online.yaml --out reports/compare
    """
    from ..compare import compare_journeys
    from ..compare.tables import comparison_table

    check_unit(unit)
    bounds.cases(cases, low=0)
    bounds.seed(seed)
    before, after = load_one(base), load_one(redesign)
    dataset = load_data_folder(data) if (data or Path("data").is_dir()) else None
    if out is not None:
        from ..report import ReportConflict
        from ..report.output import check_out_dir

        try:
            check_out_dir(out)
        except ReportConflict as exc:
            fail(str(exc))
    c = compare_journeys(before, after, cases=cases, seed=seed, data=dataset)
    if out is not None:
        from ..report import comparison_report_files, write_report_files

        written = write_owned(write_report_files, comparison_report_files(c, unit=unit), out)
        wrote_folder(out, written)
    typer.echo(to_json(c.to_dict(unit)) if as_json else comparison_table(c, unit))
