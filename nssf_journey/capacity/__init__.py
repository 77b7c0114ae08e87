"""Capacity planning: the staff a resource needs when demand grows, to keep its queue at a target.

The ILO brief's fourth lesson is that awareness raising brings new demand, and that the service must be
strengthened at the same time to absorb it. This package joins the two halves the toolkit already has: the
funnel's what-if (how many more claims a campaign brings, :mod:`.demand`) and the queueing simulation (what a
counter or a back office does under a load, :mod:`.confirm`). For every resource of the journeys and every
demand level it finds the fewest servers that meet a target (:mod:`.targets`; by default the resource's service
standard from ``data/staffing.yaml``), with waits counted in working time of the resource's calendar, what staff
can shorten (:mod:`.working_time`): first with queueing theory (:mod:`.erlang` for counters, :mod:`.backlog` for
back offices, combined over the month in :mod:`.theory`), then confirmed and corrected by simulation (:mod:`.search`, :mod:`.plan`), with what today's staffing would do, the
staff cost against the citizens' time saved (:mod:`.staff_costs`), a rota per period (:mod:`.rota`) and the demand
at which today's staffing breaks the target. Results are frozen data with ``to_dict`` (:mod:`.results`).
"""

from .demand import TODAY, DemandLevel, campaign_level, plain_level, scaled_journey
from .erlang import QueueTheory, erlang_a, erlang_b, erlang_c, mmc, queue_theory
from .plan import DEFAULT_LEVELS, CapacityError, plan_capacity, planned_resources
from .results import CapacityPlan, LevelAnswer, ResourcePlan
from .staff_costs import STAFFING_FILE, StaffCost, load_staff_costs
from ..targets import Target, TargetError, parse_target, service_standard
from .working_time import working_day, working_minutes

__all__ = [
    "CapacityError", "CapacityPlan", "DEFAULT_LEVELS", "DemandLevel", "LevelAnswer", "QueueTheory", "ResourcePlan",
    "STAFFING_FILE", "StaffCost", "TODAY", "Target", "TargetError", "campaign_level", "erlang_a", "erlang_b",
    "erlang_c", "load_staff_costs", "mmc", "parse_target", "plain_level", "plan_capacity", "planned_resources",
    "queue_theory", "scaled_journey", "service_standard", "working_day", "working_minutes",
]
