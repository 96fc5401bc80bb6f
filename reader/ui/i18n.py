"""Interface language: Simplified Chinese or English through Qt's translation system,
following the system locale unless the user chose one."""
from __future__ import annotations

from importlib.resources import files

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []


def resolve_language(choice: str) -> str:
    if choice in ("zh_CN", "en"):
        return choice
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_translator(choice: str = "system") -> str:
    """Install the translators for CHOICE ('system', 'zh_CN' or 'en'); return the language."""
    app = QCoreApplication.instance()
    language = resolve_language(choice)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return language
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    data = (files("dubao_resources") / "i18n" / f"dubao_{language}.qm")
    if data.is_file() and ours.load(str(data)):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return language
