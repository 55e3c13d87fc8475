"""The only place forms are parsed as XML: defusedxml, DTDs and entities refused.

Forms come from e-mail and USB sticks, so a billion-laughs or external-entity
document must fail cleanly instead of eating memory or reading local files.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

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
        # What defusedxml.ElementTree.fromstring does, with faster element handlers.
        parser = _defused_parser()
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        raise UnsafeXmlError(str(exc)) from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise XmlSyntaxError(str(exc), line, column) from exc
    if not isinstance(root, Element):  # defusedxml is untyped: keep mypy honest
        raise XmlSyntaxError("no document element", None, None)
    return root


def _defused_parser() -> Any:
    """A defusedxml parser (DTDs, entities and external references refused)
    building an ElementTree.

    The pure-Python XMLParser that defusedxml extends turns each start and end
    tag into ``{uri}local`` through a method call and rebuilds every attribute
    dict; for a large form that is most of the parse. When the parser has the
    expected shape, its expat element handlers are replaced by closures that
    build the same tree with less work (names cached per parse, attributes
    passed on as expat gives them unless one is namespaced). Only the element
    handlers change; defusedxml's DTD and entity handlers stay as it set them.
    """
    target = TreeBuilder()
    parser = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    expat = getattr(parser, "parser", None)
    if expat is None or not hasattr(expat, "ordered_attributes"):  # pragma: no cover
        return parser  # another XMLParser implementation: keep its handlers
    names: dict[str, str] = {}
    target_start = target.start
    target_end = target.end

    def fix(key: str) -> str:
        # expat reports namespaced names as "uri}local" (the separator is "}").
        name = "{" + key if "}" in key else key
        names[key] = name
        return name

    def start(tag: str, attrib: dict[str, str]) -> Element:
        try:
            tag = names[tag]
        except KeyError:
            tag = fix(tag)
        if attrib:
            for key in attrib:
                if "}" in key:
                    attrib = {(names.get(k) or fix(k)): v for k, v in attrib.items()}
                    break
        return target_start(tag, attrib)

    def end(tag: str) -> Element:
        try:
            tag = names[tag]
        except KeyError:
            tag = fix(tag)
        return target_end(tag)

    expat.ordered_attributes = 0  # attributes as a dict, in document order
    expat.StartElementHandler = start
    expat.EndElementHandler = end
    return parser
