"""The command-line contract: exit codes, one-line errors, --help everywhere."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import fieldkit
from fieldkit.cli import build_parser, main


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "fieldkit", *args], capture_output=True,
                           text=True, env=full_env, timeout=120, check=False)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"fieldkit {fieldkit.__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["gui", "--help"], ["form", "--help"],
                                  ["form", "check", "--help"]])
def test_help_everywhere(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: fieldkit")
    assert "--data-dir" in out


def test_usage_errors_are_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "frobnicate" in err and "--help" in err


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "tlh", "gui", "--smoke"]) == 2
    err = capsys.readouterr().err
    assert "tlh" in err and "ckb" in err and err.count("\n") == 1


def test_unwritable_data_dir_is_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["gui", "--smoke", "--data-dir", str(blocker / "data")]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(blocker) in err


def test_bad_db_url_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "mysql://x@y/z", "gui", "--smoke"]) == 2
    assert "SQLite or PostgreSQL" in capsys.readouterr().err


def test_global_options_after_the_command(tmp_path: Path) -> None:
    args = build_parser().parse_args(["gui", "--smoke", "--data-dir", str(tmp_path), "--lang",
                                      "pl"])
    assert args.data_dir == str(tmp_path) and args.lang == "pl" and args.smoke


def test_global_options_before_the_command_survive(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "gui"])
    assert args.data_dir == str(tmp_path)


def test_gui_smoke_end_to_end(data_dir: Path) -> None:
    done = run("gui", "--smoke")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (data_dir / "fieldkit.sqlite3").is_file()
    assert (data_dir / "logs" / "fieldkit.log").is_file()
    with sqlite3.connect(data_dir / "fieldkit.sqlite3") as conn:  # the embedded default
        assert conn.execute("SELECT name, role FROM project").fetchall() == [
            ("Practice project", "practice")]
        assert conn.execute("SELECT count(*) FROM form").fetchone() == (7,)
    assert not (data_dir / "fieldkit.lock").exists()


def test_gui_smoke_in_sorani(data_dir: Path) -> None:
    done = run("--lang", "ckb", "gui", "--smoke")
    assert done.returncode == 0, done.stderr


def test_form_check_json_contract(tmp_path: Path) -> None:
    form = tmp_path / "tiny.md"
    form.write_text(
        "| survey |\n"
        "| | type | name | label::English (en) | label::Polski (pl) |\n"
        "| | integer | age | Age | Wiek |\n"
        "| | text | name | Name | Imię |\n", encoding="utf-8")
    done = run("form", "check", str(form), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"ok", "form_id", "version", "title", "languages", "default_language", "fields",
            "errors", "warnings"} <= result.keys()
    assert result["ok"] is True
    assert result["fields"] == 2
    assert result["languages"] == ["English (en)", "Polski (pl)"]


def test_form_check_invalid_form_exit_1(tmp_path: Path) -> None:
    form = tmp_path / "broken.md"
    form.write_text("| survey |\n| | type | name | label |\n| | integr | age | Age |\n",
                    encoding="utf-8")
    done = run("form", "check", str(form))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "integr" in done.stderr


def test_form_check_missing_file_no_traceback(tmp_path: Path) -> None:
    done = run("form", "check", str(tmp_path / "nope.xlsx"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "nope.xlsx" in done.stderr


def test_a_start_of_the_app_skips_the_domains_commands() -> None:
    from fieldkit.cli import build_parser, starts_gui

    for argv in ([], ["gui"], ["gui", "--smoke"], ["--data-dir", "D", "--lang", "ckb", "gui"],
                 ["--db=sqlite:///x", "-v"], ["gui", "--data-dir", "D", "--smoke"]):
        assert starts_gui(argv), argv
    for argv in (["project", "init"], ["--data-dir", "D", "export", "csv"], ["--help"],
                 ["gui", "gui"], ["--smoke"], ["--version"], ["gui", "extra"]):
        assert not starts_gui(argv), argv
    light = build_parser(domains=False)
    assert light.parse_args(["--data-dir", "D", "gui", "--smoke"]).smoke
    choices = next(a for a in light._actions if isinstance(a, argparse._SubParsersAction))
    assert "census" not in choices.choices and "gui" in choices.choices
    full = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert "census" in full.choices
