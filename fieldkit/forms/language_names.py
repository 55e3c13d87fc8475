"""The language code in an XLSForm language name.

XLSForm names a form language after the ``::`` of a column header: ``English (en)``,
``Kurdish Sorani (ckb)``, ``Dari (fa_AF)``, or ``default`` for columns without one.
ODK's convention is that the code is the last parenthesised token at the end of the
name. This module is the one place fieldkit reads it, and the one rule for which of a
form's languages (or of the voices a computer has) serves an interface language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fieldkit.i18n import normalize

__all__ = ["ALIASES", "base_language", "form_language", "language_code", "matching_code",
           "same_language"]

# The last "(...)" at the very end (the name is stripped first); no nested parentheses,
# so "Name (x) (pl)" gives "pl". Spaces just inside the parentheses are not the code's.
_IN_PARENTHESES = re.compile(r"\(\s*([^()]*?)\s*\)$")
# A whole name that looks like a code: "fa", "ckb", "fa_AF", "zh-Hant-TW". Two or three
# letters first, so "default" and "English" are names, not codes.
_BARE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def language_code(name: str, *, bare: bool = False) -> str | None:
    """The code in parentheses at the end of the form language ``name``:
    ``"Dari (fa_AF)"`` -> ``"fa_AF"``, ``"Name (x) (pl)"`` -> ``"pl"``; None when the
    name has none (``"default"``, ``"English"``, ``""``).

    The code is returned as the form writes it, case and ``-``/``_`` kept
    (``"Arabic (AR)"`` -> ``"AR"``), because forms and exports find a language again by
    that text; compare codes through :func:`fieldkit.i18n.normalize`. Spaces around the
    name and inside the parentheses are ignored. Whatever is in the parentheses counts,
    as in ODK: whether it is a real language is the reader's business.

    With ``bare``, a name that is nothing but a code (``"fa"``, ``"fa-AF"``) is taken
    as that code, for forms written with ``label::fa`` rather than ``label::Farsi (fa)``.
    """
    text = name.strip()
    found = _IN_PARENTHESES.search(text)
    if found is not None and found.group(1):
        return found.group(1)
    if bare and _BARE_CODE.fullmatch(text):
        return text
    return None


def base_language(code: str) -> str:
    """The language of ``code`` without region or script, lower-cased:
    ``"fa_AF"``, ``"fa-AF"`` and ``"FA"`` -> ``"fa"`` (a catalog or voice lookup's
    fallback)."""
    return normalize(code).split("_")[0]


#: The same language under two codes: Babel/CLDR call Dari ``fa_AF``, ISO 639-3 ``prs``
#: (the code pyxform accepts in a form's language names).
ALIASES = {"fa_AF": "prs", "prs": "fa_AF"}


def same_language(a: str, b: str) -> bool:
    """Whether codes ``a`` and ``b`` name the same language variety (``fa-AF``/``prs``)."""
    x, y = normalize(a), normalize(b)
    return x == y or ALIASES.get(x) == y


def matching_code(code: str, available: Iterable[str]) -> str | None:
    """The one of ``available`` (language codes) that serves ``code``: the very same
    code first, else ``code``'s base language (``fa_AF`` takes ``fa`` when there is no
    ``fa_AF``); compared through :func:`fieldkit.i18n.normalize`, so ``fa-AF``,
    ``fa_AF`` and ``FA_af`` are one code. Returned as ``available`` spells it (the first
    of equal ones); None when neither is there.

    Only ``code`` is cut to its base, never the available ones: ``fa`` is not served
    by a lone ``fa_AF`` (a region's variety is not taken for the general language)."""
    by_code: dict[str, str] = {}
    for found in available:
        by_code.setdefault(normalize(found), found)
    norm = normalize(code)
    for wanted in (norm, ALIASES.get(norm, norm), base_language(code)):
        if wanted in by_code:
            return by_code[wanted]
    return None


def form_language(languages: Iterable[str], code: str) -> str | None:
    """Which of a form's ``languages`` (names as the form declares them, e.g.
    ``Form.languages``) to show for the interface language ``code`` (``ro``,
    ``ro_RO``, ``fa-AF``), by :func:`matching_code` on the codes in the names:
    ``fa_AF`` is Dari even when Farsi ``fa`` comes first in the form. None when the
    form has neither (the caller then takes the form's default); a name without a
    code (``default``, ``English``) is never chosen."""
    names: dict[str, str] = {}
    for name in languages:
        found = language_code(name, bare=True)
        if found is not None:
            names.setdefault(found, name)
    found = matching_code(code, names)
    return names[found] if found is not None else None
