"""What an export can be asked for: formats, statuses and personal-data modes, defined
once for the service, the command line and the Export tab (stdlib only: the command
line reads it at start-up)."""

from __future__ import annotations

from enum import StrEnum

from fieldkit.statuses import InterviewStatus

__all__ = ["DEFAULT_STATUSES", "FORMATS", "PERSONAL_CHOICES", "ExportFormat", "PersonalData"]


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    SAV = "sav"  # SPSS
    DTA = "dta"  # Stata


class PersonalData(StrEnum):
    """What to do with fields marked personal."""

    KEEP = "keep"
    PSEUDONYMISE = "pseudonymise"
    DROP = "drop"


FORMATS: tuple[str, ...] = tuple(f.value for f in ExportFormat)
PERSONAL_CHOICES: tuple[str, ...] = tuple(p.value for p in PersonalData)
#: Drafts are left out unless asked for: they are unfinished.
DEFAULT_STATUSES: tuple[str, ...] = tuple(s.value for s in InterviewStatus
                                          if s is not InterviewStatus.DRAFT)
