"""Public entry points: compile() and evaluate()."""

from __future__ import annotations

import functools
import random
from collections.abc import Mapping
from typing import Literal

from .compiler import compile_ast
from .context import ChoiceLabels, Clock, Env, EvaluationContext, Fn, system_clock
from .errors import XPathEvaluationError, XPathSyntaxError
from .expressions import Expr
from .nodes import ElementTreeNode, Node, NodeKind, parse_xml
from .parser import parse
from .references import Ref, collect, context_ref, resolve
from .values import Value, to_boolean, to_number, to_string

ResultType = Literal["any", "boolean", "number", "string"]
Result = bool | float | str


def convert(value: Value, result: str = "any") -> Result:
    """Convert an internal value to a Python result (see :func:`evaluate`)."""
    if result == "any":
        return to_string(value) if isinstance(value, list) else value
    if result == "boolean":
        return to_boolean(value)
    if result == "number":
        return to_number(value)
    if result == "string":
        return to_string(value)
    raise ValueError(f"result must be 'any', 'boolean', 'number' or 'string', not {result!r}")


class CompiledExpression:
    """A parsed and compiled expression; immutable and safe to share."""

    __slots__ = ("_fn", "_refs", "_resolved", "ast", "expression")

    def __init__(self, expression: str, ast: Expr) -> None:
        self.expression = expression
        self.ast = ast
        self._fn: Fn = compile_ast(ast)
        self._refs: frozenset[Ref] | None = None
        self._resolved: dict[str | None, frozenset[str]] = {}

    def __repr__(self) -> str:
        return f"CompiledExpression({self.expression!r})"

    def value(self, ctx: EvaluationContext) -> Value:
        """The raw XPath value; node-sets are ``list[Node]`` in document order."""
        return self._fn(Env(ctx), ctx.node, ctx.position, ctx.size)

    def evaluate(self, ctx: EvaluationContext, result: str = "any") -> Result:
        """Evaluate, converting the value as :func:`evaluate` describes."""
        return convert(self._fn(Env(ctx), ctx.node, ctx.position, ctx.size), result)

    def nodes(self, ctx: EvaluationContext) -> list[Node]:
        """Evaluate an expression that must select nodes (e.g. an itemset)."""
        value = self.value(ctx)
        if not isinstance(value, list):
            raise XPathEvaluationError(f"{self.expression!r} does not select nodes")
        return list(value)

    def references(self, context_path: str | None = None) -> frozenset[str]:
        """The instance paths this expression reads (see :mod:`.references`).

        Without ``context_path`` relative references stay relative (``../b``);
        with it (e.g. ``"/data/grp/q"``) they are resolved to absolute paths.
        """
        cached = self._resolved.get(context_path)
        if cached is None:
            if self._refs is None:
                self._refs = collect(self.ast)
            context = None
            if context_path is not None:
                context = context_ref(parse(context_path), context_path)
            cached = self._resolved[context_path] = resolve(self._refs, context)
        return cached


@functools.lru_cache(maxsize=8192)
def compile(expression: str) -> CompiledExpression:
    """Parse and compile ``expression`` (cached)."""
    try:
        return CompiledExpression(expression, parse(expression))
    except RecursionError:  # a backstop: the parser limits nesting (MAX_NESTING)
        raise XPathSyntaxError("The expression nests too deeply", expression, 0) from None


@functools.lru_cache(maxsize=64)
def _document(xml: str) -> ElementTreeNode:
    # The ElementTree snapshot is immutable, so sharing it between calls is safe.
    return parse_xml(xml)


def _empty_document() -> Node:
    return ElementTreeNode(NodeKind.DOCUMENT, None, (-1, 0))


def evaluate(
    expression: str,
    instance: str | None = None,
    context: str | None = None,
    result: str = "any",
    *,
    instances: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    choice_labels: ChoiceLabels | None = None,
    rng: random.Random | None = None,
) -> Result:
    """Evaluate an XPath 1.0 / ODK expression against an XML instance.

    ``instance`` is the primary instance XML; ``context`` an absolute path to
    the context node (default: the document element); ``instances`` maps
    secondary instance ids to XML for ``instance('id')``. ``clock``,
    ``choice_labels`` and ``rng`` are passed to :class:`EvaluationContext`.

    ``result`` selects the conversion:

    * ``"any"``: numbers as ``float`` (NaN where XPath says so), booleans as
      ``bool``, strings as ``str``; a node-set becomes the string-value of its
      first node in document order (``""`` if empty), as XPath's string() would.
    * ``"boolean"``, ``"number"``, ``"string"``: XPath's boolean(), number()
      and string() of the value.
    """
    if result not in ("any", "boolean", "number", "string"):
        raise ValueError(f"result must be 'any', 'boolean', 'number' or 'string', not {result!r}")
    compiled = compile(expression)
    document = _document(instance) if instance is not None else _empty_document()
    secondary = {key: _document(xml) for key, xml in (instances or {}).items()}
    top = document.children[0] if document.children else document
    node: Node = top
    if context is not None:
        selection = compile(context).value(EvaluationContext(top, document, secondary))
        if not isinstance(selection, list) or not selection:
            raise XPathEvaluationError(f"Context path {context!r} does not select any node")
        node = selection[0]
    ctx = EvaluationContext(
        node,
        root=document,
        instances=secondary,
        clock=clock or system_clock,
        choice_labels=choice_labels,
        rng=rng,
    )
    return compiled.evaluate(ctx, result)
