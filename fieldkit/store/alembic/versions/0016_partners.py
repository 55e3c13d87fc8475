"""Partners (F9): data-sharing agreements and their versions, the register of
releases, partners' figures (per source, area, category and period), the column
mapping remembered per source, and the log of anecdotal information.

Revision ID: 0016
Revises: 0012 (the lead re-chains at merge; the task's base is 0010)
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
# The task gives "0010"; 0015 already revises 0010 on main, and two heads would stop
# every store from opening, so this chains after 0015 until the lead re-chains.
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=500), nullable=False),
        sa.Column("condition", sa.String(length=500), nullable=False),
        sa.Column("form_id", sa.String(length=200), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("min_count", sa.Integer(), nullable=False),
        sa.Column("round_to", sa.Integer(), nullable=True),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("review", sa.Date(), nullable=True),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_by", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_share_agreement_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_agreement")),
    )
    op.create_table(
        "share_agreement_version",
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["share_agreement.id"],
                                name=op.f("fk_share_agreement_version_agreement_id_share_agreement")),
        sa.PrimaryKeyConstraint("agreement_id", "version", name=op.f("pk_share_agreement_version")),
    )
    op.create_table(
        "share_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("agreement_version", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("by_fields", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=1000), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("withheld", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["share_agreement.id"],
                                name=op.f("fk_share_release_agreement_id_share_agreement")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_release")),
    )
    op.create_table(
        "partner_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=1000), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("layout", sa.String(length=32), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("signed_by", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_partner_import_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_import")),
    )
    op.create_table(
        "partner_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_partner_figure_project_id_project")),
        sa.ForeignKeyConstraint(["import_id"], ["partner_import.id"],
                                name=op.f("fk_partner_figure_import_id_partner_import")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_figure")),
        sa.UniqueConstraint("project_id", "source", "area", "category", "period",
                            name=op.f("uq_partner_figure_key")),
    )
    op.create_table(
        "partner_mapping",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_partner_mapping_project_id_project")),
        sa.PrimaryKeyConstraint("project_id", "source", name=op.f("pk_partner_mapping")),
    )
    op.create_table(
        "anecdote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("community", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_anecdote_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anecdote")),
    )
    op.create_index("ix_partner_figure_series", "partner_figure",
                    ["project_id", "source", "area", "category"])


def downgrade() -> None:
    op.drop_index("ix_partner_figure_series", table_name="partner_figure")
    op.drop_table("anecdote")
    op.drop_table("partner_mapping")
    op.drop_table("partner_figure")
    op.drop_table("partner_import")
    op.drop_table("share_release")
    op.drop_table("share_agreement_version")
    op.drop_table("share_agreement")
