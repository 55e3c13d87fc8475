"""The live primary instance: a mutable tree the XPath engine reads directly.

Each element knows its template (the per-form :class:`~.plan.Template`), its
answer and its bind state. Leaves hold their answer as ODK text; a leaf that
is not relevant reads as ``""`` in expressions (JavaRosa does the same), while
the stored answer is kept so that it comes back if relevance returns.

Document order keys are tuples of sibling positions, cached per node and
invalidated by a document-wide version counter bumped on structural edits.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from fieldkit.forms.xpath import Node, NodeKind
from fieldkit.forms.xpath.values import to_number

if TYPE_CHECKING:
    from fieldkit.forms.session.plan import Template

__all__ = ["Attribute", "Document", "Element", "Text"]

_NO_NODES: tuple[Node, ...] = ()
_NUMERIC = frozenset({"int", "decimal"})


class Document(Node):
    """The document node above the form's root element."""

    __slots__ = ("root_element", "version")

    def __init__(self) -> None:
        self.version = 0
        self.root_element: Element | None = None

    @property
    def kind(self) -> NodeKind:
        return NodeKind.DOCUMENT

    @property
    def name(self) -> str:
        return ""

    @property
    def local_name(self) -> str:
        return ""

    @property
    def namespace_uri(self) -> str:
        return ""

    @property
    def parent(self) -> Node | None:
        return None

    @property
    def children(self) -> Sequence[Node]:
        return (self.root_element,) if self.root_element is not None else _NO_NODES

    @property
    def attributes(self) -> Sequence[Node]:
        return _NO_NODES

    @property
    def string_value(self) -> str:
        return self.root_element.string_value if self.root_element is not None else ""

    @property
    def order_key(self) -> tuple[Any, ...]:
        return ()

    def child_elements(self, local_name: str) -> Sequence[Node]:
        root = self.root_element
        if root is not None and root.tmpl.name == local_name:
            return (root,)
        return _NO_NODES

    @property
    def root(self) -> Node:
        return self


