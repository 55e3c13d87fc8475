"""A batch import survives a bad bundle: the good ones before and after it are
imported, every file is reported, and the exit code says one was refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.sync import bundle_in
from tests.hostile.forge import Forge
from tests.sync.helpers import Coordinator


def test_good_bad_good(coordinator: Coordinator, forge: Forge, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    good = forge.write(tmp_path / "good.zip", forge.interview())
    bad = forge.write(tmp_path / "bad.zip", forge.interview(), manifest={"seq": 10**30})
    forge.seq = 2
    good2 = forge.write(tmp_path / "good2.zip", forge.interview())
    code = main(["--db", str(coordinator.store.engine.url), "bundle", "import", "--json",
                 str(good), str(bad), str(good2)])
    out = json.loads(capsys.readouterr().out)
    assert code == 3
    assert [(b["file"], b["accepted"]) for b in out["bundles"]] == [
        (str(good), True), (str(bad), False), (str(good2), True)]
    assert sum(b["interviews_new"] for b in out["bundles"]) == 2


def test_a_bug_on_one_bundle_does_not_stop_the_others(
        coordinator: Coordinator, forge: Forge, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    good = forge.write(tmp_path / "good.zip", forge.interview())
    forge.seq = 2
    cursed = forge.write(tmp_path / "cursed.zip", forge.interview())
    forge.seq = 3
    good2 = forge.write(tmp_path / "good2.zip", forge.interview())
    real = bundle_in.read_bundle

    def read(path: Path, *args: object, **kwargs: object) -> bundle_in.ParsedBundle:
        if path.name == "cursed.zip":
            raise ZeroDivisionError("a bug")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bundle_in, "read_bundle", read)
    code = main(["--db", str(coordinator.store.engine.url), "bundle", "import",
                 str(good), str(cursed), str(good2)])
    captured = capsys.readouterr()
    assert code == 3
    assert captured.err.count("\n") == 1 and "cursed.zip" in captured.err
    assert "unexpected error" in captured.err and "Traceback" not in captured.err
    assert captured.out.count("accepted") == 2
