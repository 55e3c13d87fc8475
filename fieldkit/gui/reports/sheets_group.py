"""Stand-in for the ``report`` group until fieldkit.gui.reports.commands is merged
(then this module goes and sheets_command joins its REPORT_COMMAND_MODULES)."""

from __future__ import annotations

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands
from fieldkit.i18n import _


def register(commands: Subcommands) -> None:
    from fieldkit.gui.reports import sheets_command

    report = add_command(commands, "report", help=_("reports to print and share (PDF)"),
                         description=_("The myth-busting fact sheet and the feedback to "
                                       "participants."))
    sheets_command.register(add_subcommands(report, "report_command"))
