"""Packs of field versions: a coordinator keeps all the versions one bundle brings of
an interview new to it as one row instead of one row each (see SyncVersionPack).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_version_pack",
        sa.Column("interview_uuid", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("bundle_seq", sa.BigInteger(), nullable=False),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("interview_uuid", "device_id", "bundle_seq",
                                name=op.f("pk_sync_version_pack")),
    )


def downgrade() -> None:
    # Unpack into rows first: a pack is the only copy of its versions.
    bind = op.get_bind()
    insert = sa.text(
        "INSERT INTO sync_version (interview_uuid, path, id, value, device_id, clock, "
        "supersedes, written_at, bundle_seq, received) VALUES (:interview, :path, :id, "
        ":value, :device, :clock, :supersedes, :at, NULL, :received) ON CONFLICT DO NOTHING")
    for (body,) in bind.execute(sa.text("SELECT body FROM sync_version_pack")):
        rows = [{**v, "supersedes": json.dumps(v["supersedes"]), "received": False}
                for v in json.loads(body)]
        if rows:
            bind.execute(insert, rows)
    op.drop_table("sync_version_pack")
