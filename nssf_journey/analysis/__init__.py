"""Analysis: exact numbers from a journey, no sampling.

:mod:`.metrics` solves the journey as an absorbing Markov chain (lead time, visits, outcomes, bottlenecks);
:mod:`.graph` is the journey as a networkx graph and the graph algorithms the analysis uses; :mod:`.junctures`
ranks the critical junctures for communication; :mod:`.funnel` follows eligible workers to benefits paid;
:mod:`.sensitivity` and :mod:`.queue_sensitivity` say which uncertain numbers matter most; :mod:`.tables`
prints analyses for the terminal.
"""
