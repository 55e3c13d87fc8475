"""Migrations: models and revisions agree, an old store upgrades with a backup first,
and a store from a newer fieldkit is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from fieldkit.errors import EnvironmentProblem
from fieldkit.store import make_engine, migrations, open_store
from fieldkit.store.models import AuditEvent, Base, Project


def test_revisions_build_exactly_the_models(store_url: str) -> None:
    store = open_store(store_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts={"compare_type": True}), Base.metadata)
    store.close()
    assert diff == []


def test_old_store_is_upgraded_with_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, name, role, created_at) "
                          "VALUES ('p1', 'Kurdish outreach', 'laptop', '2026-01-01')"))
    engine.dispose()
    assert migrations.current_revision(make_engine(f"sqlite:///{db}")) == "0001"

    backups = tmp_path / "backups"
    store = open_store(f"sqlite:///{db}", backup_dir=backups)
    assert migrations.current_revision(store.engine) == migrations.head_revision()
    with store.session() as session:
        assert session.scalars(select(Project.name)).all() == ["Kurdish outreach"]
        session.add(AuditEvent(action="view"))  # the table 0002 adds
    store.close()

    (backup,) = backups.glob("*-before-*.sqlite3")  # and the day's (test_faults)
    assert f"before-{migrations.HEAD_REVISION}" in backup.name
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT name FROM project").fetchall() == [("Kurdish outreach",)]


def test_up_to_date_store_takes_no_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    open_store(url, backup_dir=tmp_path / "backups").close()
    open_store(url, backup_dir=tmp_path / "backups").close()
    assert not list((tmp_path / "backups").glob("*-before-*"))
    # Only the day's backup, taken once however often the store is opened.
    assert len(list((tmp_path / "backups").glob("*-daily.sqlite3"))) == 1


def test_store_from_a_newer_fieldkit_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    open_store(f"sqlite:///{db}").close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()
    with pytest.raises(EnvironmentProblem, match="newer version of fieldkit"):
        open_store(f"sqlite:///{db}", backup_dir=tmp_path / "backups")
    assert db.read_bytes() == before


def test_downgrade_and_upgrade_again(store_url: str) -> None:
    """Revisions are reversible, so a bad release can be backed out."""
    from alembic import command

    store = open_store(store_url)
    cfg = migrations.alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert migrations.current_revision(store.engine) is None
    migrations.upgrade(store.engine)
    assert migrations.current_revision(store.engine) == migrations.head_revision()
    store.close()


def test_head_constant_matches_the_scripts() -> None:
    """Bump migrations.HEAD_REVISION together with every new revision file."""
    assert migrations.head_revision() == migrations.HEAD_REVISION


def test_field_versions_keep_their_rows_when_rekeyed(tmp_path: Path) -> None:
    """0009 rebuilds sync_version keyed by (interview, path, id): nothing is lost."""
    db = tmp_path / "versions.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    migrations.upgrade(engine, "0008")
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(text(
                "INSERT INTO sync_version (id, interview_uuid, path, value, device_id, clock,"
                " supersedes, written_at, bundle_seq, received) VALUES (:id, 'i1', :path, "
                ":value, 'd1', :n, '[]', '2026-12-01T10:00:00+00:00', 2, 1)"),
                {"id": f"{n}" * 64, "path": f"/f{n % 2}", "value": f"v{n}", "n": n})
    engine.dispose()
    store = open_store(f"sqlite:///{db}", backup_dir=tmp_path / "backups")
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT interview_uuid, path, id, value, clock, bundle_seq, "
                                 "received FROM sync_version ORDER BY clock")).all()
        ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'sync_version'"))
        sql = ddl.scalar_one()
    store.close()
    assert rows == [("i1", f"/f{n % 2}", f"{n}" * 64, f"v{n}", n, 2, 1) for n in range(3)]
    assert "WITHOUT ROWID" in sql and "PRIMARY KEY (interview_uuid, path, id)" in sql


def test_going_back_before_packs_unpacks_them(tmp_path: Path) -> None:
    """Downgrading 0010 turns packed versions into rows first: they are the only copy."""
    from alembic import command

    from fieldkit.sync.versions import Version, encode_versions

    store = open_store(f"sqlite:///{tmp_path / 'packs.sqlite3'}")
    versions = [Version.make("i1", f"/f{n}", f"v{n}", device_id="d1", clock=n,
                             written_at="2026-12-01T10:00:00+00:00", supersedes=())
                for n in range(2)]
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO sync_version_pack (interview_uuid, device_id, "
                          "bundle_seq, versions, body) VALUES ('i1', 'd1', 1, 2, :body)"),
                     {"body": encode_versions(versions)})
        cfg = migrations.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, interview_uuid, path, value, clock, supersedes "
                                 "FROM sync_version ORDER BY clock")).all()
    store.close()
    assert rows == [(v.id, "i1", v.path, v.value, v.clock, "[]") for v in versions]
