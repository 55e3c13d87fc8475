"""Privacy (F13): the retention period of personal fields at the coordinator and the
erasures every project pack carries to the laptops.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_project") as batch:
        batch.add_column(sa.Column("personal_months", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pseudonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "privacy_erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("interview_uuid", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=1000), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_privacy_erasure_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_erasure")),
    )
    op.create_index("ix_privacy_erasure_project_id", "privacy_erasure", ["project_id"])
    op.create_index("ix_privacy_erasure_interview_uuid", "privacy_erasure",
                    ["interview_uuid"])


def downgrade() -> None:
    op.drop_index("ix_privacy_erasure_interview_uuid", table_name="privacy_erasure")
    op.drop_index("ix_privacy_erasure_project_id", table_name="privacy_erasure")
    op.drop_table("privacy_erasure")
    with op.batch_alter_table("sync_project") as batch:
        batch.drop_column("pseudonymised_at")
        batch.drop_column("personal_months")
