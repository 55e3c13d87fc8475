"""Duplicate households and the consultation register: household keys (keyed
hashes) per interview, duplicate flags for review, the laptop's register, and the
project setting for how many months the register covers.

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_project", sa.Column("consultation_months", sa.Integer(),
                                            server_default="12", nullable=False))
    op.create_table(
        "sync_household",
        sa.Column("interview_uuid", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("block_hash", sa.String(length=64), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["interview_uuid"], ["interview.uuid"], ondelete="CASCADE",
                                name=op.f("fk_sync_household_interview_uuid_interview")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_sync_household_project_id_project")),
        sa.PrimaryKeyConstraint("interview_uuid", name=op.f("pk_sync_household")),
    )
    op.create_index(op.f("ix_sync_household_block_hash"), "sync_household", ["block_hash"])
    op.create_index(op.f("ix_sync_household_address_hash"), "sync_household",
                    ["address_hash"])
    op.create_table(
        "sync_duplicate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("interview_a", sa.String(length=36), nullable=False),
        sa.Column("interview_b", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("duplicate_uuid", sa.String(length=36), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open', 'not_duplicate', 'duplicate')",
                           name=op.f("ck_sync_duplicate_status")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_sync_duplicate_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_duplicate")),
        sa.UniqueConstraint("interview_a", "interview_b",
                            name=op.f("uq_sync_duplicate_interview_a")),
    )
    op.create_index(op.f("ix_sync_duplicate_project_id"), "sync_duplicate", ["project_id"])
    op.create_index(op.f("ix_sync_duplicate_interview_a"), "sync_duplicate", ["interview_a"])
    op.create_index(op.f("ix_sync_duplicate_interview_b"), "sync_duplicate", ["interview_b"])
    op.create_table(
        "consultation_entry",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("consulted_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_consultation_entry_project_id_project")),
        sa.PrimaryKeyConstraint("project_id", "address_hash",
                                name=op.f("pk_consultation_entry")),
    )


def downgrade() -> None:
    op.drop_table("consultation_entry")
    op.drop_index(op.f("ix_sync_duplicate_interview_b"), table_name="sync_duplicate")
    op.drop_index(op.f("ix_sync_duplicate_interview_a"), table_name="sync_duplicate")
    op.drop_index(op.f("ix_sync_duplicate_project_id"), table_name="sync_duplicate")
    op.drop_table("sync_duplicate")
    op.drop_index(op.f("ix_sync_household_address_hash"), table_name="sync_household")
    op.drop_index(op.f("ix_sync_household_block_hash"), table_name="sync_household")
    op.drop_table("sync_household")
    with op.batch_alter_table("sync_project") as batch:
        batch.drop_column("consultation_months")
