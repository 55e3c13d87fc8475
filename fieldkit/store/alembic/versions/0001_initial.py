"""Initial store: projects, forms, interviewers, devices, interviews, answers.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("role IN ('practice', 'coordinator', 'laptop')",
                           name=op.f("ck_project_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    op.create_table(
        "device",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
    )
    op.create_table(
        "form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(36), nullable=False),
        sa.Column("form_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(100), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("source", sa.LargeBinary(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("xform", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_form_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form")),
        sa.UniqueConstraint("project_id", "form_id", "version",
                            name=op.f("uq_form_project_id")),
    )
    op.create_index(op.f("ix_form_project_id"), "form", ["project_id"])
    op.create_index(op.f("ix_form_hash"), "form", ["hash"])
    op.create_table(
        "interviewer",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("project_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("pin_hash", sa.String(200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_interviewer_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviewer")),
    )
    op.create_index(op.f("ix_interviewer_project_id"), "interviewer", ["project_id"])
    op.create_table(
        "interview",
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("project_id", sa.String(36), nullable=False),
        sa.Column("form_pk", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        sa.Column("respondent_language", sa.String(100), nullable=False),
        sa.Column("interviewer_id", sa.String(36), nullable=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("finalized_at", TZ, nullable=True),
        sa.CheckConstraint("status IN ('draft', 'finalized', 'sent', 'receipted')",
                           name=op.f("ck_interview_status")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_interview_project_id_project")),
        sa.ForeignKeyConstraint(["form_pk"], ["form.id"],
                                name=op.f("fk_interview_form_pk_form")),
        sa.ForeignKeyConstraint(["interviewer_id"], ["interviewer.id"],
                                name=op.f("fk_interview_interviewer_id_interviewer")),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"],
                                name=op.f("fk_interview_device_id_device")),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_interview")),
    )
    op.create_index(op.f("ix_interview_form_pk"), "interview", ["form_pk"])
    op.create_index("ix_interview_project_status", "interview", ["project_id", "status"])
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_uuid", sa.String(36), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("clock", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["interview_uuid"], ["interview.uuid"], ondelete="CASCADE",
                                name=op.f("fk_answer_interview_uuid_interview")),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"],
                                name=op.f("fk_answer_device_id_device")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("interview_uuid", "path", name=op.f("uq_answer_interview_uuid")),
    )


def downgrade() -> None:
    for table in ("answer", "interview", "interviewer", "form", "device", "project"):
        op.drop_table(table)
