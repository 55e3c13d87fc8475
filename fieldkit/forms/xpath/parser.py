"""Recursive-descent parser for the full XPath 1.0 grammar."""

from __future__ import annotations

import functools

from .errors import XPathSyntaxError
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
    NodeTest,
    Number,
    PathExpr,
    Step,
    TypeTest,
    UnionExpr,
)
from .lexer import Token, TokenKind, tokenize

_AXES = {axis.value: axis for axis in Axis}
_STEP_START = frozenset({TokenKind.NAME, TokenKind.AXIS, TokenKind.AT, TokenKind.DOT,
                         TokenKind.DOTDOT, TokenKind.NODE_TYPE})
_DESCENDANT_OR_SELF = Step(Axis.DESCENDANT_OR_SELF, TypeTest("node"))
_SELF_NODE = TypeTest("node")

_EQUALITY = frozenset({"=", "!="})
_RELATIONAL = frozenset({"<", "<=", ">", ">="})
_ADDITIVE = frozenset({"+", "-"})
_MULTIPLICATIVE = frozenset({"*", "div", "mod"})
_MINUS = frozenset({"-"})
_PIPE = frozenset({"|"})

#: How deeply parentheses, function calls, predicates and unary minus may nest.
#: Forms nest a few levels; the limit keeps every recursive walk of the tree
#: (parser, compiler, reference analysis, evaluation) far from Python's stack limit.
MAX_NESTING = 100


