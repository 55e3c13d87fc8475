"""Translation of fieldkit's own text (the UI language).

Use it explicitly, never through builtins::

    from fieldkit.i18n import _, ngettext, N_
    label = _("Interviews")

Catalogs are gettext ``<lang>.po`` files in translations/ (Babel tooling, see
``python -m fieldkit.catalogs``). A built wheel carries compiled ``.mo`` files; a
source checkout compiles the ``.po`` in memory on first use, so nothing generated
is ever committed.

The UI language is independent of the respondent (form) language. Setting
``FIELDKIT_PSEUDO_LOCALE=1`` wraps every translated string in ⟦…⟧ and accents its
letters, so a test or a look at the screen shows any text that bypasses ``_``.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
import re
from functools import cache

from fieldkit.packaged import packaged_dir

DOMAIN = "fieldkit"
SOURCE_LANGUAGE = "en"
PSEUDO_ENV = "FIELDKIT_PSEUDO_LOCALE"

# The UI languages offered, in the order shown. Dari is Babel's fa_AF.
UI_LANGUAGES: tuple[str, ...] = (
    "en", "pl", "ro", "bg", "ckb", "fa", "fa_AF", "ps", "so", "ar",
)
_RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ckb", "ur", "he", "yi", "sd", "ug", "dv"})

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language: str = SOURCE_LANGUAGE
_pseudo: bool = os.environ.get(PSEUDO_ENV, "") not in ("", "0")


def _(message: str) -> str:
    """Translate ``message`` into the current UI language."""
    text = _translations.gettext(message)
    return _pseudo_wrap(text) if _pseudo else text


def ngettext(singular: str, plural: str, n: int) -> str:
    text = _translations.ngettext(singular, plural, n)
    return _pseudo_wrap(text) if _pseudo else text


def pgettext(context: str, message: str) -> str:
    text = _translations.pgettext(context, message)
    return _pseudo_wrap(text) if _pseudo else text


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction without translating it now (module-level text)."""
    return message


def lookup(context: str | None, message: str) -> str | None:
    """The translation of ``message`` (in ``context`` if given), or None when the
    catalog has none. Qt's translator bridge uses this so Qt can fall back to its own
    catalogs for its own strings."""
    if context:
        key = f"{context}\x04{message}"
        found = getattr(_translations, "_catalog", {}).get(key)
        if isinstance(found, str):
            return _pseudo_wrap(found) if _pseudo else found
    found = getattr(_translations, "_catalog", {}).get(message)
    if isinstance(found, str) and found:
        return _pseudo_wrap(found) if _pseudo else found
    return _pseudo_wrap(message) if _pseudo else None


def isolate(text: object) -> str:
    """Wrap data (a path, a URL, a name) for insertion into a translated sentence so
    the Unicode bidi algorithm lays it out on its own: without this a Latin path in
    a Sorani sentence is reordered ("tmp/fk5/" for "/tmp/fk5")."""
    return f"\u2068{text}\u2069"  # FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE


def paragraphs(*lines: str) -> str:
    """Lines for a multi-line label, each starting with the interface direction's
    mark, so a line that starts with Latin data (a version, a path) or an English
    fallback is still laid out in the interface direction instead of flipping."""
    mark = "\u200f" if is_rtl(_language) else "\u200e"  # RIGHT-/LEFT-TO-RIGHT MARK
    return "\n".join(mark + line for line in lines)


def set_pseudo(enabled: bool) -> None:
    global _pseudo
    _pseudo = enabled


def current_language() -> str:
    return _language


def normalize(code: str) -> str:
    """'fa-AF', 'fa_af.UTF-8' and 'FA_AF' all become 'fa_AF'."""
    code = code.split(".", maxsplit=1)[0].split("@", maxsplit=1)[0].replace("-", "_")
    lang, _sep, region = code.partition("_")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()


def _candidates(code: str) -> list[str]:
    code = normalize(code)
    out = [code]
    if "_" in code:
        out.append(code.split("_")[0])
    return out


def system_language(environ: dict[str, str] | None = None) -> str:
    """The first UI language the user's environment asks for that we offer, else English."""
    env = os.environ if environ is None else environ
    wanted: list[str] = []
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            wanted.extend(value.split(":"))
    if not wanted:
        loc = locale.getlocale()[0]
        if loc:
            wanted.append(loc)
    for item in wanted:
        if item in ("C", "POSIX"):
            continue
        for cand in _candidates(item):
            if cand in UI_LANGUAGES:
                return cand
    return SOURCE_LANGUAGE


def resolve_language(code: str | None) -> str:
    """A supported UI language for ``code`` ('' or None: the system's)."""
    if not code:
        return system_language()
    for cand in _candidates(code):
        if cand in UI_LANGUAGES:
            return cand
    raise ValueError(code)


def set_language(code: str | None) -> str:
    """Switch the UI language; returns the language actually used.

    Raises ValueError for a language fieldkit does not offer.
    """
    global _translations, _language
    lang = resolve_language(code)
    _translations = catalog(lang)
    _language = lang
    return lang


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The gettext catalog for ``lang``: the built .mo if present, else the .po
    compiled in memory; a language with no catalog (English) translates to itself."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = packaged_dir("translations")
    for cand in _candidates(lang):
        mo = folder / f"{cand}.mo"
        if mo.is_file():
            with mo.open("rb") as fh:
                return gettext.GNUTranslations(fh)
        po = folder / f"{cand}.po"
        if po.is_file():
            return gettext.GNUTranslations(io.BytesIO(compile_po(po.read_bytes(), cand)))
    return gettext.NullTranslations()


def compile_po(po_bytes: bytes, lang: str) -> bytes:
    """Compile .po text to .mo bytes with Babel (imported here: only a checkout needs it)."""
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    cat = read_po(io.BytesIO(po_bytes), locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, cat, use_fuzzy=False)
    return out.getvalue()


def is_rtl(code: str) -> bool:
    """Whether ``code`` is written right to left (Sorani, Farsi, Dari, Pashto, Arabic...)."""
    return normalize(code).split("_")[0] in _RTL_LANGUAGES


# Names people recognise where CLDR's differ: Dari is not "Farsi (Afghanistan)",
# and Sorani speakers call their language Sorani rather than "Central Kurdish".
_NATIVE_NAMES = {"fa_AF": "دری", "ckb": "کوردی (سۆرانی)"}


@cache
def language_name(code: str) -> str:
    """The language's own name for itself, e.g. 'Polski', 'کوردی (سۆرانی)', 'دری'."""
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel import Locale, UnknownLocaleError

    code = normalize(code)
    if code in _NATIVE_NAMES:
        return _NATIVE_NAMES[code]
    try:
        loc = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return code
    name = loc.get_display_name(loc) or code
    return name[:1].upper() + name[1:]


_PLACEHOLDER = re.compile(r"(\{[^{}]*\}|%\([^)]*\)[sd]|%[sd]|&&|<[^>]*>)")
_ACCENTS = str.maketrans(
    "aeiouyAEIOUYcnsz", "áéíóúýÁÉÍÓÚÝçñšž"
)


def _pseudo_wrap(text: str) -> str:
    """'Save {n} answers' -> '⟦Sávé {n} áñšŵéŕš⟧': placeholders and markup kept intact."""
    if text.startswith("⟦"):
        return text
    parts = _PLACEHOLDER.split(text)
    accented = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTS) for p in parts)
    return f"⟦{accented}⟧"
