"""Loading: from YAML text to a validated :class:`~nssf_journey.model.Journey` (and the data beside it).

The stages, in order: :mod:`.yaml_source` parses YAML safely and remembers where every value was written;
:mod:`.fields` and :mod:`.format` describe the journey format declaratively (the checks and the JSON Schema come
from one description); :mod:`.overlay` merges a redesign with the journey it extends; :mod:`.loader` builds the
model and checks what spans the whole graph; :mod:`.data` reads the data folder (sources, personas, survey).
Every problem is a :class:`.problems.Problem` with a file, line, column and field.
"""
