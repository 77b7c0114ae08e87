"""The diagonal of the inverse of a sparse M-matrix from one LU factorisation (selected inversion).

The probability that a journey reaches a step at least once is ``v_i / N_ii``, with ``N = (I - Q)^-1`` the
fundamental matrix of the journey's chain. ``N`` itself is dense (10,000 steps in one loop: 800 MB), and one solve
per step costs ``n`` solves. Selected inversion computes the entries of ``Z = A^-1`` that lie on the sparsity
pattern of the LU factors of ``A`` (the diagonal among them) straight from the factors, after Takahashi, Fagan
and Chin (1973) and Erisman and Tinney (1975). With ``A = L D U`` (``L`` unit lower, ``U`` unit upper
triangular) the two identities ``Z = D^-1 L^-1 + (I - U) Z`` and ``Z = U^-1 D^-1 + Z (I - L)`` give, from the last
column back to the first,

- ``Z[r, j] = -sum_k Z[r, k] L[k, j]`` and ``Z[j, r] = -sum_k U[j, k] Z[k, r]`` for the rows ``r`` of the
  pattern of column ``j`` (``k`` over the same rows),
- ``Z[j, j] = 1 / d_j - sum_k U[j, k] Z[k, j]``,

each sum over entries that are already known, if ``Z`` is kept on the pattern of elimination with its fill
(:func:`filled_pattern`): two rows ``r, c`` of column ``j`` are joined by the fill of step ``j``, so ``Z[r, c]``
is on the pattern too. The pattern comes from the elimination tree, not from SciPy's ``L`` and ``U``, which leave
out the entries that underflowed to zero. Runs of columns with nested patterns (supernodes) are done as dense
blocks, and the last one (the root of the elimination tree, where the loops that span a journey meet) is kept as
a dense matrix. The work is the sum of the squared column counts of the factor: near-linear for the sparse,
loop-structured factors of journeys.

For a non-singular M-matrix (``I - Q`` of an absorbing chain is one) elimination in any symmetric order keeps
diagonal pivots positive and off-diagonal entries non-positive, so every sum above adds terms of one sign: no
cancellation, and the diagonal is accurate to a few units in the last place.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from scipy.sparse.linalg import SuperLU


def factorize_m_matrix(a) -> "SuperLU":
    """Sparse LU of an M-matrix with diagonal pivots and a fill-reducing symmetric ordering (SuperLU).

    Minimum degree on the pattern of ``A^T + A`` orders the steps; the symmetric mode takes each pivot from the
    diagonal (an M-matrix needs no pivoting for stability), so the rows get the same permutation as the columns
    and :func:`inverse_diagonal` applies.
    """
    from scipy.sparse.linalg import splu

    return splu(a, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options={"SymmetricMode": True})


def inverse_diagonal(lu: "SuperLU", a) -> np.ndarray:
    """The diagonal of ``A^-1`` from the SuperLU factorisation ``Pr A Pc = L U`` of the M-matrix ``A``.

    Parameters
    ----------
    lu
        From :func:`factorize_m_matrix` (any ``splu`` with diagonal pivots: ``perm_r`` equal to ``perm_c``).
    a
        The sparse matrix ``A`` itself: its pattern gives the pattern of the factors (SciPy leaves out of ``L``
        and ``U`` the entries that underflowed to zero, so their own pattern can miss some).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse import csc_matrix
    >>> a = csc_matrix(np.array([[1.0, -0.5, 0.0], [0.0, 1.0, -0.9], [-0.2, 0.0, 1.0]]))
    >>> d = inverse_diagonal(factorize_m_matrix(a), a)
    >>> bool(np.allclose(d, np.diag(np.linalg.inv(a.toarray())), rtol=1e-14))
    True
    """
    if not np.array_equal(lu.perm_r, lu.perm_c):
        raise ValueError("selected inversion needs diagonal pivots (perm_r equal to perm_c)")
    from scipy.sparse import csr_matrix

    position = np.asarray(lu.perm_c)
    coo = a.tocoo()
    # Pr A Pc = L U with Pr = Pc^T: entry (i, j) of A is entry (position[i], position[j]) of the factorised one.
    permuted = csr_matrix((np.ones(coo.nnz), (position[coo.row], position[coo.col])), shape=a.shape)
    return _factor_inverse_diagonal(lu.L, lu.U, permuted)[position]


def filled_pattern(b) -> tuple[np.ndarray, np.ndarray]:
    """The lower-triangular pattern of the Cholesky factor of the symmetrised pattern of ``b``, by columns.

    Returns ``(indptr, indices)``: column ``j`` holds rows ``indices[indptr[j]:indptr[j+1]]``, all below ``j``,
    sorted. The pattern is that of elimination in the given order, fill included; it contains the pattern of
    the LU factors of any matrix with the pattern of ``b`` factorised with diagonal pivots, and it is closed:
    two rows ``r, c`` of column ``j`` are joined in the pattern (elimination of ``j`` fills ``(r, c)``).
    The elimination tree (Liu's algorithm) and each row's subtree give it in time proportional to its size.

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> ptr, ind = filled_pattern(csr_matrix(np.array([[1, 0, 1], [0, 1, 1], [1, 1, 1]])))
    >>> [ind[ptr[j]:ptr[j + 1]].tolist() for j in range(3)]
    [[2], [2], []]
    >>> ptr, ind = filled_pattern(csr_matrix(np.array([[1, 1, 1], [1, 1, 0], [1, 0, 1]])))
    >>> [ind[ptr[j]:ptr[j + 1]].tolist() for j in range(3)]
    [[1, 2], [2], []]
    """
    from scipy.sparse import csr_matrix, tril

    n = b.shape[0]
    sym = csr_matrix((np.ones(b.nnz), b.nonzero()), shape=b.shape)
    sym = tril(sym + sym.T, -1, format="csr")  # row k: the columns i < k joined to k
    sym.sort_indices()
    ptr = sym.indptr.tolist()
    ind = sym.indices.tolist()
    parent = [-1] * n
    ancestor = [-1] * n
    for k in range(n):  # the elimination tree, with path compression
        for i in ind[ptr[k]:ptr[k + 1]]:
            while i != -1 and i < k:
                up = ancestor[i]
                ancestor[i] = k
                if up == -1:
                    parent[i] = k
                i = up
    mark = [-1] * n
    per_row = [0] * n
    cols = array("q")  # 8 bytes an entry (a list of ints would take 40)
    for k in range(n):  # row k of the factor: the subtree of k reached from the entries of row k
        mark[k] = k
        before = len(cols)
        for i in ind[ptr[k]:ptr[k + 1]]:
            while mark[i] != k:
                cols.append(i)
                mark[i] = k
                i = parent[i]
        per_row[k] = len(cols) - before
    r = np.repeat(np.arange(n, dtype=np.int64), per_row)
    c = np.frombuffer(cols, dtype=np.int64) if len(cols) else np.zeros(0, dtype=np.int64)
    by_column = np.argsort(c * n + r, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(c, minlength=n), out=indptr[1:])
    return indptr, r[by_column]


#: Runs of at least this many columns with nested patterns (supernodes) are inverted as dense blocks.
BLOCK_MIN_COLUMNS = 8


def _on_pattern(m, pattern_keys: np.ndarray, n: int) -> np.ndarray:
    """Values of a strictly lower sparse matrix at the positions of a pattern (its keys ``column * n + row``,
    sorted), zero where the matrix has none; ``ValueError`` for an entry outside the pattern."""
    m = m.tocoo()
    want = m.col.astype(np.int64) * n + m.row
    at = np.searchsorted(pattern_keys, want)
    if len(at) and (at.max() >= len(pattern_keys) or not np.array_equal(pattern_keys[at], want)):
        raise ValueError("the LU factors have an entry outside the filled pattern (row pivoting?)")
    out = np.zeros(len(pattern_keys))
    out[at] = m.data
    return out


def _factor_inverse_diagonal(low, up, permuted) -> np.ndarray:
    """Diagonal of ``(L U)^-1``: ``L`` unit lower, ``U`` upper with the pivots on its diagonal, ``permuted`` the
    factorised matrix (its pattern).

    Z is kept sparse, under the key ``r * n + c``, at the positions of the pattern and its transpose, except on
    the last supernode (the root of the elimination tree, where loops that span the journey meet): fill makes it
    dense, and it is kept as a dense matrix.
    """
    from scipy.sparse import diags, tril, triu

    n = low.shape[0]
    pivots = up.diagonal()
    if np.any(pivots == 0):
        raise ValueError("a pivot is zero: the matrix is singular")
    ptr, ind = filled_pattern(permuted)
    count = np.diff(ptr)
    col_of = np.repeat(np.arange(n, dtype=np.int64), count)
    pattern_keys = col_of * n + ind  # sorted: by column, then row
    l_val = _on_pattern(tril(low, -1), pattern_keys, n)  # L[k, j] at position (k, j)
    u_val = _on_pattern((diags(1.0 / pivots) @ triu(up, 1)).T, pattern_keys, n)  # U[j, k] / d_j at position (k, j)
    del pattern_keys

    # Supernodes: runs of columns j, j + 1, ... where the pattern of j is j + 1 and the pattern of j + 1.
    first = np.full(n, -1, dtype=np.int64)
    first[count > 0] = ind[ptr[:-1][count > 0]]
    joined = np.zeros(n, dtype=bool)
    joined[:-1] = (first[:-1] == np.arange(1, n)) & (count[:-1] == count[1:] + 1)
    starts = np.flatnonzero(~np.concatenate([[False], joined[:-1]]))
    ends = np.concatenate([starts[1:], [n]])
    root = int(starts[-1]) if n and n - starts[-1] >= BLOCK_MIN_COLUMNS else n  # the dense root: root..n-1
    kept = ptr[root]  # pattern entries of the columns before the root
    store = _Store(n, root, ind[:kept], col_of[:kept])
    diag = 1.0 / pivots
    if root < n:
        store.root = _invert_block(root, n, n, ptr, ind, l_val, u_val, pivots, store, diag)
    below_at = store.where(ind[:kept], col_of[:kept])  # where Z[r, j] is kept, for pattern entry (r, j)
    right_at = store.where(col_of[:kept], ind[:kept])  # where Z[j, r] is kept
    z = store.z

    # Columns without an entry in L below or in U right of the pivot keep Z[j, j] = 1 / d_j and zeros.
    busy = (np.bincount(col_of, weights=np.abs(l_val) + np.abs(u_val), minlength=n) > 0).tolist()
    # Python numbers for the one- and two-entry columns (most of a journey), which are done in scalars.
    ptr_list, ind_list, l_list, u_list = ptr.tolist(), ind[:kept].tolist(), l_val.tolist(), u_val.tolist()
    below_list, right_list = below_at.tolist(), right_at.tolist()
    for f, e in zip(starts[::-1].tolist(), ends[::-1].tolist()):
        if f >= root:
            continue
        if e - f >= BLOCK_MIN_COLUMNS:
            _invert_block(f, e, n, ptr, ind, l_val, u_val, pivots, store, diag)
            continue
        for j in range(e - 1, f - 1, -1):
            if not busy[j]:
                continue
            lo, hi = ptr_list[j], ptr_list[j + 1]
            if hi - lo == 1:  # one entry (r, j): Z[r, j] = -Z[r, r] L[r, j], Z[j, r] = -U[j, r] Z[r, r]
                z_rr = diag[ind_list[lo]]
                z[below_list[lo]] = -z_rr * l_list[lo]
                z[right_list[lo]] = -u_list[lo] * z_rr
                diag[j] += u_list[lo] * z_rr * l_list[lo]
            elif hi - lo == 2 and ind_list[lo + 1] < root:  # two entries a < b, both off the root
                a, b = ind_list[lo], ind_list[lo + 1]
                ab = bisect_left(ind_list, b, ptr_list[a], ptr_list[a + 1])  # pattern entry (b, a): closed
                z_aa, z_bb, z_ab, z_ba = diag[a], diag[b], z[right_list[ab]], z[below_list[ab]]
                l_a, l_b, u_a, u_b = l_list[lo], l_list[lo + 1], u_list[lo], u_list[lo + 1]
                lower_a, lower_b = z_aa * l_a + z_ab * l_b, z_ba * l_a + z_bb * l_b  # -Z[a, j], -Z[b, j]
                z[below_list[lo]], z[below_list[lo + 1]] = -lower_a, -lower_b
                z[right_list[lo]], z[right_list[lo + 1]] = -(u_a * z_aa + u_b * z_ba), -(u_a * z_ab + u_b * z_bb)
                diag[j] += u_a * lower_a + u_b * lower_b
            else:
                lvals = l_val[lo:hi]
                uvals = u_val[lo:hi]
                block = store.block(ind[lo:hi], diag)  # Z[s, s], s the pattern of column j
                lower = block @ lvals  # -Z[s, j]
                z[below_at[lo:hi]] = -lower
                z[right_at[lo:hi]] = -(uvals @ block)  # Z[j, s]
                diag[j] += float(uvals @ lower)
    return diag


class _Store:
    """The entries of Z: sparse under sorted keys ``r * n + c`` off the root, dense on the root ``root..n-1``.

    Off the root, the entries kept are those of the pattern columns before the root and their transposes; the
    diagonal is kept apart (in the caller's ``diag``).
    """

    def __init__(self, n: int, root: int, rows: np.ndarray, cols: np.ndarray):
        self.n = n
        self.start = root
        self.keys = np.sort(np.concatenate([rows * n + cols, cols * n + rows]))
        self.z = np.zeros(len(self.keys))
        self.root = np.zeros((0, 0))

    def where(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.keys, rows * self.n + cols)

    def block(self, s: np.ndarray, diag: np.ndarray) -> np.ndarray:
        """``Z[s, s]`` for sorted ``s`` after the columns being computed (all known)."""
        n, k = self.n, int(np.searchsorted(s, self.start))  # s[:k] off the root, s[k:] on it
        out = np.empty((s.size, s.size))
        if k:
            lo = s[:k]
            at = np.searchsorted(self.keys, (lo[:, None] * n + s[None, :]).ravel())
            np.minimum(at, len(self.keys) - 1, out=at)  # the diagonal is not under keys: its places are filled below
            out[:k, :] = self.z[at].reshape(k, -1)
            out[k:, :k] = self.z[np.searchsorted(self.keys, (s[k:, None] * n + lo[None, :]).ravel())
                                 ].reshape(-1, k)
            out[np.arange(k), np.arange(k)] = diag[lo]
        if k < s.size:
            hi = s[k:] - self.start
            out[k:, k:] = self.root[np.ix_(hi, hi)]
        return out

    def put(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
        """Z[rows, cols] = values, for a grid of rows and columns off the root."""
        self.z[np.searchsorted(self.keys, (rows[:, None] * self.n + cols[None, :]).ravel())] = values.ravel()


def _invert_block(f, e, n, ptr, ind, l_val, u_val, pivots, store: _Store, diag) -> np.ndarray:
    """Z on the columns ``J = f..e-1`` of a supernode and its rows ``S`` below, as dense blocks; returns ``Z[J, J]``.

    With ``T`` the columns after the supernode, ``Z[T, T]`` is the inverse of the trailing factors, and
    ``Z[S, J] = -Z[S, S] L[S, J] L[J, J]^-1``, ``Z[J, S] = -U[J, J]^-1 U[J, S] Z[S, S]``,
    ``Z[J, J] = U[J, J]^-1 D^-1 L[J, J]^-1 - U[J, J]^-1 U[J, S] Z[S, J]`` (``U`` unit here).
    """
    from scipy.linalg import solve_triangular

    width = e - f
    s = ind[ptr[e - 1]:ptr[e]]  # the rows below the supernode: the pattern of its last column
    l_jj = np.eye(width)
    u_jj = np.eye(width)
    l_sj = np.empty((s.size, width))
    u_js = np.empty((width, s.size))
    for k, j in enumerate(range(f, e)):
        lo, hi = ptr[j], ptr[j + 1]
        inside = e - 1 - j  # the pattern of column j: j+1..e-1, then s
        l_jj[k + 1:, k] = l_val[lo:lo + inside]
        u_jj[k, k + 1:] = u_val[lo:lo + inside]
        l_sj[:, k] = l_val[lo + inside:hi]
        u_js[k, :] = u_val[lo + inside:hi]
    # The inverse of this supernode's own factors: U^-1 D^-1 L^-1.
    l_inv = solve_triangular(l_jj, np.eye(width), lower=True, unit_diagonal=True, overwrite_b=True)
    del l_jj
    z_jj = solve_triangular(u_jj, l_inv / pivots[f:e, None], lower=False, unit_diagonal=True, overwrite_b=True)
    if s.size:
        g = store.block(s, diag)  # Z[S, S]
        z_sj = -(g @ l_sj) @ l_inv
        z_js = -solve_triangular(u_jj, u_js @ g, lower=False, unit_diagonal=True)
        z_jj -= solve_triangular(u_jj, u_js @ z_sj, lower=False, unit_diagonal=True)
        jj = np.arange(f, e, dtype=np.int64)
        store.put(s, jj, z_sj)
        store.put(jj, s, z_js)
        off = ~np.eye(width, dtype=bool)  # the diagonal is kept apart
        store.z[np.searchsorted(store.keys, (jj[:, None] * n + jj[None, :])[off])] = z_jj[off]
    diag[f:e] = np.diag(z_jj)
    return z_jj
