"""Order statistics and percentiles of simulated values (nssf_journey.simulation.stats) against sorting."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nssf_journey.simulation import stats
from nssf_journey.simulation.stats import order_statistics, percentiles

RNG = np.random.default_rng(20261126)
N = 120_000  # above RADIX_MIN: the radix selection, not NumPy's partition

ARRAYS = {
    "uniform float32": RNG.random(N).astype(np.float32),
    "lognormal float64": RNG.lognormal(3, 1, N),
    "mostly zero (no wait)": np.concatenate([np.zeros(N - 5_000), RNG.exponential(30, 5_000)]),
    "four fees, float32": RNG.choice(np.array([1.5, 3, 4.5, 6], dtype=np.float32), N, p=[0.1, 0.7, 0.15, 0.05]),
    "integers as floats": RNG.integers(0, 3, N).astype(float),
    "signed normal": RNG.normal(0, 5, N),
    "signed float32": RNG.normal(0, 5, N).astype(np.float32),
    "negative and positive zeros": np.concatenate([np.full(N // 2, -0.0), np.zeros(N // 2), [-1.0, 1.0]]),
    "all equal": np.full(N, 7.25),
    "tiny and huge": np.concatenate([RNG.exponential(1e-30, N // 2), RNG.exponential(1e30, N // 2)]),
    "one bucket, many values": 1.0 + RNG.random(N) * 1e-9,
}


@pytest.mark.parametrize("name", list(ARRAYS))
def test_order_statistics_equal_those_of_the_sorted_array(name: str) -> None:
    x = ARRAYS[name]
    assert x.size >= stats.RADIX_MIN
    ranks = sorted({0, 1, x.size // 2, x.size // 2 + 1, int(0.9 * (x.size - 1)), int(0.95 * (x.size - 1)),
                    x.size - 2, x.size - 1})
    s = np.sort(x)
    assert order_statistics(x, ranks) == {k: float(s[k]) for k in ranks}


@pytest.mark.parametrize("name", list(ARRAYS))
def test_percentiles_are_numpys_linear_percentiles(name: str) -> None:
    x = ARRAYS[name]
    qs = (50, 90, 95, 0, 100, 99.9)
    got = percentiles(x, qs)
    want = np.percentile(x.astype(np.float64), qs)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, width=32), min_size=1, max_size=300), st.sampled_from([np.float32, np.float64]),
       st.data())
def test_radix_selection_on_small_arrays_matches_sorting(values: list[float], dtype: type, data: st.DataObject) -> None:
    # Force the radix path on small arrays (hypothesis finds the edge cases: duplicates, signs, one value).
    x = np.array(values, dtype=dtype)
    ranks = sorted(set(data.draw(st.lists(st.integers(0, x.size - 1), min_size=1, max_size=6))))
    old = stats.RADIX_MIN
    stats.RADIX_MIN = 0
    try:
        got = order_statistics(x, ranks)
    finally:
        stats.RADIX_MIN = old
    s = np.sort(x)
    assert got == {k: float(s[k]) for k in ranks}
