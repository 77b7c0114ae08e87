"""The words of the Info Pack: moved to :mod:`nssf_journey.words`, the text catalogue that the Info Pack and the
management report share. This module keeps the old import path working."""

from ..words import *  # noqa: F401,F403
from ..words import LABELS, MINUTES_PER_DAY, MINUTES_PER_HOUR, MINUTES_PER_MONTH, MINUTES_PER_WEEK, \
    MINUTES_PER_YEAR, _UNITS  # noqa: F401
