"""Coordinator set-up in the app: the project's organisation, the languages each
interviewer speaks, the last day of fieldwork (for quota outlooks) and retired forms.

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("organisation", sa.String(length=200), server_default="",
                                   nullable=False))
    with op.batch_alter_table("interviewer") as batch:
        batch.add_column(sa.Column("languages", sa.String(length=200), server_default="",
                                   nullable=False))
    with op.batch_alter_table("sync_project") as batch:
        batch.add_column(sa.Column("fieldwork_ends", sa.Date(), nullable=True))
    with op.batch_alter_table("form") as batch:
        batch.add_column(sa.Column("retired", sa.Boolean(), server_default=sa.false(),
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("form") as batch:
        batch.drop_column("retired")
    with op.batch_alter_table("sync_project") as batch:
        batch.drop_column("fieldwork_ends")
    with op.batch_alter_table("interviewer") as batch:
        batch.drop_column("languages")
    with op.batch_alter_table("project") as batch:
        batch.drop_column("organisation")