class Element(Node):
    """An element of the live instance (a group, a repeat instance or a leaf)."""

    __slots__ = (
        "_attrs",
        "_key",
        "_key_version",
        "_text",
        "attached",
        "by_name",
        "doc",
        "erel",
        "kids",
        "parent_node",
        "pos",
        "readonly",
        "rel",
        "required",
        "rindex",
        "tmpl",
        "valid",
        "value",
    )

    def __init__(self, tmpl: Template, parent: Element | Document, doc: Document) -> None:
        self.tmpl = tmpl
        self.parent_node = parent
        self.doc = doc
        self.value = ""
        self.kids: list[Element] = []
        self.by_name: dict[str, list[Element]] = {}
        self.pos = 0  # index in the parent's kids
        self.rindex = 1  # 1-based index among same-named siblings (repeats)
        self.rel = True  # this node's own relevant expression
        self.erel = True  # relevant, taking ancestors into account
        self.required = False
        self.readonly = False
        self.valid = True  # constraint satisfied (or not applicable)
        self.attached = True
        self._key: tuple[int, ...] = ()
        self._key_version = -1
        self._text: Text | None = None
        self._attrs: tuple[Attribute, ...] | None = None

    # -- xpath Node interface ---------------------------------------------------

    @property
    def kind(self) -> NodeKind:
        return NodeKind.ELEMENT

    @property
    def name(self) -> str:
        return self.tmpl.name

    @property
    def local_name(self) -> str:
        return self.tmpl.name

    @property
    def namespace_uri(self) -> str:
        return ""

    @property
    def parent(self) -> Node | None:
        return self.parent_node

    @property
    def children(self) -> Sequence[Node]:
        if not self.tmpl.leaf:
            return self.kids
        if not (self.erel and self.value):
            return _NO_NODES
        text = self._text
        if text is None:
            text = self._text = Text(self)
        return (text,)

    @property
    def attributes(self) -> Sequence[Node]:
        attrs = self._attrs
        if attrs is None:
            attrs = self._attrs = tuple(
                Attribute(self, i, name, value)
                for i, (name, value) in enumerate(self.tmpl.attributes)
            )
        return attrs

    @property
    def string_value(self) -> str:
        if self.tmpl.leaf:
            return self.value if self.erel else ""
        return "".join(leaf.string_value for leaf in self.leaves())

    @property
    def typed_value(self) -> str | float:
        if not self.tmpl.leaf:
            return ""  # a group has no value of its own (JavaRosa)
        text = self.string_value
        if text and self.tmpl.kind in _NUMERIC:
            return to_number(text)
        return text

    @property
    def order_key(self) -> tuple[Any, ...]:
        version = self.doc.version
        if self._key_version != version:
            parent = self.parent_node
            self._key = (*parent.order_key, self.pos)
            self._key_version = version
        return self._key

    def child_elements(self, local_name: str) -> Sequence[Node]:
        return self.by_name.get(local_name, _NO_NODES)

    @property
    def root(self) -> Node:
        return self.doc

    # -- runtime helpers ----------------------------------------------------------

    def leaves(self) -> Iterator[Element]:
        """Leaf elements of this subtree in document order (self if a leaf)."""
        if self.tmpl.leaf:
            yield self
            return
        for kid in self.kids:
            yield from kid.leaves()

    def walk(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def effective_value(self) -> str:
        return self.value if self.erel else ""

    def effective_readonly(self) -> bool:
        """Read-only itself or inside a read-only group (ODK inherits it)."""
        node: Element | Document = self
        while isinstance(node, Element):
            if node.readonly:
                return True
            node = node.parent_node
        return False

    @property
    def path(self) -> str:
        """Absolute path with 1-based indexes on repeat instances."""
        parts: list[str] = []
        node: Element | Document = self
        while isinstance(node, Element):
            name = node.tmpl.name
            parts.append(f"{name}[{node.rindex}]" if node.tmpl.repeat else name)
            node = node.parent_node
        parts.reverse()
        return "/" + "/".join(parts)

    def append(self, kid: Element) -> None:
        """Add ``kid`` as the last child (while building; no renumbering needed)."""
        kid.pos = len(self.kids)
        self.kids.append(kid)
        same = self.by_name.setdefault(kid.tmpl.name, [])
        kid.rindex = len(same) + 1
        same.append(kid)
        self.doc.version += 1  # the page list (pages._slots) is cached on this

    def insert_instance(self, kid: Element, index: int) -> None:
        """Insert a repeat instance so that it becomes number ``index`` (1-based)."""
        same = self.by_name.setdefault(kid.tmpl.name, [])
        if same:
            anchor = same[index - 1].pos if index <= len(same) else same[-1].pos + 1
        else:
            anchor = self._slot_for(kid.tmpl)
        self.kids.insert(anchor, kid)
        same.insert(index - 1, kid)
        self._renumber(anchor, same, index - 1)

    def remove_instance(self, kid: Element) -> None:
        same = self.by_name[kid.tmpl.name]
        index = kid.rindex - 1
        del same[index]
        del self.kids[kid.pos]
        self._renumber(kid.pos, same, index)
        for node in kid.walk():
            node.attached = False

    def _renumber(self, start: int, same: list[Element], from_index: int) -> None:
        kids = self.kids
        for i in range(start, len(kids)):
            kids[i].pos = i
        for i in range(from_index, len(same)):
            same[i].rindex = i + 1
        self.doc.version += 1

    def _slot_for(self, tmpl: Template) -> int:
        """Where the first instance of a repeat goes: after earlier template siblings."""
        order = {t.name: i for i, t in enumerate(self.tmpl.children)}
        rank = order.get(tmpl.name, len(order))
        for kid in self.kids:
            if order.get(kid.tmpl.name, len(order)) > rank:
                return kid.pos
        return len(self.kids)


class Text(Node):
    """The text child of an answered leaf (created once per leaf, so identity holds)."""

    __slots__ = ("owner",)

    def __init__(self, owner: Element) -> None:
        self.owner = owner

    @property
    def kind(self) -> NodeKind:
        return NodeKind.TEXT

    @property
    def name(self) -> str:
        return ""

    @property
    def local_name(self) -> str:
        return ""

    @property
    def namespace_uri(self) -> str:
        return ""

    @property
    def parent(self) -> Node | None:
        return self.owner

    @property
    def children(self) -> Sequence[Node]:
        return _NO_NODES

    @property
    def attributes(self) -> Sequence[Node]:
        return _NO_NODES

    @property
    def string_value(self) -> str:
        return self.owner.effective_value()

    @property
    def order_key(self) -> tuple[Any, ...]:
        return (*self.owner.order_key, 0)


class Attribute(Node):
    """A static attribute of an instance element (from the form's template)."""

    __slots__ = ("_index", "_name", "_value", "owner")

    def __init__(self, owner: Element, index: int, name: str, value: str) -> None:
        self.owner = owner
        self._index = index
        self._name = name
        self._value = value

    @property
    def kind(self) -> NodeKind:
        return NodeKind.ATTRIBUTE

    @property
    def name(self) -> str:
        return self._name

    @property
    def local_name(self) -> str:
        return self._name.rpartition(":")[2]

    @property
    def namespace_uri(self) -> str:
        return ""

    @property
    def parent(self) -> Node | None:
        return self.owner

    @property
    def children(self) -> Sequence[Node]:
        return _NO_NODES

    @property
    def attributes(self) -> Sequence[Node]:
        return _NO_NODES

    @property
    def string_value(self) -> str:
        return self._value

    @property
    def order_key(self) -> tuple[Any, ...]:
        return (*self.owner.order_key, -1, self._index)
