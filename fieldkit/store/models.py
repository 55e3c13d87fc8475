"""The store's tables as typed SQLAlchemy 2 models.

Answers are kept per field (interview, path, value, logical clock, device), so sync
can merge field by field; an interview's XForm XML instance is derived from them,
never stored as the source of truth. Types are chosen to work the same on SQLite
and PostgreSQL (statuses are checked strings, not native enums).

Changing a model needs an Alembic revision in ``fieldkit/store/alembic/versions``;
``tests/store/test_migrations.py`` fails while the two disagree.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from fieldkit.statuses import INTERVIEW_STATUSES as INTERVIEW_STATUSES  # noqa: PLC0414 - re-exported

# Named constraints so Alembic migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PROJECT_ROLES = ("practice", "coordinator", "laptop")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back as an aware UTC datetime on both
    backends (SQLite keeps no time zone and gives back naive datetimes; PostgreSQL's
    timestamptz gives aware ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect
                             ) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(f"role IN {PROJECT_ROLES!r}", name="role"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The organisation running the project (shown on code slips and reports). 0015.
    organisation: Mapped[str] = mapped_column(String(200), default="", server_default="")

    forms: Mapped[list[Form]] = relationship(back_populates="project")
    interviewers: Mapped[list[Interviewer]] = relationship(back_populates="project")


class Form(Base):
    """One version of a form, with the file it came from and its converted XForm."""

    __tablename__ = "form"
    __table_args__ = (UniqueConstraint("project_id", "form_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    form_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    source_name: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[bytes] = mapped_column(LargeBinary)
    hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 hex of source
    xform: Mapped[str] = mapped_column(Text, default="")
    #: Retired: no new interviews (the coordinator's Forms tab; packs tell laptops). 0015.
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="forms")


class Interviewer(Base):
    __tablename__ = "interviewer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Languages the interviewer speaks, as space-separated codes ("pl ro"). 0015.
    languages: Mapped[str] = mapped_column(String(200), default="", server_default="")

    project: Mapped[Project] = relationship(back_populates="interviewers")


class Device(Base):
    """A laptop. ``counter`` is its logical clock: every answer it writes takes the next value."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    label: Mapped[str] = mapped_column(String(200), default="")
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    counter: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Interview(Base):
    __tablename__ = "interview"
    __table_args__ = (
        CheckConstraint(f"status IN {INTERVIEW_STATUSES!r}", name="status"),
        Index("ix_interview_project_status", "project_id", "status"),
    )

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    form_pk: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    label: Mapped[str] = mapped_column(String(500), default="")
    respondent_language: Mapped[str] = mapped_column(String(100), default="")
    interviewer_id: Mapped[str | None] = mapped_column(ForeignKey("interviewer.id"), default=None)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="interview", cascade="all, delete-orphan")


class Answer(Base):
    """One field of one interview. ``path`` includes repeat indexes, e.g.
    ``/household/member[2]/age``; ``clock`` is the writing device's counter."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("interview_uuid", "path"),
        # No (path, interview_uuid, value) index for Insight: it took a profile of
        # 100,000 households from 6.2 s to 3.4 s but halved bundle import throughput
        # (sync benchmark ratio 0.30 -> 0.15); see fieldkit/insight/fast_counts.py.
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_uuid: Mapped[str] = mapped_column(ForeignKey("interview.uuid", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(1000))
    value: Mapped[str | None] = mapped_column(Text, default=None)
    clock: Mapped[int] = mapped_column(BigInteger)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    interview: Mapped[Interview] = relationship(back_populates="answers")


class AuditEvent(Base):
    """Append-only: a database trigger refuses UPDATE and DELETE on this table."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64), default="")
    object_id: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON text


