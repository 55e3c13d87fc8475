"""ODK submission instances in: `fieldkit submissions import` (F7 item 1), Qt-free."""

from fieldkit.submissions.service import SOURCE, SubmissionReport, import_submissions

__all__ = ["SOURCE", "SubmissionReport", "import_submissions"]
