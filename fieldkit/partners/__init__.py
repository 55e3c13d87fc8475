"""Partners (F9): data-sharing agreements, safe releases out, partners' figures in,
and the log of what outreach workers and partners hear. Qt-free.

Modules: ``models`` (tables), ``agreements``, ``releases``, ``imports``,
``anecdotes``, ``series`` (partner figures for the F7 trend alerts) and
``commands`` (``fieldkit share ...`` and ``fieldkit partners ...``). The disclosure
rule every release applies is :mod:`fieldkit.disclosure`.
"""
