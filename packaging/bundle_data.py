"""What goes into the PyInstaller build besides the code PyInstaller finds by itself.

Used by fieldkit.spec at build time and by tests/packaging (the non-platform parts:
which folders are shipped, where they land). Standard library only at import time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

#: Shipped folders of the checkout -> where fieldkit.packaged looks in a frozen app.
DATA_KINDS = ("ui", "translations", "resources")
DATA_PREFIX = "fieldkit/_data"
#: Alembic loads its env.py and migration scripts as files at run time.
ALEMBIC_DIR = "fieldkit/store/alembic"

#: Interface languages (fieldkit.i18n.UI_LANGUAGES) for which Qt's own catalogs and
#: Babel's CLDR data are kept; everything else of those two is dropped.
UI_LANGUAGES = ("en", "pl", "ro", "bg", "ckb", "fa", "fa_AF", "ps", "so", "ar")

#: Python packages never used by the app (test tools, other GUI toolkits, Qt modules
#: fieldkit does not import). Qt libraries are still pulled in when a kept module
#: links them.
EXCLUDES = [
    "tkinter", "_tkinter", "pytest", "_pytest", "hypothesis", "mypy", "ruff", "IPython",
    "matplotlib", "PyQt5", "PyQt6", "PySide2", "hatchling", "pip", "setuptools",
    # With pkg_resources in the build PyInstaller adds a start-up hook that imports it:
    # a quarter of a second before the window shows. Nothing fieldkit runs needs it.
    "pkg_resources",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtQuick", "PySide6.QtQml",
    "PySide6.QtQuickWidgets", "PySide6.QtQuick3D", "PySide6.Qt3DCore", "PySide6.Qt3DRender",
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtLocation",
    "PySide6.QtPositioning", "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtSensors",
    "PySide6.QtSerialPort", "PySide6.QtSql", "PySide6.QtDesigner", "PySide6.QtHelp",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtRemoteObjects", "PySide6.QtScxml",
    "PySide6.QtStateMachine", "PySide6.QtTest", "PySide6.QtHttpServer",
    "PySide6.QtSpatialAudio", "PySide6.QtVirtualKeyboard",
    "PySide6.QtNetworkAuth", "PySide6.QtDBus", "PySide6.QtConcurrent",
    # PostgreSQL is a coordinator's server option, installed with pip; the app runs on
    # the SQLite file in its data folder (libpq and its Kerberos/LDAP libraries: 12 MB).
    "psycopg", "psycopg_binary", "psycopg_c", "psycopg_pool",
]

#: Qt plugins the app has no use for, as <plugin folder>/<file stem> (no
#: extension: .so, .dll, .dylib) or a whole folder. PyInstaller's hooks collect every
#: plugin of a module in use; these pull in Qt Quick, QML, Qt PDF and the virtual
#: keyboard (about 25 MB) for nothing: fieldkit draws no QML, runs on a desktop (not
#: a framebuffer or VNC), reads no PDF and uses no network.
_UNUSED_PLUGINS = frozenset({
    "qmltooling", "sqldrivers", "designer", "webview", "position", "geoservices",
    "sensors", "canbus", "scenegraph", "renderers", "sceneparsers", "assetimporters",
    "egldeviceintegrations", "generic", "networkinformation", "tls",
    # Loads only where GTK 3 is installed, and then mixes the system's GTK with the
    # cairo/pango PyInstaller copied from the build machine; Qt's own style is used.
    "platformthemes/libqgtk3",
    "platforminputcontexts/libqtvirtualkeyboardplugin", "platforms/libqeglfs",
    "platforms/libqlinuxfb", "platforms/libqminimalegl", "platforms/libqvkkhrdisplay",
    "platforms/libqvnc", "platforms/qdirect2d", "imageformats/libqpdf",
    "imageformats/qpdf", "imageformats/libqtga", "imageformats/qtga",
    "imageformats/libqwbmp", "imageformats/qwbmp", "texttospeech/libqtexttospeech_mock",
    "texttospeech/qtexttospeech_mock",
    "wayland-graphics-integration-client/libdmabuf-server",
    "wayland-graphics-integration-client/libdrm-egl-server",
    "wayland-graphics-integration-client/libvulkan-server",
    "wayland-shell-integration/libfullscreen-shell-v1",
    "wayland-shell-integration/libivi-shell",
    "wayland-shell-integration/libwl-shell-plugin",
})
#: Qt libraries only those plugins need (checked: `dev.py dist --check` runs the app).
#: Prefixes: Qt6Quick covers Qt6QuickTemplates2 and the rest, Qt6Qml Qt6QmlModels...
_UNUSED_QT_LIBS = ("Qt6Quick", "Qt6Qml", "Qt6VirtualKeyboard", "Qt6Pdf", "Qt6EglFS",
                   "Qt6EglFsKms")


def version(root: Path) -> str:
    text = (root / "fieldkit" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise ValueError("fieldkit/__init__.py has no __version__")
    return found.group(1)


def compile_catalogs(root: Path, out: Path) -> list[Path]:
    """Every translations/*.po compiled to out/<lang>.mo (Babel, as hatch_build.py)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / "translations").glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.stem, domain="fieldkit")
        mo = out / f"{po.stem}.mo"
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def data_files(root: Path, mo_dir: Path) -> list[tuple[str, str]]:
    """(source, destination folder) pairs in PyInstaller's ``datas`` form."""
    out: list[tuple[str, str]] = []
    for kind in ("ui", "resources"):
        for path in sorted((root / kind).rglob("*")):
            if path.is_file():
                dest = Path(DATA_PREFIX, kind, path.relative_to(root / kind)).parent
                out.append((str(path), dest.as_posix()))
    # Only compiled catalogs: the app reads .mo; .po/.pot are for translators.
    out.extend((str(mo), f"{DATA_PREFIX}/translations") for mo in sorted(mo_dir.glob("*.mo")))
    alembic = root / ALEMBIC_DIR
    for path in sorted(alembic.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            dest = Path(ALEMBIC_DIR, path.relative_to(alembic)).parent
            out.append((str(path), dest.as_posix()))
    return out


def write_build_info(root: Path, out: Path) -> tuple[str, str]:
    """out/build.json for About (fieldkit.packaged.build_info); a datas entry."""
    import datetime
    import json
    import platform

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                            capture_output=True, text=True, check=False).stdout.strip()
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform,
                                                                         sys.platform)
    info = {"platform": f"{system}-{platform.machine().lower()}",
            "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
            "commit": commit or "unknown"}
    path = out / "build.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return str(path), DATA_PREFIX


def command_modules(root: Path) -> list[str]:
    """fieldkit.cli's COMMAND_MODULES (imported by name at run time)."""
    text = (root / "fieldkit" / "cli.py").read_text(encoding="utf-8")
    block = re.search(r"COMMAND_MODULES[^=]*=\s*\(([^)]*)\)", text)
    if block is None:
        raise ValueError("fieldkit/cli.py has no COMMAND_MODULES")
    return re.findall(r'"([\w.]+)"', block.group(1))


_BABEL_KEEP = {"root", *UI_LANGUAGES, *(lang.split("_")[0] for lang in UI_LANGUAGES)}


def _qt_translation_kept(name: str) -> bool:
    # qtbase_pl.qm, qt_fa.qm, qtmultimedia_ar.qm ... : keep only the UI languages.
    stem = name.rsplit(".", 1)[0]
    lang = stem.split("_", 1)[1] if "_" in stem else ""
    return lang in UI_LANGUAGES or lang.split("_")[0] in UI_LANGUAGES


def keep_entry(dest: str) -> bool:
    """Whether a collected file (its destination path in the build) is kept."""
    parts = Path(dest).parts
    if parts[:2] == ("pyxform", "validators") and dest.endswith(".jar"):
        return False  # ODK Validate needs Java; fieldkit checks forms itself (6 MB)
    if parts[:2] == ("babel", "locale-data"):
        # PyInstaller's Babel hook takes all of CLDR (30 MB); fieldkit names only its
        # interface languages (Preferences). Other form languages show their code.
        return Path(dest).stem in _BABEL_KEEP
    if "translations" in parts and dest.endswith(".qm"):
        return _qt_translation_kept(parts[-1])
    if "plugins" in parts:
        after = parts[parts.index("plugins") + 1:]
        if after and after[0] in _UNUSED_PLUGINS:
            return False
        if len(after) == 2 and f"{after[0]}/{after[1].split('.')[0]}" in _UNUSED_PLUGINS:
            return False
    name = parts[-1]
    stem = name[3:] if name.startswith("lib") else name
    return not any(stem.startswith(lib) for lib in _UNUSED_QT_LIBS)


def drop_unused_qt(toc: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [entry for entry in toc if keep_entry(entry[0])]


#: PyInstaller start-up hooks fieldkit does not need: multiprocessing's makes frozen
#: child processes work, and fieldkit starts none (it imports multiprocessing and its
#: dependencies before the window shows, about 40 ms).
UNUSED_RUNTIME_HOOKS = frozenset({"pyi_rth_multiprocessing"})


def drop_runtime_hooks(scripts: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [entry for entry in scripts if entry[0] not in UNUSED_RUNTIME_HOOKS]


def make_icons(root: Path, out: Path) -> None:
    """PNG sizes (and .ico/.icns) rendered from resources/icons/fieldkit.svg by Qt."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(root / "packaging" / "make_icons.py"),
                    str(root / "resources" / "icons" / "fieldkit.svg"), str(out)],
                   check=True, env=env)


def platform_icon(root: Path, out: Path) -> str | None:
    """The executable's icon: .ico on Windows, .icns on macOS; none on Linux (the
    desktop entry names the icon there)."""
    system: str = sys.platform  # a plain str: mypy would judge the rest per platform
    if system not in ("win32", "darwin"):
        return None
    make_icons(root, out)
    icon = out / ("fieldkit.ico" if system == "win32" else "fieldkit.icns")
    return str(icon) if icon.is_file() else None


def mac_info_plist(root: Path) -> dict[str, object]:
    """Document types so Finder opens packs and bundles with fieldkit."""
    def doc_type(name: str, ext: str, uti: str) -> dict[str, object]:
        return {"CFBundleTypeName": name, "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner", "LSItemContentTypes": [uti],
                "CFBundleTypeExtensions": [ext]}

    def exported(uti: str, name: str, ext: str) -> dict[str, object]:
        return {"UTTypeIdentifier": uti, "UTTypeDescription": name,
                "UTTypeConformsTo": ["public.zip-archive"],
                "UTTypeTagSpecification": {"public.filename-extension": [ext]}}

    return {
        "CFBundleShortVersionString": version(root),
        "NSHighResolutionCapable": True,
        "CFBundleDocumentTypes": [
            doc_type("fieldkit project pack", "fkpack", "org.fieldkit.pack"),
            doc_type("fieldkit data bundle", "fkbundle", "org.fieldkit.bundle"),
        ],
        "UTExportedTypeDeclarations": [
            exported("org.fieldkit.pack", "fieldkit project pack", "fkpack"),
            exported("org.fieldkit.bundle", "fieldkit data bundle", "fkbundle"),
        ],
    }


def _is_elf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def strip_binaries(folder: Path) -> int:
    """Linux: drop the symbol tables left in libpython, SQLAlchemy's, pyreadstat's and
    other extension modules (about 30 MB). Libraries that auditwheel vendored
    (``*.libs/``, rewritten with patchelf) are left alone: strip can break them.
    Returns the bytes saved."""
    import shutil

    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        return 0
    saved = 0
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or ".so" not in path.name:
            continue
        if any(part.endswith(".libs") for part in path.parts) or not _is_elf(path):
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def install_linux_desktop_files(root: Path, app: Path, icons: Path) -> None:
    """The desktop entry, MIME types, icons and the per-user install script beside the
    executable (see packaging/linux/)."""
    import shutil

    share = app / "share"
    for name in ("fieldkit.desktop", "fieldkit-mime.xml"):
        (share).mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / "packaging" / "linux" / name, share / name)
    shutil.copy2(root / "packaging" / "linux" / "install.sh", app / "install.sh")
    (app / "install.sh").chmod(0o755)
    for png in sorted(icons.glob("fieldkit-*.png")):
        size = png.stem.split("-")[1]
        dest = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, dest / "fieldkit.png")
    dest = share / "icons" / "hicolor" / "scalable" / "apps"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "resources" / "icons" / "fieldkit.svg", dest / "fieldkit.svg")
