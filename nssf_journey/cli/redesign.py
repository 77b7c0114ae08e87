"""The compare command: a redesign against today's journey."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from .app import app, check_unit, fail, load_data_folder, load_one, to_json


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
    if cases < 0:
        fail(f"--cases: expected a number >= 0, got {cases}")
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
    shown = unit or before.time_unit
    if out is not None:
        _write_comparison(c, out, shown)
    if as_json:
        typer.echo(to_json(c.to_dict(shown)))
    else:
        typer.echo(comparison_table(c, shown))


def _write_comparison(c: Any, out: Path, unit: str) -> None:
    from ..report import ReportConflict, build_report, report_files, write_report_files
    from ..report.document import Simulation
    from ..report.sections import comparisons_section

    sims = {}
    if c.records is not None:
        method = f"paired Monte Carlo simulation of {c.cases:,} cases (seed {c.seed}); no queues"
        sims = {c.base.id: Simulation(c.records[0].lead_time, method), c.redesign.id: Simulation(c.records[1].lead_time, method)}
    rep = build_report([c.base, c.redesign], simulations=sims, extra_sections=[comparisons_section([c])],
                       title=f"{c.redesign.title} compared with today")
    files = report_files(rep)
    files["comparison.json"] = (to_json(c.to_dict(unit)) + "\n").encode("utf-8")
    try:
        written = write_report_files(files, out)
    except ReportConflict as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror or exc}")
    typer.echo(f"wrote {out / 'index.html'} and {len(written) - 1} other files", err=True)
