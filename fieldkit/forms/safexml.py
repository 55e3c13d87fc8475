"""The only place forms are parsed as XML: defusedxml, DTDs and entities refused.

Forms come from e-mail and USB sticks, so a billion-laughs or external-entity
document must fail cleanly instead of eating memory or reading local files.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

__all__ = ["UnsafeXmlError", "XmlSyntaxError", "parse_xml"]


class UnsafeXmlError(ValueError):
    """The document uses a DTD, entities or external references."""


class XmlSyntaxError(ValueError):
    """The document is not well-formed; ``line``/``column`` as expat reports them."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def parse_xml(data: str | bytes) -> Element:
    """Parse untrusted XML text into an ElementTree element."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXmlError(str(exc)) from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise XmlSyntaxError(str(exc), line, column) from exc
    if not isinstance(root, Element):  # defusedxml is untyped: keep mypy honest
        raise XmlSyntaxError("no document element", None, None)
    return root
