"""Capacity plans as plain text, for the terminal: a table per resource and demand level."""

from __future__ import annotations

from ..units import MINUTES_PER
from .results import CapacityPlan


def capacity_table(plan: CapacityPlan, unit: str | None = None) -> str:
    """The plan as plain text (``nssf-journey capacity``): a table per resource, times in ``unit`` (by default
    minutes for a counter and days for a back office)."""
    lines = []
    for p in plan.plans:
        r, j = p.resource, p.journey
        shown = unit or ("days" if r.kind == "back_office" else "minutes")

        def t(minutes: float, shown: str = shown) -> str:
            return f"{minutes / MINUTES_PER[shown]:.3g} {shown}"

        def ci(pair: tuple[float, float] | None, shown: str = shown) -> str:
            return "" if pair is None else f" ({pair[0] / MINUTES_PER[shown]:.3g}-{pair[1] / MINUTES_PER[shown]:.3g})"

        kind = "back office" if r.kind == "back_office" else "counter"
        lines += [f"{r.name or r.id}  [{p.key}, {kind}, journey {j.id}]",
                  f"today {r.capacity} server{'s' if r.capacity != 1 else ''} "
                  f"({r.source.evidence if r.source else 'assumed'}); offered load {p.load.offered_load:.2f} erlangs "
                  f"while open; {p.load.per_month:,.0f} services a month; targets: "
                  + "; ".join(x.describe(shown) for x in p.targets)]
        lines.append(f"{'demand':>7} {'servers':>8} {'theory':>6}  {'wait mean (95% CI)':<30}{'wait p90 (95% CI)':<30}"
                     f"{'give up':>8} {'util.':>6}  {'with today':<22}{'extra cost/month':>17} {'hours saved/month':>18}")
        for lv in p.levels:
            s = lv.figures
            p90, p90ci = s.quantiles[0.9]
            if lv.today_figures is None:
                today = "endless queue"
            else:
                today = f"p90 {t(lv.today_figures.wait_quantile(0.9))}, {100 * lv.today_figures.give_up:.0f} % give up"
            cost = "-" if lv.extra_cost_per_month is None else f"US$ {lv.extra_cost_per_month:,.0f}"
            saved = lv.hours_saved_per_month
            saved_text = "unbounded" if saved is None else f"{saved:,.0f}"
            lines.append(f"{'x' + format(lv.demand, '.3g'):>7} {lv.servers:>8} {lv.theory_servers or '-':>6}  "
                         f"{t(s.wait_mean) + ci(s.wait_mean_ci):<30}{t(p90) + ci(p90ci):<30}"
                         f"{100 * s.give_up:>7.1f}% {100 * s.utilization:>5.0f}%  {today:<22}{cost:>17} {saved_text:>18}")
            named = [s for s in lv.scenarios if s not in ("today", f"demand x{lv.demand:g}")]
            if named:  # a level that a campaign (or several) brings: say which
                lines.append(f"{'':>7} ({'; '.join(named)})")
        if p.breaks_at is not None:
            lines.append(f"Today's {r.capacity} servers meet the targets up to about x{p.breaks_at:.2f} today's demand "
                         f"(theory: x{p.breaks_at_theory:.2f})." if p.breaks_at_theory else
                         f"Today's {r.capacity} servers meet the targets up to about x{p.breaks_at:.2f} today's demand.")
        for lv in p.levels:
            if lv.rota is not None:
                ro = lv.rota
                lines.append(f"Rota at x{lv.demand:.3g} (theory, per period): {ro.staff_hours:,.0f} staff-hours a month, "
                             f"peak {ro.peak} servers; theory's flat {ro.flat_servers} servers all month take "
                             f"{ro.flat_staff_hours:,.0f}; the simulated flat answer is {ro.simulated_servers}")
        lines += [f"note: {n}" for n in p.notes]
        lines.append("")
    lines.append(f"Simulation: {plan.cases:,} arrivals per run (twice that where the answer was in doubt), seed "
                 f"{plan.seed}; intervals are 95 % batch means.")
    return "\n".join(lines)
