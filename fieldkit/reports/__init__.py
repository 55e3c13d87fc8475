"""Reports people read (F10), Qt-free: the document model (:mod:`.document`), which
reports are assembled into, and the tables of a document as XLSX (:mod:`.xlsx`).

Drawing a document (PDF, PNG) needs Qt, so it lives in :mod:`fieldkit.gui.reports`,
as do the ``fieldkit report ...`` commands: :mod:`fieldkit.gui.reports.commands`
makes the ``report`` group, and each report adds its subcommand from its own module
listed in ``REPORT_COMMAND_MODULES`` there.
"""
