"""Census reference tables (F8): imported ONS tables, the postcode lookup and the
project's crosswalks from form choices to census categories.

Revision ID: 0011
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "census_table",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_code", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("population", sa.String(length=200), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("areas", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_census_table")),
        sa.UniqueConstraint("table_code", "level", name=op.f("uq_census_table_table_code")),
    )
    op.create_table(
        "census_category",
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("parts", sa.String(length=500), nullable=False),
        sa.CheckConstraint("kind IN ('total', 'category', 'derived')",
                           name=op.f("ck_census_category_kind")),
        sa.ForeignKeyConstraint(["table_id"], ["census_table.id"], ondelete="CASCADE",
                                name=op.f("fk_census_category_table_id_census_table")),
        sa.PrimaryKeyConstraint("table_id", "position", name=op.f("pk_census_category")),
    )
    op.create_table(
        "census_count",
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=9), nullable=False),
        sa.Column("area_name", sa.String(length=200), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["table_id"], ["census_table.id"], ondelete="CASCADE",
                                name=op.f("fk_census_count_table_id_census_table")),
        sa.PrimaryKeyConstraint("table_id", "area_code", name=op.f("pk_census_count")),
    )
    op.create_table(
        "census_postcode",
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("pcds", sa.String(length=8), nullable=False),
        sa.Column("oa", sa.String(length=9), nullable=False),
        sa.Column("lsoa", sa.String(length=9), nullable=False),
        sa.Column("msoa", sa.String(length=9), nullable=False),
        sa.Column("ward", sa.String(length=9), nullable=False),
        sa.Column("lad", sa.String(length=9), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("postcode", name=op.f("pk_census_postcode")),
    )
    for column in ("oa", "lsoa", "msoa", "ward", "lad"):
        op.create_index(op.f(f"ix_census_postcode_{column}"), "census_postcode", [column])
    op.create_table(
        "census_crosswalk",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("form_id", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("table_code", sa.String(length=16), nullable=False),
        sa.Column("choice", sa.String(length=200), nullable=False),
        sa.Column("census_category", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_census_crosswalk_project_id_project")),
        sa.PrimaryKeyConstraint("project_id", "form_id", "field", "table_code", "choice",
                                name=op.f("pk_census_crosswalk")),
    )


def downgrade() -> None:
    op.drop_table("census_crosswalk")
    for column in ("oa", "lsoa", "msoa", "ward", "lad"):
        op.drop_index(op.f(f"ix_census_postcode_{column}"), table_name="census_postcode")
    op.drop_table("census_postcode")
    op.drop_table("census_count")
    op.drop_table("census_category")
    op.drop_table("census_table")
