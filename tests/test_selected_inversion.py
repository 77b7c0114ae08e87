"""Selected inversion: the diagonal of (I - Q)^-1 from the LU factors equals that of the dense inverse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.sparse import csc_matrix, csr_matrix, identity
from scipy.sparse.linalg import splu

from nssf_journey.analysis import selected_inversion
from nssf_journey.analysis.selected_inversion import factorize_m_matrix, filled_pattern, inverse_diagonal


def random_chain(seed: int, n: int, back: float, reach: int | None) -> csc_matrix:
    """``I - Q`` of a random absorbing chain: a path 0 -> 1 -> ... with branches to random steps and an exit.

    ``back``: share of steps with a branch back to an earlier step, at most ``reach`` steps back (``None``:
    anywhere); every step may also jump ahead or leave the chain (absorption).
    """
    rng = np.random.default_rng(seed)
    rows, cols, vals = [], [], []
    for i in range(n):
        targets = [i + 1] if i + 1 < n else []
        if rng.random() < back and i > 0:
            lo = 0 if reach is None else max(0, i - reach)
            targets.append(int(rng.integers(lo, i + 1)))  # may be i itself: a self-loop
        if rng.random() < 0.2 and i + 2 < n:
            targets.append(int(rng.integers(i + 2, n)))
        targets = sorted(set(targets))
        if not targets:
            continue
        weights = rng.random(len(targets) + 1)  # the last share leaves the chain
        weights /= weights.sum()
        for t, w in zip(targets, weights[:-1]):
            rows.append(i)
            cols.append(t)
            vals.append(w)
    q = csc_matrix((vals, (rows, cols)), shape=(n, n))
    return (identity(n, format="csc") - q).tocsc()


def dense_diagonal(a) -> np.ndarray:
    return np.diag(np.linalg.inv(a.toarray()))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 120), back=st.floats(0, 1),
       reach=st.one_of(st.none(), st.integers(1, 30)))
def test_diagonal_equals_the_dense_inverse_on_random_chains(seed, n, back, reach):
    a = random_chain(seed, n, back, reach)
    got = inverse_diagonal(factorize_m_matrix(a), a)
    np.testing.assert_allclose(got, dense_diagonal(a), rtol=1e-9, atol=0)


@pytest.mark.parametrize("block", [1, 2, 3, 1000])
@pytest.mark.parametrize("seed", range(6))
def test_dense_blocks_and_single_columns_give_the_same_diagonal(monkeypatch, seed, block):
    # Loops that reach anywhere fill the factors: wide supernodes. Every block size must agree with the dense
    # inverse (block 1000: no blocks at all, column by column).
    monkeypatch.setattr(selected_inversion, "BLOCK_MIN_COLUMNS", block)
    blocks = []
    invert_block = selected_inversion._invert_block
    monkeypatch.setattr(selected_inversion, "_invert_block",
                        lambda f, e, *rest: blocks.append(e - f) or invert_block(f, e, *rest))
    a = random_chain(seed, 300, back=0.5, reach=None)
    got = inverse_diagonal(factorize_m_matrix(a), a)
    np.testing.assert_allclose(got, dense_diagonal(a), rtol=1e-9, atol=0)
    assert (max(blocks) > 3) if block < 1000 else not blocks


def test_a_loop_back_to_the_start_from_every_step():
    # 0 -> 1 -> ... -> n-1 with probability 1 - r each; steps 1.. go back to 0 with probability r; step 0
    # leaves the chain with r, the last step with 1 - r. A case at 0 comes back after k steps forward with
    # probability (1 - r)^k r, so N_00 = 1 / (1 - sum_k (1 - r)^k r), k = 1..n-1.
    n, r = 200, 0.1
    rows = [i for i in range(n - 1)] + [i for i in range(1, n)]
    cols = [i + 1 for i in range(n - 1)] + [0] * (n - 1)
    vals = [1 - r] * (n - 1) + [r] * (n - 1)
    a = (identity(n, format="csc") - csc_matrix((vals, (rows, cols)), shape=(n, n))).tocsc()
    got = inverse_diagonal(factorize_m_matrix(a), a)
    back_to_start = sum(r * (1 - r) ** k for k in range(1, n))  # leave from step k >= 1 back to 0
    assert got[0] == pytest.approx(1 / (1 - back_to_start), rel=1e-12)
    np.testing.assert_allclose(got, dense_diagonal(a), rtol=1e-12)


def test_entries_that_underflow_in_the_factors_do_not_break_the_recurrence():
    # In natural order, eliminating step 0 fills row k with products of ever smaller numbers (1e-200 per step):
    # they underflow to zero, and SciPy leaves zeros out of L and U. The filled pattern keeps their places.
    n = 6
    q = np.zeros((n, n))
    for i in range(n - 1):
        q[i, i + 1] = 1e-200
    q[1:, 0] = 0.5
    a = csc_matrix(np.eye(n) - q)
    lu = splu(a, permc_spec="NATURAL", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
    ptr, ind = filled_pattern(a)
    assert lu.L.nnz + lu.U.nnz - n < 2 * len(ind)  # entries were dropped
    np.testing.assert_allclose(inverse_diagonal(lu, a), dense_diagonal(a), rtol=1e-12)


def test_filled_pattern_has_the_fill_of_elimination():
    # An arrow pointing up: eliminating step 0 first joins every other pair of steps.
    n = 5
    b = np.eye(n)
    b[0, :] = b[:, 0] = 1
    ptr, ind = filled_pattern(csr_matrix(b))
    pattern = {(int(r), j) for j in range(n) for r in ind[ptr[j]:ptr[j + 1]]}
    assert pattern == {(r, c) for c in range(n) for r in range(c + 1, n)}
    # The other way round (step 0 last), there is no fill.
    b = np.eye(n)
    b[-1, :] = b[:, -1] = 1
    ptr, ind = filled_pattern(csr_matrix(b))
    assert {(int(r), j) for j in range(n) for r in ind[ptr[j]:ptr[j + 1]]} == {(n - 1, c) for c in range(n - 1)}


def test_row_pivoting_is_refused():
    a = csc_matrix(np.array([[0.1, -1.0], [-1.0, 1.0]]))
    lu = splu(a, permc_spec="NATURAL")  # partial pivoting swaps the rows
    assert not np.array_equal(lu.perm_r, lu.perm_c)
    with pytest.raises(ValueError, match="diagonal pivots"):
        inverse_diagonal(lu, a)
