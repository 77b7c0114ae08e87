"""The infopack command: the Digital Info Pack."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..loading.problems import JourneyError
from ..output.owned_folder import OutputConflict
from . import bounds
from .app import (
    DEFAULT_JOURNEYS,
    EXIT_BAD_INPUT,
    app,
    discover_files,
    fail,
    load_as_is,
    load_data_folder,
    print_problems,
    print_warnings,
    write_owned,
)


@app.command()
def infopack(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    audience: List[str] = typer.Option([], "--audience", "-a", help="worker, employer or staff (repeatable; default: all three)."),
    lang: List[str] = typer.Option([], "--lang", "-l", help="en or km (repeatable; default: both)."),
    out: Path = typer.Option(Path("reports/infopack"), "--out", "-o", help="The folder to write into (default: reports/infopack/)."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with benefits.yaml and sources.yaml (default: ./data)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the time percentiles: the same seed gives the same pack."),
    check_translations_only: bool = typer.Option(False, "--check-translations", help="List the texts that have no Khmer translation and, page by page, any English on a Khmer page, instead of writing the pack (exit 1 when a Khmer page shows English)."),
) -> None:
    """Write the Digital Info Pack: plain-language, phone-first guides per journey, in Khmer and English.

    A small offline site (HTML and CSS, no JavaScript) with an index per language and audience, one page per
    journey and its exact numbers as JSON beside it. It writes only files it owns (listed in
    .nssf-journey-infopack.json in the folder); it never overwrites or deletes any other file.

    Example: nssf-journey infopack journeys/ --audience worker --lang km --out reports/infopack
    """
    from ..infopack import AUDIENCES, PAGE_LANGUAGES, check_out_dir, pack_files, write_pack_files
    from ..infopack.assemble import (check_translations, left_out_note, make_pack, oversized_warnings,
                                     translation_inputs, written_summary)

    for a in audience:
        if a not in AUDIENCES:
            fail(f"--audience: expected one of {', '.join(AUDIENCES)}, got '{a}'")
    for x in lang:
        if x not in PAGE_LANGUAGES:
            fail(f"--lang: expected one of {', '.join(PAGE_LANGUAGES)}, got '{x}'")
    bounds.seed(seed)
    journeys, redesigns = load_as_is(paths, "write guides for")
    if not check_translations_only:
        try:
            check_out_dir(out)  # fail before the slow part
        except OutputConflict as exc:
            fail(str(exc))
    dataset = load_data_folder(data)
    try:
        pack = make_pack(journeys, dataset, audiences=audience, languages=lang, seed=seed)
    except JourneyError as exc:
        print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT)
    files = pack_files(pack)
    if check_translations_only:
        check = check_translations([*discover_files(paths or [DEFAULT_JOURNEYS]), *translation_inputs(dataset.folder)],
                                   files)
        for line in check.lines():
            typer.echo(line)
        if not check.ok:
            raise typer.Exit(1)
        return
    print_warnings(oversized_warnings(files, out))
    written = write_owned(write_pack_files, files, out)
    note = left_out_note(redesigns)
    if note:
        typer.echo(f"infopack: {note}", err=True)
    typer.echo(written_summary(pack, written, out), err=True)
