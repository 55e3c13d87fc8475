"""Turns the AST into a tree of closures, so evaluation does no dispatch on node types.

Every compiled (sub)expression is an ``Fn``: ``(env, node, position, size) -> value``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from operator import attrgetter

from .axes import AXES
from .context import Env, Fn
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
from .functions import lookup
from .nodes import Node, NodeKind
from .values import INF, NAN, Value, compare, to_boolean, to_number, type_name

StepFn = Callable[[Env, list[Node]], list[Node]]
NodeTestFn = Callable[[Node], bool]
PredicateFn = Callable[[Env, list[Node]], list[Node]]

_order_key = attrgetter("order_key")
# From a set of nodes none of which contains another ("flat"), these axes yield
# results that are already unique and in document order when concatenated.
_CONCAT_SAFE = frozenset(
    {Axis.CHILD, Axis.ATTRIBUTE, Axis.SELF, Axis.DESCENDANT, Axis.DESCENDANT_OR_SELF}
)
# ... and these keep the result flat.
_FLAT_PRESERVING = frozenset({Axis.CHILD, Axis.ATTRIBUTE, Axis.SELF})


def sort_unique(nodes: list[Node]) -> list[Node]:
    """Remove duplicates and sort into document order."""
    unique = list(dict.fromkeys(nodes))
    unique.sort(key=_order_key)
    return unique


def compile_ast(expr: Expr) -> Fn:
    """Compile an AST into a closure."""
    if isinstance(expr, LocationPath):
        return _compile_location_path(expr)
    if isinstance(expr, Literal | Number):
        constant: Value = expr.value
        return lambda env, node, pos, size: constant
    if isinstance(expr, BinaryOp):
        return _compile_binary(expr)
    if isinstance(expr, FunctionCall):
        return _compile_function(expr)
    if isinstance(expr, Negate):
        operand = compile_ast(expr.operand)
        return lambda env, node, pos, size: -to_number(operand(env, node, pos, size))
    if isinstance(expr, UnionExpr):
        return _compile_union(expr)
    if isinstance(expr, FilterExpr):
        return _compile_filter(expr)
    return _compile_path_expr(expr)


# -- operators -----------------------------------------------------------------


def divide(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0 or math.isnan(a):
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)


def modulo(a: float, b: float) -> float:
    """XPath mod: truncating, the result takes the sign of the dividend (Java %)."""
    if b == 0 or math.isnan(b) or not math.isfinite(a):
        return NAN
    return math.fmod(a, b)


#: Left-nested operator chains longer than this (a sum of 500 terms) are
#: compiled to one loop, so neither compiling nor evaluating them recurses.
_CHAIN = 16


def _spine(expr: BinaryOp) -> list[BinaryOp]:
    """The operators down the left side of ``expr``, outermost first."""
    spine: list[BinaryOp] = []
    node: Expr = expr
    while isinstance(node, BinaryOp):
        spine.append(node)
        node = node.left
    return spine


def _fold_step(op: str) -> Callable[[Value, Fn, Env, Node, int, int], Value]:
    """``value op right`` for a chain link; ``right`` is evaluated only if needed."""
    if op == "or":
        return lambda v, fn, env, node, pos, size: (
            to_boolean(v) or to_boolean(fn(env, node, pos, size))
        )
    if op == "and":
        return lambda v, fn, env, node, pos, size: (
            to_boolean(v) and to_boolean(fn(env, node, pos, size))
        )
    if op in ("=", "!=", "<", "<=", ">", ">="):
        return lambda v, fn, env, node, pos, size: compare(op, v, fn(env, node, pos, size))
    arithmetic: dict[str, Callable[[float, float], float]] = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "div": divide,
        "mod": modulo,
    }
    apply = arithmetic[op]
    return lambda v, fn, env, node, pos, size: apply(
        to_number(v), to_number(fn(env, node, pos, size))
    )


def _compile_chain(spine: list[BinaryOp]) -> Fn:
    first = compile_ast(spine[-1].left)
    links = [(_fold_step(link.op), compile_ast(link.right)) for link in reversed(spine)]

    def chain(env: Env, node: Node, pos: int, size: int) -> Value:
        value = first(env, node, pos, size)
        for step, fn in links:
            value = step(value, fn, env, node, pos, size)
        return value

    return chain


def _compile_binary(expr: BinaryOp) -> Fn:
    spine = _spine(expr)
    if len(spine) > _CHAIN:
        return _compile_chain(spine)
    op = expr.op
    left = compile_ast(expr.left)
    right = compile_ast(expr.right)
    if op == "or":
        return lambda env, node, pos, size: (
            to_boolean(left(env, node, pos, size)) or to_boolean(right(env, node, pos, size))
        )
    if op == "and":
        return lambda env, node, pos, size: (
            to_boolean(left(env, node, pos, size)) and to_boolean(right(env, node, pos, size))
        )
    if op in ("=", "!=", "<", "<=", ">", ">="):
        return lambda env, node, pos, size: compare(
            op, left(env, node, pos, size), right(env, node, pos, size)
        )
    if op == "+":
        return lambda env, node, pos, size: (
            to_number(left(env, node, pos, size)) + to_number(right(env, node, pos, size))
        )
    if op == "-":
        return lambda env, node, pos, size: (
            to_number(left(env, node, pos, size)) - to_number(right(env, node, pos, size))
        )
    if op == "*":
        return lambda env, node, pos, size: (
            to_number(left(env, node, pos, size)) * to_number(right(env, node, pos, size))
        )
    if op == "div":
        return lambda env, node, pos, size: divide(
            to_number(left(env, node, pos, size)), to_number(right(env, node, pos, size))
        )
    if op == "mod":
        return lambda env, node, pos, size: modulo(
            to_number(left(env, node, pos, size)), to_number(right(env, node, pos, size))
        )
    raise AssertionError(f"unknown operator {op!r}")  # pragma: no cover - parser guarantees


# -- functions -----------------------------------------------------------------


def _compile_function(expr: FunctionCall) -> Fn:
    spec = lookup(expr.name)
    spec.check_arity(len(expr.args))
    if spec.check is not None:
        spec.check(expr.args)
    impl = spec.impl
    fns = tuple(compile_ast(arg) for arg in expr.args)
    if spec.kind == "lazy":
        return lambda env, node, pos, size: impl(env, node, pos, size, fns)
    if spec.kind == "context":
        return lambda env, node, pos, size: impl(
            env, node, pos, size, [f(env, node, pos, size) for f in fns]
        )
    if not fns:
        return lambda env, node, pos, size: impl(())
    if len(fns) == 1:
        (a,) = fns
        return lambda env, node, pos, size: impl((a(env, node, pos, size),))
    if len(fns) == 2:
        a, b = fns
        return lambda env, node, pos, size: impl((a(env, node, pos, size), b(env, node, pos, size)))
    return lambda env, node, pos, size: impl([f(env, node, pos, size) for f in fns])


# -- node-set expressions ------------------------------------------------------


def _require_nodes(value: Value, what: str) -> list[Node]:
    if not isinstance(value, list):
        raise XPathEvaluationError(f"{what} needs a node-set, got a {type_name(value)}")
    return value


def _compile_union(expr: UnionExpr) -> Fn:
    fns = tuple(compile_ast(operand) for operand in expr.operands)

    def union(env: Env, node: Node, pos: int, size: int) -> Value:
        merged: list[Node] = []
        for fn in fns:
            merged.extend(_require_nodes(fn(env, node, pos, size), "The union operator '|'"))
        return sort_unique(merged)

    return union


def _compile_filter(expr: FilterExpr) -> Fn:
    primary = compile_ast(expr.primary)
    predicates = tuple(_compile_predicate(p) for p in expr.predicates)

    def filtered(env: Env, node: Node, pos: int, size: int) -> Value:
        nodes = _require_nodes(primary(env, node, pos, size), "A predicate")
        for predicate in predicates:
            if not nodes:
                break
            nodes = predicate(env, nodes)
        return nodes

    return filtered


def _compile_path_expr(expr: PathExpr) -> Fn:
    start = compile_ast(expr.start)
    # Usually the start is one node (instance('x'), current()): pick the plan then.
    flat = _compile_steps(expr.steps, flat=True)
    general = _compile_steps(expr.steps, flat=False)

    def path(env: Env, node: Node, pos: int, size: int) -> Value:
        nodes = _require_nodes(start(env, node, pos, size), "A path step ('/')")
        return _run(flat if len(nodes) <= 1 else general, env, nodes)

    return path


def _compile_location_path(expr: LocationPath) -> Fn:
    names = _simple_child_names(expr.steps)
    absolute = expr.absolute
    if names is not None:
        # Fast path for the common /data/group/question shape.
        def simple(env: Env, node: Node, pos: int, size: int) -> Value:
            nodes: Sequence[Node] = (env.root if absolute else node,)
            for name in names:
                if len(nodes) == 1:
                    nodes = nodes[0].child_elements(name)
                else:
                    nodes = [c for n in nodes for c in n.child_elements(name)]
                if not nodes:
                    return []
            return list(nodes)

        return simple
    steps = _compile_steps(expr.steps, flat=True)
    if absolute:
        return lambda env, node, pos, size: _run(steps, env, [env.root])
    return lambda env, node, pos, size: _run(steps, env, [node])


def _simple_child_names(steps: tuple[Step, ...]) -> tuple[str, ...] | None:
    names = []
    for step in steps:
        test = step.test
        if (
            step.axis is not Axis.CHILD
            or step.predicates
            or not isinstance(test, NameTest)
            or test.local == "*"
        ):
            return None
        names.append(test.local)
    return tuple(names)


def _run(steps: Sequence[StepFn], env: Env, nodes: list[Node]) -> list[Node]:
    for step in steps:
        if not nodes:
            break
        nodes = step(env, nodes)
    return nodes


def _rewrite_descendants(steps: tuple[Step, ...]) -> list[Step]:
    """``//name`` (descendant-or-self::node()/child::name) -> descendant::name.

    Only when the child step has no predicates: positions would differ.
    """
    out: list[Step] = []
    i = 0
    while i < len(steps):
        step = steps[i]
        following = steps[i + 1] if i + 1 < len(steps) else None
        if (
            following is not None
            and step.axis is Axis.DESCENDANT_OR_SELF
            and isinstance(step.test, TypeTest)
            and step.test.node_type == "node"
            and not step.predicates
            and following.axis is Axis.CHILD
            and not following.predicates
        ):
            out.append(Step(Axis.DESCENDANT, following.test))
            i += 2
            continue
        out.append(step)
        i += 1
    return out


def _compile_steps(steps: tuple[Step, ...], flat: bool) -> list[StepFn]:
    compiled: list[StepFn] = []
    for step in _rewrite_descendants(steps):
        compiled.append(_compile_step(step, flat))
        flat = flat and step.axis in _FLAT_PRESERVING
    return compiled


def _node_test(step: Step) -> NodeTestFn | None:
    """A node test as a predicate on nodes; None matches every node."""
    test = step.test
    principal = NodeKind.ATTRIBUTE if step.axis is Axis.ATTRIBUTE else NodeKind.ELEMENT
    if isinstance(test, NameTest):
        local = test.local
        if local == "*":
            return lambda n: n.kind is principal
        return lambda n: n.kind is principal and n.local_name == local
    if test.node_type == "node":
        return None
    if test.node_type == "text":
        return lambda n: n.kind is NodeKind.TEXT
    return lambda n: False  # comments and processing instructions are not modelled


def _compile_step(step: Step, flat: bool) -> StepFn:
    concat_safe = flat and step.axis in _CONCAT_SAFE
    predicates = tuple(_compile_predicate(p) for p in step.predicates)
    test = step.test

    if (
        step.axis is Axis.CHILD
        and not predicates
        and isinstance(test, NameTest)
        and test.local != "*"
    ):
        local = test.local

        def child_step(env: Env, nodes: list[Node]) -> list[Node]:
            if len(nodes) == 1:
                return list(nodes[0].child_elements(local))
            out = [c for n in nodes for c in n.child_elements(local)]
            return out if concat_safe else sort_unique(out)

        return child_step

    axis = AXES[step.axis]
    matches = _node_test(step)
    reverse = step.axis.is_reverse

    def select(env: Env, node: Node) -> list[Node]:
        found = list(axis(node)) if matches is None else [n for n in axis(node) if matches(n)]
        for predicate in predicates:
            if not found:
                break
            found = predicate(env, found)
        if reverse:
            found.reverse()
        return found

    def step_fn(env: Env, nodes: list[Node]) -> list[Node]:
        if len(nodes) == 1:
            return select(env, nodes[0])
        out: list[Node] = []
        for n in nodes:
            out.extend(select(env, n))
        return out if concat_safe else sort_unique(out)

    return step_fn


def _compile_predicate(expr: Expr) -> PredicateFn:
    """Filter nodes (in axis order) by a predicate: numbers select by position."""
    if isinstance(expr, Number):
        k = expr.value
        if not (k.is_integer() and k >= 1):
            return lambda env, nodes: []
        index = int(k) - 1
        return lambda env, nodes: nodes[index : index + 1]
    if isinstance(expr, FunctionCall) and expr.name == "last" and not expr.args:
        return lambda env, nodes: nodes[-1:]
    fn = compile_ast(expr)

    def predicate(env: Env, nodes: list[Node]) -> list[Node]:
        size = len(nodes)
        out = []
        for i, n in enumerate(nodes, 1):
            value = fn(env, n, i, size)
            if (value == i) if isinstance(value, float) else to_boolean(value):
                out.append(n)
        return out

    return predicate
