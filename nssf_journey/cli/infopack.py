"""The infopack command: the Digital Info Pack."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .app import (
    DEFAULT_JOURNEYS,
    EXIT_BAD_INPUT,
    app,
    discover_files,
    fail,
    load_as_is,
    load_data_folder,
    print_problems,
)


@app.command()
def infopack(
    paths: List[str] = typer.Argument(None, help="Journey files or folders (default: journeys/)."),
    audience: List[str] = typer.Option([], "--audience", "-a", help="worker, employer or staff (repeatable; default: all three)."),
    lang: List[str] = typer.Option([], "--lang", "-l", help="en or km (repeatable; default: both)."),
    out: Path = typer.Option(Path("reports/infopack"), "--out", "-o", help="The folder to write into (default: reports/infopack/)."),
    data: Optional[str] = typer.Option(None, "--data", help="Data folder with benefits.yaml and sources.yaml (default: ./data)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the time percentiles: the same seed gives the same pack."),
    check_translations: bool = typer.Option(False, "--check-translations", help="List the texts that have no Khmer translation and, page by page, any English on a Khmer page, instead of writing the pack (exit 1 when a Khmer page shows English)."),
) -> None:
    """Write the Digital Info Pack: plain-language, phone-first guides per journey, in Khmer and English.

    A small offline site (HTML and CSS, no JavaScript) with an index per language and audience, one page per
    journey and its exact numbers as JSON beside it. It writes only files it owns (listed in
    .nssf-journey-infopack.json in the folder); it never overwrites or deletes any other file.

    Example: nssf-journey infopack journeys/ --audience worker --lang km --out reports/infopack
    """
    from ..infopack import (
        AUDIENCES,
        PAGE_LANGUAGES,
        PackConflict,
        build_pack,
        check_out_dir,
        english_on_khmer_pages,
        load_pack_inputs,
        oversized,
        pack_files,
        translation_report,
        write_pack_files,
    )
    from ..infopack.check import translation_lines
    from ..infopack.benefits import benefits_file
    from ..loading.problems import JourneyError

    for a in audience:
        if a not in AUDIENCES:
            fail(f"--audience: expected one of {', '.join(AUDIENCES)}, got '{a}'")
    for x in lang:
        if x not in PAGE_LANGUAGES:
            fail(f"--lang: expected one of {', '.join(PAGE_LANGUAGES)}, got '{x}'")
    if seed < 0:
        fail(f"--seed: expected a number >= 0, got {seed}")
    journeys, redesigns = load_as_is(paths, "write guides for")
    if not check_translations:
        try:
            check_out_dir(out)  # fail before the slow part
        except PackConflict as exc:
            fail(str(exc))
    dataset = load_data_folder(data)
    try:
        inputs = load_pack_inputs(dataset.folder)
        pack = build_pack(journeys, inputs, audiences=tuple(dict.fromkeys(audience)) or AUDIENCES,
                          languages=tuple(dict.fromkeys(lang)) or PAGE_LANGUAGES, seed=seed)
    except JourneyError as exc:
        print_problems(exc.problems)
        raise typer.Exit(EXIT_BAD_INPUT)
    files = pack_files(pack)
    if check_translations:
        yaml_files = [str(f) for f in discover_files(paths or [DEFAULT_JOURNEYS])]
        yaml_files += [str(f) for f in (benefits_file(dataset.folder),
                                        *(Path(x.file) for x in (inputs.texts, inputs.staff) if x)) if f.exists()]
        missing, status = translation_report(yaml_files, "km")
        english = english_on_khmer_pages(files)
        pages = sorted(k for k in files if k.startswith("km/") and k.endswith(".html"))
        for line in translation_lines(missing, status, english, pages):
            typer.echo(line)
        if english:
            raise typer.Exit(1)
        return
    for name in oversized(files):
        typer.echo(f"nssf-journey: warning: {out / name}: {len(files[name]):,} bytes, over the 100 KB a page "
                   "should stay under", err=True)
    try:
        written = write_pack_files(files, out)
    except PackConflict as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror or exc}")
    if redesigns:
        typer.echo(f"infopack: left out {len(redesigns)} redesign{'s' if len(redesigns) != 1 else ''} (the pack "
                   "describes today's service)", err=True)
    pages = sum(1 for p in written if p.suffix == ".html")
    typer.echo(f"wrote {out / 'index.html'}: {pages} pages for {len(pack.pages) and len(set(p.journey for p in pack.pages))} "
               f"journeys, {len(written)} files", err=True)
