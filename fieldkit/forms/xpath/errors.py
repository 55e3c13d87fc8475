"""Exceptions raised by the XPath engine."""

from __future__ import annotations


class XPathError(ValueError):
    """Base class of every error the XPath engine raises."""


class XPathSyntaxError(XPathError):
    """The expression text is not valid XPath (or uses unsupported syntax)."""

    def __init__(self, reason: str, expression: str, position: int) -> None:
        self.reason = reason
        self.expression = expression
        self.position = position
        super().__init__(f"{reason} at position {position} in XPath expression {expression!r}")


class XPathEvaluationError(XPathError):
    """The expression is well-formed but cannot be evaluated.

    Raised for unknown or unsupported functions, wrong argument counts, type errors
    such as ``count('x')`` and references to undefined secondary instances.
    """
