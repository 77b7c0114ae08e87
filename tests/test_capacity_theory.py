"""Capacity planning's queueing theory against independent computations: Erlang B/C by their textbook sums,
Erlang A against the birth-death chain solved numerically, the backlog model by hand, and the integer search
against a scan of every value."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from scipy.linalg import expm

from nssf_journey.capacity.backlog import backlog
from nssf_journey.capacity.erlang import erlang_a, erlang_b, erlang_c, mmc
from nssf_journey.capacity.search import fewest, first_failing_factor
from nssf_journey.model import Calendar
from nssf_journey.simulation.calendar import CalendarClock


def erlang_c_by_sums(c: int, a: float) -> float:
    """Erlang C as in the textbooks: (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) c / (c - a))."""
    top = a ** c / math.factorial(c) * c / (c - a)
    return top / (sum(a ** k / math.factorial(k) for k in range(c)) + top)


@pytest.mark.parametrize("c,a", [(1, 0.5), (2, 1.5), (3, 2.5), (5, 4.2), (10, 7.0), (20, 18.5), (40, 35.0)])
def test_erlang_b_and_c_match_their_sums(c, a):
    b_sum = (a ** c / math.factorial(c)) / sum(a ** k / math.factorial(k) for k in range(c + 1))
    assert erlang_b(c, a) == pytest.approx(b_sum, rel=1e-12)
    assert erlang_c(c, a) == pytest.approx(erlang_c_by_sums(c, a), rel=1e-12)


def test_mm1_and_mm3_closed_forms():
    q = mmc(0.1, 8.0, 1)  # rho 0.8: Wq = rho / (mu - lambda) = 32; P(W > t) = rho e^{-(mu - lambda) t}
    assert q.wait_mean == pytest.approx(32.0)
    assert q.wait_exceeds(10.0) == pytest.approx(0.8 * math.exp(-0.025 * 10))
    assert q.wait_quantile(0.9) == pytest.approx(math.log(0.8 / 0.1) / 0.025)
    q3 = mmc(1 / 2.4, 6.0, 3)  # the M/M/3 of benchmarks/mm3.yaml: Wq = C / (3 mu - lambda)
    assert q3.wait_mean == pytest.approx(erlang_c_by_sums(3, 2.5) / (3 / 6 - 1 / 2.4), rel=1e-12)
    assert math.isinf(mmc(1.0, 3.0, 3).wait_mean)  # load 3 on 3 servers: no steady state


def birth_death(lam: float, service: float, c: int, patience: float, states: int = 500):
    """Erlang A by brute force: the M/M/c+M chain truncated at ``states`` and solved numerically."""
    mu, theta = 1 / service, 1 / patience
    rates = [min(k, c) * mu + max(k - c, 0) * theta for k in range(states + 1)]
    logs = np.cumsum([0.0] + [math.log(lam / rates[k]) for k in range(1, states + 1)])
    pi = np.exp(logs - logs.max())
    pi /= pi.sum()
    k = np.arange(states + 1)
    queue = float((np.maximum(k - c, 0) * pi).sum())

    def wait_exceeds(t: float) -> float:
        # an arrival finding j waiting ahead waits for a pure death process: rate c mu + i theta with i ahead
        n = states - c
        m = np.diag([-(c * mu + i * theta) for i in range(n + 1)]) + np.diag(
            [c * mu + i * theta for i in range(1, n + 1)], -1)
        alive = expm(m * t).sum(axis=1)
        return float((pi[c:c + n + 1] * alive).sum()) * math.exp(-theta * t)  # and it must not have given up

    return float(pi[c:].sum()), theta * queue / lam, queue / lam, wait_exceeds


@pytest.mark.parametrize("lam,service,c,patience", [
    (0.5, 6.0, 4, 120.0),   # the payslip counter's scale, light load
    (1.2, 6.0, 5, 30.0),    # overloaded (rho 1.44): stable only because people give up
    (0.3, 10.0, 2, 5.0),    # impatient customers
    (2.0, 3.0, 4, 20.0),
    (3.0, 4.0, 12, 60.0),
])
def test_erlang_a_matches_the_birth_death_chain(lam, service, c, patience):
    p_wait, give_up, wait, tail = birth_death(lam, service, c, patience)
    q = erlang_a(lam, service, c, patience)
    assert q.p_wait == pytest.approx(p_wait, rel=1e-9)
    assert q.give_up == pytest.approx(give_up, rel=1e-9)
    assert q.wait_mean == pytest.approx(wait, rel=1e-9)
    for t in (0.5, 5.0, 20.0):
        assert q.wait_exceeds(t) == pytest.approx(tail(t), rel=1e-7, abs=1e-12)
    p90 = q.wait_quantile(0.9)
    assert tail(p90) == pytest.approx(0.1, abs=1e-7) if p_wait > 0.1 else p90 == 0.0


def test_erlang_a_tends_to_erlang_c_with_endless_patience():
    assert erlang_a(0.4, 6.0, 3, 1e7).wait_mean == pytest.approx(mmc(0.4, 6.0, 3).wait_mean, rel=1e-4)


@pytest.mark.parametrize("patience", [36_525 * 1440.0, 26_298_000.0, 1e5])
def test_erlang_a_overloaded_with_patience_of_up_to_a_century(patience):
    """Issue 17: a patience of up to a century (the agreed bound) beside an overload made A(x, y) overflow a
    float. As patience grows, nearly everyone waits and the excess over capacity gives up: P(wait) -> 1,
    P(give up) -> 1 - 1/rho, and the servers are busy all the time."""
    lam, service, c = 1 / 20 * 1.5, 15.0, 1  # rho = lam * service / c = 1.125
    q = erlang_a(lam, service, c, patience)
    rho = lam * service / c
    assert q.p_wait == pytest.approx(1.0, abs=1e-9)
    assert q.give_up == pytest.approx(1 - 1 / rho, rel=1e-3)
    assert q.utilization == pytest.approx(1.0, rel=1e-3)
    assert math.isfinite(q.wait_mean) and q.wait_mean == pytest.approx(q.give_up * patience)


@pytest.mark.parametrize("patience", [0.0, -0.0])
def test_erlang_a_without_patience_is_erlang_b(patience):
    """A patience of 0 (a journey may write it) is the loss system: no wait, and whoever finds every server busy
    leaves, Erlang B's share; it tends to Erlang A's as patience shrinks."""
    q = erlang_a(0.3, 10.0, 2, patience)
    assert q.give_up == pytest.approx(erlang_b(2, 3.0)) and q.wait_mean == 0.0 and q.wait_quantile(0.9) == 0.0
    assert q.give_up == pytest.approx(erlang_a(0.3, 10.0, 2, 1e-6).give_up, rel=1e-4)
    assert q.utilization == pytest.approx(0.3 * (1 - q.give_up) * 10.0 / 2)


@pytest.mark.parametrize("x", [1.2e4, 5e4, 3.5e6])
@pytest.mark.parametrize("share", [1e-6, 0.3, 0.97, 0.99, 0.999, 1.0])
def test_log_a_for_a_patience_of_years_matches_its_series(x, share):
    """For large x (a patience of years beside minutes of service) A comes from the incomplete gamma function:
    it agrees with the series summed far past its cut (the difference of logs is rounding: the closed form
    subtracts numbers of size x)."""
    from nssf_journey.capacity.erlang import _log_a

    y = x * share
    j = np.arange(1, 40 * int(math.sqrt(x)) + 1, dtype=float)
    logs = np.concatenate(([0.0], np.cumsum(math.log(y) - np.log(x + j))))
    series = float(logs.max() + math.log(np.exp(logs - logs.max()).sum()))
    assert _log_a(x, y) == pytest.approx(series, abs=1e-15 * x * 10)


def fewest_by_scan(ok, cap=500):
    return next(n for n in range(1, cap) if ok(n))


@pytest.mark.parametrize("lam", [0.05, 0.2, 0.5, 1.0, 2.7, 6.0, 15.0])
@pytest.mark.parametrize("limit", [0.5, 2.0, 10.0])
def test_staffing_is_the_exact_inverse_of_erlang_c(lam, limit):
    service = 5.0

    def mean_ok(n):  # the textbook formula, not ours
        a = lam * service
        return a < n and erlang_c_by_sums(n, a) / (n / service - lam) <= limit

    def p80_ok(n):
        a = lam * service
        return a < n and erlang_c_by_sums(n, a) * math.exp(-(n / service - lam) * limit) <= 0.2

    guess = max(1, math.ceil(lam * service))
    assert fewest(lambda n: mmc(lam, service, n).wait_mean <= limit, guess, cap=500) == fewest_by_scan(mean_ok)
    assert fewest(lambda n: mmc(lam, service, n).wait_quantile(0.8) <= limit, guess, cap=500) \
        == fewest_by_scan(p80_ok)


def test_fewest_agrees_with_a_scan_from_any_guess():
    for answer in (1, 2, 7, 30, 99):
        for guess in (1, 3, 29, 30, 31, 200):
            calls = []

            def meets(n, answer=answer):
                calls.append(n)
                return n >= answer

            assert fewest(meets, guess, cap=200) == answer
            assert len(calls) == len(set(calls)) and len(calls) <= 2 * math.log2(200) + 3


def test_first_failing_factor():
    assert first_failing_factor(lambda f: f < 2.3, 1.0, tolerance=0.01) == pytest.approx(2.3, rel=0.011)
    assert first_failing_factor(lambda f: f < 0.4, 1.0, tolerance=0.01) == pytest.approx(0.4, rel=0.011)
    assert first_failing_factor(lambda f: True, 1.0) is None


def test_more_demand_or_a_stricter_target_never_needs_fewer_servers_in_theory():
    for patience in (None, 60.0):
        for limit in (1.0, 5.0, 30.0):
            answers = []
            for lam in np.linspace(0.05, 5.0, 25):
                ok = (lambda n, lam=lam: mmc(lam, 6.0, n).wait_quantile(0.9) <= limit) if patience is None else \
                    (lambda n, lam=lam: erlang_a(lam, 6.0, n, patience).wait_quantile(0.9) <= limit)
                answers.append(fewest(ok, 1, cap=400))
            assert answers == sorted(answers)
        stricter = [fewest(lambda n, x=x: mmc(2.0, 6.0, n).wait_mean <= x, 1, cap=400) for x in (30, 10, 3, 1, 0.1)]
        assert stricter == sorted(stricter)


OFFICE = Calendar("office", open=((480.0, 960.0),))  # 08:00-16:00, Monday to Friday
MONDAY = dt.datetime(2026, 1, 5)


def test_backlog_by_hand():
    clock = CalendarClock(OFFICE, MONDAY)
    b = backlog(0.1, 1.0, 1, clock)  # 0.1 files a minute, one officer deciding one a minute while open
    assert b.stable and b.utilization == pytest.approx(0.1 * 10080 / (5 * 480))
    # a file that arrives at Friday 16:00 waits for Monday 08:00: 64 hours, nothing ahead of it
    assert b.waits.max() == pytest.approx(64 * 60, abs=1)
    # one that arrives at Monday 07:59 has the weekend's 64 h x 6 files ahead: 1 minute to opening + 383.9 minutes
    assert b.waits[7 * 60 + 59] == pytest.approx(1 + 383.9, abs=2)
    # by Monday 08:00 + 384 / 0.9 minutes the weekend's backlog is gone: a file arriving later waits nothing
    assert b.waits[8 * 60 + 430] == 0
    # in working time the Friday-evening file waits nothing (the office is closed all weekend, and nothing is ahead);
    # the Monday 07:59 file waits only while the weekend's files ahead of it are decided: 383.9 open minutes
    assert b.working_waits.max() == pytest.approx(384, abs=1)
    assert b.working_waits[4 * 1440 + 16 * 60] == 0 and b.working_waits[7 * 60 + 59] == pytest.approx(383.9, abs=1)
    assert b.working_waits.mean() < b.waits.mean() / 10
    always = backlog(0.5, 1.0, 1, CalendarClock(None, MONDAY))
    assert always.wait_mean == 0 and always.utilization == pytest.approx(0.5)


def test_backlog_without_enough_staff_grows_every_week():
    b = backlog(0.3, 1.0, 1, CalendarClock(OFFICE, MONDAY))  # 3,024 files a week, 2,400 decided
    assert not b.stable and math.isinf(b.wait_mean)
    assert b.growth_per_week == pytest.approx(0.3 * 10080 - 2400)
