"""Evaluation context: what an expression is evaluated against."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from .nodes import Node
from .values import Value

Clock: TypeAlias = "Callable[[], datetime]"
ChoiceLabels: TypeAlias = "Callable[[str, str], str | None]"
Itext: TypeAlias = "Callable[[str], str | None]"


def system_clock() -> datetime:
    """The current local time, time-zone aware."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class EvaluationContext:
    """Everything an evaluation needs besides the expression.

    ``node`` is the context node. Absolute paths (``/data/x``) are resolved
    against ``root`` (the primary instance's document node, default: the
    document of ``node``) even inside predicates of ``instance('x')/...``, as
    ODK specifies. ``instances`` maps secondary instance ids to their document
    nodes. ``current`` is what ``current()`` returns (default: ``node``).
    ``clock`` feeds today()/now(); ``choice_labels(value, question_path)``
    feeds jr:choice-name(); ``rng`` feeds random(), uuid() and randomize().
    ``form_version`` feeds version(); ``itext(id)`` feeds jr:itext() (the text
    in the current language, None if the form has no such text).
    """

    node: Node
    root: Node | None = None
    instances: Mapping[str, Node] = field(default_factory=dict)
    current: Node | None = None
    position: int = 1
    size: int = 1
    clock: Clock = system_clock
    choice_labels: ChoiceLabels | None = None
    rng: random.Random | None = None
    form_version: str | None = None
    itext: Itext | None = None


class Env:
    """Per-evaluation state that does not change while walking the tree."""

    __slots__ = (
        "choice_labels", "clock", "current", "form_version", "instances", "itext", "rng", "root",
    )

    def __init__(self, ctx: EvaluationContext) -> None:
        self.root: Node = ctx.root if ctx.root is not None else ctx.node.root
        self.current: Node = ctx.current if ctx.current is not None else ctx.node
        self.instances: Mapping[str, Node] = ctx.instances
        self.clock: Clock = ctx.clock
        self.choice_labels: ChoiceLabels | None = ctx.choice_labels
        self.rng: random.Random = ctx.rng if ctx.rng is not None else _SYSTEM_RANDOM
        self.form_version: str | None = ctx.form_version
        self.itext: Itext | None = ctx.itext


_SYSTEM_RANDOM = random.SystemRandom()

# A compiled (sub)expression: (env, context node, context position, context size) -> value.
Fn: TypeAlias = "Callable[[Env, Node, int, int], Value]"
