"""Releases: the long CSV layout, the disclosure rule applied to what the profile
engine counts, signatures, pseudonyms per agreement, refusals that write nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.cli import main
from fieldkit.insight import ProfileQuery, build_profile
from fieldkit.store import open_store
from fieldkit.store.models import ShareRelease
from fieldkit.sync import keys
from tests.partners.conftest import AGREEMENT


def _add(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    args = list(AGREEMENT)
    for i in range(0, len(extra), 2):
        if extra[i] in args:
            args[args.index(extra[i]) + 1] = extra[i + 1]
        else:
            args += [extra[i], extra[i + 1]]
    assert main(args) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _table(path: Path, name: str = "table.csv") -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def _registered(data_dir: Path) -> int:
    store = open_store(f"sqlite:///{data_dir / 'fieldkit.sqlite3'}")
    try:
        with store.session() as session:
            return int(session.scalar(select(func.count()).select_from(ShareRelease)) or 0)
    finally:
        store.close()


def test_aggregate_release(seeded: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    agreement = _add(capsys)
    out = tmp_path / "release.zip"
    assert main(["share", "release", "--agreement", agreement, "--by", "ethnicity,postcode",
                 "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["level"] == "aggregate" and result["withheld"] > 0
    rows = _table(out)
    assert list(rows[0]) == ["ethnicity", "postcode", "count"]
    for row in rows:
        assert row["count"] == "c" or int(row["count"]) >= 10
    # The published figures are the profile engine's (an independent count of the
    # households per group and district, all periods).
    store = open_store(f"sqlite:///{seeded / 'fieldkit.sqlite3'}")
    try:
        profile = build_profile(store, ProfileQuery(
            form_id="household_survey", by="ethnicity", measures=("tenure",),
            period="year", area_field="postcode"))
    finally:
        store.close()
    expected: dict[tuple[str, str], int] = {}
    for (group, _period, place), n in profile.area_interviews.items():
        expected[(group, place)] = expected.get((group, place), 0) + n
    for row in rows:
        key = (row["ethnicity"], row["postcode"])
        if row["count"] != "c" and "Total" not in key:
            assert int(row["count"]) == expected[key]
    grand = next(r for r in rows if r["ethnicity"] == "Total" and r["postcode"] == "Total")
    assert int(grand["count"]) == sum(profile.interviews.values())
    # No withheld cell alone in its group's line.
    for group in {r["ethnicity"] for r in rows}:
        hidden = [r for r in rows if r["ethnicity"] == group and r["count"] == "c"]
        assert len(hidden) != 1
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        manifest = archive.read("release.json")
        signature = archive.read("release.sig")
        readme = archive.read("README.txt").decode("utf-8")
        dictionary = archive.read("data_dictionary.csv").decode("utf-8")
    assert names == {"table.csv", "table.xlsx", "data_dictionary.csv", "README.txt",
                     "release.json", "release.sig"}
    meta = json.loads(manifest)
    assert keys.verify(bytes.fromhex(meta["verify_key"]), manifest, signature)
    assert "Shirley Primary" in readme and "agreement 1" in readme
    assert "withheld" in readme and "Article 9(2)(g)" in readme
    assert "white_polish" in dictionary
    assert _registered(seeded) == 1
    assert main(["share", "agreement", "show", agreement, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["releases"][0]["sha256"] == result["sha256"]


def test_rounding_agreement(seeded: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    agreement = _add(capsys, "--round-to", "5")
    out = tmp_path / "r.zip"
    assert main(["share", "release", "--agreement", agreement, "--by", "ethnicity,tenure",
                 "--out", str(out)]) == 0
    counts = [r["count"] for r in _table(out)]
    assert counts and all(c != "c" and int(c) % 5 == 0 for c in counts)


def test_refusals_write_nothing(seeded: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    agreement = _add(capsys)
    out = tmp_path / "never.zip"
    cases = [
        (["--by", "age"], "does not cover this field"),
        (["--by", "ethnicity", "--records"], "aggregate tables only"),
        (["--by", "ethnicity", "--form", "advice_session"], "covers only the form"),
        (["--by", "ethnicity,tenure,postcode"], "at most two"),
    ]
    for extra, message in cases:
        assert main(["share", "release", "--agreement", agreement, "--out", str(out),
                     *extra]) == 1
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1
    assert main(["share", "agreement", "end", agreement]) == 0
    assert main(["share", "release", "--agreement", agreement, "--out", str(out),
                 "--by", "ethnicity"]) == 1
    assert "has ended" in capsys.readouterr().err
    assert not out.exists() and _registered(seeded) == 0


def test_record_release_pseudonyms_differ_per_agreement(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _add(capsys, "--level", "records")
    second = _add(capsys, "--level", "records", "--partner", "GP practice")
    outs = [tmp_path / "a.zip", tmp_path / "b.zip"]
    for agreement, out in zip((first, second), outs, strict=True):
        assert main(["share", "release", "--agreement", agreement, "--by",
                     "ethnicity,tenure", "--records", "--out", str(out)]) == 0
    a, b = (_table(out, "records.csv") for out in outs)
    assert list(a[0]) == ["pseudonym", "ethnicity", "tenure"]  # only the fields asked
    assert len(a) == len(b) == 600
    assert not {r["pseudonym"] for r in a} & {r["pseudonym"] for r in b}
    assert len({r["pseudonym"] for r in a}) == 600
    # The same agreement gives the same pseudonyms next time (its own key).
    again = tmp_path / "a2.zip"
    assert main(["share", "release", "--agreement", first, "--by", "ethnicity",
                 "--records", "--out", str(again)]) == 0
    assert {r["pseudonym"] for r in _table(again, "records.csv")} == \
        {r["pseudonym"] for r in a}


def test_release_service_on_both_stores(store_url: str, tmp_path: Path) -> None:
    """Preview, release and register through the service, on SQLite and PostgreSQL."""
    from datetime import date

    from fieldkit.demo.seeding import seed_demo
    from fieldkit.errors import InvalidInput
    from fieldkit.partners.agreements import AgreementDraft, add_agreement
    from fieldkit.partners.releases import ReleaseRequest, make_release, preview_release
    from fieldkit.projects import current_project

    store = open_store(store_url)
    try:
        seed_demo(store, interviews=80, seed=3)
        project = current_project(store).id
        agreement = add_agreement(store, project, AgreementDraft(
            partner="School", purpose="planning", basis="6(1)(e)",
            form_id="household_survey", fields=("tenure", "ethnicity"), level="records",
            condition="9(2)(g)", ends=date(2099, 1, 1), signed_by="DPO",
            starts=date(2020, 1, 1)))
        request = ReleaseRequest(agreement.id, ("ethnicity", "tenure"), tmp_path / "a.zip")
        preview = preview_release(store, project, request)
        assert preview.reasons and all(v in ("primary", "secondary")
                                       for v in preview.reasons.values())
        assert not request.out.exists()
        release = make_release(store, project, request)
        assert [r["count"] for r in release.table] == [r["count"] for r in preview.rows]
        records = make_release(store, project, ReleaseRequest(
            agreement.id, ("tenure",), tmp_path / "b.zip", records=True))
        assert records.rows == 80
        with pytest.raises(InvalidInput):
            make_release(store, project, ReleaseRequest(agreement.id, ("age",),
                                                        tmp_path / "c.zip"))
        with store.session() as session:
            levels = session.scalars(select(ShareRelease.level).order_by(
                ShareRelease.id)).all()
        assert list(levels) == ["aggregate", "records"]
    finally:
        store.close()
