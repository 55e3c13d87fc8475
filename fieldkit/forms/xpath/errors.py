"""Exceptions raised by the XPath engine."""

from __future__ import annotations

#: Longer expressions are shortened in messages (a message is one readable line).
_SHOWN = 200


class XPathError(ValueError):
    """Base class of every error the XPath engine raises."""


class XPathSyntaxError(XPathError):
    """The expression text is not valid XPath (or uses unsupported syntax)."""

    def __init__(self, reason: str, expression: str, position: int) -> None:
        self.reason = reason
        self.expression = expression
        self.position = position
        shown = expression if len(expression) <= _SHOWN else expression[: _SHOWN - 3] + "..."
        super().__init__(f"{reason} at position {position} in XPath expression {shown!r}")


class XPathEvaluationError(XPathError):
    """The expression is well-formed but cannot be evaluated.

    Raised for unknown or unsupported functions, wrong argument counts, type errors
    such as ``count('x')`` and references to undefined secondary instances.
    """
