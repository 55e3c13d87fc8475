"""Which references read values, and which only read which nodes exist.

``count(../member)`` and ``position(..)`` do not read any answer: they change
when repeat instances are added or removed, not when a member's age changes.
Treating them as value reads would make ``position(..)`` inside a repeat look
like a loop with every field of the instance.
"""

from __future__ import annotations

from fieldkit.forms.xpath.expressions import (
    BinaryOp,
    Expr,
    FilterExpr,
    FunctionCall,
    Literal,
    LocationPath,
    Negate,
    PathExpr,
    Step,
    UnionExpr,
)
from fieldkit.forms.xpath.references import collect

__all__ = ["split_references"]

# Functions of which nodes exist (or of their names), not of their values: a
# function of a node's name or position does not read its descendants (JavaRosa).
_STRUCTURAL = frozenset({"count", "position", "name", "local-name", "namespace-uri"})
_INDEXED_REPEAT = "indexed-repeat"


def _bare(expr: Expr) -> Expr | None:
    """``expr`` without the predicates of its steps, if it is a path; else None."""
    if isinstance(expr, LocationPath):
        return LocationPath(expr.absolute, tuple(Step(s.axis, s.test) for s in expr.steps))
    if isinstance(expr, PathExpr):
        start: Expr = expr.start
        if isinstance(start, FilterExpr):
            start = start.primary
        if isinstance(start, FunctionCall) and start.name == "current" and not start.args:
            return PathExpr(start, tuple(Step(s.axis, s.test) for s in expr.steps))
    if isinstance(expr, FunctionCall) and expr.name == "current" and not expr.args:
        return expr
    return None


def _rendered(expr: Expr) -> set[str]:
    return {ref.render() for ref in collect(expr)}


def split_references(
    ast: Expr, *, without_once: bool = False
) -> tuple[frozenset[str], frozenset[str]]:
    """(value references, structure-only references), unresolved as
    :meth:`CompiledExpression.references` renders them. ``without_once`` leaves
    out what ``once()`` reads: it is evaluated only while its node is empty."""
    structural: set[str] = set()
    values: set[str] = set()

    def steps(items: tuple[Step, ...]) -> tuple[Step, ...]:
        return tuple(Step(s.axis, s.test, tuple(rewrite(p) for p in s.predicates)) for s in items)

    def structure(arg: Expr) -> Expr | None:
        """Record ``arg`` as read for its nodes only; None if it is not a path."""
        bare = _bare(arg)
        if bare is None:
            return None
        found = _rendered(bare)
        structural.update(found)
        values.update(_rendered(arg) - found)  # what its predicates read
        return Literal("")

    def rewrite(expr: Expr) -> Expr:
        if isinstance(expr, FunctionCall):
            args = expr.args
            name = expr.name.rpartition(":")[2]
            if without_once and name == "once":
                return Literal("")
            if name in _STRUCTURAL and len(args) == 1:
                done = structure(args[0])
                if done is not None:
                    return done
            if name == _INDEXED_REPEAT:
                # indexed-repeat(value, repeat1, index1, ...): the repeats are only
                # located, so only which instances exist matters.
                kept = [
                    a if i % 2 == 0 else (structure(a) or a) for i, a in enumerate(args)
                ]
                return FunctionCall(expr.name, tuple(rewrite(a) for a in kept))
            return FunctionCall(expr.name, tuple(rewrite(a) for a in args))
        if isinstance(expr, BinaryOp):
            spine: list[BinaryOp] = []
            node: Expr = expr
            while isinstance(node, BinaryOp):  # a long sum without recursion
                spine.append(node)
                node = node.left
            out = rewrite(node)
            for link in reversed(spine):
                out = BinaryOp(link.op, out, rewrite(link.right))
            return out
        if isinstance(expr, Negate):
            return Negate(rewrite(expr.operand))
        if isinstance(expr, UnionExpr):
            return UnionExpr(tuple(rewrite(o) for o in expr.operands))
        if isinstance(expr, FilterExpr):
            return FilterExpr(rewrite(expr.primary), tuple(rewrite(p) for p in expr.predicates))
        if isinstance(expr, PathExpr):
            return PathExpr(rewrite(expr.start), steps(expr.steps))
        if isinstance(expr, LocationPath):
            return LocationPath(expr.absolute, steps(expr.steps))
        return expr

    values.update(_rendered(rewrite(ast)))
    return frozenset(values), frozenset(structural - values)
