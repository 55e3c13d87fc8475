"""Immutable typed AST for XPath 1.0 expressions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias


class Axis(StrEnum):
    CHILD = "child"
    DESCENDANT = "descendant"
    DESCENDANT_OR_SELF = "descendant-or-self"
    PARENT = "parent"
    ANCESTOR = "ancestor"
    ANCESTOR_OR_SELF = "ancestor-or-self"
    FOLLOWING_SIBLING = "following-sibling"
    PRECEDING_SIBLING = "preceding-sibling"
    FOLLOWING = "following"
    PRECEDING = "preceding"
    ATTRIBUTE = "attribute"
    SELF = "self"

    @property
    def is_reverse(self) -> bool:
        """Reverse axes number their nodes (for position()) nearest-first."""
        return self in _REVERSE_AXES


_REVERSE_AXES = frozenset(
    {Axis.PARENT, Axis.ANCESTOR, Axis.ANCESTOR_OR_SELF, Axis.PRECEDING_SIBLING, Axis.PRECEDING}
)


@dataclass(frozen=True, slots=True)
class NameTest:
    """``local``, ``prefix:local``, ``prefix:*`` or ``*``.

    Matching ignores the prefix: instance documents are matched by local name.
    """

    prefix: str | None
    local: str  # '*' for a wildcard

    def __str__(self) -> str:
        return f"{self.prefix}:{self.local}" if self.prefix else self.local


@dataclass(frozen=True, slots=True)
class TypeTest:
    """``node()``, ``text()``, ``comment()`` or ``processing-instruction('x')``."""

    node_type: str
    literal: str | None = None

    def __str__(self) -> str:
        arg = "" if self.literal is None else repr(self.literal)
        return f"{self.node_type}({arg})"


NodeTest: TypeAlias = "NameTest | TypeTest"


@dataclass(frozen=True, slots=True)
class Step:
    axis: Axis
    test: NodeTest
    predicates: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class LocationPath:
    absolute: bool
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class FilterExpr:
    """A primary expression followed by one or more predicates: ``(a | b)[1]``."""

    primary: Expr
    predicates: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class PathExpr:
    """A filter expression followed by a relative location path: ``instance('x')/root``."""

    start: Expr
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Literal:
    value: str


@dataclass(frozen=True, slots=True)
class Number:
    value: float


@dataclass(frozen=True, slots=True)
class FunctionCall:
    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str  # or and = != < <= > >= + - * div mod
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Expr


@dataclass(frozen=True, slots=True)
class UnionExpr:
    operands: tuple[Expr, ...]


Expr: TypeAlias = (
    "LocationPath | FilterExpr | PathExpr | Literal | Number | FunctionCall"
    " | BinaryOp | Negate | UnionExpr"
)
