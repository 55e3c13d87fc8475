"""User settings: declared once here (name, type, default, title, help), stored as
JSON in the data dir. The Preferences dialog is built from these declarations.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import N_, UI_LANGUAGES, _

log = logging.getLogger(__name__)

SettingValue = str | int | bool


@dataclass(frozen=True)
class Setting:
    name: str
    type: type[str] | type[int] | type[bool]
    default: SettingValue
    title: str  # marked with N_, translated where shown
    help: str
    choices: Callable[[], tuple[SettingValue, ...]] | None = None
    minimum: int | None = None
    maximum: int | None = None

    def validate(self, value: Any) -> SettingValue:
        """The value as the declared type, or ValueError saying why not."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise ValueError(f"{self.name}: expected true or false, got {value!r}")
        elif self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{self.name}: expected a whole number, got {value!r}")
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{self.name}: {value} is below {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{self.name}: {value} is above {self.maximum}")
        elif not isinstance(value, str):
            raise ValueError(f"{self.name}: expected text, got {value!r}")
        if self.choices is not None and value not in self.choices():
            raise ValueError(f"{self.name}: {value!r} is not one of {self.choices()!r}")
        result: SettingValue = value
        return result


def _ui_language_choices() -> tuple[SettingValue, ...]:
    return ("", *UI_LANGUAGES)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ui_language", str, "",
        N_("Interface language"),
        N_("The language of fieldkit's menus and buttons. Each interview has its own "
           "respondent language, chosen separately."),
        choices=_ui_language_choices,
    ),
    Setting(
        "font_size", int, 0,
        N_("Text size"),
        N_("Size of the interface text, in points. The lowest setting follows this "
           "computer's own text size."),
        minimum=0, maximum=32,
    ),
    Setting(
        "question_text_size", int, 100,
        N_("Question text size"),
        N_("Size of the questions and answers on the interview screen, in percent of "
           "the interface text, for respondents who read along. A+ and A− (Ctrl++ and "
           "Ctrl+−) on that screen change it."),
        minimum=100, maximum=300,
    ),
    Setting(
        "lock_minutes", int, 5,
        N_("Lock after (minutes without use)"),
        N_("On an encrypted store, fieldkit hides everything and asks for the PIN after "
           "this many minutes without a key press or click, and when the computer wakes "
           "from sleep."),
        minimum=1, maximum=120,
    ),
    # Insight's trend alerts (fieldkit.insight.alerts.AlertSettings reads these).
    Setting(
        "insight_fdr_percent", int, 5,
        N_("Trend alerts: false discovery rate (%)"),
        N_("Of the alerts shown, at most about this share may be chance findings "
           "(Benjamini-Hochberg over all comparisons of a run). Lower means fewer, "
           "surer alerts."),
        minimum=1, maximum=50,
    ),
    Setting(
        "insight_min_change_points", int, 10,
        N_("Trend alerts: smallest change (percentage points)"),
        N_("A share must change by at least this much between two periods to be "
           "reported, however sure the test is."),
        minimum=1, maximum=100,
    ),
    Setting(
        "insight_min_n", int, 10,
        N_("Trend alerts: fewest interviews per period"),
        N_("Both periods of a comparison need at least this many households (or "
           "people) answering before a change is tested."),
        minimum=1, maximum=100000,
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def declaration(name: str) -> Setting:
    return _BY_NAME[name]


@dataclass
class Settings:
    """Current values, loaded from and saved to ``path`` (settings.json)."""

    path: Path
    _values: dict[str, SettingValue] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read ``path``; unknown keys are dropped, bad values fall back to defaults,
        and a file that is not JSON is set aside (never crash on a damaged file)."""
        settings = cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            aside = path.with_suffix(".json.damaged")
            log.warning("settings file %s unreadable (%s); moved to %s", path, exc, aside)
            with contextlib.suppress(OSError):
                path.replace(aside)
            return settings
        if not isinstance(raw, dict):
            return settings
        for name, value in raw.items():
            decl = _BY_NAME.get(name)
            if decl is None:
                continue
            try:
                settings._values[name] = decl.validate(value)
            except ValueError as exc:
                log.warning("ignoring setting from %s: %s", path, exc)
        return settings

    def get(self, name: str) -> SettingValue:
        return self._values.get(name, _BY_NAME[name].default)

    def set(self, name: str, value: SettingValue) -> None:
        self._values[name] = _BY_NAME[name].validate(value)

    def __iter__(self) -> Iterator[tuple[Setting, SettingValue]]:
        for decl in SETTINGS:
            yield decl, self.get(decl.name)

    def save(self) -> None:
        """Write atomically (temp file + rename), so a power cut leaves the old or the new file."""
        data = {name: value for name, value in self._values.items()
                if value != _BY_NAME[name].default}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2, sort_keys=True, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(self.path)
        except OSError as exc:
            raise EnvironmentProblem(
                _("Cannot save settings to {path} ({reason}).").format(path=self.path, reason=exc)
            ) from exc
