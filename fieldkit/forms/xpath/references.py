"""Static analysis: which instance paths does an expression read?

The form runtime uses this to build its dependency graph. A reference is a path
string with predicates stripped:

* absolute: ``/data/grp/q``;
* relative to the context node: ``../b``, ``.``, ``q`` -- or, when a context
  path is given, resolved against it (``/data/grp/b``);
* into a secondary instance: ``instance('list')/root/item/name``.

Child steps are written as names (``orx:meta`` keeps its prefix as written),
attributes as ``@name``, ``//`` for descendant-or-self, and any other axis as
``axis::test`` (e.g. ``following-sibling::x``). Paths used inside predicates are
resolved against the step they filter, and ``current()`` against the context
node of the whole expression.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import XPathEvaluationError
from .expressions import (
    Axis,
    BinaryOp,
    Expr,
    FilterExpr,
    FunctionCall,
    Literal,
    LocationPath,
    NameTest,
    Negate,
    Number,
    PathExpr,
    Step,
    TypeTest,
    UnionExpr,
)

_DOS = "descendant-or-self::node()"
_ABSOLUTE = "/"
_RELATIVE = ""
# Functions that read the context node's value when called without arguments.
_READS_CONTEXT_WITHOUT_ARGS = frozenset({"string", "number", "string-length", "normalize-space"})
_NODE_SET_FUNCTIONS = frozenset({"randomize", "indexed-repeat"})


@dataclass(frozen=True, slots=True)
class Ref:
    anchor: str  # "/", "" (the context node) or "instance('id')"
    parts: tuple[str, ...]

    def extend(self, *parts: str) -> Ref:
        return Ref(self.anchor, _normalize(self.anchor, self.parts + parts))

    def render(self) -> str:
        body = "/".join(self.parts)
        if self.anchor == _ABSOLUTE:
            text = "/" + body
        elif self.anchor == _RELATIVE:
            text = ("./" + body if self.parts[:1] == (_DOS,) else body) if body else "."
        else:
            text = f"{self.anchor}/{body}" if body else self.anchor
        return text.replace(f"/{_DOS}/", "//")


def _normalize(anchor: str, parts: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for part in parts:
        if part == ".":
            continue
        if part == "..":
            if out and out[-1] not in ("..", _DOS):
                out.pop()
            elif out or anchor == _RELATIVE:
                out.append("..")
            # '..' of the root selects nothing; drop it.
            continue
        out.append(part)
    return tuple(out)


def step_text(step: Step) -> str:
    test = step.test
    is_node = isinstance(test, TypeTest) and test.node_type == "node"
    if step.axis is Axis.SELF and is_node:
        return "."
    if step.axis is Axis.PARENT and is_node:
        return ".."
    if step.axis is Axis.DESCENDANT_OR_SELF and is_node:
        return _DOS
    if step.axis is Axis.CHILD and isinstance(test, NameTest):
        return str(test)
    if step.axis is Axis.ATTRIBUTE and isinstance(test, NameTest):
        return f"@{test}"
    return f"{step.axis.value}::{test}"


class _Collector:
    def __init__(self, origin: Ref) -> None:
        self.origin = origin  # what current() and top-level relative paths start from
        self.found: set[Ref] = set()

    def record(self, refs: list[Ref]) -> None:
        self.found.update(refs)

    def visit(self, expr: Expr, ctx: Ref) -> list[Ref]:
        """Record what ``expr`` reads; return the locations of the node-set it selects.

        The caller records the returned locations only if it uses the value
        (not when they are just the start of a longer path).
        """
        if isinstance(expr, Literal | Number):
            return []
        if isinstance(expr, LocationPath):
            start = Ref(_ABSOLUTE, ()) if expr.absolute else ctx
            return [self.steps(start, expr.steps)]
        if isinstance(expr, PathExpr):
            return [self.steps(loc, expr.steps) for loc in self.visit(expr.start, ctx)]
        if isinstance(expr, FilterExpr):
            locations = self.visit(expr.primary, ctx)
            for loc in locations:
                for predicate in expr.predicates:
                    self.record(self.visit(predicate, loc))
            return locations
        if isinstance(expr, UnionExpr):
            return [loc for operand in expr.operands for loc in self.visit(operand, ctx)]
        if isinstance(expr, Negate):
            self.record(self.visit(expr.operand, ctx))
            return []
        if isinstance(expr, BinaryOp):
            node: Expr = expr
            while isinstance(node, BinaryOp):  # a long sum without recursion
                self.record(self.visit(node.right, ctx))
                node = node.left
            self.record(self.visit(node, ctx))
            return []
        return self.function(expr, ctx)

    def steps(self, start: Ref, steps: tuple[Step, ...]) -> Ref:
        current = start
        for step in steps:
            current = current.extend(step_text(step))
            for predicate in step.predicates:
                self.record(self.visit(predicate, current))
        return current

    def function(self, call: FunctionCall, ctx: Ref) -> list[Ref]:
        name = call.name.rpartition(":")[2]
        args = call.args
        if name == "current" and not args:
            return [self.origin]
        if name == "instance" and len(args) == 1 and isinstance(args[0], Literal):
            return [Ref(f"instance('{args[0].value}')", ())]
        if name == "pulldata" and len(args) == 4 and isinstance(args[0], Literal):
            item = Ref(f"instance('{args[0].value}')", ("root", "item"))
            for arg in args[1:3]:
                if isinstance(arg, Literal):
                    self.found.add(item.extend(arg.value))
        if name == "once" or (name in _READS_CONTEXT_WITHOUT_ARGS and not args):
            self.found.add(ctx)
        if name in _NODE_SET_FUNCTIONS and args:
            for arg in args[1:]:
                self.record(self.visit(arg, ctx))
            return self.visit(args[0], ctx)
        for arg in args:
            self.record(self.visit(arg, ctx))
        return []


def collect(expr: Expr) -> frozenset[Ref]:
    origin = Ref(_RELATIVE, ())
    collector = _Collector(origin)
    collector.record(collector.visit(expr, origin))
    return frozenset(collector.found)


def context_ref(path: Expr, text: str) -> Ref:
    """The Ref of an absolute context path such as ``/data/rep[2]/q``."""
    if not isinstance(path, LocationPath) or not path.absolute:
        raise XPathEvaluationError(f"Context path {text!r} must be an absolute location path")
    return _Collector(Ref(_ABSOLUTE, ())).steps(Ref(_ABSOLUTE, ()), path.steps)


def resolve(refs: frozenset[Ref], context: Ref | None) -> frozenset[str]:
    out = set()
    for ref in refs:
        absolute = ref
        if context is not None and ref.anchor == _RELATIVE:
            absolute = context.extend(*ref.parts)
        out.add(absolute.render())
    return frozenset(out)
