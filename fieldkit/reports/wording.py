"""fieldkit's own wording on a sheet (titles, headings, "6 in 10", notes) that has no
translation yet in the sheet's language. The commands list it before writing, so a
sheet never turns English without saying so (the coordinator's own wording, when
missing, stops the sheet instead: see facts and feedback)."""

from __future__ import annotations

from collections.abc import Iterable

from fieldkit.i18n import SOURCE_LANGUAGE, catalog, normalize

__all__ = ["untranslated"]


def untranslated(messages: Iterable[str], language: str) -> list[str]:
    """The ``messages`` (msgids) the catalog of ``language`` does not translate."""
    lang = normalize(language)
    if lang.split("_")[0] == SOURCE_LANGUAGE:
        return []
    translations = catalog(lang)
    return [m for m in dict.fromkeys(messages) if translations.gettext(m) == m]
