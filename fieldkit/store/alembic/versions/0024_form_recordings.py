"""Recorded prompts (F18): a person's voice reading a form's question or choice in
one of its languages, carried to the laptops in the project pack.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_recording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("form_id", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=200), nullable=False),
        sa.Column("prompt", sa.String(length=1000), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("audio", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_form_recording_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_recording")),
        sa.UniqueConstraint("project_id", "form_id", "language", "prompt",
                            name=op.f("uq_form_recording_project_id")),
    )
    with op.batch_alter_table("form_recording") as batch:
        batch.create_index(batch.f("ix_form_recording_project_id"), ["project_id"],
                           unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form_recording") as batch:
        batch.drop_index(batch.f("ix_form_recording_project_id"))
    op.drop_table("form_recording")
