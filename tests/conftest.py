"""Shared helpers for the tests."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def journey_text(steps: str, *, actors: str | None = None, start: str = "a", extra: str = "") -> str:
    """A small journey's YAML with the given ``steps`` block (a YAML list, indented freely)."""
    actors = actors or "[{id: w, name: Worker, lane: customer}, {id: o, name: Office, lane: frontstage}]"
    body = textwrap.indent(textwrap.dedent(steps).strip("\n"), "  ")
    return f"journey: t\ntitle: Test\nactors: {actors}\nstart: {start}\n{extra}steps:\n{body}\n"


@pytest.fixture
def write(tmp_path):
    """Write text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def chromium(*args: str, timeout: float = 120):
    """Run headless Chromium (Debian's) with a throw-away profile and no background network traffic."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False)

def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    """Mean queue wait of M/M/c: P(wait) / (c mu - lambda), P(wait) by Erlang's C formula."""
    a = lam / mu
    rho = a / c
    assert rho < 1
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) / (1 - rho)
    return tail / (head + tail) / (c * mu - lam)
