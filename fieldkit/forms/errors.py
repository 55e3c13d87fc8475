"""The one error a form can cause: :class:`FormError`, shown as one line."""

from __future__ import annotations

import re
from pathlib import Path

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _

_SPACES = re.compile(r"\s+")


class FormError(InvalidInput, ValueError):
    """A form that cannot be loaded: where it is wrong and how to fix it.

    ``str()`` is one line: ``file: sheet 'survey', row 3, column 'name': message
    fix`` with the parts that are not known left out.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = _SPACES.sub(" ", message).strip()
        self.fix = _SPACES.sub(" ", fix).strip() if fix else None
        super().__init__(str(self))

    @property
    def location(self) -> str:
        """Sheet, row and column as far as known, e.g. ``sheet 'survey', row 3``."""
        parts: list[str] = []
        if self.sheet:
            parts.append(_("sheet '{sheet}'").format(sheet=self.sheet))
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.column:
            parts.append(_("column '{column}'").format(column=self.column))
        return ", ".join(parts)

    def __str__(self) -> str:
        head = self.path if self.path else _("form")
        if self.location:
            head = f"{head}: {self.location}"
        return f"{head}: {self._message_and_fix()}"

    def _message_and_fix(self) -> str:
        if not self.fix:
            return self.message
        message = self.message
        if message and message[-1] not in ".!?:)":
            message += "."  # pyxform's messages do not always end a sentence
        return f"{message} {self.fix}"
