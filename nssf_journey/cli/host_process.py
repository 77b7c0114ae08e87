"""Settings for a process that the command line owns.

A library must not change the process that imports it; a command may, since the process is its own. Two
settings make ``nssf-journey`` faster and change no number:

- **One BLAS thread.** NumPy's OpenBLAS starts a pool of threads when it loads, which costs about 0.1 s of CPU
  at every start. The matrices of this toolkit are small (an absorbing chain has one row per step), and the
  simulator runs its own threads, so ``OPENBLAS_NUM_THREADS`` (and its OpenMP and MKL equivalents) default to
  1. A value already set in the environment is kept.
- **Keep freed memory.** The simulator allocates and frees arrays of a few megabytes for every chunk of cases.
  By default glibc's ``malloc`` gives such memory back to the system as soon as it is free and then takes it
  again, and the kernel must zero every page anew: in a 1,000,000-case Monte Carlo that was about 60,000 page
  faults, a tenth of the run. Asking ``malloc`` to keep :data:`TOP_PAD` bytes (``mallopt(M_TOP_PAD)``) lets
  chunks reuse memory. Outside glibc this does nothing.

Call :func:`configure` before NumPy is imported.
"""

from __future__ import annotations

import os

#: Bytes that glibc's malloc keeps at the top of its heaps instead of returning them to the system.
TOP_PAD = 64 * 2**20
#: ``M_TOP_PAD`` in glibc's ``<malloc.h>``.
_M_TOP_PAD = -2
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def configure() -> bool:
    """Apply both settings to this process; return whether ``malloc`` accepted the padding."""
    for name in _BLAS_THREADS:
        os.environ.setdefault(name, "1")
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):  # not glibc (macOS, musl without mallopt, Windows)
        return False
    return bool(mallopt(_M_TOP_PAD, TOP_PAD))
