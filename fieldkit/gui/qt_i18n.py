"""Qt side of translation: one catalog for our strings, Designer strings and Qt's own.

``GettextTranslator`` answers Qt's ``translate()`` calls from fieldkit's gettext
catalog (the .ui files' strings and Qt strings we translate ourselves, e.g. for
Sorani, which Qt does not ship); whatever it does not know falls through to Qt's own
``qtbase_<lang>.qm`` where Qt ships one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

from fieldkit import i18n


class GettextTranslator(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context == "QGuiApplication" and source == "QT_LAYOUT_DIRECTION":
            return "RTL" if i18n.is_rtl(i18n.current_language()) else "LTR"
        return i18n.lookup(context, source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


_installed: list[QTranslator] = []


def apply_language(app: QCoreApplication, language: str) -> str:
    """Switch fieldkit and Qt to ``language``; widgets get a LanguageChange event."""
    lang = i18n.set_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_catalogs = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{lang}", qt_catalogs) or qtbase.load(
            f"qtbase_{lang.split('_')[0]}", qt_catalogs):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    ours = GettextTranslator(app)
    app.installTranslator(ours)  # installed last, asked first
    _installed.append(ours)
    # fieldkit's English is British (its users are UK councils and advice agencies):
    # dates as 23/11/2026, not 11/23/26.
    QLocale.setDefault(QLocale("en_GB") if lang == "en" else QLocale(lang))
    rtl = i18n.is_rtl(lang)
    QGuiApplication.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    return lang
