"""Sync without a server: coordinator keys and settings, trusted devices, field
versions (the merge's history), the log of imported bundles, quotas.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_bundle",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq", "sha256", name=op.f("pk_sync_bundle")),
    )
    op.create_table(
        "sync_version",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("interview_uuid", sa.String(length=36), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("clock", sa.BigInteger(), nullable=False),
        sa.Column("supersedes", sa.Text(), nullable=False),
        sa.Column("written_at", sa.String(length=40), nullable=False),
        sa.Column("bundle_seq", sa.BigInteger(), nullable=True),
        sa.Column("received", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_version")),
    )
    op.create_index(
        "ix_sync_version_field", "sync_version", ["interview_uuid", "path"], unique=False
    )
    op.create_table(
        "sync_project",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("verify_key", sa.LargeBinary(), nullable=False),
        sa.Column("box_key", sa.LargeBinary(), nullable=False),
        sa.Column("pack_version", sa.Integer(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("interviewer_id", sa.String(length=36), nullable=True),
        sa.Column("enrolment_proof", sa.String(length=128), nullable=True),
        sa.Column("bundle_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_sync_project_project_id_project")
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_sync_project")),
    )
    op.create_table(
        "sync_device",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("interviewer_id", sa.String(length=36), nullable=False),
        sa.Column("verify_key", sa.LargeBinary(), nullable=False),
        sa.Column("max_seq", sa.BigInteger(), nullable=False),
        sa.Column("max_clock", sa.BigInteger(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_sync_device_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["interviewer_id"],
            ["interviewer.id"],
            name=op.f("fk_sync_device_interviewer_id_interviewer"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_sync_device_project_id_project")
        ),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_sync_device")),
    )
    op.create_index(op.f("ix_sync_device_project_id"), "sync_device", ["project_id"], unique=False)
    op.create_table(
        "sync_quota",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("form_id", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("value", sa.String(length=1000), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("interviewer_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["interviewer_id"],
            ["interviewer.id"],
            name=op.f("fk_sync_quota_interviewer_id_interviewer"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_sync_quota_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_quota")),
    )
    op.create_index(op.f("ix_sync_quota_project_id"), "sync_quota", ["project_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sync_quota_project_id"), table_name="sync_quota")
    op.drop_table("sync_quota")
    op.drop_index(op.f("ix_sync_device_project_id"), table_name="sync_device")
    op.drop_table("sync_device")
    op.drop_table("sync_project")
    op.drop_index("ix_sync_version_field", table_name="sync_version")
    op.drop_table("sync_version")
    op.drop_table("sync_bundle")
