"""Reports people read (F10): the trend report, the myth-busting fact sheet and the
feedback to participants. Qt-free; the PDF/PNG rendering lives in fieldkit.gui.reports.

Modules here: ``numerals`` (numbers in a language's own digits), ``figures`` (a
figure fieldkit holds, resolved with its source, date and the disclosure rule),
``slots`` (the coordinator's wording with slots for the figure), ``facts`` and
``feedback`` (their content, stored per project, and the documents built from it)
and ``sheet_commands`` (``fieldkit report fact|facts|feedback-item|feedback``).
"""
