"""People who use the service, and the organisations they work for."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.core.models import Base, enum_type


class Sector(StrEnum):
    SCHOOL = "school"
    POST_16 = "post_16"
    EARLY_YEARS = "early_years"
    SOCIAL_CARE = "social_care"
    EARLY_HELP = "early_help"
    HEALTH = "health"
    CAMHS = "camhs"
    POLICE = "police"
    PUBLIC_HEALTH = "public_health"
    VOLUNTARY = "voluntary"
    FOSTER_CARER = "foster_carer"
    LOCAL_AUTHORITY = "local_authority"
    ELECTED_MEMBER = "elected_member"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SECTOR_LABELS[self]


SECTOR_LABELS = {
    Sector.SCHOOL: "School or academy",
    Sector.POST_16: "Post-16 establishment",
    Sector.EARLY_YEARS: "Early years",
    Sector.SOCIAL_CARE: "Children's social care",
    Sector.EARLY_HELP: "Early help",
    Sector.HEALTH: "Health",
    Sector.CAMHS: "CAMHS",
    Sector.POLICE: "Police",
    Sector.PUBLIC_HEALTH: "Public health",
    Sector.VOLUNTARY: "Voluntary or community sector",
    Sector.FOSTER_CARER: "Foster carer",
    Sector.LOCAL_AUTHORITY: "Local authority",
    Sector.ELECTED_MEMBER: "Elected member",
    Sector.OTHER: "Other",
}


class SchoolPhase(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SPECIAL = "special"
    ALL_THROUGH = "all_through"
    POST_16 = "post_16"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    SchoolPhase.PRIMARY: "Primary",
    SchoolPhase.SECONDARY: "Secondary",
    SchoolPhase.SPECIAL: "Special",
    SchoolPhase.ALL_THROUGH: "All-through",
    SchoolPhase.POST_16: "Post-16",
}


class Role(StrEnum):
    PROFESSIONAL = "professional"
    TRAINER = "trainer"
    ORGANISER = "organiser"


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("name_key", "sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    sector: Mapped[Sector] = mapped_column(enum_type(Sector))
    # The county's reference (a school's URN, a setting's own): re-importing a list updates
    # the organisation with the same reference.
    reference: Mapped[str | None] = mapped_column(String(40), index=True, unique=True)
    phase: Mapped[SchoolPhase | None] = mapped_column(enum_type(SchoolPhase, 16))
    district: Mapped[str] = mapped_column(String(80), default="", server_default="")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    job_title: Mapped[str] = mapped_column(String(120), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, 16), default=Role.PROFESSIONAL)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_demo: Mapped[bool] = mapped_column(default=False)
    email_confirmed_at: Mapped[datetime | None]
    reminders_enabled: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Part of every session's id: changing it (signing out) ends every session of the person.
    session_stamp: Mapped[str] = mapped_column(String(32), default="", server_default="")
    created_at: Mapped[datetime]
    # A new address the person asked for: the old one stays in use until they confirm it.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # A closed account keeps its row, anonymised, so its attendance still counts.
    closed_at: Mapped[datetime | None]
    # Added at the door as a walk-in: no password yet; registering with the address claims it.
    placeholder: Mapped[bool] = mapped_column(default=False, server_default=false())
    # One email two months before a course's training lapses (the person can switch it off).
    refresher_prompts: Mapped[bool] = mapped_column(default=True, server_default=true())

    organisation: Mapped[Organisation | None] = relationship()


class LoginAttempt(Base):
    """A failed sign-in, kept in the database so throttling holds across processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(index=True)


class LeadStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    ENDED = "ended"


class OrganisationLead(Base):
    """A person who asked to be, or is, the training lead of their organisation (a school's
    designated safeguarding lead, a team manager): an organiser decides."""

    __tablename__ = "organisation_leads"
    __table_args__ = (UniqueConstraint("organisation_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[LeadStatus] = mapped_column(enum_type(LeadStatus, 16))
    requested_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
    person: Mapped[User] = relationship(foreign_keys=[person_id])