class FormCacheEntry(Base):
    """Converted XLSForms by key (content hash + converter version), so opening a
    form a second time needs no conversion. Entries may be deleted at any time."""

    __tablename__ = "form_cache"

    key: Mapped[str] = mapped_column(String(1000), primary_key=True)
    entry: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProjectSecret(Base):
    """A named secret of a project, e.g. its private signing key or the key behind
    pseudonyms in exports. Kept in the store so coordinators sharing a PostgreSQL
    store share them; never written to a pack, bundle or export."""

    __tablename__ = "project_secret"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# -- Sync (F4): packs out, bundles back. See fieldkit/sync/ and the README's Sync section.


class SyncProject(Base):
    """A project's sync settings and the coordinator's public keys (private keys are
    ProjectSecrets). On a laptop also who it is enrolled as and its bundle sequence."""

    __tablename__ = "sync_project"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), primary_key=True)
    verify_key: Mapped[bytes] = mapped_column(LargeBinary)  # coordinator Ed25519 public
    box_key: Mapped[bytes] = mapped_column(LargeBinary)  # coordinator X25519 public
    pack_version: Mapped[int] = mapped_column(Integer, default=0)
    retention_days: Mapped[int] = mapped_column(Integer, default=30)
    interviewer_id: Mapped[str | None] = mapped_column(String(36), default=None)
    enrolment_proof: Mapped[str | None] = mapped_column(String(128), default=None)
    bundle_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    #: How far back the pack's consultation register reaches (0: no register). 0008.
    consultation_months: Mapped[int] = mapped_column(Integer, default=12, server_default="12")
    #: The last day of fieldwork, for quota outlooks (None: not set). 0015.
    fieldwork_ends: Mapped[date | None] = mapped_column(Date, default=None)
    #: Months personal fields are kept at the coordinator after fieldwork ends, then
    #: pseudonymised in place (None: no period set). See fieldkit/privacy. 0020.
    personal_months: Mapped[int | None] = mapped_column(Integer, default=None)
    #: When the retention period's pseudonymisation ran (None: not yet). 0020.
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class SyncDevice(Base):
    """A laptop the coordinator trusts: its signing key, bound to a roster interviewer."""

    __tablename__ = "sync_device"

    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    interviewer_id: Mapped[str] = mapped_column(ForeignKey("interviewer.id"))
    verify_key: Mapped[bytes] = mapped_column(LargeBinary)
    max_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    max_clock: Mapped[int] = mapped_column(BigInteger, default=0)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SyncVersion(Base):
    """One version of one field (or of an interview's header, path ``@sync/header``).
    ``id`` is the sha256 of its content; ``supersedes`` (JSON list) names every
    earlier version of the field its writer knew. The field's value is that of the
    versions nobody supersedes: one is a plain value, several are a conflict.

    The key is (interview, path, id), not the id alone: a coordinator receives
    hundreds of thousands of versions, and a key of random hashes sends every insert
    to another page of the index; keyed by interview, a bundle's versions land side
    by side (on SQLite in the table itself, WITHOUT ROWID). An id still names one
    version (it hashes the interview and path with the rest): look a version up by
    its interview and id."""

    __tablename__ = "sync_version"
    __table_args__ = ({"sqlite_with_rowid": False},)

    interview_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text, default=None)
    device_id: Mapped[str] = mapped_column(String(36))
    clock: Mapped[int] = mapped_column(BigInteger)
    supersedes: Mapped[str] = mapped_column(Text, default="[]")
    #: When the writer saved it (for people reviewing a conflict).
    written_at: Mapped[str] = mapped_column(String(40), default="")
    #: Laptop: the bundle that first carried it; coordinator: None.
    bundle_seq: Mapped[int | None] = mapped_column(BigInteger, default=None)
    #: Laptop: the coordinator's receipt acknowledged it.
    received: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncVersionPack(Base):
    """Coordinator: all the versions one bundle brought of an interview the store had
    no version of (most of what arrives), kept together as one row, like git's pack
    files beside its loose objects. ``body`` is a JSON array of versions as a bundle
    carries them. Readers see packs and ``sync_version`` rows as one set of versions
    (fieldkit.sync.merge_store); versions that arrive for an interview already known
    are rows."""

    __tablename__ = "sync_version_pack"

    interview_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    bundle_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    versions: Mapped[int] = mapped_column(Integer)  # how many the body holds
    body: Mapped[bytes] = mapped_column(LargeBinary)


