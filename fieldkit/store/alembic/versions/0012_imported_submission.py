"""ODK submissions imported by the coordinator, keyed by instanceID (F7 item 1).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_submission",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("instance_id", sa.String(length=200), nullable=False),
        sa.Column("interview_uuid", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.String(length=1000), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("odk_device", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["interview_uuid"], ["interview.uuid"], ondelete="CASCADE",
                                name=op.f("fk_imported_submission_interview_uuid_interview")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_imported_submission_project_id_project")),
        sa.PrimaryKeyConstraint("project_id", "instance_id",
                                name=op.f("pk_imported_submission")),
    )
    op.create_index(op.f("ix_imported_submission_interview_uuid"), "imported_submission",
                    ["interview_uuid"])


def downgrade() -> None:
    op.drop_index(op.f("ix_imported_submission_interview_uuid"),
                  table_name="imported_submission")
    op.drop_table("imported_submission")
