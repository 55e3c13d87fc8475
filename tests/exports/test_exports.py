"""Exports read back with the csv module, openpyxl and pyreadstat."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pyreadstat
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.exports import ExportCancelled, ExportRequest, run_export
from fieldkit.store import Store
from fieldkit.store.models import Answer, AuditEvent, Form, Interview
from tests.exports.conftest import SEEDED

FORM = "household_survey"
MEMBER = f"{FORM}-member"


def _csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _names(store: Store) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(Answer.value).where(
            Answer.path.like("%/member_name"))))


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_csv_tables_join_and_split_select_multiple(seeded: Store, tmp_path: Path) -> None:
    result = run_export(seeded, ExportRequest("csv", tmp_path / "out", forms=(FORM,)))
    assert result.interviews == SEEDED
    main_rows = _csv(tmp_path / "out" / f"{FORM}.csv")
    members = _csv(tmp_path / "out" / f"{MEMBER}.csv")
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {
        f"{FORM}.csv", f"{MEMBER}.csv", "codebook.xlsx", "codebook.md"}
    keys = {r["KEY"] for r in main_rows}
    assert len(keys) == SEEDED and all(k.startswith("uuid:") for k in keys)
    # Every roster row joins to its household, and each household has hh_size members.
    assert {m["PARENT_KEY"] for m in members} <= keys
    for row in main_rows:
        mine = [m for m in members if m["PARENT_KEY"] == row["KEY"]]
        assert len(mine) == int(row["hh_size"])
        assert [m["KEY"] for m in mine] == [
            f"{row['KEY']}/member[{i}]" for i in range(1, len(mine) + 1)]
        assert row["meta_status"] == "finalized" and row["meta_open_conflicts"] == "no"
        assert row["start"] and row["meta_start"].endswith("+00:00")
    for m in members:
        chosen = set(m["health"].split())
        for choice in ("none", "mobility", "sight", "prefer_not"):
            assert m[f"health/{choice}"] == ("1" if choice in chosen else "0")
        assert int(m["age"]) >= 0
    # Personal data is kept unless asked otherwise: the names are there.
    assert {m["member_name"] for m in members} <= _names(seeded)


def test_csv_zip_and_choice_labels(seeded: Store, tmp_path: Path) -> None:
    run_export(seeded, ExportRequest("csv", tmp_path / "out.zip", choices="labels",
                                     language="pl"))
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        names = archive.namelist()
        members = list(csv.DictReader(io.StringIO(
            archive.read(f"{MEMBER}.csv").decode("utf-8-sig"), newline="")))
    assert f"{FORM}.csv" in names and "codebook.md" in names
    assert {m["sex"] for m in members} <= {"Żeńska", "Męska", "Inna", "Wolę nie odpowiadać"} | {
        m["sex"] for m in members if not m["sex"].isascii()}
    assert "Żeńska" in {m["sex"] for m in members} or "Męska" in {m["sex"] for m in members}


def test_xlsx_names_labels_numbers_and_rtl(seeded: Store, tmp_path: Path) -> None:
    out = tmp_path / "data.xlsx"
    run_export(seeded, ExportRequest("xlsx", out, language="ckb", forms=(FORM,)))
    assert (tmp_path / "data-codebook.xlsx").exists() and (tmp_path / "data-codebook.md").exists()
    book = load_workbook(out)
    assert book.sheetnames[:2] == [FORM, MEMBER]
    sheet = book[MEMBER]
    header = [c.value for c in sheet[1]]
    labels = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert labels["age"] == "تەمەنی ${member_name} چەندە؟"  # Sorani, as the form has it
    assert sheet.freeze_panes == "B3"
    ages = [row[header.index("age")] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert all(isinstance(a, int) for a in ages)
    names = {row[header.index("member_name")]
             for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert any("ڕ" in n or "ێ" in n or "ۆ" in n for n in names)  # RTL text round trip
    assert names <= _names(seeded)
    assert sheet.column_dimensions["A"].width >= 8


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_stats_files_have_variable_and_value_labels(seeded: Store, tmp_path: Path,
                                                    fmt: str) -> None:
    run_export(seeded, ExportRequest(fmt, tmp_path / "out"))
    read = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    frame, meta = read(str(tmp_path / "out" / f"{MEMBER}.{fmt}"))
    labels = meta.column_names_to_labels
    assert labels["age"] == "How old is ${member_name}?"
    assert meta.variable_value_labels["sex"][1] == "Female"
    assert frame["age"].dtype.kind == "f"
    assert set(frame["health_none"].dropna()) <= {0.0, 1.0}
    assert {"KEY", "PARENT_KEY"} <= set(frame.columns)
    assert set(frame["member_name"]) <= _names(seeded)
    assert any(not n.isascii() for n in frame["member_name"])  # Sorani/Farsi survive
    main_frame, _meta = read(str(tmp_path / "out" / f"{FORM}.{fmt}"))
    assert set(frame["PARENT_KEY"]) <= set(main_frame["KEY"])
    if fmt == "sav":
        _f, with_missing = pyreadstat.read_sav(str(tmp_path / "out" / f"{MEMBER}.sav"),
                                               user_missing=True)
        assert with_missing.missing_ranges["sex"] == [{"lo": 4.0, "hi": 4.0}]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav", "dta"])
def test_same_store_gives_the_same_bytes(seeded: Store, tmp_path: Path, fmt: str) -> None:
    outs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        out = folder / "data.xlsx" if fmt == "xlsx" else folder / "out"
        run_export(seeded, ExportRequest(fmt, out, personal="pseudonymise"))
        outs.append(_all_bytes(out if fmt != "xlsx" else folder))
    assert outs[0] == outs[1]


def test_pseudonymised_export_leaks_no_names_and_is_stable(seeded: Store,
                                                          tmp_path: Path) -> None:
    from fieldkit.interviews import start_interview
    from fieldkit.interviews.consent import Consent
    from fieldkit.project_forms import project_forms
    from fieldkit.projects import current_project

    forms = {f.form_id: f.pk for f in project_forms(seeded, current_project(seeded).id)}
    handle = start_interview(seeded, form_pk=forms["customer_profile"],
                             respondent_language="English (en)", label="Jadwiga Zielińska",
                             consent=Consent("verbal"))
    about = "/data/profile/about_you"
    handle.answer("/data/consent_grp/consent", "yes")
    handle.answer("/data/consent_grp/consent_type", "verbal")
    handle.answer(f"{about}/full_name", "Jadwiga Zielińska")
    handle.answer(f"{about}/phone", "+44 7700 900123")
    handle.answer(f"{about}/postcode", "LS6 2QD")
    typed = ["Jadwiga", "Zieli", "7700 900123", "LS6 2QD"]
    # Short first names occur by chance in other text: "Jan" in a file's date,
    # رضا inside the form's labels that the codebook quotes. Names of four letters
    # or more are searched for in the data files.
    names = sorted(n for n in _names(seeded) if len(n) >= 4)
    assert len(names) > 10
    for fmt in ("csv", "xlsx", "sav", "dta"):
        out = tmp_path / fmt / ("data.xlsx" if fmt == "xlsx" else "out")
        run_export(seeded, ExportRequest(fmt, out, statuses=("draft", "finalized"),
                                         personal="pseudonymise"))
        for path in (out if fmt != "xlsx" else out.parent).iterdir():
            data = path.read_bytes()
            texts = [data]
            secrets = typed if "codebook" in path.name else typed + names
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as archive:
                    texts = [archive.read(n) for n in archive.namelist()]
            for text in texts:
                for secret in secrets:
                    assert secret.encode("utf-8") not in text, (path, secret)
    first = _csv(tmp_path / "csv" / "out" / "customer_profile.csv")[0]["full_name"]
    run_export(seeded, ExportRequest("csv", tmp_path / "again", statuses=("draft",),
                                     forms=("customer_profile",), personal="pseudonymise"))
    again = _csv(tmp_path / "again" / "customer_profile.csv")[0]
    assert again["full_name"] == first and first.startswith("P-")
    assert again["meta_label"] == first  # the same text, the same code


def test_dropped_personal_fields_have_no_column(seeded: Store, tmp_path: Path) -> None:
    run_export(seeded, ExportRequest("csv", tmp_path / "out", personal="drop"))
    members = _csv(tmp_path / "out" / f"{MEMBER}.csv")
    assert "member_name" not in members[0] and "age" in members[0]
    assert "meta_label" not in _csv(tmp_path / "out" / f"{FORM}.csv")[0]
    codebook = (tmp_path / "out" / "codebook.md").read_text(encoding="utf-8")
    assert "member_name" in codebook and "Left out (personal data)" in codebook


def test_interviewer_names_are_personal_metadata(seeded: Store, tmp_path: Path) -> None:
    """Shared with a partner, interviewers (often from the community surveyed) get a
    code: one per interviewer, so interviewer effects can still be analysed."""
    from fieldkit.demo.household import INTERVIEWERS

    kept = _csv(_export(seeded, tmp_path / "keep", "keep") / f"{FORM}.csv")
    names = [row["meta_interviewer"] for row in kept]
    assert set(names) <= set(INTERVIEWERS) and len(set(names)) > 1
    coded = _csv(_export(seeded, tmp_path / "code", "pseudonymise") / f"{FORM}.csv")
    codes = [row["meta_interviewer"] for row in coded]
    assert all(c.startswith("P-") for c in codes)
    assert len(set(codes)) == len(set(names))  # one code per interviewer
    assert all(len({c for n, c in zip(names, codes, strict=True) if n == name}) == 1
               for name in set(names))
    dropped = _csv(_export(seeded, tmp_path / "drop", "drop") / f"{FORM}.csv")
    assert "meta_interviewer" not in dropped[0]


def _export(store: Store, out: Path, personal: str) -> Path:
    run_export(store, ExportRequest("csv", out, personal=personal))
    return out


def test_advice_session_records_are_exported_at_any_status(seeded: Store,
                                                          tmp_path: Path) -> None:
    """Sessions and attendances stay drafts while follow-ups are due: the default
    selection (no drafts) still exports them, and still leaves out draft interviews."""
    from fieldkit.attendance import ATTENDEE_FORM_ID, SESSION_FORM_ID

    with seeded.session() as session:
        statuses = {form_id: sorted({s for (s,) in session.execute(
            select(Interview.status).join(Form, Form.id == Interview.form_pk)
            .where(Form.form_id == form_id))}) for form_id in (SESSION_FORM_ID,
                                                                ATTENDEE_FORM_ID)}
    assert statuses[ATTENDEE_FORM_ID] == ["draft"]  # the case that matters
    result = run_export(seeded, ExportRequest("csv", tmp_path / "out"))
    tables = {f.form_id: f.interviews for f in result.forms}
    assert tables[FORM] == SEEDED
    assert tables[ATTENDEE_FORM_ID] == len(_csv(tmp_path / "out" / f"{ATTENDEE_FORM_ID}.csv"))
    assert tables[SESSION_FORM_ID] > 0 and tables[ATTENDEE_FORM_ID] > tables[SESSION_FORM_ID]
    assert {r["meta_status"] for r in _csv(tmp_path / "out" / f"{ATTENDEE_FORM_ID}.csv")} \
        == {"draft"}


def test_every_export_is_audited(seeded: Store, tmp_path: Path) -> None:
    run_export(seeded, ExportRequest("csv", tmp_path / "out", personal="pseudonymise",
                                     actor="coordinator", forms=(FORM,)))
    with seeded.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    detail = json.loads(event.detail)
    assert event.actor == "coordinator"
    assert detail["personal"] == "pseudonymise" and detail["interviews"] == SEEDED


def test_cancel_leaves_nothing_behind(seeded: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        run_export(seeded, ExportRequest("csv", tmp_path / "x" / "out", forms=(FORM,)),
                   progress=lambda d, t: seen.append((d, t)), cancelled=lambda: True)
    assert list((tmp_path / "x").iterdir()) == []
    assert seen[0] == (0, SEEDED)
    with seeded.session() as session:
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all() == []


def test_cli_export_json(seeded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                         ) -> None:
    out = tmp_path / "x.zip"
    assert main(["export", "csv", "--out", str(out), "--form", FORM, "--json",
                 "--pseudonymise", "--since", "2024-01-01"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["interviews"] == SEEDED and result["files"] == [str(out)]
    assert result["forms"][0]["tables"][FORM] == SEEDED


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--form", "nope"], 1, "no such form"),
    (["--since", "2030-01-01"], 1, "Nothing to export"),
    (["--since", "yesterday"], 2, "YYYY-MM-DD"),
    (["--label-lang", "xx"], 1, "no such language"),
])  # fmt: skip
def test_cli_errors_are_one_line(seeded: Store, tmp_path: Path,  # noqa: PLR0917
                                 capsys: pytest.CaptureFixture[str], args: list[str],
                                 code: int, words: str) -> None:
    assert main(["export", "csv", "--out", str(tmp_path / "out"), *args]) == code
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_cli_unwritable_path_and_wrong_suffix(seeded: Store, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "csv", "--out", str(blocker / "out")]) == 4
    assert main(["export", "xlsx", "--out", str(tmp_path / "data.csv")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 2


def test_failed_export_leaves_no_file(seeded: Store, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.exports import service

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service, "write_codebook_markdown", broken)
    with pytest.raises(Exception, match="No space left"):
        run_export(seeded, ExportRequest("csv", tmp_path / "x" / "out.zip"))
    assert list((tmp_path / "x").iterdir()) == []


def test_drafts_only_when_asked(seeded: Store, tmp_path: Path) -> None:
    household = ("household_survey",)
    with seeded.session() as session:
        uuid = session.scalars(select(Interview.uuid).join(Form).where(
            Form.form_id == household[0])).first()
        session.get_one(Interview, uuid).status = "draft"
    result = run_export(seeded, ExportRequest("csv", tmp_path / "a", forms=household))
    assert result.interviews == SEEDED - 1
    result = run_export(seeded, ExportRequest("csv", tmp_path / "b", forms=household,
                                              statuses=("draft",)))
    assert result.interviews == 1
