"""Exports of the Focus groups workspace, the same files as ``fieldkit focus export``:
a REFI-QDA project (.qdpx), the coded segments (.xlsx/.csv) and the quotes that may
be quoted (.xlsx/.csv). The project is read on the UI thread (a quick query); the
file is written off it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from fieldkit.focus.records import FocusData
from fieldkit.i18n import N_, _, isolate

__all__ = ["KINDS", "choose_export", "export_line", "write_export"]

#: (kind, file filter, suffix), in the order offered.
KINDS = (("qdpx", N_("REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder (*.qdpx)"),
          ".qdpx"),
         ("segments", N_("Coded segments, spreadsheet (*.xlsx)"), ".xlsx"),
         ("segments", N_("Coded segments, CSV (*.csv)"), ".csv"),
         ("quotes", N_("Quotes that may be quoted, spreadsheet (*.xlsx)"), ".xlsx"),
         ("quotes", N_("Quotes that may be quoted, CSV (*.csv)"), ".csv"))


def choose_export(parent: QWidget) -> tuple[str, Path] | None:
    """Ask where to write and what (the kind is the filter chosen)."""
    filters = [_(text) for _kind, text, _suffix in KINDS]
    path, chosen = QFileDialog.getSaveFileName(parent, _("Export focus groups"), "",
                                               ";;".join(filters))
    if not path:
        return None
    index = filters.index(chosen) if chosen in filters else 0
    kind, _text, suffix = KINDS[index]
    out = Path(path)
    if out.suffix.lower() != suffix:
        out = out.with_name(out.name + suffix)
    return kind, out


def write_export(data: FocusData, kind: str, out: Path, *, name: str,
                 attachments_dir: Path, language: str | None) -> str:
    """Write the file (call off the UI thread); the line saying what was written."""
    if kind == "qdpx":
        from fieldkit.focus.qdpx import write_qdpx

        summary = write_qdpx(data, out, name=name, attachments_dir=attachments_dir)
        line = _("Wrote {path}: {sources} groups, {codes} themes, {selections} coded "
                 "passages, {recordings} recordings.").format(
                     path=isolate(summary.path), sources=summary.sources,
                     codes=summary.codes, selections=summary.selections,
                     recordings=summary.recordings)
        if summary.recordings_left_out:
            line += " " + _("{n} recordings left out: not every participant agreed to "
                            "recording, or the file is missing.").format(
                                n=summary.recordings_left_out)
        return line
    if kind == "quotes":
        from fieldkit.focus.segments import write_quotes

        count = write_quotes(data, out, language)
        return _("Wrote {path}: {n} quotes.").format(path=isolate(out), n=count)
    from fieldkit.focus.segments import write_segments

    count = write_segments(data, out, language)
    return _("Wrote {path}: {n} coded segments.").format(path=isolate(out), n=count)


def export_line(kind: str, out: Path, data: FocusData, *, name: str, attachments_dir: Path,
                language: str | None, done: Callable[[str], None]) -> None:
    """Write off the UI thread; ``done`` gets the line to show (what was written,
    or why not)."""
    from fieldkit.gui.failures import failure_line, report_unexpected
    from fieldkit.gui.tasks import run_in_background

    def failed(exc: BaseException) -> None:
        line = failure_line(exc)
        if line is None:
            report_unexpected(exc)
            return
        done(line)

    run_in_background(
        lambda _progress: write_export(data, kind, out, name=name,
                                       attachments_dir=attachments_dir, language=language),
        on_done=done, on_failed=failed)
