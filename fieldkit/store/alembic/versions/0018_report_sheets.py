"""Reports (F10): myth-busting facts and the feedback to participants, each with the
coordinator's wording per language.

Revision ID: 0018
Revises: 0017 (the task gives 0016; 0017, the trend report's, already revises it on
the reports branch merged here, and two heads would stop every store from opening,
so this chains after 0017 until the lead re-chains)
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("figure", sa.Text(), nullable=False),
        sa.Column("scale", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_report_fact_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_fact")),
    )
    op.create_table(
        "report_fact_text",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["report_fact.id"],
                                name=op.f("fk_report_fact_text_fact_id_report_fact")),
        sa.PrimaryKeyConstraint("fact_id", "language", name=op.f("pk_report_fact_text")),
    )
    op.create_table(
        "feedback_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("form_id", sa.String(length=200), nullable=False),
        sa.Column("community", sa.String(length=200), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("figure", sa.Text(), nullable=False),
        sa.Column("icon", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_feedback_item_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_item")),
    )
    op.create_table(
        "feedback_text",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("easy", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["feedback_item.id"],
                                name=op.f("fk_feedback_text_item_id_feedback_item")),
        sa.PrimaryKeyConstraint("item_id", "language", name=op.f("pk_feedback_text")),
    )


def downgrade() -> None:
    op.drop_table("feedback_text")
    op.drop_table("feedback_item")
    op.drop_table("report_fact_text")
    op.drop_table("report_fact")
