"""Tables of F9 Partners (imported by fieldkit.store.models, so Alembic sees them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, utcnow


class ShareAgreement(Base):
    """A data-sharing agreement with a partner organisation. Changes make a new
    ``version`` (the old one is kept in share_agreement_version); ending it sets
    ``ended_on``; agreements are never deleted (the data protection officer's record)."""

    __tablename__ = "share_agreement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    partner: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(500))  # UK GDPR Article 6
    condition: Mapped[str] = mapped_column(String(500), default="")  # Article 9
    form_id: Mapped[str] = mapped_column(String(200))
    fields: Mapped[str] = mapped_column(Text)  # comma-separated field names
    level: Mapped[str] = mapped_column(String(16))  # "aggregate" | "records"
    min_count: Mapped[int] = mapped_column(Integer, default=10)
    round_to: Mapped[int | None] = mapped_column(Integer, default=None)
    starts: Mapped[date] = mapped_column(Date)
    review: Mapped[date | None] = mapped_column(Date, default=None)
    ends: Mapped[date] = mapped_column(Date)
    signed_by: Mapped[str] = mapped_column(String(200))
    ended_on: Mapped[date | None] = mapped_column(Date, default=None)
    ended_by: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ShareAgreementVersion(Base):
    """Every version of an agreement as it was (JSON), who made it and when."""

    __tablename__ = "share_agreement_version"

    agreement_id: Mapped[int] = mapped_column(ForeignKey("share_agreement.id"),
                                              primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ShareRelease(Base):
    """The register of releases: what went to whom, under which agreement version."""

    __tablename__ = "share_release"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("share_agreement.id"))
    agreement_version: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    by_fields: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    withheld: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PartnerImport(Base):
    """One file of partner figures taken in."""

    __tablename__ = "partner_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    source: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    layout: Mapped[str] = mapped_column(String(32))
    rows: Mapped[int] = mapped_column(Integer)
    signed_by: Mapped[str] = mapped_column(String(64), default="")  # verify key (hex)
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PartnerFigure(Base):
    """One figure of a partner's time series: source x area x category x period."""

    __tablename__ = "partner_figure"
    __table_args__ = (UniqueConstraint("project_id", "source", "area", "category", "period",
                                       name="uq_partner_figure_key"),
                      Index("ix_partner_figure_series", "project_id", "source", "area",
                            "category"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    source: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int] = mapped_column(ForeignKey("partner_import.id"))


class PartnerMapping(Base):
    """The column mapping last used for a source (remembered for the next file)."""

    __tablename__ = "partner_mapping"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(200), primary_key=True)
    mapping: Mapped[str] = mapped_column(Text)  # JSON


class Anecdote(Base):
    """A dated observation from outreach or a partner ("faith group reports new
    Eritrean families arriving in Shirley")."""

    __tablename__ = "anecdote"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    observed_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    community: Mapped[str] = mapped_column(String(200), default="")
    area: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
