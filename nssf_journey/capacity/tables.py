"""Capacity plans as plain text, for the terminal: a table per resource and demand level."""

from __future__ import annotations

from ..units import MINUTES_PER
from .results import CapacityPlan, ResourcePlan
from ..targets import shown_time

_SOURCE_WORDS = {"given": "given", "standard": "service standard", "today": "today's level"}


def _target_lines(p: ResourcePlan) -> list[str]:
    lines = []
    for t in p.targets:
        lines.append(f"target ({_SOURCE_WORDS[t.source]}): {t.describe(tagged=False)}: "
                     f"{t.in_words(p.load.working_day)}")
        if t.source == "standard":
            lines.append(f"  source: {t.cites} ({t.evidence})")
    return lines


def capacity_table(plan: CapacityPlan, unit: str | None = None) -> str:
    """The plan as plain text (``nssf-journey capacity``): a table per resource. Waits are shown in working time
    (what the targets bound) and elapsed; by default in minutes at a counter and in working days (elapsed: days)
    at a back office, or all in ``unit``."""
    lines = []
    for p in plan.plans:
        r, j, load = p.resource, p.journey, p.load
        back = r.kind == "back_office"
        day = load.working_day

        def work(minutes: float) -> str:
            if unit is None:
                return shown_time(minutes, day)
            if unit == "days":
                return f"{minutes / day:.3g} wd"
            return f"{minutes / MINUTES_PER[unit]:.3g} {unit}"

        def clock(minutes: float) -> str:
            if unit is None:
                return shown_time(minutes)
            return f"{minutes / MINUTES_PER[unit]:.3g} {unit}"

        def ci(pair: tuple[float, float] | None) -> str:
            if pair is None:
                return ""
            if unit is None and (not back or pair[1] < day):
                return f" ({pair[0]:.3g}-{pair[1]:.3g} min)" if pair[1] < 120 else \
                    f" ({pair[0] / 60:.3g}-{pair[1] / 60:.3g} h)"
            scale = day if unit in (None, "days") else MINUTES_PER[unit]
            return f" ({pair[0] / scale:.3g}-{pair[1] / scale:.3g})"

        kind = "back office" if back else "counter"
        lines += [f"{r.name or r.id}  [{p.key}, {kind}, journey {j.id}]",
                  f"today {r.capacity} server{'s' if r.capacity != 1 else ''} "
                  f"({r.source.evidence if r.source else 'assumed'}); offered load {load.offered_load:.2f} erlangs "
                  f"while open; {load.per_month:,.0f} {'files' if back else 'customers'} a month",
                  *_target_lines(p)]
        if r.calendar:
            where = "the office is open" if back else "the counter is open"
            lines.append(f"Waits are in working time, the minutes {where} ({day / 60:g} h a working day); "
                         "'elapsed' counts closed hours too.")
        lines.append(f"{'demand':>7} {'servers':>7} {'theory':>6}  {'wait p90 (95% CI)':<36}{'wait mean':<19}"
                     f"{'elapsed p90':<13}" + ("" if back else f"{'give up':>8}") +
                     f"{'util.':>6}  {'with today' + chr(39) + 's ' + str(r.capacity):<24}{'extra cost/month':>17} "
                     f"{'hours saved/month':>18}")
        for lv in p.levels:
            s = lv.figures
            p90, p90ci = s.working.quantiles[0.9]
            if lv.today_figures is None:
                today = "endless queue"
            else:
                today = f"p90 {work(lv.today_figures.working.quantile(0.9))}"
                if not back:
                    today += f", {100 * lv.today_figures.give_up:.0f} % give up"
                today += "" if lv.today_meets else " (misses)"
            cost = "-" if lv.extra_cost_per_month is None else f"US$ {lv.extra_cost_per_month:,.0f}"
            saved = lv.hours_saved_per_month
            saved_text = "unbounded" if saved is None else f"{saved:,.0f}"
            lines.append(f"{'x' + format(lv.demand, '.3g'):>7} {lv.servers:>7} {lv.theory_servers or '-':>6}  "
                         f"{work(p90) + ci(p90ci):<36}{work(s.working.mean):<19}{clock(s.elapsed.quantile(0.9)):<13}"
                         + ("" if back else f"{100 * s.give_up:>7.1f}%") +
                         f"{100 * s.utilization:>5.0f}%  {today:<36}{cost:>17} {saved_text:>18}")
            named = [x for x in lv.scenarios if x not in ("today", f"demand x{lv.demand:g}")]
            if named:  # a level that a campaign (or several) brings: say which
                lines.append(f"{'':>7} ({'; '.join(named)})")
        if not back and p.levels and p.levels[0].figures.closed_give_up > 0.001:
            closed = p.levels[0].figures.closed_give_up
            lines.append(f"A further {100 * closed:.0f} % of customers reach the counter while it is closed (or too "
                         "near closing) and leave before it opens: opening hours, not staff, decide them; they are "
                         "not in 'give up'.")
        if p.breaks_at is not None:
            theory = f" (theory: x{p.breaks_at_theory:.2f})" if p.breaks_at_theory else ""
            if p.breaks_at < 1:
                lines.append(f"Today's {r.capacity} servers already miss the targets today: they would meet them up "
                             f"to about x{p.breaks_at:.2f} today's demand{theory}.")
            else:
                lines.append(f"Today's {r.capacity} servers meet the targets up to about x{p.breaks_at:.2f} today's "
                             f"demand{theory}.")
        elif p.breaks_note:
            lines.append(f"Breaking point: {p.breaks_note}.")
        for lv in p.levels:
            if lv.rota is not None:
                ro = lv.rota
                lines.append(f"Rota at x{lv.demand:.3g} (theory, per period): {ro.staff_hours:,.0f} staff-hours a "
                             f"month, peak {ro.peak} servers; theory's flat {ro.flat_servers} servers all month take "
                             f"{ro.flat_staff_hours:,.0f}; the simulated flat answer is {ro.simulated_servers}")
        lines += [f"note: {n}" for n in p.notes]
        lines.append("")
    lines.append(f"Simulation: {plan.cases:,} arrivals per run (twice that where the answer was in doubt), seed "
                 f"{plan.seed}; intervals are 95 % batch means.")
    return "\n".join(lines)

