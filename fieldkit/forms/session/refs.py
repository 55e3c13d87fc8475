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

_STRUCTURAL = frozenset({"count", "position"})


def _rendered(expr: Expr) -> set[str]:
    return {ref.render() for ref in collect(expr)}


def split_references(ast: Expr) -> tuple[frozenset[str], frozenset[str]]:
    """(value references, structure-only references), unresolved as
    :meth:`CompiledExpression.references` renders them."""
    structural: set[str] = set()
    values: set[str] = set()

    def steps(items: tuple[Step, ...]) -> tuple[Step, ...]:
        return tuple(Step(s.axis, s.test, tuple(rewrite(p) for p in s.predicates)) for s in items)

    def rewrite(expr: Expr) -> Expr:
        if isinstance(expr, FunctionCall):
            args = expr.args
            if expr.name in _STRUCTURAL and len(args) == 1 and isinstance(args[0], LocationPath):
                bare = LocationPath(
                    args[0].absolute, tuple(Step(s.axis, s.test) for s in args[0].steps)
                )
                found = _rendered(bare)
                structural.update(found)
                values.update(_rendered(args[0]) - found)  # what its predicates read
                return Literal("")
            return FunctionCall(expr.name, tuple(rewrite(a) for a in args))
        if isinstance(expr, BinaryOp):
            return BinaryOp(expr.op, rewrite(expr.left), rewrite(expr.right))
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
