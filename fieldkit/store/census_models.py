"""Census reference tables (F8): ONS tables as imported, the postcode lookup that
places an interview in an area, and the coordinator's crosswalks from a form
field's choices to a table's categories. See fieldkit/census/ and the README's
Census section."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, utcnow

CENSUS_CATEGORY_KINDS = ("total", "category", "derived")


class CensusTable(Base):
    """One census table at one geography level (e.g. TS021 for wards). Importing the
    same table and level again replaces it in one transaction."""

    __tablename__ = "census_table"
    __table_args__ = (UniqueConstraint("table_code", "level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_code: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="")
    population: Mapped[str] = mapped_column(String(200), default="")
    source_name: Mapped[str] = mapped_column(String(500), default="")
    areas: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CensusCategory(Base):
    """A column of a census table, in file order; ``parent_code`` keeps the ONS
    hierarchy (broad group → sub-group); a derived column is the sum of ``parts``."""

    __tablename__ = "census_category"
    __table_args__ = (
        CheckConstraint(f"kind IN {CENSUS_CATEGORY_KINDS!r}", name="kind"),
    )

    table_id: Mapped[int] = mapped_column(
        ForeignKey("census_table.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(500))
    parent_code: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(16))
    parts: Mapped[str] = mapped_column(String(500), default="")  # codes, space separated


class CensusCount(Base):
    """One area's row of a table: its counts as a JSON list in category position order
    (a table is always read whole per area, and 188,000 output areas stay 188,000 rows)."""

    __tablename__ = "census_count"

    table_id: Mapped[int] = mapped_column(
        ForeignKey("census_table.id", ondelete="CASCADE"), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    area_name: Mapped[str] = mapped_column(String(200), default="")
    counts: Mapped[str] = mapped_column(Text)


class CensusPostcode(Base):
    """A postcode's census areas, from the ONS Postcode Directory or the NSPL."""

    __tablename__ = "census_postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # no spaces, upper
    pcds: Mapped[str] = mapped_column(String(8))
    oa: Mapped[str] = mapped_column(String(9), default="", index=True)
    lsoa: Mapped[str] = mapped_column(String(9), default="", index=True)
    msoa: Mapped[str] = mapped_column(String(9), default="", index=True)
    ward: Mapped[str] = mapped_column(String(9), default="", index=True)
    lad: Mapped[str] = mapped_column(String(9), default="", index=True)
    source_name: Mapped[str] = mapped_column(String(500), default="")


class CensusCrosswalk(Base):
    """A project's mapping of one form field's choice to a census table's category
    (its label after the topic prefix, e.g. ``White: Roma``); an empty category is a
    choice the coordinator left unmapped on purpose."""

    __tablename__ = "census_crosswalk"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    field: Mapped[str] = mapped_column(String(200), primary_key=True)
    table_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    choice: Mapped[str] = mapped_column(String(200), primary_key=True)
    census_category: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


__all__ = ["CensusCategory", "CensusCount", "CensusCrosswalk", "CensusPostcode",
           "CensusTable"]
