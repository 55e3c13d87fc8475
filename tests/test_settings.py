from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.errors import EnvironmentProblem
from fieldkit.settings import SETTINGS, Settings, declaration


def test_every_setting_is_declared_with_title_help_and_a_valid_default() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    for setting in SETTINGS:
        assert setting.title and setting.help
        assert setting.validate(setting.default) == setting.default


def test_defaults_then_saved_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    assert settings.get("font_size") == 0
    settings.set("font_size", 14)
    settings.set("ui_language", "ckb")
    settings.save()
    assert json.loads(path.read_text(encoding="utf-8")) == {"font_size": 14,
                                                            "ui_language": "ckb"}
    again = Settings.load(path)
    assert again.get("font_size") == 14
    assert again.get("ui_language") == "ckb"


def test_defaults_are_not_written(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    settings.set("font_size", 0)
    settings.save()
    assert json.loads((tmp_path / "settings.json").read_text()) == {}


@pytest.mark.parametrize(("name", "value"), [
    ("font_size", "12"), ("font_size", 99), ("font_size", True), ("ui_language", "tlh"),
    ("ui_language", 3),
])
def test_bad_values_are_refused(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=name):
        declaration(name).validate(value)


def test_bad_values_in_the_file_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"font_size": "huge", "unknown": 1, "ui_language": "pl"}))
    settings = Settings.load(path)
    assert settings.get("font_size") == 0
    assert settings.get("ui_language") == "pl"


def test_damaged_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    settings = Settings.load(path)
    assert settings.get("font_size") == 0
    assert not path.exists()
    assert (tmp_path / "settings.json.damaged").read_text() == "{not json"


def test_unwritable_settings_is_an_environment_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings = Settings.load(blocker / "settings.json")
    settings.set("font_size", 12)
    with pytest.raises(EnvironmentProblem, match="Cannot save settings"):
        settings.save()
