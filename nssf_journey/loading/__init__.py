"""Loading: from YAML text to a validated :class:`~nssf_journey.model.Journey` (and the data beside it).

The stages, in order: :mod:`.files` reads a file as text (the one place that says why it cannot be read);
:mod:`.yaml_source` parses YAML safely and remembers where every value was written; :mod:`.not_a_journey` says
so in one line for a CSV, a log or a binary; :mod:`.fields` and :mod:`.time_fields` are the declarative kinds,
of which :mod:`.format` describes the journey format and the redesign overlay, and :mod:`.data_format` the data
files, with their defaults (the checks, the JSON Schemas and the tables of ``docs/format.md``,
:mod:`.format_docs`, come from one description); :mod:`.overlay` merges a redesign with the journey it extends,
which :mod:`.confine` keeps inside the folders the user pointed at; :mod:`.loader` builds the model and checks what
spans the whole graph, :mod:`.visits` that no loop is almost never left, and :mod:`.plausibility` whether its
times fit its unit; :mod:`.data` reads the files of the data folder, all through one path (and decides which data
folder belongs to some journeys), and :mod:`.institution` the institution's settings. Every problem is a
:class:`.problems.Problem` with a file, line, column and field.
"""
