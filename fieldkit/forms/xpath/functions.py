"""The XPath 1.0 core function library plus ODK's XForms functions.

Each function is registered with its arity and calling convention:

* ``pure``: ``impl(args)`` with evaluated arguments;
* ``context``: ``impl(env, node, position, size, args)`` with evaluated arguments;
* ``lazy``: ``impl(env, node, position, size, fns)`` with unevaluated argument
  closures (``if``, ``coalesce``, ``once`` evaluate only what they need).

Arity is checked when an expression is compiled, so a bad call fails at form
load rather than while filling in the form.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import math
import re
import string
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Any, Literal

import regex  # type: ignore[import-untyped]

from . import dates
from .context import Env, Fn
from .errors import XPathEvaluationError
from .expressions import Expr, FilterExpr, LocationPath, PathExpr
from .nodes import Node, NodeKind
from .values import (
    INF,
    NAN,
    Value,
    string_to_number,
    to_boolean,
    to_number,
    to_string,
    type_name,
)

Kind = Literal["pure", "context", "lazy"]
Args = Sequence[Value]


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str
    impl: Callable[..., Value]
    min_args: int
    max_args: int | None  # None: unbounded
    kind: Kind
    # Compile-time validation of the argument expressions (e.g. indexed-repeat).
    check: Callable[[tuple[Expr, ...]], None] | None = None

    def check_arity(self, count: int) -> None:
        if count < self.min_args or (self.max_args is not None and count > self.max_args):
            if self.max_args is None:
                expected = f"at least {self.min_args}"
            elif self.min_args == self.max_args:
                expected = str(self.min_args)
            else:
                expected = f"{self.min_args} to {self.max_args}"
            plural = "" if expected == "1" else "s"
            raise XPathEvaluationError(
                f"Function '{self.name}' takes {expected} argument{plural}, {count} given"
            )


_REGISTRY: dict[str, FunctionSpec] = {}

# Recognised but deliberately not implemented; the reason is given in the error.
UNSUPPORTED: dict[str, str] = {
    "id": "id() needs DTD-declared ID attributes, which form instances do not have",
    "property": "device properties are not available",
}


def register(
    name: str,
    min_args: int,
    max_args: int | None = -1,
    *,
    kind: Kind = "pure",
    aliases: tuple[str, ...] = (),
    check: Callable[[tuple[Expr, ...]], None] | None = None,
) -> Callable[[Callable[..., Value]], Callable[..., Value]]:
    """Register a function (``max_args=-1`` means "same as min_args")."""
    upper = min_args if max_args == -1 else max_args

    def decorator(impl: Callable[..., Value]) -> Callable[..., Value]:
        spec = FunctionSpec(name, impl, min_args, upper, kind, check)
        for key in (name, *aliases):
            _REGISTRY[key] = spec
        return impl

    return decorator


def lookup(name: str) -> FunctionSpec:
    """Find a function by its name, falling back to the local part of a prefixed name."""
    spec = _REGISTRY.get(name)
    local = name.rpartition(":")[2]
    if spec is None:
        spec = _REGISTRY.get(local)
    if spec is None:
        reason = UNSUPPORTED.get(name) or UNSUPPORTED.get(local)
        if reason:
            raise XPathEvaluationError(f"Function '{name}' is not supported: {reason}")
        raise XPathEvaluationError(f"Unknown function '{name}'")
    return spec


# -- helpers -----------------------------------------------------------------


def _node_set(value: Value, function: str) -> list[Node]:
    if not isinstance(value, list):
        raise XPathEvaluationError(
            f"Function '{function}' needs a node-set argument, got a {type_name(value)}"
        )
    return value


def _strings(args: Args) -> list[str]:
    """String values of the arguments, expanding node-sets to all their nodes (ODK)."""
    out: list[str] = []
    for arg in args:
        if isinstance(arg, list):
            out.extend(n.string_value for n in arg)
        else:
            out.append(to_string(arg))
    return out


def _java_int(x: float) -> int:
    """Java's (int) cast: truncation, NaN -> 0, saturating at the int range."""
    if math.isnan(x):
        return 0
    if x >= 2147483647:
        return 2147483647
    if x <= -2147483648:
        return -2147483648
    return int(x)


