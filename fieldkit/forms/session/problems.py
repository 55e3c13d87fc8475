"""What can go wrong in an interview: :class:`Problem` and the session's errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from fieldkit.errors import InvalidInput

__all__ = ["AnswerError", "Problem", "ProblemKind", "SessionError"]

#: ``required``: unanswered; ``constraint``: answer not allowed; ``type``: the
#: text does not fit the field's type; ``choice``: not one of the choices;
#: ``readonly``: the field cannot be changed; ``expression``: the form's own
#: expression failed for this field.
ProblemKind: TypeAlias = Literal[
    "required", "constraint", "type", "choice", "readonly", "expression"
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing to fix before the interview can be finalised."""

    path: str
    kind: ProblemKind
    message: str
    #: Index into :meth:`FormSession.pages` of the page showing the field, if any.
    page: int | None = None


class SessionError(InvalidInput, ValueError):
    """A request the interview cannot carry out (unknown path, bad repeat index...)."""


class AnswerError(SessionError):
    """An answer that cannot be stored; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(f"{problem.path}: {problem.message}")
