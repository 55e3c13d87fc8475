"""Partners (F9): data-sharing agreements, safe releases out, partners' figures in,
and the log of what outreach workers and partners hear. Qt-free.

Modules: ``agreements``, ``releases``, ``imports``, ``anecdotes`` and ``commands``
(``fieldkit share ...`` and ``fieldkit partners ...``). The tables are in
fieldkit.store.models; fieldkit.insight.beside reads the partner series and the
log for the F7 alerts. The disclosure rule every release applies is
:mod:`fieldkit.disclosure`.
"""