def _truncate(x: float) -> float:
    if not math.isfinite(x):
        return x
    return math.copysign(float(math.trunc(x)), x)


# -- node-set functions ------------------------------------------------------


@register("last", 0, kind="context")
def _last(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    return float(size)


@register("position", 0, 1, kind="context")
def _position(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    if not args:
        return float(pos)
    nodes = _node_set(args[0], "position")
    if not nodes:
        return 0.0  # JavaRosa: 1 + INDEX_UNBOUND
    # ODK: the 1-based index among same-named siblings, i.e. the repeat index.
    target = nodes[0]
    parent = target.parent
    if parent is None or target.kind is not NodeKind.ELEMENT:
        return 1.0
    for i, sibling in enumerate(parent.child_elements(target.local_name), 1):
        if sibling == target:
            return float(i)
    return 1.0  # pragma: no cover - a node is always among its parent's children


@register("count", 1)
def _count(args: Args) -> Value:
    return float(len(_node_set(args[0], "count")))


@register("count-non-empty", 1)
def _count_non_empty(args: Args) -> Value:
    # Only nodes with a value of their own count: a group is never "non-empty" (JavaRosa).
    return float(
        sum(
            1
            for n in _node_set(args[0], "count-non-empty")
            if n.string_value and not any(c.kind is NodeKind.ELEMENT for c in n.children)
        )
    )


def _name_of(
    function: str, attribute: Callable[[Node], str]
) -> Callable[[Env, Node, int, int, Args], Value]:
    def impl(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
        if not args:
            return attribute(node)
        nodes = _node_set(args[0], function)
        return attribute(nodes[0]) if nodes else ""

    return impl


register("local-name", 0, 1, kind="context")(_name_of("local-name", lambda n: n.local_name))
register("name", 0, 1, kind="context")(_name_of("name", lambda n: n.name))
register("namespace-uri", 0, 1, kind="context")(
    _name_of("namespace-uri", lambda n: n.namespace_uri)
)


@register("current", 0, kind="context")
def _current(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    return [env.current]


@register("instance", 1, kind="context")
def _instance(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    name = to_string(args[0])
    document = env.instances.get(name)
    if document is None:
        raise XPathEvaluationError(f"instance('{name}') is not defined")
    return [document]


def _is_ancestor_or_self(ancestor: Node, node: Node | None) -> bool:
    while node is not None:
        if node == ancestor:
            return True
        node = node.parent
    return False


def _check_indexed_repeat(args: tuple[Expr, ...]) -> None:
    if len(args) % 2 == 0:
        raise XPathEvaluationError(
            f"Function 'indexed-repeat' takes 3, 5, 7, 9 or 11 arguments, {len(args)} given"
        )
    # indexed-repeat(target, repeat1, index1, repeat2, index2, ...)
    for i in (0, *range(1, len(args), 2)):
        if not isinstance(args[i], (LocationPath, PathExpr, FilterExpr)):
            raise XPathEvaluationError(f"indexed-repeat(): argument {i + 1} must be a path")


@register("indexed-repeat", 3, 11, kind="context", check=_check_indexed_repeat)
def _indexed_repeat(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    targets = _node_set(args[0], "indexed-repeat")
    scope: Node | None = None
    for group_arg, index_arg in zip(args[1::2], args[2::2], strict=True):
        group = _node_set(group_arg, "indexed-repeat")
        if scope is not None:
            group = [g for g in group if _is_ancestor_or_self(scope, g)]
        # Like JavaRosa, an index below 1 (e.g. an unanswered one) means 1.
        index = max(_java_int(to_number(index_arg)), 1)
        if index > len(group):
            return []
        scope = group[index - 1]
    assert scope is not None
    return [t for t in targets if _is_ancestor_or_self(scope, t)]


@register("pulldata", 4, kind="context")
def _pulldata(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    """pulldata(id, desired, key, query): instance(id)/root/item[key = query]/desired."""
    name, desired, key = (to_string(a) for a in args[:3])
    query = to_string(args[3])
    document = env.instances.get(name)
    if document is None:
        raise XPathEvaluationError(f"pulldata(): instance '{name}' is not defined")
    for top in document.children:
        for item in top.children:
            if any(k.string_value == query for k in item.child_elements(key)):
                found = item.child_elements(desired)
                return found[0].string_value if found else ""
    return ""


class _ParkMiller:
    """The seeded generator ODK specifies for randomize()."""

    MODULUS = 2147483647

    def __init__(self, seed: int) -> None:
        self.seed = int(math.fmod(seed, self.MODULUS))  # Java's %: keeps the sign
        if self.seed <= 0:
            self.seed += self.MODULUS - 1

    def random(self) -> float:
        self.seed = self.seed * 16807 % self.MODULUS
        return (self.seed - 1) / (self.MODULUS - 1)


@register("randomize", 1, 2, kind="context")
def _randomize(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    """Shuffled copy of a node-set (the only node-set not in document order)."""
    nodes = _node_set(args[0], "randomize")
    rand: Callable[[], float] = env.rng.random
    if len(args) == 2:
        seed = to_number(args[1])
        if not math.isfinite(seed):
            raise XPathEvaluationError("randomize(): the seed must be a number")
        rand = _ParkMiller(int(seed)).random
    # Inside-out Fisher-Yates, as the ODK specification prescribes.
    result: list[Node] = []
    for i, item in enumerate(nodes):
        j = int(rand() * (i + 1))
        if j == i:
            result.append(item)
        else:
            result.append(result[j])
            result[j] = item
    return result


# -- string functions --------------------------------------------------------


@register("string", 0, 1, kind="context")
def _string(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    return to_string(args[0]) if args else node.string_value


@register("concat", 0, None)
def _concat(args: Args) -> Value:
    # ODK: node-set arguments contribute every node's value, not just the first.
    return "".join(_strings(args))


@register("join", 1, None)
def _join(args: Args) -> Value:
    return to_string(args[0]).join(_strings(args[1:]))


@register("starts-with", 2)
def _starts_with(args: Args) -> Value:
    return to_string(args[0]).startswith(to_string(args[1]))


@register("ends-with", 2)
def _ends_with(args: Args) -> Value:
    return to_string(args[0]).endswith(to_string(args[1]))


@register("contains", 2)
def _contains(args: Args) -> Value:
    return to_string(args[1]) in to_string(args[0])


@register("substring-before", 2)
def _substring_before(args: Args) -> Value:
    text, sep = to_string(args[0]), to_string(args[1])
    i = text.find(sep)
    return text[:i] if i >= 0 else ""


@register("substring-after", 2)
def _substring_after(args: Args) -> Value:
    text, sep = to_string(args[0]), to_string(args[1])
    i = text.find(sep)
    return text[i + len(sep) :] if i >= 0 else ""


def xpath_round(x: float) -> float:
    """XPath round(): nearest integer, ties toward positive infinity."""
    return _round_digits(x, 0)


@register("substring", 2, 3)
def _substring(args: Args) -> Value:
    text = to_string(args[0])
    start = xpath_round(to_number(args[1]))
    end = start + xpath_round(to_number(args[2])) if len(args) == 3 else INF
    # Characters at 1-based positions p with start <= p < end; NaN compares false.
    first = max(start, 1.0)
    last = min(end, len(text) + 1.0)
    if not first < last:  # also catches NaN
        return ""
    return text[int(first) - 1 : int(last) - 1]


@register("substr", 2, 3)
def _substr(args: Args) -> Value:
    """ODK substr(s, start, end?): 0-based, end exclusive, negative counts from the end."""
    text = to_string(args[0])
    length = len(text)
    start = _java_int(to_number(args[1]))
    end = _java_int(to_number(args[2])) if len(args) == 3 else length
    if start < 0:
        start += length
    if end < 0:
        end += length
    start = min(max(0, start), length)
    end = min(max(0, end), length)
    return text[start:end] if start <= end else ""


@register("string-length", 0, 1, kind="context")
def _string_length(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    return float(len(to_string(args[0]) if args else node.string_value))


_XML_SPACE_RE = re.compile(r"[ \t\r\n]+")


@register("normalize-space", 0, 1, kind="context")
def _normalize_space(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    text = to_string(args[0]) if args else node.string_value
    return _XML_SPACE_RE.sub(" ", text).strip(" \t\r\n")


@register("translate", 3)
def _translate(args: Args) -> Value:
    text, source, target = (to_string(a) for a in args)
    table: dict[int, int | None] = {}
    for i, ch in enumerate(source):
        if ord(ch) not in table:  # the first occurrence wins
            table[ord(ch)] = ord(target[i]) if i < len(target) else None
    return text.translate(table)


#: Longest a form's regex() may run on one answer. A pattern like ^(a+)+$
#: backtracks for minutes on 30 letters; the answer then fails to evaluate
#: (the session reports the field) instead of freezing the screen.
REGEX_TIMEOUT = 0.25


@lru_cache(maxsize=512)
def _compiled_regex(pattern: str) -> Any:
    try:
        return regex.compile(pattern, regex.VERSION0)  # VERSION0: the re syntax
    except (regex.error, RecursionError, OverflowError, ValueError) as exc:
        raise XPathEvaluationError(f"regex(): invalid pattern {pattern!r}: {exc}") from None


@register("regex", 2)
def _regex(args: Args) -> Value:
    # Matches anywhere in the string (as JavaRosa's find() does); anchor with ^...$.
    pattern = to_string(args[1])
    try:
        found = _compiled_regex(pattern).search(to_string(args[0]), timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise XPathEvaluationError(
            f"regex(): the pattern {pattern[:80]!r} takes too long on this value"
        ) from None
    return found is not None


_GUID_CHARS = string.digits + string.ascii_uppercase + string.ascii_lowercase


@register("uuid", 0, 1, kind="context")
def _uuid(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    if not args:
        return str(uuid.UUID(int=env.rng.getrandbits(128), version=4))
    length = _java_int(to_number(args[0]))
    return "".join(env.rng.choice(_GUID_CHARS) for _ in range(max(length, 0)))


_DIGESTS = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


@register("digest", 2, 3)
def _digest(args: Args) -> Value:
    algorithm = _DIGESTS.get(to_string(args[1]).upper())
    if algorithm is None:
        raise XPathEvaluationError(
            f"digest(): unsupported algorithm {to_string(args[1])!r} "
            f"(use one of {', '.join(_DIGESTS)})"
        )
    encoding = to_string(args[2]).lower() if len(args) == 3 else "base64"
    digest = hashlib.new(algorithm, to_string(args[0]).encode("utf-8")).digest()
    if encoding == "hex":
        return digest.hex()
    if encoding == "base64":
        return base64.b64encode(digest).decode("ascii")
    raise XPathEvaluationError(f"digest(): unsupported encoding {encoding!r} (base64 or hex)")


@register("base64-decode", 1)
def _base64_decode(args: Args) -> Value:
    try:
        return base64.b64decode(to_string(args[0]), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return ""


# -- boolean functions -------------------------------------------------------


@register("boolean", 1)
def _boolean(args: Args) -> Value:
    return to_boolean(args[0])


@register("not", 1)
def _not(args: Args) -> Value:
    return not to_boolean(args[0])


@register("true", 0)
def _true(args: Args) -> Value:
    return True


@register("false", 0)
def _false(args: Args) -> Value:
    return False


_XML_NS = "http://www.w3.org/XML/1998/namespace"


@register("lang", 1, kind="context")
def _lang(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    wanted = to_string(args[0]).lower()
    current: Node | None = node
    while current is not None:
        for attr in current.attributes:
            if attr.local_name == "lang" and attr.namespace_uri == _XML_NS:
                lang = attr.string_value.lower()
                return lang == wanted or lang.startswith(wanted + "-")
        current = current.parent
    return False


@register("boolean-from-string", 1)
def _boolean_from_string(args: Args) -> Value:
    text = to_string(args[0])
    return text in ("true", "1")  # case-sensitive, as in JavaRosa: 'True' is false


@register("if", 3, kind="lazy")
def _if(env: Env, node: Node, pos: int, size: int, fns: Sequence[Fn]) -> Value:
    branch = fns[1] if to_boolean(fns[0](env, node, pos, size)) else fns[2]
    return branch(env, node, pos, size)


def _is_empty(value: Value) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, bool):
        return False
    return to_string(value) == ""


@register("coalesce", 2, kind="lazy")
def _coalesce(env: Env, node: Node, pos: int, size: int, fns: Sequence[Fn]) -> Value:
    first = fns[0](env, node, pos, size)
    return fns[1](env, node, pos, size) if _is_empty(first) else first


@register("once", 1, kind="lazy")
def _once(env: Env, node: Node, pos: int, size: int, fns: Sequence[Fn]) -> Value:
    existing = node.string_value
    return existing if existing else fns[0](env, node, pos, size)


def _factors(args: Args) -> list[Value]:
    """checklist() factors: a node-set argument counts each node's typed value."""
    factors: list[Value] = []
    for arg in args:
        factors.extend([n.typed_value for n in arg] if isinstance(arg, list) else [arg])
    return factors


def _unpack(value: Value) -> Value:
    """A node-set as one value (its first node's typed value), as JavaRosa unpacks."""
    if isinstance(value, list):
        return value[0].typed_value if value else ""
    return value


def _checked(value: Value) -> bool:
    """A checklist factor as JavaRosa's toBoolean() reads a value: a non-empty
    string is true (even 'no' or '0' typed as text), a number if it is not 0."""
    return to_boolean(value)


@register("checklist", 2, None)
def _checklist(args: Args) -> Value:
    low = _java_int(to_number(args[0]))
    high = _java_int(to_number(args[1]))
    hits = sum(1 for f in _factors(args[2:]) if _checked(f))
    return (low < 0 or hits >= low) and (high < 0 or hits <= high)


@register("weighted-checklist", 2, None)
def _weighted_checklist(args: Args) -> Value:
    if len(args) % 2:
        raise XPathEvaluationError(
            "Function 'weighted-checklist' needs an even number of arguments "
            "(min, max, then value/weight pairs)"
        )
    low, high = to_number(args[0]), to_number(args[1])
    pairs: list[tuple[Value, Value]]
    if len(args) == 4 and isinstance(args[2], list) and isinstance(args[3], list):
        flags, weights = args[2], args[3]
        if len(flags) != len(weights):
            raise XPathEvaluationError(
                "weighted-checklist(): the value and weight node-sets differ in size"
            )
        pairs = [(f.typed_value, w.typed_value) for f, w in zip(flags, weights, strict=True)]
    else:
        pairs = [(_unpack(f), _unpack(w)) for f, w in zip(args[2::2], args[3::2], strict=True)]
    total = sum(to_number(weight) for flag, weight in pairs if _checked(flag))
    return low <= total <= high


# -- select functions --------------------------------------------------------


@register("selected", 2, aliases=("is-selected",))
def _selected(args: Args) -> Value:
    wanted = to_string(args[1]).strip()
    return wanted in to_string(args[0]).split()


@register("selected-at", 2)
def _selected_at(args: Args) -> Value:
    items = to_string(args[0]).split()
    index = _java_int(to_number(args[1]))
    return items[index] if 0 <= index < len(items) else ""


@register("count-selected", 1)
def _count_selected(args: Args) -> Value:
    return float(len(to_string(args[0]).split()))


@register("jr:choice-name", 2, kind="context", aliases=("choice-name",))
def _choice_name(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    """jr:choice-name(value, 'question path'): the label comes from the runtime's hook."""
    hook = env.choice_labels
    if hook is None:
        return ""
    return hook(to_string(args[0]), to_string(args[1]).strip()) or ""


# -- number functions --------------------------------------------------------


@register("number", 0, 1, kind="context")
def _number(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    return to_number(args[0]) if args else string_to_number(node.string_value)


@register("sum", 1)
def _sum(args: Args) -> Value:
    # XPath 1.0 (as the ODK spec says): one blank or non-numeric node makes it NaN.
    return math.fsum(string_to_number(n.string_value) for n in _node_set(args[0], "sum"))


def _numbers(args: Args) -> list[float]:
    out: list[float] = []
    for arg in args:
        if isinstance(arg, list):
            out.extend(string_to_number(n.string_value) for n in arg)
        else:
            out.append(to_number(arg))
    return out


@register("min", 1, None)
def _min(args: Args) -> Value:
    values = _numbers(args)
    if not values or any(math.isnan(v) for v in values):
        return NAN
    return min(values)


@register("max", 1, None)
def _max(args: Args) -> Value:
    values = _numbers(args)
    if not values or any(math.isnan(v) for v in values):
        return NAN
    return max(values)


def _floor(args: Args) -> Value:
    x = to_number(args[0])
    return math.copysign(float(math.floor(x)), x) if math.isfinite(x) else x


def _ceiling(args: Args) -> Value:
    x = to_number(args[0])
    return math.copysign(float(math.ceil(x)), x) if math.isfinite(x) else x


register("floor", 1)(_floor)
register("ceiling", 1)(_ceiling)

_DECIMAL = Context(prec=800)


def _round_digits(x: float, digits: int) -> float:
    if not math.isfinite(x):
        return x
    if digits > 30 or digits < -30:  # as JavaRosa: absurd precision requests give NaN
        return NAN
    if digits >= 0 and x.is_integer():
        return x
    # Round the shortest decimal representation, so round(1.005, 2) is 1.01.
    rounding = ROUND_HALF_UP if x >= 0 else ROUND_HALF_DOWN
    result = float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding, _DECIMAL))
    return math.copysign(result, x) if result == 0 else result


@register("round", 1, 2)
def _round(args: Args) -> Value:
    digits = _java_int(to_number(args[1])) if len(args) == 2 else 0
    return _round_digits(to_number(args[0]), digits)


@register("int", 1)
def _int(args: Args) -> Value:
    return _truncate(to_number(args[0]))


@register("abs", 1)
def _abs(args: Args) -> Value:
    return abs(to_number(args[0]))


def java_pow(a: float, b: float) -> float:
    """Math.pow semantics: never raises, returns NaN/Infinity instead."""
    try:
        return math.pow(a, b)
    except OverflowError:
        odd = b.is_integer() and b % 2 == 1
        return -INF if a < 0 and odd else INF
    except ValueError:
        if a == 0:  # 0 to a negative power
            odd = b.is_integer() and b % 2 == 1
            return -INF if odd and math.copysign(1.0, a) < 0 else INF
        return NAN


@register("pow", 2)
def _pow(args: Args) -> Value:
    return java_pow(to_number(args[0]), to_number(args[1]))


def _unary(fn: Callable[[float], float]) -> Callable[[Args], Value]:
    """Wrap a math function so domain errors give NaN and overflow Infinity."""

    def impl(args: Args) -> Value:
        x = to_number(args[0])
        try:
            return fn(x)
        except ValueError:
            return NAN
        except OverflowError:
            return INF

    return impl


def _log(x: float) -> float:
    return -INF if x == 0 else math.log(x)


def _log10(x: float) -> float:
    return -INF if x == 0 else math.log10(x)


for _name, _fn in (
    ("log", _log),
    ("log10", _log10),
    ("exp", math.exp),
    ("sqrt", math.sqrt),
    ("sin", math.sin),
    ("cos", math.cos),
    ("tan", math.tan),
    ("asin", math.asin),
    ("acos", math.acos),
    ("atan", math.atan),
):
    register(_name, 1)(_unary(_fn))


@register("exp10", 1)
def _exp10(args: Args) -> Value:
    return java_pow(10.0, to_number(args[0]))


@register("atan2", 2)
def _atan2(args: Args) -> Value:
    return math.atan2(to_number(args[0]), to_number(args[1]))


@register("pi", 0)
def _pi(args: Args) -> Value:
    return math.pi


@register("random", 0, kind="context")
def _random(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    return env.rng.random()


# -- date and time functions -------------------------------------------------


def _parse_moment(value: Value, function: str) -> datetime | None:
    """A date, dateTime, time or day-number value as a wall-clock datetime.

    Returns None for "no value" (an empty string or NaN); raises for garbage,
    as JavaRosa does.
    """
    if isinstance(value, list):
        value = value[0].string_value if value else ""
    if isinstance(value, bool):
        raise XPathEvaluationError(f"{function}(): a boolean can't be converted to a date")
    if isinstance(value, str):
        if not value.strip():
            return None
        number = string_to_number(value)
        parsed = dates.parse_date_time(value)
        if parsed is not None:
            return parsed.value
        if not math.isnan(number):
            value = number
        else:
            fraction = dates.parse_time(value)
            if fraction is None:
                raise XPathEvaluationError(
                    f"{function}(): the value {value!r} can't be converted to a date"
                )
            value = fraction
    if math.isnan(value):
        return None
    try:
        return dates.from_days(value)
    except (OverflowError, ValueError):
        raise XPathEvaluationError(
            f"{function}(): the value {value!r} is out of range for a date"
        ) from None


def _local_offset(env: Env) -> str | None:
    return dates.offset_of(env.clock())


@register("today", 0, kind="context")
def _today(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    return dates.iso_date(env.clock())


@register("now", 0, kind="context")
def _now(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    moment = env.clock()
    return dates.iso_date_time(moment, dates.offset_of(moment))


def _empty_passthrough(value: Value) -> Value | None:
    """JavaRosa returns '' for '' and NaN for NaN from the date conversions."""
    if isinstance(value, list):
        value = value[0].string_value if value else ""
    if isinstance(value, str) and not value.strip():
        return ""
    if isinstance(value, float) and math.isnan(value):
        return value
    return None


@register("date", 1)
def _date(args: Args) -> Value:
    empty = _empty_passthrough(args[0])
    if empty is not None:
        return empty
    value = args[0]
    if isinstance(value, float):
        value = _truncate(value)  # date(n) ignores the time of day, like int()
    moment = _parse_moment(value, "date")
    assert moment is not None
    return dates.iso_date(moment)


@register("date-time", 1, kind="context")
def _date_time(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    empty = _empty_passthrough(args[0])
    if empty is not None:
        return empty
    value = args[0]
    text = to_string(value) if not isinstance(value, float) else ""
    parsed = dates.parse_date_time(text) if text else None
    if parsed is not None and parsed.offset is not None:
        return dates.iso_date_time(parsed.value, parsed.offset)
    moment = _parse_moment(value, "date-time")
    assert moment is not None
    return dates.iso_date_time(moment, _local_offset(env))


@register("decimal-date-time", 1)
def _decimal_date_time(args: Args) -> Value:
    empty = _empty_passthrough(args[0])
    if empty is not None:
        return empty
    value = args[0]
    if isinstance(value, list):
        value = value[0].string_value
    if isinstance(value, str) and dates.parse_date_time(value) is None:
        # JavaRosa reads text only as a date or dateTime: '-1000' is an error.
        raise XPathEvaluationError(
            f"decimal-date-time(): the value {value[:40]!r} can't be converted to a date "
            "(text is read only as a date or dateTime)"
        )
    moment = _parse_moment(value, "decimal-date-time")
    assert moment is not None
    return dates.to_days(moment)


@register("decimal-time", 1)
def _decimal_time(args: Args) -> Value:
    empty = _empty_passthrough(args[0])
    if empty is not None:
        return empty
    value = args[0]
    if isinstance(value, list):
        value = value[0].string_value
    if isinstance(value, str):
        fraction = dates.parse_time(value)
        if fraction is not None:
            return fraction
    moment = _parse_moment(value, "decimal-time")
    assert moment is not None
    days = dates.to_days(moment)
    return days - math.floor(days)


def _format(function: str) -> Callable[[Args], Value]:
    def impl(args: Args) -> Value:
        moment = _parse_moment(args[0], function)
        if moment is None:
            return ""
        try:
            return dates.format_date(moment, to_string(args[1]))
        except ValueError as exc:
            raise XPathEvaluationError(f"{function}(): {exc}") from None

    return impl


register("format-date", 2)(_format("format-date"))
register("format-date-time", 2)(_format("format-date-time"))


# -- form and geographic functions -------------------------------------------


@register("version", 0, kind="context")
def _version(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    if env.form_version is None:
        raise XPathEvaluationError("version(): the form version is not known here")
    return env.form_version


@register("jr:itext", 1, kind="context", aliases=("itext",))
def _itext(env: Env, node: Node, pos: int, size: int, args: Args) -> Value:
    """jr:itext(id): the form's text ``id`` in the current language."""
    if env.itext is None:
        raise XPathEvaluationError("jr:itext(): the form's texts are not known here")
    text = env.itext(to_string(args[0]))
    return "" if text is None else text


#: The earth's radius JavaRosa and ODK Web Forms use for area() and distance().
EARTH_RADIUS_METERS = 6_378_100.0
_GEO_DECIMALS = 2


def _geo_points(args: Args) -> list[tuple[float, float]] | None:
    """(latitude, longitude) of every point in the arguments: geopoints, or a
    geotrace/geoshape's 'lat lon alt acc;...' text; None if any is not a point."""
    texts: list[str] = []
    for arg in args:
        values = [n.string_value for n in arg] if isinstance(arg, list) else [to_string(arg)]
        for value in values:
            texts.extend(part for part in value.strip().split(";") if part.strip())
    points: list[tuple[float, float]] = []
    for text in texts:
        numbers = text.split()
        if not 2 <= len(numbers) <= 4:
            return None
        lat, lon = string_to_number(numbers[0]), string_to_number(numbers[1])
        if not (abs(lat) <= 90 and abs(lon) <= 180):  # NaN fails both
            return None
        points.append((lat, lon))
    return points


def _great_circle(a: tuple[float, float], b: tuple[float, float]) -> float:
    phi0, phi1 = math.radians(a[0]), math.radians(b[0])
    cosine = math.sin(phi0) * math.sin(phi1) + math.cos(phi0) * math.cos(phi1) * math.cos(
        math.radians(a[1] - b[1])
    )
    return math.acos(max(-1.0, min(1.0, cosine))) * EARTH_RADIUS_METERS


@register("distance", 1, None)
def _distance(args: Args) -> Value:
    """Length in metres of the path through the points (one trace, or several
    geopoints), rounded to centimetres; NaN if a point is invalid or fewer than 2."""
    points = _geo_points(args)
    if points is None or len(points) < 2:
        return NAN
    total = sum(_great_circle(a, b) for a, b in itertools.pairwise(points))
    return abs(round(total, _GEO_DECIMALS))


@register("area", 1, aliases=("enclosed-area",))
def _area(args: Args) -> Value:
    """Area in square metres of a geoshape on the sphere, rounded to 2 decimals."""
    points = _geo_points(args)
    if points is None:
        return NAN
    if len(points) < 3:
        return 0.0
    if points[0] != points[-1]:
        points = [*points, points[0]]  # close the shape
    total = sum(
        math.radians(b[1] - a[1])
        * (2 + math.sin(math.radians(a[0])) + math.sin(math.radians(b[0])))
        for a, b in itertools.pairwise(points)
    )
    return abs(round(total * EARTH_RADIUS_METERS * EARTH_RADIUS_METERS / 2, _GEO_DECIMALS))


@register("geofence", 2)
def _geofence(args: Args) -> Value:
    """geofence(point, shape): whether the geopoint lies inside the geoshape
    (ray casting on latitude/longitude, as JavaRosa does)."""
    point = _geo_points(args[:1])
    shape = _geo_points(args[1:])
    if not point or len(point) != 1 or shape is None or len(shape) < 3:
        return False
    lat, lon = point[0]
    inside = False
    for (lat_a, lon_a), (lat_b, lon_b) in zip(shape, [*shape[1:], shape[0]], strict=True):
        if (lat_a > lat) != (lat_b > lat):
            crossing = lon_a + (lat - lat_a) * (lon_b - lon_a) / (lat_b - lat_a)
            if lon < crossing:
                inside = not inside
    return inside


#: An internal function (no form can write its name): a node-set as JavaRosa
#: reads it where a condition is expected. The form runtime wraps bare paths of
#: relevant/required/readonly/constraint expressions in it.
CONDITION_VALUE = "(condition-value)"


@register(CONDITION_VALUE, 1)
def _condition_value(args: Args) -> Value:
    value = args[0]
    if isinstance(value, list) and len(value) == 1:
        return to_boolean(value[0].typed_value)  # '' and 0 are false; 'no' is true
    return to_boolean(value)
