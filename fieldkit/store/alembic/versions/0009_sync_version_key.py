"""Field versions keyed by (interview, path, id) instead of the id alone, so a
bundle's versions are written side by side instead of at random places of an index
of hashes (importing 500,000 versions spent most of its time there). On SQLite the
table is WITHOUT ROWID: the key is the table, one b-tree instead of three.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_COLUMNS = ("interview_uuid, path, id, value, device_id, clock, supersedes, written_at, "
            "bundle_seq, received")


def _sqlite_rebuild(key: str, rowid: bool) -> None:
    # SQLite cannot change a primary key in place (nor make a table WITHOUT ROWID):
    # copy into a new table, then swap.
    op.execute(f"""CREATE TABLE sync_version_new (
        interview_uuid VARCHAR(36) NOT NULL, path VARCHAR(1000) NOT NULL,
        id VARCHAR(64) NOT NULL, value TEXT, device_id VARCHAR(36) NOT NULL,
        clock BIGINT NOT NULL, supersedes TEXT NOT NULL, written_at VARCHAR(40) NOT NULL,
        bundle_seq BIGINT, received BOOLEAN NOT NULL,
        CONSTRAINT pk_sync_version PRIMARY KEY ({key})){"" if rowid else " WITHOUT ROWID"}""")
    op.execute(f"INSERT INTO sync_version_new ({_COLUMNS}) SELECT {_COLUMNS} FROM sync_version")
    op.execute("DROP TABLE sync_version")
    op.execute("ALTER TABLE sync_version_new RENAME TO sync_version")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rebuild("interview_uuid, path, id", rowid=False)
        return
    op.drop_index("ix_sync_version_field", table_name="sync_version")
    op.drop_constraint("pk_sync_version", "sync_version", type_="primary")
    op.create_primary_key("pk_sync_version", "sync_version", ["interview_uuid", "path", "id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rebuild("id", rowid=True)
    else:
        op.drop_constraint("pk_sync_version", "sync_version", type_="primary")
        op.create_primary_key("pk_sync_version", "sync_version", ["id"])
    op.create_index("ix_sync_version_field", "sync_version", ["interview_uuid", "path"])