class SyncBundle(Base):
    """A bundle the coordinator accepted (a log; re-importing it changes nothing)."""

    __tablename__ = "sync_bundle"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The import's clock warnings (clock_sanity), one per line, in the language of
    #: the import: the devices list shows them.
    clock_warnings: Mapped[str] = mapped_column(Text, default="", server_default="")


class SyncQuota(Base):
    """A target: ``target`` finalized interviews of ``form_id`` whose answer at
    ``path`` is ``value`` (e.g. per community), optionally assigned to an interviewer."""

    __tablename__ = "sync_quota"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    form_id: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(1000))
    value: Mapped[str] = mapped_column(String(1000))
    target: Mapped[int] = mapped_column(Integer)
    interviewer_id: Mapped[str | None] = mapped_column(ForeignKey("interviewer.id"),
                                                       default=None)


# -- Duplicate households and the consultation register (F4 item 6). See
# fieldkit/sync/duplicates.py and fieldkit/sync/consultation.py.

DUPLICATE_STATUSES = ("open", "not_duplicate", "duplicate")


class SyncHousehold(Base):
    """Coordinator: an interview's household keys, keyed hashes (HMAC with the
    project's household key) of its postcode and of its address, so likely duplicates
    are found by index and the consultation register is built without clear text."""

    __tablename__ = "sync_household"

    interview_uuid: Mapped[str] = mapped_column(
        ForeignKey("interview.uuid", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    block_hash: Mapped[str] = mapped_column(String(64), index=True)
    address_hash: Mapped[str] = mapped_column(String(64), index=True)


class SyncDuplicate(Base):
    """A pair of interviews that may be the same household, for a person to review.
    ``interview_a`` < ``interview_b``; a resolved flag stays resolved on re-import."""

    __tablename__ = "sync_duplicate"
    __table_args__ = (
        UniqueConstraint("interview_a", "interview_b"),
        CheckConstraint(f"status IN {DUPLICATE_STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    interview_a: Mapped[str] = mapped_column(String(36), index=True)
    interview_b: Mapped[str] = mapped_column(String(36), index=True)
    score: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON: why it was flagged
    status: Mapped[str] = mapped_column(String(16), default="open")
    #: When resolved as the same household: the interview that is the duplicate.
    duplicate_uuid: Mapped[str | None] = mapped_column(String(36), default=None)
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(),
                                                         default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConsultationEntry(Base):
    """Laptop: one address of the pack's consultation register (a keyed hash, never
    the address) and the day it was last surveyed or consulted."""

    __tablename__ = "consultation_entry"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    consulted_on: Mapped[date] = mapped_column(Date)


# -- Census reference tables (F8): ONS tables as imported, the postcode lookup that
# places an interview in an area, and the coordinator's crosswalks. See fieldkit/census/.

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
# -- ODK submissions imported by the coordinator (F7 item 1). See fieldkit/submissions/.


class ImportedSubmission(Base):
    """An ODK submission instance the coordinator imported as an interview: where it
    came from, keyed by its ``instanceID`` so that importing it again changes nothing."""

    __tablename__ = "imported_submission"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), primary_key=True)
    instance_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    interview_uuid: Mapped[str] = mapped_column(
        ForeignKey("interview.uuid", ondelete="CASCADE"), index=True)
    #: What kind of file it came from (``ODK submission``).
    source: Mapped[str] = mapped_column(String(100))
    #: The file (or ``archive.zip:member``) it was read from.
    file_name: Mapped[str] = mapped_column(String(1000))
    #: The instance's ``username`` and ``deviceid`` metadata ("" when absent).
    username: Mapped[str] = mapped_column(String(200), default="")
    odk_device: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
# -- Partners (F9): agreements, releases, partners' figures, the anecdotal log.
# See fieldkit/partners/ and the README's Partners section.


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ShareAgreementVersion(Base):
    """Every version of an agreement as it was (JSON), who made it and when."""

    __tablename__ = "share_agreement_version"

    agreement_id: Mapped[int] = mapped_column(ForeignKey("share_agreement.id"),
                                              primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


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
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


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
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportSetting(Base):
    """The settings a project's reports reuse (F10), one JSON object per report kind
    ("trends": form, grouping, measures, period, census areas...)."""

    __tablename__ = "report_setting"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    settings: Mapped[str] = mapped_column(Text)  # JSON
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportRun(Base):
    """A report made (F10): its period and the figures it published, so the next
    report of the kind can say what moved."""

    __tablename__ = "report_run"
    __table_args__ = (Index("ix_report_run_project_kind", "project_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    kind: Mapped[str] = mapped_column(String(32))
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(16))
    figures: Mapped[str] = mapped_column(Text)  # JSON: figure key -> published value
    file_name: Mapped[str] = mapped_column(String(1000), default="")
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# -- Privacy (F13): erasures that every laptop must apply. See fieldkit/privacy/.


class PrivacyErasure(Base):
    """Coordinator: a record (a whole interview, or the fields under ``scope``, e.g. one
    household member ``/data/.../member[2]/``) erased on request. Holds no personal
    data; every project pack carries the list so laptops erase their copies too."""

    __tablename__ = "privacy_erasure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    interview_uuid: Mapped[str] = mapped_column(String(36), index=True)
    #: "" for the whole interview, else a path prefix ending in "/".
    scope: Mapped[str] = mapped_column(String(1000), default="")
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FormRecording(Base):
    """A person's voice reading one prompt of a form (a question's label or a choice)
    in one of the form's languages, recorded in the app (F18). Kept in the store, not
    beside it, so that PostgreSQL coordinators and packs carry them; read aloud plays
    it before any recording the form file names and before text-to-speech. 0024."""

    __tablename__ = "form_recording"
    __table_args__ = (UniqueConstraint("project_id", "form_id", "language", "prompt"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    form_id: Mapped[str] = mapped_column(String(200))
    #: The form's language as the form names it ("کوردی (ckb)").
    language: Mapped[str] = mapped_column(String(200))
    #: "q:<template path>" for a question's label, "c:<list>/<value>" for a choice.
    prompt: Mapped[str] = mapped_column(String(1000))
    #: The text that was read, so a later change of the label shows as out of date.
    text: Mapped[str] = mapped_column(Text, default="")
    audio: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportFact(Base):
    """A myth-busting fact (F10): a statement tied to one figure fieldkit holds (own
    interviews, a census table or a partner's series), described in ``figure`` (JSON)
    so the number, its source and date are always fieldkit's, never typed. 0018."""

    __tablename__ = "report_fact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    figure: Mapped[str] = mapped_column(Text)  # JSON, fieldkit.reports.figures.FigureSpec
    scale: Mapped[int] = mapped_column(Integer, default=100)  # "N in 100" or "N in 10"
    actor: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportFactText(Base):
    """The coordinator's wording of a fact in one language, with slots for the figure."""

    __tablename__ = "report_fact_text"

    fact_id: Mapped[int] = mapped_column(ForeignKey("report_fact.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class FeedbackItem(Base):
    """One part of the feedback to participants of a form (F10): a paragraph or a
    figure shown as an icon array, in the section "what you told us" (``told``) or
    "what happens next" (``next``), for everyone (``community`` empty) or for one
    community (a choice of the figure's grouping field). 0018."""

    __tablename__ = "feedback_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    form_id: Mapped[str] = mapped_column(String(200))
    community: Mapped[str] = mapped_column(String(200), default="")
    section: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    figure: Mapped[str] = mapped_column(Text, default="")  # JSON; "" for a paragraph
    icon: Mapped[str] = mapped_column(String(32), default="")  # easy-read picture
    actor: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FeedbackText(Base):
    """A feedback item's wording in one language, and its easy-read wording (short
    sentences, one idea per line)."""

    __tablename__ = "feedback_text"

    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_item.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    easy: Mapped[str] = mapped_column(Text, default="")
