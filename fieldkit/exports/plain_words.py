"""Relevance and constraint expressions in plain words, for the codebook.

Not a translation of XPath, just the common shapes of XLSForm expressions made
readable: field paths become ``${name}``, ``.`` becomes "the answer",
``selected(${x}, 'a')`` becomes "${x} includes 'a'", and operators become words.
The codebook shows the expression itself next to it.
"""

from __future__ import annotations

import re

from fieldkit.i18n import _

__all__ = ["plain_words"]

_PATH = re.compile(r"(?<![\w$'{])(?:/[\w.-]+)+|(?<![\w$'{])\.\./(?:\.\./)*[\w.-]+(?:/[\w.-]+)*")
_SELECTED = re.compile(r"selected\(\s*(\$\{[\w.-]+\}|\.)\s*,\s*('[^']*'|\"[^\"]*\")\s*\)")
_COUNT_SELECTED = re.compile(r"count-selected\(\s*(\$\{[\w.-]+\}|\.)\s*\)")
_DOT = re.compile(r"(?<![\w.'])\.(?![\w./])")


def plain_words(expression: str) -> str:
    if not expression.strip():
        return ""
    text = _PATH.sub(lambda m: "${" + m.group(0).rstrip("/").split("/")[-1] + "}", expression)
    text = _SELECTED.sub(lambda m: _("{field} includes {choice}").format(
        field=m.group(1), choice=m.group(2)), text)
    text = _COUNT_SELECTED.sub(lambda m: _("the number chosen in {field}").format(
        field=m.group(1)), text)
    text = _DOT.sub(_("the answer"), text)
    for op, words in ((">=", _("is at least")), ("<=", _("is at most")),
                      ("!=", _("is not")), (">", _("is more than")),
                      ("<", _("is less than")), ("=", _("is"))):
        text = re.sub(rf"\s*(?<![<>!=]){re.escape(op)}(?![=])\s*", f" {words} ", text)
    text = re.sub(r"\band\b", _("and"), text)
    text = re.sub(r"\bor\b", _("or"), text)
    return " ".join(text.split())
