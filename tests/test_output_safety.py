"""Output hardening (issue 17): leftovers of killed runs, manifests that prove ownership by content hash, places a
command refuses to write to, one rule for missing folders, and bounds on every numeric option."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.infopack import MANIFEST as PACK_MANIFEST
from nssf_journey.infopack import PackConflict, write_pack_files
from nssf_journey.output import atomic, places
from nssf_journey.output.atomic import remove_stale_temporaries, stale_temporaries, write_text_atomic
from nssf_journey.report import MANIFEST, ReportConflict, write_report_files

from conftest import ROOT
from test_render_diagram import SMALL

runner = CliRunner()
JOURNEY = str(ROOT / "journeys" / "contribution_payment.yaml")
REDESIGN = str(ROOT / "journeys" / "redesign" / "contribution_payment_online.yaml")
LOGS = Path(__file__).parent / "data" / "logs"
HAND = Path(__file__).parent / "data" / "journeys" / "receipt_hand.yaml"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def old(path: Path, seconds: float = 3600.0) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t), follow_symlinks=False)


# --- temporary files of killed runs -------------------------------------------------------------------------------

KILLED_WRITER = """
import os, signal, sys
from nssf_journey.output.atomic import replacing
with replacing(sys.argv[1]) as tmp:
    with open(tmp, "w") as fh:
        fh.write("half a report")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_while_writing(target: Path) -> Path:
    """Run a process that is killed while it writes ``target``; return the temporary file it leaves."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], env=env, capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    (left,) = [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    return left


def test_a_killed_run_leaves_a_temporary_file_that_the_next_run_removes(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    left = killed_while_writing(out / "index.html")
    assert atomic.TEMPORARY_NAME.match(left.name) and left.read_text() == "half a report"
    assert not (out / "index.html").exists()
    # A user's files that look a little like it stay: other names, and a link and a folder with our name.
    keep = [out / ".notes.tmp", out / ".index.html.abc12345.tmp", out / "index.html.nssf-journey-1-abcdefgh.tmp"]
    for p in keep:
        p.write_text("mine")
    link = out / ".x.nssf-journey-1-abcdefgh.tmp"
    link.symlink_to(out / ".notes.tmp")
    folder = out / ".y.nssf-journey-1-abcdefgh.tmp"
    folder.mkdir()
    old(left)  # the writer is gone and the file has been quiet for a while
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "small.yaml").write_text(SMALL)
    r = runner.invoke(app, ["report", str(tmp_path / "j"), "--out", str(out), "--no-simulate"])
    assert r.exit_code == 0, r.stderr
    assert not left.exists()
    assert all(p.read_text() == "mine" for p in keep) and link.is_symlink() and folder.is_dir()
    assert not [p for p in out.rglob("*.nssf-journey-*.tmp") if p not in (link, folder, *keep)]


def test_a_temporary_file_of_a_running_or_recent_writer_stays(tmp_path: Path) -> None:
    mine = tmp_path / f".a.csv.nssf-journey-{os.getpid()}-abcdefgh.tmp"  # this process: still running
    mine.write_text("being written")
    old(mine, 2 * 24 * 3600)
    gone = tmp_path / ".b.csv.nssf-journey-999999999-abcdefgh.tmp"  # no such process, but changed just now
    gone.write_text("x")
    abandoned = tmp_path / f".c.csv.nssf-journey-{os.getpid()}-abcdefgh.tmp"
    abandoned.write_text("x")
    old(abandoned, atomic.ABANDONED_SECONDS + 60)
    now = time.time()
    assert stale_temporaries(tmp_path, now=now) == [mine, abandoned]  # a day quiet: removed whoever made it
    old(mine, 60)
    assert stale_temporaries(tmp_path, now=now) == [abandoned]
    assert stale_temporaries(tmp_path, now=now + atomic.QUIET_SECONDS + 1) == [gone, abandoned]
    old(gone, 60)
    assert remove_stale_temporaries(tmp_path) == [gone, abandoned]
    assert mine.exists()


def test_temporary_names_are_distinctive_and_fit_a_long_target_name(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / ("n" * 240 + ".csv")
    seen = []
    original = atomic.tempfile.mkstemp

    def spy(*args, **kwargs):
        fd, name = original(*args, **kwargs)
        seen.append(Path(name).name)
        return fd, name

    monkeypatch.setattr(atomic.tempfile, "mkstemp", spy)
    write_text_atomic(target, "x")
    assert target.read_text() == "x"
    (name,) = seen
    assert atomic.TEMPORARY_NAME.match(name) and f".nssf-journey-{os.getpid()}-" in name and len(name) < 255


# --- manifests with content hashes ---------------------------------------------------------------------------------


def test_a_forged_manifest_cannot_get_a_users_file_deleted(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_bytes(b"years of work")
    for hashes in ({}, {"thesis.docx": sha(b"something else")}):
        forged = {"tool": "nssf-journey report", "files": ["thesis.docx"], "sha256": hashes}
        (tmp_path / MANIFEST).write_text(json.dumps(forged))
        write_report_files({"index.html": b"<p>report</p>"}, tmp_path)
        assert (tmp_path / "thesis.docx").read_bytes() == b"years of work"
        assert json.loads((tmp_path / MANIFEST).read_text())["files"] == ["index.html"]  # no longer listed
        (tmp_path / "index.html").unlink()
    # a legacy manifest (no hashes at all) is no proof either
    (tmp_path / MANIFEST).write_text(json.dumps({"tool": "nssf-journey report", "files": ["thesis.docx"]}))
    write_report_files({"index.html": b"<p>report</p>"}, tmp_path)
    assert (tmp_path / "thesis.docx").read_bytes() == b"years of work"


def test_a_file_changed_since_it_was_written_is_neither_replaced_nor_removed(tmp_path: Path) -> None:
    write_report_files({"index.html": b"1", "report.md": b"2", "tables/a.csv": b"3"}, tmp_path)
    data = json.loads((tmp_path / MANIFEST).read_text())
    assert data["format"] == 2 and data["sha256"] == {"index.html": sha(b"1"), "report.md": sha(b"2"),
                                                      "tables/a.csv": sha(b"3")}
    (tmp_path / "report.md").write_text("my notes on the report")
    with pytest.raises(ReportConflict) as err:
        write_report_files({"index.html": b"4", "report.md": b"5"}, tmp_path)
    assert str(err.value) == (f"{tmp_path / 'report.md'}: changed since nssf-journey report wrote it; refusing to "
                              "overwrite it (move it away or choose another --out)")
    assert (tmp_path / "index.html").read_bytes() == b"1"  # nothing written
    (tmp_path / "tables/a.csv").write_text("edited")  # a stale file of ours that someone changed: kept
    (tmp_path / "report.md").write_bytes(b"2")
    write_report_files({"index.html": b"4", "report.md": b"5"}, tmp_path)
    assert (tmp_path / "tables/a.csv").read_text() == "edited"
    assert json.loads((tmp_path / MANIFEST).read_text())["files"] == ["index.html", "report.md"]
    # the same through the command: one line, exit 2
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "small.yaml").write_text(SMALL)
    r = runner.invoke(app, ["report", str(tmp_path / "j"), "--out", str(tmp_path), "--no-simulate"])
    assert r.exit_code == 0, r.stderr
    (tmp_path / "index.html").write_text("edited")
    r = runner.invoke(app, ["report", str(tmp_path / "j"), "--out", str(tmp_path), "--no-simulate"])
    assert (r.exit_code, r.stderr) == (2, f"nssf-journey: error: {tmp_path / 'index.html'}: changed since "
                                          "nssf-journey report wrote it; refusing to overwrite it (move it away or "
                                          "choose another --out)\n")


def test_a_manifest_without_hashes_proves_nothing_and_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("made by an older version")
    (tmp_path / "style.css").write_text("old")
    legacy = {"tool": "nssf-journey infopack", "note": "...", "files": ["index.html", "style.css"]}
    (tmp_path / PACK_MANIFEST).write_text(json.dumps(legacy))
    with pytest.raises(PackConflict) as err:
        write_pack_files({"index.html": b"new"}, tmp_path)
    assert str(err.value) == (f"{tmp_path / 'index.html'}: is listed by a manifest of an older nssf-journey infopack "
                              "that recorded no content hash, so it may not be its own; refusing to overwrite it "
                              "(remove the old generated files once, or choose another --out)")
    (tmp_path / "index.html").unlink()
    write_pack_files({"index.html": b"new"}, tmp_path)
    assert (tmp_path / "style.css").read_text() == "old"  # not removed: not provably ours
    assert json.loads((tmp_path / PACK_MANIFEST).read_text())["sha256"] == {"index.html": sha(b"new")}


def test_a_run_killed_half_way_leaves_a_folder_the_next_run_still_owns(tmp_path: Path, monkeypatch) -> None:
    write_report_files({"a.csv": b"old a", "b.csv": b"old b", "index.html": b"old"}, tmp_path)
    from nssf_journey.output import owned_folder

    real = owned_folder.write_bytes_atomic

    def dies_after_a(path, data):
        if Path(path).name == "b.csv":
            raise KeyboardInterrupt  # killed after a.csv was replaced, before b.csv
        real(path, data)

    monkeypatch.setattr(owned_folder, "write_bytes_atomic", dies_after_a)
    with pytest.raises(KeyboardInterrupt):
        write_report_files({"a.csv": b"new a", "b.csv": b"new b", "index.html": b"new"}, tmp_path)
    assert (tmp_path / "a.csv").read_bytes() == b"new a" and (tmp_path / "b.csv").read_bytes() == b"old b"
    monkeypatch.setattr(owned_folder, "write_bytes_atomic", real)
    write_report_files({"a.csv": b"new a", "b.csv": b"new b", "index.html": b"new"}, tmp_path)
    assert (tmp_path / "b.csv").read_bytes() == b"new b"
    assert json.loads((tmp_path / MANIFEST).read_text())["sha256"]["b.csv"] == sha(b"new b")


def test_a_link_listed_in_the_manifest_is_never_followed_or_removed(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_bytes(b"x")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.svg").symlink_to(tmp_path / "mine.txt")
    forged = {"tool": "nssf-journey report", "format": 2, "files": ["old.svg"], "sha256": {"old.svg": sha(b"x")}}
    (tmp_path / "out" / MANIFEST).write_text(json.dumps(forged))
    write_report_files({"index.html": b"r"}, tmp_path / "out")
    assert (tmp_path / "out" / "old.svg").is_symlink() and (tmp_path / "mine.txt").read_bytes() == b"x"


# --- where commands may write ---------------------------------------------------------------------------------------


def test_a_filesystem_root_and_the_home_folder_are_refused(tmp_path: Path, monkeypatch) -> None:
    assert places.is_filesystem_root("/") and places.is_filesystem_root("/..")
    assert not places.is_filesystem_root(tmp_path)
    assert places.folder_refusal("/") == ("/: is the root of the filesystem; refusing to fill it with generated files "
                                          "(choose a folder of its own, such as reports/)")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert places.folder_refusal(home) == (f"{home}: is your home folder; refusing to fill it with generated files "
                                           f"(choose a folder of its own inside it, such as {home / 'reports'})")
    assert places.folder_refusal(home / "reports") is None
    assert places.folder_refusal(home / "reports" / "..") is not None  # resolved
    with pytest.raises(places.UnusablePlace, match="is in the root of the filesystem"):
        places.check_output_file("/diagram.svg")
    places.check_output_file(home / "diagram.svg")  # a single file may go in the home folder


FOLDER_COMMANDS = {
    "report": ["report", JOURNEY, "--no-simulate"],
    "infopack": ["infopack", JOURNEY, "--data", str(ROOT / "data")],
    "compare": ["compare", JOURNEY, REDESIGN, "--cases", "0"],
}


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_every_command_that_fills_a_folder_refuses_a_root_and_the_home_folder(tmp_path: Path, monkeypatch,
                                                                              command: str) -> None:
    fake_root = tmp_path / "root"
    fake_root.mkdir()
    real = places.is_filesystem_root
    monkeypatch.setattr(places, "is_filesystem_root", lambda p: real(p) or Path(p).resolve() == fake_root)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for out, what in ((fake_root, "is the root of the filesystem"), (home, "is your home folder")):
        r = runner.invoke(app, [*FOLDER_COMMANDS[command], "--out", str(out)])
        assert r.exit_code == 2
        assert r.stderr.startswith(f"nssf-journey: error: {out}: {what}; refusing to fill it") and \
            r.stderr.count("\n") == 1
        assert list(out.iterdir()) == []


def _discover(out: Path) -> list[str]:
    return ["discover", str(LOGS / "running-example.csv"), "--out", str(out)]


FILE_COMMANDS = {
    "render": lambda out: ["render", JOURNEY, "--out", str(out / "d.svg")],
    "render --map": lambda out: ["render", JOURNEY, "--map", "--out", str(out / "m.svg")],
    "simulate --events": lambda out: ["simulate", JOURNEY, "-n", "50", "--seed", "1", "--events", str(out / "e.csv")],
    "schema": lambda out: ["schema", "--out", str(out / "s.json")],
    "sensitivity --chart": lambda out: ["sensitivity", JOURNEY, "--chart", str(out / "t.svg")],
    "discover": lambda out: _discover(out / "j.yaml"),
    "calibrate": lambda out: ["calibrate", str(HAND), str(LOGS / "receipt_400.csv"), "--out", str(out / "c.yaml")],
    "report": lambda out: ["report", JOURNEY, "--no-simulate", "--out", str(out / "r")],
    "compare": lambda out: ["compare", JOURNEY, REDESIGN, "--cases", "0", "--out", str(out / "r")],
}


@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_every_command_makes_missing_folders_and_fails_at_once_where_it_cannot_write(tmp_path: Path,
                                                                                     command: str) -> None:
    """One rule: missing folders are made (parents included); a file where a folder should be is one line, exit 2,
    before any work."""
    missing = tmp_path / "new" / "deeper"
    r = runner.invoke(app, FILE_COMMANDS[command](missing))
    assert r.exit_code == 0, r.stderr
    assert [p for p in missing.rglob("*") if p.is_file()], "nothing written"
    (tmp_path / "afile").write_text("mine")
    blocked = tmp_path / "afile" / "sub"
    r = runner.invoke(app, FILE_COMMANDS[command](blocked))
    assert r.exit_code == 2
    assert r.stderr.endswith(": cannot write: Not a directory\n") and r.stderr.count("\n") == 1, r.stderr
    assert (tmp_path / "afile").read_text() == "mine"


@pytest.mark.parametrize("args, option", [
    (["render", JOURNEY, "--out", "/d.svg"], "--out"),
    (["simulate", JOURNEY, "--events", "/e.csv"], "--events"),
    (["schema", "--out", "/s.json"], "--out"),
    (["sensitivity", JOURNEY, "--chart", "/t.svg"], "--chart"),
    (["discover", str(LOGS / "running-example.csv"), "--out", "/j.yaml"], "--out"),
    (["calibrate", str(HAND), str(LOGS / "receipt_400.csv"), "--out", "/c.yaml"], "--out"),
])
def test_no_command_writes_a_file_into_the_filesystem_root(args: list[str], option: str) -> None:
    name = args[args.index(option) + 1]
    r = runner.invoke(app, args)
    assert (r.exit_code, r.stderr) == (2, f"nssf-journey: error: {option}: {name}: is in the root of the filesystem; "
                                          "refusing to write there (choose a folder)\n")
    assert not Path(name).exists()


# --- bounds of numeric options --------------------------------------------------------------------------------------

HUGE = "100000000000000000000"
CASES = "expected a whole number from 1 to 1,000,000,000, got " + HUGE
SEED = "--seed: expected a whole number from 0 to 4,294,967,295, got "


@pytest.mark.parametrize("args, message", [
    (["simulate", JOURNEY, "--cases", HUGE], f"--cases: {CASES}"),
    (["report", JOURNEY, "--cases", HUGE], f"--cases: {CASES}"),
    (["sensitivity", JOURNEY, "--cases", HUGE], f"--cases: {CASES}"),
    (["capacity", JOURNEY, "--cases", HUGE], f"--cases: {CASES}"),
    (["conform", str(HAND), str(LOGS / "receipt_400.csv"), "--cases", HUGE], f"--cases: {CASES}"),
    (["compare", JOURNEY, REDESIGN, "--cases", HUGE],
     f"--cases: expected a whole number from 0 to 1,000,000,000, got {HUGE}"),
    (["compare", JOURNEY, REDESIGN, "--cases", "-1"], "--cases: expected a whole number from 0 to 1,000,000,000, got -1"),
    (["simulate", JOURNEY, "--seed", "-1"], SEED + "-1"),
    (["report", JOURNEY, "--seed", HUGE], SEED + HUGE),
    (["compare", JOURNEY, REDESIGN, "--seed", "4294967296"], SEED + "4294967296"),
    (["sensitivity", JOURNEY, "--seed", "-5"], SEED + "-5"),
    (["capacity", JOURNEY, "--seed", "-5"], SEED + "-5"),
    (["infopack", JOURNEY, "--seed", HUGE], SEED + HUGE),
    (["conform", str(HAND), str(LOGS / "receipt_400.csv"), "--seed", "-1"], SEED + "-1"),
    (["junctures", "--weight", "lost=inf"], "--weight: expected name=number with a finite number, got 'lost=inf'"),
    (["junctures", "--weight", "waiting=nan"], "--weight: expected name=number with a finite number, got 'waiting=nan'"),
    (["junctures", "--weight", "lost=-1"], "--weight lost: expected a weight from 0 to 1,000, got -1"),
    (["junctures", "--weight", "lost=1e300"], "--weight lost: expected a weight from 0 to 1,000, got 1e+300"),
    (["junctures", "--top", "-1"], "--top: expected a whole number from 0 to 1,000,000, got -1"),
    (["junctures", "--top", HUGE], f"--top: expected a whole number from 0 to 1,000,000, got {HUGE}"),
    (["sensitivity", JOURNEY, "--top", "-2"], "--top: expected a whole number from 0 to 1,000,000, got -2"),
    (["log", str(LOGS / "running-example.csv"), "--top", HUGE],
     f"--top: expected a whole number from 0 to 1,000,000, got {HUGE}"),
    (["funnel", "--awareness", "sickness=inf"],
     "--awareness: expected name=number with a finite number, got 'sickness=inf'"),
    (["capacity", JOURNEY, "--awareness", "sickness=nan"],
     "--awareness: expected name=number with a finite number, got 'sickness=nan'"),
    (["capacity", JOURNEY, "--demand", "inf"],
     "--demand: expected a factor on today's arrivals above 0 and at most 100, got inf"),
    (["capacity", JOURNEY, "--demand", "nan"],
     "--demand: expected a factor on today's arrivals above 0 and at most 100, got nan"),
    (["capacity", JOURNEY, "--target", "wait p90 <= 100000000000000000000000000000 min"],
     "--target: 'wait p90 <= 100000000000000000000000000000 min': 1e+29 minutes is more than 100 years "
     "(52,596,000 minutes), the longest time allowed"),
    (["capacity", JOURNEY, "--target", "decision p90 <= 40000 working days"],
     "--target: 'decision p90 <= 40000 working days': 40000 days is more than 100 years (36,525 days), the longest "
     "time allowed"),
    (["capacity", JOURNEY, "--demand", "0"],
     "--demand: expected a factor on today's arrivals above 0 and at most 100, got 0"),
    (["discover", str(LOGS / "running-example.csv"), "--out", "x.yaml", "--min-share", "nan"],
     "--min-share: expected a share from 0 to below 1, got nan"),
    (["discover", str(LOGS / "running-example.csv"), "--out", "x.yaml", "--min-share", "1"],
     "--min-share: expected a share from 0 to below 1, got 1"),
    (["discover", str(LOGS / "running-example.csv"), "--out", "x.yaml", "--min-events", "0"],
     "--min-events: expected a whole number from 1 to 1,000,000,000, got 0"),
    (["discover", str(LOGS / "running-example.csv"), "--out", "x.yaml", "--min-events", HUGE],
     f"--min-events: expected a whole number from 1 to 1,000,000,000, got {HUGE}"),
    (["render", JOURNEY, "--detail", "nan"], "--detail: expected auto, common, full or a share from 0 to 1, got 'nan'"),
    (["render", JOURNEY, "--detail", "inf"], "--detail: expected auto, common, full or a share from 0 to 1, got 'inf'"),
    (["analyze", JOURNEY, "--unit", "weeks"], "--unit: expected one of minutes, hours, days, got 'weeks'"),
])
def test_every_numeric_option_has_bounds_and_a_one_line_error(args: list[str], message: str, tmp_path: Path,
                                                              monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, args)
    assert (r.exit_code, r.stderr) == (2, f"nssf-journey: error: {message}\n")
    assert list(tmp_path.iterdir()) == []  # refused before writing anything


def test_the_largest_accepted_values_run() -> None:
    r = runner.invoke(app, ["simulate", JOURNEY, "--cases", "20", "--seed", "4294967295", "--json"])
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["seed"] == 4294967295
    r = runner.invoke(app, ["junctures", "--weight", "lost=1000", "--top", "1000000", "--json",
                            "--data", str(ROOT / "data"), str(ROOT / "journeys")])
    assert r.exit_code == 0, r.stderr