@functools.lru_cache(maxsize=8192)
def parse(expression: str) -> Expr:
    """Parse ``expression`` into an AST (cached: ASTs are immutable)."""
    return _Parser(expression).parse()


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = tokenize(expression)
        self.index = 0
        self.depth = -1  # the whole expression is level 0

    # -- token helpers -------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_operator(self, ops: frozenset[str]) -> bool:
        token = self.tokens[self.index]
        return token.kind is TokenKind.OPERATOR and token.value in ops

    def expect(self, kind: TokenKind, what: str) -> Token:
        token = self.peek()
        if token.kind is not kind:
            raise self.error(f"Expected {what} but found {self.describe(token)}", token)
        return self.advance()

    def describe(self, token: Token) -> str:
        return "end of expression" if token.kind is TokenKind.EOF else repr(token.value)

    def error(self, reason: str, token: Token) -> XPathSyntaxError:
        return XPathSyntaxError(reason, self.expression, token.pos)

    # -- grammar -------------------------------------------------------------
    def parse(self) -> Expr:
        if self.peek().kind is TokenKind.EOF:
            raise self.error("Empty expression", self.peek())
        expr = self.parse_expr()
        token = self.peek()
        if token.kind is not TokenKind.EOF:
            raise self.error(f"Unexpected {self.describe(token)}", token)
        return expr

    def parse_expr(self) -> Expr:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(
                f"The expression nests more than {MAX_NESTING} levels deep", self.peek()
            )
        try:
            return self.parse_binary(0)
        finally:
            self.depth -= 1

    # Precedence levels from loosest to tightest binding.
    _LEVELS: tuple[frozenset[str], ...] = (
        frozenset({"or"}),
        frozenset({"and"}),
        _EQUALITY,
        _RELATIONAL,
        _ADDITIVE,
        _MULTIPLICATIVE,
    )

    def _level(self) -> int:
        """The precedence level of the binary operator at hand (-1 if none)."""
        token = self.tokens[self.index]
        if token.kind is TokenKind.OPERATOR:
            for level, ops in enumerate(self._LEVELS):
                if token.value in ops:
                    return level
        return -1

    def parse_binary(self, level: int) -> Expr:
        # Precedence climbing: one frame per nesting rather than one per level,
        # and left-associative chains (a sum of 500 terms) in a loop.
        left = self.parse_unary()
        while True:
            found = self._level()
            if found < level:
                return left
            op = self.advance().value
            right = self.parse_binary(found + 1)
            left = BinaryOp(op, left, right)

    def parse_unary(self) -> Expr:
        if self.at_operator(_MINUS):
            self.advance()
            self.depth += 1
            try:
                if self.depth > MAX_NESTING:
                    raise self.error(
                        f"The expression nests more than {MAX_NESTING} levels deep", self.peek()
                    )
                return Negate(self.parse_unary())
            finally:
                self.depth -= 1
        return self.parse_union()

    def parse_union(self) -> Expr:
        operands = [self.parse_path()]
        while self.at_operator(_PIPE):
            self.advance()
            operands.append(self.parse_path())
        return operands[0] if len(operands) == 1 else UnionExpr(tuple(operands))

    def parse_path(self) -> Expr:
        token = self.peek()
        if token.kind is TokenKind.OPERATOR and token.value in ("/", "//"):
            return self.parse_absolute_path()
        if token.kind in _STEP_START:
            return LocationPath(False, tuple(self.parse_relative_steps()))
        primary = self.parse_primary()
        predicates = self.parse_predicates()
        expr: Expr = FilterExpr(primary, predicates) if predicates else primary
        token = self.peek()
        if token.kind is TokenKind.OPERATOR and token.value in ("/", "//"):
            self.advance()
            steps = [_DESCENDANT_OR_SELF] if token.value == "//" else []
            steps.extend(self.parse_relative_steps())
            return PathExpr(expr, tuple(steps))
        return expr

    def parse_absolute_path(self) -> LocationPath:
        token = self.advance()
        if token.value == "//":
            return LocationPath(True, (_DESCENDANT_OR_SELF, *self.parse_relative_steps()))
        if self.peek().kind in _STEP_START:
            return LocationPath(True, tuple(self.parse_relative_steps()))
        return LocationPath(True, ())

    def parse_relative_steps(self) -> list[Step]:
        steps = [self.parse_step()]
        while True:
            token = self.peek()
            if token.kind is not TokenKind.OPERATOR or token.value not in ("/", "//"):
                return steps
            self.advance()
            if token.value == "//":
                steps.append(_DESCENDANT_OR_SELF)
            steps.append(self.parse_step())

    def parse_step(self) -> Step:
        token = self.peek()
        if token.kind is TokenKind.DOT:
            self.advance()
            return Step(Axis.SELF, _SELF_NODE, self.parse_predicates())
        if token.kind is TokenKind.DOTDOT:
            self.advance()
            return Step(Axis.PARENT, _SELF_NODE, self.parse_predicates())
        axis = Axis.CHILD
        if token.kind is TokenKind.AT:
            self.advance()
            axis = Axis.ATTRIBUTE
        elif token.kind is TokenKind.AXIS:
            self.advance()
            if token.value == "namespace":
                raise self.error("The namespace axis is not supported", token)
            found = _AXES.get(token.value)
            if found is None:
                raise self.error(f"Unknown axis {token.value!r}", token)
            axis = found
            self.expect(TokenKind.COLONCOLON, "'::'")
        test = self.parse_node_test()
        return Step(axis, test, self.parse_predicates())

    def parse_node_test(self) -> NodeTest:
        token = self.peek()
        if token.kind is TokenKind.NAME:
            self.advance()
            prefix, _, local = token.value.rpartition(":")
            return NameTest(prefix or None, local)
        if token.kind is TokenKind.NODE_TYPE:
            self.advance()
            self.expect(TokenKind.LPAREN, "'('")
            literal = None
            if token.value == "processing-instruction" and self.peek().kind is TokenKind.LITERAL:
                literal = self.advance().value
            self.expect(TokenKind.RPAREN, "')'")
            return TypeTest(token.value, literal)
        raise self.error(f"Expected a node test but found {self.describe(token)}", token)

    def parse_predicates(self) -> tuple[Expr, ...]:
        predicates: list[Expr] = []
        while self.peek().kind is TokenKind.LBRACKET:
            self.advance()
            if self.peek().kind is TokenKind.RBRACKET:
                raise self.error("Empty predicate", self.peek())
            predicates.append(self.parse_expr())
            self.expect(TokenKind.RBRACKET, "']'")
        return tuple(predicates)

    def parse_primary(self) -> Expr:
        token = self.peek()
        kind = token.kind
        if kind is TokenKind.LPAREN:
            self.advance()
            if self.peek().kind is TokenKind.RPAREN:
                raise self.error("Empty parentheses", self.peek())
            expr = self.parse_expr()
            self.expect(TokenKind.RPAREN, "')'")
            return expr
        if kind is TokenKind.LITERAL:
            self.advance()
            return Literal(token.value)
        if kind is TokenKind.NUMBER:
            self.advance()
            return Number(float(token.value))
        if kind is TokenKind.FUNCTION:
            self.advance()
            self.expect(TokenKind.LPAREN, "'('")
            args: list[Expr] = []
            if self.peek().kind is not TokenKind.RPAREN:
                args.append(self.parse_expr())
                while self.peek().kind is TokenKind.COMMA:
                    self.advance()
                    args.append(self.parse_expr())
            self.expect(TokenKind.RPAREN, "')' or ','")
            return FunctionCall(token.value, tuple(args))
        raise self.error(f"Unexpected {self.describe(token)}", token)
