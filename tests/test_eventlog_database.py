"""Event logs straight from a database: SQLite always, PostgreSQL on a real local server started here."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from nssf_journey.cli import app
from nssf_journey.eventlog import LogError, read_log, summarize

pytest.importorskip("sqlalchemy", reason="SQLAlchemy is not installed (pip install -e '.[db]')")

LOGS = Path(__file__).parent / "data" / "logs"
runner = CliRunner()


def frame() -> pd.DataFrame:
    """The running example as a case system would store it: its own column names, text timestamps."""
    df = pd.read_csv(LOGS / "running-example.csv")
    return pd.DataFrame({"case_id": df["case:concept:name"], "step": df["concept:name"],
                         "done_at": df["time:timestamp"], "officer": df["org:resource"]})


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    path = tmp_path / "cases.db"
    with sqlite3.connect(path) as conn:
        frame().to_sql("events", conn, index=False)
    return f"sqlite:///{path}"


COLUMNS = dict(case="case_id", activity="step", timestamp="done_at", resource="officer")


def test_a_query_on_sqlite_gives_the_figures_of_the_file(sqlite_db: str) -> None:
    from_db = summarize(read_log(db=sqlite_db, query="SELECT case_id, step, done_at, officer FROM events", **COLUMNS))
    from_file = summarize(read_log(LOGS / "running-example.csv"))
    assert from_db.arcs == from_file.arcs and set(from_db.variants) == set(from_file.variants)
    assert sorted(from_db.case_durations.tolist()) == sorted(from_file.case_durations.tolist())
    assert from_db.source == sqlite_db


def test_log_command_reads_a_table(sqlite_db: str) -> None:
    result = runner.invoke(app, ["log", "--db", sqlite_db, "--table", "events", "--case", "case_id", "--activity",
                                 "step", "--timestamp", "done_at", "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"cases": 6' in result.stdout and '"events": 42' in result.stdout


def test_database_errors_are_one_line(sqlite_db: str) -> None:
    with pytest.raises(LogError) as err:
        read_log(db=sqlite_db, query="SELECT * FROM nowhere", **COLUMNS)
    assert str(err.value) == f"{sqlite_db}: error: the query failed: no such table: nowhere"
    with pytest.raises(LogError) as err:
        read_log(db=sqlite_db, table="events")
    assert str(err.value).splitlines()[0] == (
        f"{sqlite_db}: error: case:concept:name: no case column 'case:concept:name'; the log has 'case_id', 'step',"
        " 'done_at', 'officer'; did you mean 'case_id'?")
    with pytest.raises(LogError) as err:
        read_log(db="nosuchdb://x/y", table="events")
    assert str(err.value).startswith("nosuchdb://x/y: error: cannot open the database: ")


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return str(Path(found[-1]).parent)
    pg_ctl = shutil.which("pg_ctl")
    return str(Path(pg_ctl).resolve().parent) if pg_ctl else None


@pytest.fixture(scope="module")
def postgres_url():
    """A throw-away PostgreSQL server in a temporary folder, on a free local port (as user postgres when root)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (./run tests installs Debian's postgresql package)")
    prefix: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            runuser = None
        if runuser is None:
            pytest.skip("running as root without a 'postgres' user to start the server as")
        prefix = [runuser, "-u", "postgres", "--"]
    folder = tempfile.mkdtemp(prefix="nssf-pg-")
    os.chmod(folder, 0o777)
    data = os.path.join(folder, "data")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        subprocess.run(prefix + [f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"],
                       check=True, capture_output=True, text=True, timeout=120)
        subprocess.run(prefix + [f"{bindir}/pg_ctl", "-D", data, "-w", "-t", "60", "-l", os.path.join(folder, "log"),
                                 "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                       check=True, capture_output=True, text=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"could not start PostgreSQL: {getattr(exc, 'stderr', exc)}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    try:
        yield url
    finally:
        subprocess.run(prefix + [f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True,
                       timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_with_typed_timestamps(postgres_url: str) -> None:
    import sqlalchemy as sa

    df = frame()
    df["done_at"] = pd.to_datetime(df["done_at"], utc=True)  # timestamptz in the database
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        df.to_sql("events", conn, index=False, if_exists="replace")
    engine.dispose()
    started = time.perf_counter()
    from_db = summarize(read_log(db=postgres_url, query="SELECT * FROM events ORDER BY step", **COLUMNS))
    assert time.perf_counter() - started < 60
    from_file = summarize(read_log(LOGS / "running-example.csv"))
    assert from_db.arcs == from_file.arcs and set(from_db.variants) == set(from_file.variants)
    assert sorted(from_db.case_durations.tolist()) == sorted(from_file.case_durations.tolist())
    assert not from_db.naive
    assert "@127.0.0.1" in from_db.source and "***" not in from_db.source  # no password in this URL to hide


def test_a_password_in_the_url_is_never_printed() -> None:
    with pytest.raises(LogError) as err:
        read_log(db="postgresql+psycopg://nssf:s3cret@127.0.0.1:1/cases", table="events")
    text = str(err.value)
    assert "s3cret" not in text and text.startswith("postgresql+psycopg://nssf:***@127.0.0.1:1/cases: error: ")
