"""Analysis: exact numbers from a journey, no sampling.

:mod:`.metrics` solves the journey as an absorbing Markov chain (lead time, visits, outcomes, bottlenecks) with
the linear algebra of :mod:`.chain` (one factorisation of ``I - Q``) and :mod:`.selected_inversion` (the diagonal
of the fundamental matrix from the LU factors); :mod:`.graph` is the journey as a networkx graph and the graph
algorithms the analysis uses (loops, strongly connected components, most likely and critical paths);
:mod:`.junctures` ranks the critical junctures for communication; :mod:`.funnel` follows eligible workers to
benefits paid; :mod:`.sensitivity` says which uncertain numbers matter most (their effect on queues needs simulation:
:mod:`nssf_journey.simulation.queue_sensitivity`);
:mod:`.tables` prints analyses for the terminal.
"""
