"""The settings the command line applies to its own process (nssf_journey.cli.host_process)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

PROBE = ("import os, sys; from nssf_journey.cli.host_process import configure; ok = configure(); "
         "print(ok, os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'], 'numpy' in sys.modules)")


def _probe(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", PROBE], env={**clean, **env}, capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


def test_blas_threads_default_to_one_and_numpy_is_not_loaded_by_configure() -> None:
    ok, blas, omp, numpy_loaded = _probe()
    assert (blas, omp, numpy_loaded) == ("1", "1", "False")
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert ok == "True"  # mallopt(M_TOP_PAD) accepted


def test_a_value_the_user_set_is_kept() -> None:
    assert _probe(OPENBLAS_NUM_THREADS="3")[1] == "3"


def _run_command(args: list[str], before: str, after: str) -> subprocess.CompletedProcess[str]:
    """Run ``nssf-journey ARGS`` through ``main()`` in a fresh Python, with code run before and after it."""
    code = "\n".join([
        "import sys", before, f"sys.argv = ['nssf-journey'] + {args!r}", "from nssf_journey.cli import main",
        "try:", "    main()", "except SystemExit:", "    pass", after,
    ])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.skipif(platform.system() != "Linux", reason="the console script is checked on Linux")
def test_the_console_script_configures_its_process_before_numpy_loads() -> None:
    # main() must call configure() before anything imports NumPy, or OpenBLAS has already started its threads.
    out = _run_command(["list", "journeys"],
                       "import nssf_journey.cli.host_process as p; seen = []; f = p.configure\n"
                       "p.configure = lambda: (seen.append('numpy' in sys.modules), f())[1]",
                       "print(seen, file=sys.stderr)")
    assert out.stderr.strip().splitlines()[-1] == "[False]"


def test_a_command_starts_without_loading_pydantic() -> None:
    # Start-up is most of a small command's time: Typer 0.29 imports Pydantic for every command, hence the pin
    # typer<0.29 in pyproject.toml. Lifting it should be a decision, not an accident.
    out = _run_command(["simulate", "journeys/contribution_payment.yaml", "--cases", "10", "--seed", "1", "--mode",
                        "montecarlo", "--json"], "",
                       "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')),"
                       " file=sys.stderr)")
    assert '"journey": "contribution_payment"' in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "[]"
