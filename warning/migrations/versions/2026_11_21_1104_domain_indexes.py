"""domain indexes: the queue and the search filtered by domain, and their counts

Revision ID: c49301063053
Revises: 4d1215dd2ac3
Create Date: 2026-11-21 11:04:15.094567
"""

from alembic import op


revision = 'c49301063053'
down_revision = '4d1215dd2ac3'
branch_labels = None
depends_on = None


# Plain CREATE INDEX on both databases: no batch mode, which on SQLite could rebuild the notice
# table and lose the full-text triggers on it.
def upgrade() -> None:
    op.create_index('ix_notice_domain_distribution_date', 'notice', ['domain', 'distribution_date'], unique=False)
    op.create_index('ix_notice_flagged_domain_urgency', 'notice', ['flagged', 'domain', 'urgency'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_notice_flagged_domain_urgency', table_name='notice')
    op.drop_index('ix_notice_domain_distribution_date', table_name='notice')
