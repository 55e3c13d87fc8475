"""Reports on paper and screen: the PDF/PNG renderer of :mod:`fieldkit.reports`
documents (``pdf``; ``context`` and ``pieces`` lay pages out, ``charts`` draws Qt
Charts into them), the ``fieldkit report ...`` commands (``commands``, each report's
subcommand in a module of its own such as ``trends_command``) and the coordinator's
Reports view (``tab``, built when its tab is first shown)."""
