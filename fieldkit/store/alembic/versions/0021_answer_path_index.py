"""Insight (F7 benchmark): an index on answer (path, interview_uuid, value), so a
profile reads each field's answers of all interviews from one covering range of
the index instead of looking every interview's answers up in the table. SQLite
only: PostgreSQL's B-tree refuses entries over ~2.7 kB, which a long answer is.

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-08
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0017"
branch_labels = None
depends_on = None

INDEX = "ix_answer_path_interview_value"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(INDEX, "answer", ["path", "interview_uuid", "value"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index(INDEX, table_name="answer")
