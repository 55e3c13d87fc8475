"""The platform-independent parts of the built app (packaging/): what the spec ships
and where, which Qt files it drops, and that a frozen app finds its data folders.
The build itself is `python3 dev.py dist` (and `--check` on a bare Debian root)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from fieldkit import packaged
from fieldkit.cli import COMMAND_MODULES

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_data = _load("bundle_data")


def test_every_data_folder_lands_where_a_frozen_fieldkit_looks(tmp_path: Path) -> None:
    mos = bundle_data.compile_catalogs(ROOT, tmp_path)
    assert {mo.stem for mo in mos} == {po.stem for po in (ROOT / "translations").glob("*.po")}
    datas = bundle_data.data_files(ROOT, tmp_path)
    dests = {(Path(src).name, dest) for src, dest in datas}
    assert ("about.ui", "fieldkit/_data/ui") in dests
    assert ("household_survey.md", "fieldkit/_data/resources/forms") in dests
    assert ("face_1.png", "fieldkit/_data/resources/forms/media") in dests
    assert ("NotoSansArabicUI-Regular.ttf", "fieldkit/_data/resources/fonts") in dests
    assert ("fieldkit.svg", "fieldkit/_data/resources/icons") in dests
    assert ("ckb.mo", "fieldkit/_data/translations") in dests
    assert ("env.py", "fieldkit/store/alembic") in dests
    assert not any(name.endswith((".po", ".pot")) for name, _dest in dests)
    migrations = {p.name for p in (ROOT / "fieldkit/store/alembic/versions").glob("*.py")}
    shipped = {name for name, dest in dests if dest == "fieldkit/store/alembic/versions"}
    assert migrations <= shipped


def test_the_command_modules_are_hidden_imports() -> None:
    assert bundle_data.command_modules(ROOT) == list(COMMAND_MODULES)


def test_ui_languages_match_fieldkits() -> None:
    from fieldkit.i18n import UI_LANGUAGES

    assert bundle_data.UI_LANGUAGES == UI_LANGUAGES


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/qwebp.dll", True),
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt/lib/libQt6QmlModels.so.6", False),
    ("libQt6VirtualKeyboardQml.so.6", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Charts.so.6", True),
    ("PySide6/Qt/translations/qtbase_pl.qm", True),
    ("PySide6/Qt/translations/qtbase_fa.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtmultimedia_ja.qm", False),
    ("babel/locale-data/pl.dat", True),
    ("babel/locale-data/root.dat", True),
    ("babel/locale-data/fa_AF.dat", True),
    ("babel/locale-data/de_CH.dat", False),
])
def test_unused_qt_and_cldr_files_are_dropped(dest: str, kept: bool) -> None:
    assert bundle_data.keep_entry(dest) is kept


def test_the_spec_builds_the_qt_modules_fieldkit_imports_lazily() -> None:
    spec = (ROOT / "packaging" / "fieldkit.spec").read_text(encoding="utf-8")
    for module in ("PySide6.QtMultimedia", "PySide6.QtTextToSpeech", "PySide6.QtCharts"):
        assert f'"{module}"' in spec
    assert 'collect_submodules("fieldkit"' in spec  # modules imported by name
    for module in ("PySide6.QtMultimedia", "PySide6.QtCharts", "PySide6.QtUiTools"):
        assert module not in bundle_data.EXCLUDES


def test_mac_info_plist_claims_packs_and_bundles() -> None:
    plist = bundle_data.mac_info_plist(ROOT)
    extensions = {ext for doc in plist["CFBundleDocumentTypes"]  # type: ignore[attr-defined]
                  for ext in doc["CFBundleTypeExtensions"]}
    assert extensions == {"fkpack", "fkbundle"}


@pytest.fixture
def fresh_lookup() -> Iterator[None]:
    packaged.packaged_dir.cache_clear()
    yield
    packaged.packaged_dir.cache_clear()


def test_a_frozen_app_reads_its_data_from_the_bundle(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lookup: None) -> None:
    for kind in ("ui", "translations", "resources"):
        (tmp_path / "fieldkit" / "_data" / kind).mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert packaged.packaged_dir("ui") == tmp_path / "fieldkit" / "_data" / "ui"
    assert packaged.resource("icons", "fieldkit.svg") == \
        tmp_path / "fieldkit" / "_data" / "resources" / "icons" / "fieldkit.svg"


def test_a_frozen_app_missing_a_folder_says_to_reinstall(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lookup: None) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(FileNotFoundError, match="install fieldkit again"):
        packaged.packaged_dir("ui")


def test_linux_desktop_entry_opens_files_and_names_the_mime_types() -> None:
    entry = (ROOT / "packaging/linux/fieldkit.desktop").read_text(encoding="utf-8")
    mime = (ROOT / "packaging/linux/fieldkit-mime.xml").read_text(encoding="utf-8")
    assert "Exec=fieldkit open %f" in entry
    for kind, suffix in (("pack", "fkpack"), ("bundle", "fkbundle")):
        assert f"application/x-fieldkit-{kind}" in entry
        assert f'<mime-type type="application/x-fieldkit-{kind}">' in mime
        assert f'<glob pattern="*.{suffix}"/>' in mime


def test_the_icon_renders_at_every_size(tmp_path: Path, qapp: object) -> None:
    from PySide6.QtGui import QImage

    make_icons = _load("make_icons")
    written = make_icons.render(ROOT / "resources" / "icons" / "fieldkit.svg", tmp_path)
    for size in make_icons.SIZES:
        image = QImage(str(tmp_path / f"fieldkit-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255  # drawn, not an empty canvas
    assert tmp_path / "fieldkit.ico" in written


def test_pyxforms_java_validator_is_left_out() -> None:
    assert not bundle_data.keep_entry("pyxform/validators/odk_validate/bin/ODK_Validate.jar")
    assert bundle_data.keep_entry("pyxform/validators/util.py")


def test_the_build_is_recorded_for_about(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         fresh_lookup: None) -> None:
    from fieldkit.gui.about import build_line

    packaged.build_info.cache_clear()
    assert build_line() == "Build: from source (developer install)"
    source, dest = bundle_data.write_build_info(ROOT, tmp_path)
    data = tmp_path / "bundle" / dest
    data.mkdir(parents=True)
    Path(source).rename(data / "build.json")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    packaged.build_info.cache_clear()
    try:
        line = build_line()
    finally:
        packaged.build_info.cache_clear()
    assert line.startswith("Build: \u2068linux-") or line.startswith("Build: \u2068")
    assert "commit" in line and "from source" not in line


def test_only_unneeded_runtime_hooks_are_dropped() -> None:
    scripts = [("pyi_rth_inspect", "a", "PYSOURCE"), ("pyi_rth_multiprocessing", "b", "PYSOURCE"),
               ("entry", "c", "PYSOURCE")]
    assert [s[0] for s in bundle_data.drop_runtime_hooks(scripts)] == ["pyi_rth_inspect", "entry"]
