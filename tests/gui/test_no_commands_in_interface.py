"""No screen tells a person to type a command (F12): every interface text in the
translation template (messages of fieldkit/gui/ and ui/) is checked for a `fieldkit`
command line; the command line's own help and errors may name commands."""

from __future__ import annotations

import argparse
import re

from fieldkit.catalogs import build_catalog
from fieldkit.cli import build_parser


def _command_names() -> list[str]:
    parser = build_parser()
    names: list[str] = []
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            names.extend(action.choices)
    return names


def _interface_messages() -> list[str]:
    out = []
    for message in build_catalog():
        if not message.id:
            continue
        if any(path.startswith(("fieldkit/gui/", "ui/")) for path, _line in message.locations):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            out.extend(str(i) for i in ids)
    return out


def test_the_pattern_finds_a_command_and_spares_plain_words() -> None:
    names = _command_names()
    assert {"project", "bundle", "export", "gui"} <= set(names)
    pattern = _pattern(names)
    assert pattern.search('Run fieldkit --data-dir FOLDER project init --name "NAME"')
    assert pattern.search("Add one with: fieldkit project quota add --form ID")
    assert not pattern.search("fieldkit closed unexpectedly last time.")
    assert not pattern.search("fieldkit is already running with the data folder")


def _pattern(names: list[str]) -> re.Pattern[str]:
    commands = "|".join(map(re.escape, names))
    # Options (and their values) may stand between "fieldkit" and the command.
    options = r"(?:--?[\w-]+(?:[ =](?!(?:" + commands + r")\b)\S+)? )*"
    return re.compile(r"\bfieldkit " + options + r"(?:" + commands + r")\b")


def test_no_interface_text_names_a_fieldkit_command() -> None:
    pattern = _pattern(_command_names())
    messages = _interface_messages()
    assert len(messages) > 300  # the walk found the interface's texts
    offenders = [m for m in messages if pattern.search(m)]
    assert offenders == []
