"""Reports on paper and screen: the PDF/PNG renderer of :mod:`fieldkit.reports`
documents (``pdf``, with Qt Charts in ``charts``), the ``fieldkit report`` commands
(``commands``) and the coordinator's Reports tab (``tab``, loaded when first shown)."""
