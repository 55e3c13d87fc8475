"""The node interface the evaluator walks, and an implementation over ElementTree.

The evaluator only talks to :class:`Node`, so the form runtime can hand it its own
live instance tree instead of serialising to XML for every evaluation.

Contract for implementations:

* Node identity is object identity unless ``__eq__``/``__hash__`` are overridden:
  the same underlying node must always be represented by an equal object, because
  node-sets are de-duplicated with a ``dict``.
* ``children`` holds element and text nodes (never attributes) in document order.
* ``order_key`` must sort nodes of one document in document order (an element
  before its attributes, its attributes before its children).
* Prefixes are not significant: name tests compare ``local_name`` only.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from enum import IntEnum
from itertools import count
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

__all__ = ["ElementTreeNode", "Node", "NodeKind", "parse_xml", "wrap_element"]


class NodeKind(IntEnum):
    DOCUMENT = 0
    ELEMENT = 1
    ATTRIBUTE = 2
    TEXT = 3


class Node(ABC):
    """A node of an XPath data model tree (document, element, attribute or text)."""

    __slots__ = ()

    @property
    @abstractmethod
    def kind(self) -> NodeKind: ...

    @property
    @abstractmethod
    def name(self) -> str:
        """Qualified name (``orx:meta``); ``""`` for document and text nodes."""

    @property
    @abstractmethod
    def local_name(self) -> str: ...

    @property
    @abstractmethod
    def namespace_uri(self) -> str: ...

    @property
    @abstractmethod
    def parent(self) -> Node | None:
        """The parent; for an attribute, the element that carries it."""

    @property
    @abstractmethod
    def children(self) -> Sequence[Node]:
        """Element and text children in document order."""

    @property
    @abstractmethod
    def attributes(self) -> Sequence[Node]: ...

    @property
    @abstractmethod
    def string_value(self) -> str:
        """XPath string-value: the text of a text/attribute node, descendant text otherwise."""

    @property
    def typed_value(self) -> str | float:
        """The value as JavaRosa reads a node's typed answer: a number for a
        numeric field (``""`` while it is empty), else the string-value."""
        return self.string_value

    @property
    def order_key(self) -> tuple[Any, ...]:
        """A key that sorts nodes in document order.

        This default walks to the root (O(depth x siblings)); implementations
        should override it with something cheaper.
        """
        parts: list[int] = []
        node: Node = self
        parent = node.parent
        while parent is not None:
            if node.kind is NodeKind.ATTRIBUTE:
                parts += (_index(parent.attributes, node), -1)
            else:
                parts.append(_index(parent.children, node))
            node = parent
            parent = node.parent
        parts.append(id(node))  # distinct documents never interleave
        parts.reverse()
        return tuple(parts)

    def child_elements(self, local_name: str) -> Sequence[Node]:
        """Element children with the given local name (the hot path of child steps)."""
        return [
            c for c in self.children if c.kind is NodeKind.ELEMENT and c.local_name == local_name
        ]

    @property
    def root(self) -> Node:
        """The document (or topmost) node of this node's tree."""
        node: Node = self
        parent = node.parent
        while parent is not None:
            node = parent
            parent = node.parent
        return node

    def __repr__(self) -> str:
        label = self.name or self.kind.name.lower()
        return f"<{type(self).__name__} {label} {self.string_value[:20]!r}>"


def _index(nodes: Sequence[Node], node: Node) -> int:
    for i, candidate in enumerate(nodes):
        if candidate == node:
            return i
    raise ValueError(f"{node!r} is not among its parent's nodes")


