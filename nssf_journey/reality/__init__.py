"""The model against reality: how well a journey describes an event log, and how far its simulation is from it.

A journey is a model; an event log is what really happened. Here the two meet:

- :mod:`.matching` says which steps stand for which activities of the log (``log_activity``, else the step's
  name); steps that stand for none are *silent*: the log does not record them;
- :mod:`.alignment` places each case of the log on a path of the journey, with the fewest deviations (events the
  journey cannot place, steps the case skips) and, among those, the most likely path;
- :mod:`.conformance` says how well the journey describes the log (``nssf-journey conform``): the share of cases
  that follow a path of the journey (fitness), the arcs real cases take that the journey lacks, the steps they
  skip;
- :mod:`.calibration` updates a hand-written journey's numbers from the log without changing its structure
  (``nssf-journey calibrate``);
- :mod:`.fidelity` compares a simulation of the journey with the log: case durations, their spread, per
  outcome, and how many simulated cases follow a real variant.

Times are minutes, as everywhere in the library.
"""

from __future__ import annotations

__all__ = ["align_log", "calibrate", "conform", "fidelity", "match_steps"]


def __getattr__(name: str):
    if name == "match_steps":
        from .matching import match_steps

        return match_steps
    if name == "align_log":
        from .alignment import align_log

        return align_log
    if name == "conform":
        from .conformance import conform

        return conform
    if name == "calibrate":
        from .calibration import calibrate

        return calibrate
    if name == "fidelity":
        from .fidelity import fidelity

        return fidelity
    raise AttributeError(f"module 'nssf_journey.reality' has no attribute '{name}'")
