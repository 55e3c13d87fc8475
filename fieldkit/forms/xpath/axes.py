"""XPath axes: each yields the nodes of an axis in axis order.

Forward axes yield document order; reverse axes (parent, ancestor*,
preceding*) yield nearest-first, which is the order position() counts in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .expressions import Axis
from .nodes import Node, NodeKind

_ATTRIBUTE = NodeKind.ATTRIBUTE


def child(node: Node) -> Iterable[Node]:
    return node.children


def descendant(node: Node) -> Iterator[Node]:
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        yield current
        kids = current.children
        if kids:
            stack.extend(reversed(kids))


def descendant_or_self(node: Node) -> Iterator[Node]:
    yield node
    yield from descendant(node)


def parent(node: Node) -> Iterable[Node]:
    up = node.parent
    return (up,) if up is not None else ()


def ancestor(node: Node) -> Iterator[Node]:
    up = node.parent
    while up is not None:
        yield up
        up = up.parent


def ancestor_or_self(node: Node) -> Iterator[Node]:
    yield node
    yield from ancestor(node)


def _siblings(node: Node) -> tuple[list[Node], int]:
    up = node.parent
    if up is None or node.kind is _ATTRIBUTE:
        return [], -1
    siblings = list(up.children)
    for i, sibling in enumerate(siblings):
        if sibling == node:
            return siblings, i
    return [], -1  # pragma: no cover - a node is always among its parent's children


def following_sibling(node: Node) -> Iterable[Node]:
    siblings, i = _siblings(node)
    return siblings[i + 1 :] if i >= 0 else ()


def preceding_sibling(node: Node) -> Iterable[Node]:
    siblings, i = _siblings(node)
    return reversed(siblings[:i]) if i >= 0 else ()


def following(node: Node) -> Iterator[Node]:
    if node.kind is _ATTRIBUTE:
        # Everything after an attribute: its element's content, then what follows it.
        up = node.parent
        if up is None:
            return
        yield from descendant(up)
        node = up
    current: Node | None = node
    while current is not None:
        for sibling in following_sibling(current):
            yield from descendant_or_self(sibling)
        current = current.parent


def preceding(node: Node) -> Iterator[Node]:
    if node.kind is _ATTRIBUTE:
        up = node.parent
        if up is None:
            return
        node = up
    current: Node | None = node
    while current is not None:
        for sibling in preceding_sibling(current):
            yield from reversed(list(descendant_or_self(sibling)))
        current = current.parent


def attribute(node: Node) -> Iterable[Node]:
    return node.attributes


def self_axis(node: Node) -> Iterable[Node]:
    return (node,)


AXES: dict[Axis, Callable[[Node], Iterable[Node]]] = {
    Axis.CHILD: child,
    Axis.DESCENDANT: descendant,
    Axis.DESCENDANT_OR_SELF: descendant_or_self,
    Axis.PARENT: parent,
    Axis.ANCESTOR: ancestor,
    Axis.ANCESTOR_OR_SELF: ancestor_or_self,
    Axis.FOLLOWING_SIBLING: following_sibling,
    Axis.PRECEDING_SIBLING: preceding_sibling,
    Axis.FOLLOWING: following,
    Axis.PRECEDING: preceding,
    Axis.ATTRIBUTE: attribute,
    Axis.SELF: self_axis,
}
