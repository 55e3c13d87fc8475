"""The screenshot tour: run as a command, it saves a PNG of every main screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from fieldkit.gui.tour import SHOTS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FIELDKIT_DATA_DIR=str(data_dir))  # a safety net: it is not used
    env.pop("FIELDKIT_LANG", None)
    return subprocess.run([sys.executable, "-m", "fieldkit.gui.tour", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
                          check=False)


def _colours(image: QImage) -> int:
    step = 4  # every 4th pixel each way is plenty to tell a page from a blank one
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def test_tour_saves_every_screen_in_sorani(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    unused = tmp_path / "user-data"
    done = _run(str(out), "--lang", "ckb", data_dir=unused)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out / name) for name in SHOTS]
    assert sorted(p.name for p in out.iterdir()) == sorted(SHOTS)
    assert SHOTS == (
        "01-interview-list.png", "02-household-roster.png", "03-validation-summary.png",
        "04-rtl-form-page.png", "05-preferences.png", "06-about.png",
        "07-advice-sessions.png", "08-session-figures.png", "09-coordinator.png",
        "10-interviewer-sign-in.png", "11-consent.png", "12-pictures-large-text.png",
        "13-coordinator-progress.png", "14-coordinator-duplicates.png",
        "15-coordinator-export.png", "16-coordinator-forms.png",
        "17-coordinator-interviewers.png", "18-coordinator-quotas.png",
        "22-coordinator-partners.png", "23-coordinator-reports.png",
        "24-coordinator-privacy.png", "19-coordinator-categories.png", "20-project-setup.png",
        "21-coordinator-insight.png")
    for name in SHOTS:
        data = (out / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE), name
        assert len(data) > 5_000, name
    page = QImage(str(out / "04-rtl-form-page.png"))
    assert not page.isNull()
    assert page.width() >= 640 and page.height() >= 420
    assert _colours(page) > 16
    assert not unused.exists()  # demo data went to a temporary folder, not the user's


def test_tour_refuses_an_unknown_interface_language(tmp_path: Path) -> None:
    done = _run(str(tmp_path / "shots"), "--lang", "xx", data_dir=tmp_path / "data")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "--lang xx" in done.stderr
    assert not (tmp_path / "shots").exists()
