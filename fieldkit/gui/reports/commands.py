"""``fieldkit report ...``: the command group of the reports (F10).

Each report registers its subcommand from its own module, listed in
:data:`REPORT_COMMAND_MODULES` (a module with ``register(report_commands)``, which
imports only argparse and i18n at the top, as every command module does). Rendering
runs Qt on its offscreen platform, so the commands work with no display.

This module lives in the gui layer, the lowest that may import the renderer
(:mod:`fieldkit.gui.reports.pdf`), which its handlers import when they run.
"""

from __future__ import annotations

import importlib

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands
from fieldkit.i18n import _

#: One module per report; add yours here.
REPORT_COMMAND_MODULES: tuple[str, ...] = (
    "fieldkit.gui.reports.trends_command",
)


def register(commands: Subcommands) -> None:
    report = add_command(
        commands, "report", help=_("reports to print and share (PDF)"),
        description=_("Reports people read: the trend report for the strategic group, "
                      "and more. Written as PDF in any interface language (--lang)."))
    report_commands = add_subcommands(report, "report_command")
    for module in REPORT_COMMAND_MODULES:
        importlib.import_module(module).register(report_commands)
