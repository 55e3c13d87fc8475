"""F17: a bundle's clock warnings are kept with its log entry, so that the devices
list shows a laptop whose clock is wrong after the import's own report is gone.

Revision ID: 0023
Revises: 0020
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_bundle") as batch:
        batch.add_column(sa.Column("clock_warnings", sa.Text(), server_default="",
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("sync_bundle") as batch:
        batch.drop_column("clock_warnings")
