"""Queueing theory for staffing: Erlang B, Erlang C (M/M/c) and Erlang A (M/M/c+M, Palm's model).

A counter with ``c`` servers, Poisson arrivals at rate ``lambda`` (per minute) and exponential service of mean
``1/mu`` minutes has an offered load of ``a = lambda / mu`` erlangs.

- **Erlang B**, ``B(c, a)``: the share of arrivals that find every server busy when nobody waits (a loss system);
  it is computed by the stable recursion ``B(0) = 1``, ``B(k) = a B(k-1) / (k + a B(k-1))``.
- **Erlang C** (M/M/c, patient customers): the chance of waiting ``C = c B / (c - a (1 - B))`` for ``a < c``; the
  wait is 0 with probability ``1 - C`` and exponential with rate ``c mu - lambda`` otherwise, so
  ``P(W > t) = C exp(-(c mu - lambda) t)`` and the mean wait is ``C / (c mu - lambda)``. With ``a >= c`` the
  queue grows without end.
- **Erlang A** (M/M/c+M, customers who give up after an exponential patience of mean ``1/theta``): always stable.
  With ``x = c mu / theta``, ``y = lambda / theta`` and ``A(x, y) = 1 + sum_j y^j / ((x+1)...(x+j))``
  (Mandelbaum and Zeltyn; Garnett, Mandelbaum and Reiman 2002):
  ``P(W > 0) = A B / (1 + (A - 1) B)``, ``P(give up) = P(W > 0) (1/(rho A) + 1 - 1/rho)`` with
  ``rho = lambda / (c mu)``, and the mean time spent queueing (served or not) is ``P(give up) / theta`` by
  Little's law. The offered wait ``V`` (the wait of a customer with infinite patience) has
  ``P(V > t) = P(W > 0) gamma(x, y e^{-theta t}) / gamma(x, y)`` with the lower incomplete gamma function, and the
  wait a customer actually spends in the queue, ``min(V, patience)``, exceeds ``t`` with probability
  ``P(V > t) e^{-theta t}``.

All times are minutes. The functions are pure; :class:`QueueTheory` bundles the figures of one queue.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np


def erlang_b(servers: int, load: float) -> float:
    """Erlang's loss formula: the share of arrivals who find all ``servers`` busy at ``load`` erlangs.

    >>> round(erlang_b(2, 1.0), 6)  # (1/2) / (1 + 1 + 1/2)
    0.2
    """
    if servers < 0 or load < 0:
        raise ValueError(f"servers and load must be >= 0, got {servers} and {load}")
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(servers: int, load: float) -> float:
    """Erlang's delay formula: the chance that an arrival waits at an M/M/c queue (1 when ``load >= servers``).

    >>> round(erlang_c(1, 0.5), 6)  # M/M/1: the chance of waiting is the utilisation
    0.5
    """
    if load >= servers:
        return 1.0
    b = erlang_b(servers, load)
    return servers * b / (servers - load * (1.0 - b))


#: The logarithm of the largest float: ``exp`` of more overflows.
_LOG_LARGEST = math.log(sys.float_info.max)


#: Beyond this ``x`` (patience long beside service, in servers), ``A`` comes from the incomplete gamma function
#: rather than from its series, whose terms number about ``12 sqrt(x)``.
_SERIES_MAX_X = 1e4
#: The smallest regularised incomplete gamma trusted in the closed form; below it, it underflows.
_GAMMA_FLOOR = 1e-250


def _log_a(x: float, y: float) -> float:
    """``log A(x, y)`` with ``A(x, y) = 1 + sum_{j>=1} y^j / ((x+1)(x+2)...(x+j)) = x e^y y^-x gamma(x, y)``.

    The closed form serves when ``y > x + 1`` (the regularised gamma is then near 1) and for large ``x`` (a
    patience of years beside minutes of service) when the gamma does not underflow; otherwise the series, cut
    where its terms, which fall at least as fast as ``(y / (x + 1))^j``, are below ``e^-40`` of the first.
    """
    if y <= 0:
        return 0.0
    from scipy.special import gammainc, gammaln

    if y > x + 1 or x > _SERIES_MAX_X and gammainc(x, y) > _GAMMA_FLOOR:
        return math.log(x) + y - x * math.log(y) + gammaln(x) + math.log(gammainc(x, y))
    ratio = y / (x + 1)
    terms = 20 + int(min(12 * math.sqrt(x + 1), 40 / -math.log(ratio) if ratio < 1 else math.inf))
    j = np.arange(1, terms + 1, dtype=float)
    logs = np.concatenate(([0.0], np.cumsum(math.log(y) - np.log(x + j))))
    top = logs.max()
    return float(top + math.log(np.exp(logs - top).sum()))


@dataclass(frozen=True)
class QueueTheory:
    """The steady state of an M/M/c queue (``patience_mean`` None) or an M/M/c+M queue. Times in minutes.

    ``wait_mean`` is the mean time an arrival spends in the queue (until service or until it gives up); it is
    infinite when the queue is unstable (no patience and ``load >= servers``).
    """

    arrival_rate: float
    service_mean: float
    servers: int
    patience_mean: float | None
    p_wait: float
    give_up: float
    wait_mean: float
    utilization: float

    @property
    def load(self) -> float:
        """Offered load in erlangs."""
        return self.arrival_rate * self.service_mean

    @property
    def stable(self) -> bool:
        return math.isfinite(self.wait_mean)

    def wait_exceeds(self, t: float) -> float:
        """``P(W > t)``: the chance that an arrival spends more than ``t`` minutes in the queue."""
        if t < 0:
            return 1.0
        if not self.stable:
            return 1.0
        if self.p_wait == 0.0:
            return 0.0
        if self.patience_mean is None:
            rate = self.servers / self.service_mean - self.arrival_rate
            return self.p_wait * math.exp(-rate * t)
        theta = 1.0 / self.patience_mean
        x = self.servers / self.service_mean / theta
        y = self.arrival_rate / theta
        u = math.exp(-theta * t)
        # gamma(x, y u) / gamma(x, y) through A: gamma(x, z) = z^x e^-z A(x, z) / x
        log_ratio = x * math.log(u) + y * (1.0 - u) + _log_a(x, y * u) - _log_a(x, y)
        return self.p_wait * math.exp(log_ratio) * u

    def wait_quantile(self, q: float) -> float:
        """The ``q``-quantile of the time in queue (0 when at least a share ``q`` does not wait; inf if unstable).

        >>> round(mmc(0.5, 1.0, 1).wait_quantile(0.9), 4)  # M/M/1 at 0.5: P(W > t) = 0.5 e^{-0.5 t} = 0.1
        3.2189
        """
        if not 0 < q < 1:
            raise ValueError(f"q must be between 0 and 1, got {q}")
        if not self.stable:
            return math.inf
        tail = 1.0 - q
        if self.p_wait <= tail:
            return 0.0
        if self.patience_mean is None:
            rate = self.servers / self.service_mean - self.arrival_rate
            return math.log(self.p_wait / tail) / rate
        from scipy.optimize import brentq

        hi = self.patience_mean * math.log(1.0 / tail) + 1e-9  # P(W > t) <= e^{-theta t}
        return float(brentq(lambda t: self.wait_exceeds(t) - tail, 0.0, hi, xtol=1e-9, rtol=1e-12))


def mmc(arrival_rate: float, service_mean: float, servers: int) -> QueueTheory:
    """Erlang C: the M/M/c queue with ``servers`` servers, arrivals per minute and mean service in minutes.

    >>> q = mmc(1 / 10, 8.0, 1)  # M/M/1 at 0.8
    >>> round(q.wait_mean, 6), round(q.p_wait, 6)  # rho / (mu - lambda) = 0.8 / (1/8 - 1/10) = 32
    (32.0, 0.8)
    """
    _check(arrival_rate, service_mean, servers)
    load = arrival_rate * service_mean
    if load >= servers:
        return QueueTheory(arrival_rate, service_mean, servers, None, 1.0, 0.0, math.inf, 1.0)
    c = erlang_c(servers, load)
    wait = c / (servers / service_mean - arrival_rate) if arrival_rate > 0 else 0.0
    return QueueTheory(arrival_rate, service_mean, servers, None, c, 0.0, wait, load / servers)


def erlang_a(arrival_rate: float, service_mean: float, servers: int, patience_mean: float) -> QueueTheory:
    """Erlang A (Palm's model): the M/M/c+M queue with exponential patience of mean ``patience_mean`` minutes.

    >>> q = erlang_a(1.0, 1.0, 1, 1.0)  # mu = theta: the number in system is Poisson(1), so P(W > 0) = 1 - e^-1
    >>> round(q.p_wait, 6), round(q.give_up, 6), round(q.wait_mean, 6)
    (0.632121, 0.367879, 0.367879)
    """
    _check(arrival_rate, service_mean, servers)
    if patience_mean == 0:  # nobody waits: whoever finds every server busy leaves at once (Erlang B's loss system)
        lost = erlang_b(servers, arrival_rate * service_mean)
        return QueueTheory(arrival_rate, service_mean, servers, 0.0, 0.0, lost, 0.0,
                           arrival_rate * (1.0 - lost) * service_mean / servers)
    if not patience_mean > 0:
        raise ValueError(f"patience_mean must be >= 0, got {patience_mean}")
    if arrival_rate == 0:
        return QueueTheory(0.0, service_mean, servers, patience_mean, 0.0, 0.0, 0.0, 0.0)
    theta = 1.0 / patience_mean
    mu = 1.0 / service_mean
    x, y = servers * mu / theta, arrival_rate / theta
    rho = arrival_rate / (servers * mu)
    b = erlang_b(servers, arrival_rate / mu)
    log_a = _log_a(x, y)
    if log_a > _LOG_LARGEST:  # A overflows a float (patience long beside an overload): its limit, A -> inf
        p_wait = 1.0 if b > 0 else 0.0
        give_up = max(0.0, p_wait * (1.0 - 1.0 / rho))
    else:
        a = math.exp(log_a)
        p_wait = a * b / (1.0 + (a - 1.0) * b)
        give_up = max(0.0, p_wait * (1.0 / (rho * a) + 1.0 - 1.0 / rho))
    served = arrival_rate * (1.0 - give_up)
    return QueueTheory(arrival_rate, service_mean, servers, patience_mean, p_wait, give_up, give_up / theta,
                       served * service_mean / servers)


def queue_theory(arrival_rate: float, service_mean: float, servers: int,
                 patience_mean: float | None = None) -> QueueTheory:
    """Erlang A when customers have a patience, else Erlang C."""
    if patience_mean is None or math.isinf(patience_mean):
        return mmc(arrival_rate, service_mean, servers)
    return erlang_a(arrival_rate, service_mean, servers, patience_mean)


def _check(arrival_rate: float, service_mean: float, servers: int) -> None:
    if arrival_rate < 0:
        raise ValueError(f"arrival_rate must be >= 0, got {arrival_rate}")
    if not service_mean > 0:
        raise ValueError(f"service_mean must be > 0, got {service_mean}")
    if servers < 1:
        raise ValueError(f"servers must be >= 1, got {servers}")


__all__ = ["QueueTheory", "erlang_a", "erlang_b", "erlang_c", "mmc", "queue_theory"]
