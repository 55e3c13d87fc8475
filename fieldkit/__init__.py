"""fieldkit: offline data entry for outreach fieldwork."""

__version__ = "0.1.0"
