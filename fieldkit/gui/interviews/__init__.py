"""The Interviews workspace: the list of interviews and the screen that fills one in.

Modules: ``workspace`` (the page in the main window), ``list_model`` and
``list_screen`` (the interview list), ``new_dialog`` (starting an interview),
``form_screen`` (one interview's pages), ``question_widgets`` (one widget per
question type), ``problems_panel`` (what stops finalising), ``directions``
(respondent language codes and direction), ``statuses`` (status names).
"""

from fieldkit.gui.interviews.workspace import InterviewsWorkspace

__all__ = ["InterviewsWorkspace"]
