"""Tokeniser for XPath 1.0 expressions.

Implements the disambiguation rules of XPath 1.0 section 3.7: whether ``*`` is a
name test or multiplication, and whether ``div``/``mod``/``and``/``or`` are
operators or element names, depends on the preceding token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, auto

from .errors import XPathSyntaxError


class TokenKind(Enum):
    """Token kinds."""

    NUMBER = auto()
    LITERAL = auto()
    NAME = auto()  # a name test: QName, '*' or 'prefix:*'
    FUNCTION = auto()  # a QName followed by '('
    NODE_TYPE = auto()  # node, text, comment, processing-instruction followed by '('
    AXIS = auto()  # an axis name followed by '::'
    OPERATOR = auto()  # and or mod div * / // | + - = != < <= > >=
    LPAREN = auto()
    RPAREN = auto()
    LBRACKET = auto()
    RBRACKET = auto()
    DOT = auto()
    DOTDOT = auto()
    AT = auto()
    COMMA = auto()
    COLONCOLON = auto()
    EOF = auto()


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    value: str
    pos: int


NODE_TYPES = frozenset({"node", "text", "comment", "processing-instruction"})
OPERATOR_NAMES = frozenset({"and", "or", "mod", "div"})

# NCName, approximated with Python's \w (letters, digits, '_') plus '.', '-' and
# the middle dot; must not start with a digit, '.' or '-'.
_NCNAME = r"[^\W\d][\w.\-\u00B7]*"
_QNAME_RE = re.compile(rf"({_NCNAME})(?::({_NCNAME}|\*))?")
# An exponent (1e3, 2.5E-4) is not XPath 1.0, but JavaRosa's parser reads it.
_NUMBER_RE = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WS = " \t\r\n"

_SINGLE = {
    "(": TokenKind.LPAREN,
    ")": TokenKind.RPAREN,
    "[": TokenKind.LBRACKET,
    "]": TokenKind.RBRACKET,
    "@": TokenKind.AT,
    ",": TokenKind.COMMA,
}
_SYMBOL_OPERATORS = ("//", "!=", "<=", ">=", "/", "|", "+", "-", "=", "<", ">")

# After these tokens an operand is expected, so '*' is a name test and 'div' a name.
_OPERAND_EXPECTED = frozenset({TokenKind.AT, TokenKind.COLONCOLON, TokenKind.LPAREN,
                               TokenKind.LBRACKET, TokenKind.COMMA, TokenKind.OPERATOR})


def tokenize(expression: str) -> list[Token]:
    """Split ``expression`` into tokens, ending with an EOF token."""
    tokens: list[Token] = []
    text = expression
    n = len(text)
    i = 0

    def expects_operand() -> bool:
        return not tokens or tokens[-1].kind in _OPERAND_EXPECTED

    def error(reason: str, pos: int) -> XPathSyntaxError:
        return XPathSyntaxError(reason, expression, pos)

    while i < n:
        c = text[i]
        if c in _WS:
            i += 1
            continue
        if c in "\"'":
            end = text.find(c, i + 1)
            if end < 0:
                raise error("Unterminated string literal", i)
            tokens.append(Token(TokenKind.LITERAL, text[i + 1 : end], i))
            i = end + 1
            continue
        if c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            m = _NUMBER_RE.match(text, i)
            if m is None:  # pragma: no cover - guarded by the test above
                raise error("Malformed number", i)
            tokens.append(Token(TokenKind.NUMBER, m.group(), i))
            i = m.end()
            continue
        if c == ".":
            if text.startswith("..", i):
                tokens.append(Token(TokenKind.DOTDOT, "..", i))
                i += 2
            else:
                tokens.append(Token(TokenKind.DOT, ".", i))
                i += 1
            continue
        if c == "$":
            if text.startswith("${", i):
                end = text.find("}", i)
                ref = text[i : end + 1] if end > 0 else text[i:]
                raise error(
                    f"Unreplaced XLSForm reference {ref} (convert the form with pyxform first)", i
                )
            raise error("Variable references are not supported", i)
        if c == ":" and text.startswith("::", i):
            tokens.append(Token(TokenKind.COLONCOLON, "::", i))
            i += 2
            continue
        if c in _SINGLE:
            tokens.append(Token(_SINGLE[c], c, i))
            i += 1
            continue
        if c == "*":
            # Section 3.7: '*' is multiplication unless an operand is expected.
            kind = TokenKind.NAME if expects_operand() else TokenKind.OPERATOR
            tokens.append(Token(kind, "*", i))
            i += 1
            continue
        if c == "!" and not text.startswith("!=", i):
            raise error("Unexpected character '!'", i)
        for op in _SYMBOL_OPERATORS:
            if text.startswith(op, i):
                tokens.append(Token(TokenKind.OPERATOR, op, i))
                i += len(op)
                break
        else:
            m = _QNAME_RE.match(text, i)
            if m is None:
                raise error(f"Unexpected character {c!r}", i)
            start = i
            i = m.end()
            name = m.group()
            if not expects_operand():
                if name in OPERATOR_NAMES:
                    tokens.append(Token(TokenKind.OPERATOR, name, start))
                    continue
                raise error(f"Expected an operator but found {name!r}", start)
            # Look past whitespace to classify the name.
            j = i
            while j < n and text[j] in _WS:
                j += 1
            if m.group(2) != "*" and j < n and text[j] == "(":
                kind = TokenKind.NODE_TYPE if name in NODE_TYPES else TokenKind.FUNCTION
            elif m.group(2) is None and text.startswith("::", j):
                kind = TokenKind.AXIS
            else:
                kind = TokenKind.NAME
            tokens.append(Token(kind, name, start))
    tokens.append(Token(TokenKind.EOF, "", n))
    return tokens
