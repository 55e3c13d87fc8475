"""Reports (F10): the settings each kind of report reuses per project, and the
reports made with the figures they published (the next report says what moved).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_setting",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_report_setting_project_id_project")),
        sa.PrimaryKeyConstraint("project_id", "kind", name=op.f("pk_report_setting")),
    )
    op.create_table(
        "report_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=1000), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_report_run_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_run")),
    )
    op.create_index("ix_report_run_project_kind", "report_run", ["project_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_report_run_project_kind", table_name="report_run")
    op.drop_table("report_run")
    op.drop_table("report_setting")