_serials = count()
_XMLNS_RE = re.compile(r"""xmlns:([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_EMPTY: tuple[Node, ...] = ()


class ElementTreeNode(Node):
    """Immutable snapshot of an ElementTree tree, built once, read many times."""

    __slots__ = (
        "_attributes",
        "_by_name",
        "_children",
        "_key",
        "_kind",
        "_local",
        "_name",
        "_parent",
        "_text",
        "_uri",
    )

    def __init__(
        self,
        kind: NodeKind,
        parent: ElementTreeNode | None,
        key: tuple[int, int],
        *,
        name: str = "",
        local: str = "",
        uri: str = "",
        text: str | None = None,
    ) -> None:
        self._kind = kind
        self._parent = parent
        self._key = key
        self._name = name
        self._local = local
        self._uri = uri
        # For element/document nodes, None means "compute from descendants".
        self._text = text
        self._children: Sequence[Node] = _EMPTY
        self._attributes: Sequence[Node] = _EMPTY
        self._by_name: dict[str, list[Node]] | None = None

    @property
    def kind(self) -> NodeKind:
        return self._kind

    @property
    def name(self) -> str:
        return self._name

    @property
    def local_name(self) -> str:
        return self._local

    @property
    def namespace_uri(self) -> str:
        return self._uri

    @property
    def parent(self) -> Node | None:
        return self._parent

    @property
    def children(self) -> Sequence[Node]:
        return self._children

    @property
    def attributes(self) -> Sequence[Node]:
        return self._attributes

    @property
    def string_value(self) -> str:
        text = self._text
        if text is None:
            text = self._text = "".join(
                n.string_value for n in _descendants(self) if n.kind is NodeKind.TEXT
            )
        return text

    @property
    def order_key(self) -> tuple[int, int]:
        return self._key

    def child_elements(self, local_name: str) -> Sequence[Node]:
        by_name = self._by_name
        if by_name is None:
            by_name = self._by_name = {}
            for child in self._children:
                if child.kind is NodeKind.ELEMENT:
                    by_name.setdefault(child.local_name, []).append(child)
        return by_name.get(local_name, _EMPTY)


def _descendants(node: Node) -> Iterator[Node]:
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        yield current
        if current.children:
            stack.extend(reversed(current.children))


def _split(tag: str, prefixes: Mapping[str, str]) -> tuple[str, str, str]:
    """'{uri}local' -> (qualified name, local name, uri)."""
    if tag[:1] != "{":
        return tag, tag, ""
    uri, _, local = tag[1:].partition("}")
    prefix = "xml" if uri == _XML_NS else prefixes.get(uri, "")
    return (f"{prefix}:{local}" if prefix else local), local, uri


def wrap_element(element: Element, prefixes: Mapping[str, str] | None = None) -> ElementTreeNode:
    """Wrap an ElementTree element as the document element of a new document node.

    ``prefixes`` maps namespace URIs to the prefixes ``name()`` should report.
    Whitespace-only text between child elements is dropped (it is indentation,
    not data); text of leaf elements is kept verbatim.
    """
    prefixes = prefixes or {}
    serial = next(_serials)
    counter = count(1)
    document = ElementTreeNode(NodeKind.DOCUMENT, None, (serial, 0))

    def build(elem: Element, parent: ElementTreeNode) -> ElementTreeNode:
        name, local, uri = _split(elem.tag, prefixes)
        key = (serial, next(counter))
        node = ElementTreeNode(NodeKind.ELEMENT, parent, key, name=name, local=local, uri=uri)
        if elem.attrib:
            attrs: list[Node] = []
            for tag, value in elem.attrib.items():
                aname, alocal, auri = _split(tag, prefixes)
                attr_key = (serial, next(counter))
                attrs.append(
                    ElementTreeNode(
                        NodeKind.ATTRIBUTE,
                        node,
                        attr_key,
                        name=aname,
                        local=alocal,
                        uri=auri,
                        text=value,
                    )
                )
            node._attributes = tuple(attrs)
        kids = [k for k in elem if isinstance(k.tag, str)]  # skip comments / PIs
        if not kids:
            text = elem.text or ""
            node._text = text
            if text:
                node._children = (
                    ElementTreeNode(NodeKind.TEXT, node, (serial, next(counter)), text=text),
                )
            return node
        children: list[Node] = []
        if elem.text and elem.text.strip():
            children.append(
                ElementTreeNode(NodeKind.TEXT, node, (serial, next(counter)), text=elem.text)
            )
        for kid in kids:
            children.append(build(kid, node))
            if kid.tail and kid.tail.strip():
                children.append(
                    ElementTreeNode(NodeKind.TEXT, node, (serial, next(counter)), text=kid.tail)
                )
        node._children = tuple(children)
        return node

    document._children = (build(element, document),)
    return document


def parse_xml(text: str) -> ElementTreeNode:
    """Parse XML text (safely, with defusedxml) into a document node."""
    try:
        element = SafeET.fromstring(text)
    except SafeET.ParseError as exc:
        raise ValueError(f"Instance XML is not well-formed: {exc}") from None
    prefixes: dict[str, str] = {}
    # ElementTree drops prefixes; recover them (first declaration wins) for name().
    for prefix, dq, sq in _XMLNS_RE.findall(text):
        prefixes.setdefault(dq or sq, prefix)
    return wrap_element(element, prefixes)
