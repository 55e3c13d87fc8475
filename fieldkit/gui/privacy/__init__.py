"""The coordinator's Privacy tab and the subject-access PDF (Qt)."""
