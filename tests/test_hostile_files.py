"""Hostile files given to the loader: an overlay's extends stays inside the folders the user pointed at, a file
that is not a journey is named as such without quoting it, and special files never block (issue 17)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.loading.loader import check_files, journey_files
from nssf_journey.loading.problems import JourneyError
from nssf_journey.loading.files import read_text
from conftest import journey_text

HOSTILE = Path(__file__).parent / "data" / "hostile"
runner = CliRunner()
SECRET = "s3cr3t-value-that-must-not-be-printed"


def problems_of(file: Path, roots=()) -> list[str]:
    [result] = check_files([str(file)], roots=[str(r) for r in roots])
    return [str(p) for p in result.problems]


@pytest.mark.parametrize("name, ext", [
    ("extends_absolute_outside.yaml", "/etc/shadow"),
    ("extends_parent_escape.yaml", "../../../../../../../../etc/passwd"),
])
def test_extends_outside_the_allowed_folders_is_refused_without_reading(name, ext):
    file = HOSTILE / name
    [line] = problems_of(file)
    assert line.startswith(f"{file}:2:10: error: extends: '{ext}' leads outside the folders this redesign may extend"
                           " a journey from (")
    assert "root:" not in line


def test_validate_on_a_hostile_extends_prints_one_line_and_exits_2():
    file = HOSTILE / "extends_absolute_outside.yaml"
    result = runner.invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "leads outside" in result.stderr


def test_a_symlink_that_escapes_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"journey: x\nsteps: [{SECRET}]\n")
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "base.yaml").symlink_to(outside / "secret.yaml")
    red = folder / "red.yaml"
    red.write_text("journey: red\nextends: base.yaml\n")
    [line] = problems_of(red, roots=[folder])
    assert "'base.yaml' leads outside" in line and SECRET not in line


def test_extends_of_a_file_that_is_not_a_journey_names_it_without_quoting_it(tmp_path):
    (tmp_path / "settings.yaml").write_text(f"password: {SECRET}\ntitle: {SECRET}\n")
    (tmp_path / "table.csv").write_text(f"a,b\n{SECRET},1\n")
    (tmp_path / "broken.yaml").write_text(f"a: [{SECRET}\n")
    for target in ("settings.yaml", "table.csv", "broken.yaml"):
        red = tmp_path / f"red_{target.split('.')[0]}.yaml"
        red.write_text(f"journey: red\nextends: {target}\n")
        [line] = problems_of(red)
        assert SECRET not in line
        assert line.startswith(f"{red}:2:10: error: extends: '{target}': it is not valid YAML") or \
            line == (f"{red}:2:10: error: extends: '{target}' is not a journey file (a journey has the keys journey,"
                     " title, actors, start and steps; a redesign has extends); its contents are not shown"), line


def test_extends_may_reach_the_project_folder_and_the_folders_given(tmp_path):
    (tmp_path / "journeys" / "redesign").mkdir(parents=True)
    base = tmp_path / "journeys" / "base.yaml"
    base.write_text(journey_text("""
        - {id: a, name: A, actor: w, duration: 5, next: b, source: "assumption: t"}
        - {id: b, name: B, actor: o, outcome: success}"""))
    red = tmp_path / "journeys" / "redesign" / "red.yaml"
    red.write_text("journey: red\nextends: ../base.yaml\n")
    assert "leads outside" in problems_of(red)[0]  # neither given nor in a project
    assert problems_of(red, roots=[tmp_path / "journeys"]) == []
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.yaml").write_text("- {id: s, title: S}\n")
    assert problems_of(red) == []  # the project's folder (the one holding data/)
    assert runner.invoke(app, ["validate", str(red)]).exit_code == 0


def special_files(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "nowhere.yaml")
    return {
        str(fifo): "this is a named pipe (FIFO), not a journey file",
        "/dev/zero": "this is a character device, not a journey file",
        str(loop): "this is a symbolic link loop, not a journey file",
        str(dangling): "a symbolic link to a file that does not exist",
        str(tmp_path): "is a folder, expected a journey file",
    }


def test_special_files_get_their_own_message_and_never_block(tmp_path):
    for file, message in special_files(tmp_path).items():
        started = time.perf_counter()
        with pytest.raises(JourneyError) as info:
            read_text(file)
        assert str(info.value) == f"{file}:1:1: error: {message}"
        assert time.perf_counter() - started < 2


def test_special_files_given_to_a_command_are_named_not_missing(tmp_path):
    files = special_files(tmp_path)
    for file, message in files.items():
        if file == str(tmp_path):
            continue
        assert journey_files([file]) == [file]
        result = runner.invoke(app, ["validate", file])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [f"{file}:1:1: error: {message}"]


def test_extends_of_a_special_file_is_named_at_extends(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    for target, message in [("pipe.yaml", "this is a named pipe (FIFO), not a journey file"),
                            ("loop.yaml", "this is a symbolic link loop, not a journey file")]:
        red = tmp_path / f"red_{target}"
        red.write_text(f"journey: red\nextends: {target}\n")
        assert problems_of(red) == [f"{red}:2:10: error: extends: '{target}': {message}"]


def test_a_data_file_that_is_a_special_file_is_named(tmp_path):
    from nssf_journey.loading.data import check_data_file

    (tmp_path / "data").mkdir()
    os.mkfifo(tmp_path / "data" / "survey.yaml")
    [problem] = check_data_file(tmp_path / "data" / "survey.yaml")
    assert problem.message == "this is a named pipe (FIFO), not a data file"
