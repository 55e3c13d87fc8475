"""What a session needs to know about a Form, built once per Form and cached.

* :class:`Template`: one node of the instance template (group, repeat, leaf).
* :class:`Computation`: one bind expression (relevant, required, constraint,
  calculate, readonly), a repeat's ``jr:count``, an itemset or a label output,
  evaluated per instance of its host node.
* :class:`Dep`: "computation C reads template path P". ``depth`` says how many
  of C's enclosing repeats the reference stays inside: a change in
  ``member[3]`` re-runs C only inside ``member[3]`` when ``depth`` covers that
  repeat, and in every instance otherwise.

The graph is built from ``CompiledExpression.references()`` and sorted
topologically; a loop is a :class:`~fieldkit.forms.errors.FormError` naming the
fields.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element as XmlElement

from fieldkit.forms.errors import FormError
from fieldkit.forms.model import (
    Bind,
    Form,
    Group,
    InstanceNode,
    OutputRef,
    Question,
    Repeat,
    SetValue,
    TextRef,
    iter_body,
)
from fieldkit.forms.safexml import parse_xml as parse_safe_xml
from fieldkit.forms.session.refs import split_references
from fieldkit.forms.session.values import value_kind
from fieldkit.forms.xpath import CompiledExpression, Node, XPathError, compile, parse_xml
from fieldkit.forms.xpath.expressions import (
    BinaryOp,
    Expr,
    FilterExpr,
    FunctionCall,
    LocationPath,
    Negate,
    PathExpr,
)
from fieldkit.forms.xpath.functions import CONDITION_VALUE
from fieldkit.i18n import _

__all__ = ["Computation", "Dep", "Plan", "Template", "plan_for"]

# Kinds of computation: relevant, calculate, required, readonly, constraint, count,
# choices and label (the last two only tell the UI what to refresh).
SINKS = frozenset({"required", "readonly", "constraint", "choices", "label"})

_CONDITIONS = frozenset({"relevant", "required", "readonly", "constraint"})
_SIBLING_AXES = frozenset({"following-sibling", "preceding-sibling"})
_DOWNWARD_AXES = frozenset({"self", "child", "attribute", "descendant", "descendant-or-self"})


@dataclass(eq=False)
class Template:
    """A node of the primary instance template; instances point at theirs."""

    path: str
    name: str
    leaf: bool
    repeat: bool
    default: str
    attributes: tuple[tuple[str, str], ...]
    parent: Template | None
    depth: int  # number of path segments
    children: list[Template] = field(default_factory=list)
    #: Enclosing repeats, outermost first, including self for a repeat.
    levels: tuple[Template, ...] = ()
    question: Question | None = None
    bind: Bind | None = None
    #: What the field holds (see :func:`~.values.value_kind`).
    kind: str = "string"
    body_repeat: Repeat | None = None
    group: Group | None = None
    #: Per-node computations (relevant, calculate, ...) in topological order.
    computations: list[Computation] = field(default_factory=list)
    #: The jr:count computation of a repeat.
    count: Computation | None = None
    #: odk-new-repeat actions for a repeat.
    new_repeat_actions: list[SetValue] = field(default_factory=list)

    def chain_from(self, anchor: Template | None) -> list[Template]:
        """Templates from just below ``anchor`` down to self (all from the root if None)."""
        out: list[Template] = []
        node: Template | None = self
        while node is not None and node is not anchor:
            out.append(node)
            node = node.parent
        out.reverse()
        return out

    def inside(self, other: Template) -> bool:
        """True if self is ``other`` or below it."""
        return self.path == other.path or self.path.startswith(other.path + "/")


@dataclass(eq=False)
class Computation:
    id: int
    kind: str
    target: Template
    #: The template whose instances this runs on (the target, or a repeat's parent).
    host: Template
    expr: CompiledExpression | None
    source: str
    order: int = 0
    deps: list[Dep] = field(default_factory=list)
    #: A calculate that reads its own value (outside once()): a loop of one.
    reads_itself: bool = False

    def describe(self) -> str:
        return f"{self.target.name} ({self.kind})"


@dataclass(frozen=True, eq=False)
class Dep:
    comp: Computation
    path: str
    depth: int
    #: Only which nodes exist at ``path`` matters (count(), position()).
    structural: bool = False


@dataclass(eq=False)
class Plan:
    form: Form
    root: Template
    templates: dict[str, Template]
    computations: list[Computation]
    by_leaf: dict[str, list[Dep]]
    by_repeat: dict[str, list[Dep]]
    #: Computations hosted in each repeat (or below it), in topological order.
    inner: dict[str, list[Computation]]
    first_load: list[SetValue]
    value_changed: dict[str, list[SetValue]]
    instance_element: XmlElement
    secondary: dict[str, Node]
    #: Item node of a secondary instance -> (list name, index of the choice).
    item_choices: dict[Node, tuple[str, int]]
    #: A repeat count depends on its own instances ("repeat until a condition"):
    #: the session repeats its work until the count settles.
    count_feedback: bool = False
    #: id(setvalue action) -> (its target's template, the ref itself when it has
    #: predicates that pick some of the template's nodes).
    action_targets: dict[int, tuple[Template, CompiledExpression | None]] = field(
        default_factory=dict
    )


def _fail(message: str, fix: str | None = None) -> FormError:
    return FormError(message, fix=fix)


def _condition_values(ast: Expr, *, condition: bool = True) -> Expr:
    """The expression with each bare path read as its node's value wherever a
    boolean is taken, as JavaRosa reads a single node everywhere: the whole
    expression when it is a ``condition`` (``relevant="/data/flag"``), the
    operands of and/or, the argument of not()/boolean() and the condition of
    if() (``if(${flag}, 1, 0)`` in a calculate), at any depth. The same object
    if nothing changes. (The XPath engine's own evaluate() keeps XPath 1.0's
    "the node exists"; only the form runtime reads forms the JavaRosa way.)"""

    changed = False

    def unpack(expr: Expr, wanted: bool) -> Expr:
        nonlocal changed
        if isinstance(expr, LocationPath | PathExpr | FilterExpr):
            if not wanted:
                return expr
            changed = True
            return FunctionCall(CONDITION_VALUE, (expr,))
        if isinstance(expr, BinaryOp):
            # Long chains (a sum of 500 terms) are walked down their left spine
            # without recursion.
            spine: list[BinaryOp] = []
            node: Expr = expr
            while isinstance(node, BinaryOp):
                spine.append(node)
                node = node.left
            out = unpack(node, spine[-1].op in ("and", "or"))
            for link in reversed(spine):
                logical = link.op in ("and", "or")
                out = BinaryOp(link.op, out, unpack(link.right, logical))
            return out
        if isinstance(expr, FunctionCall):
            if expr.name in ("not", "boolean") and len(expr.args) == 1:
                return FunctionCall(expr.name, (unpack(expr.args[0], True),))
            if expr.name == "if" and len(expr.args) == 3:
                first, *rest = expr.args
                return FunctionCall("if", (unpack(first, True),
                                           *(unpack(a, False) for a in rest)))
            return FunctionCall(expr.name, tuple(unpack(a, False) for a in expr.args))
        if isinstance(expr, Negate):
            return Negate(unpack(expr.operand, False))
        return expr

    result = unpack(ast, condition)
    return result if changed else ast


def _compile(source: str, where: str) -> CompiledExpression:
    try:
        return compile(source)
    except XPathError as exc:
        raise _fail(
            _("The expression for '{where}' cannot be used: {detail}").format(
                where=where, detail=exc
            ),
            _("Correct the expression in the form."),
        ) from exc


class _Builder:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.templates: dict[str, Template] = {}
        self.computations: list[Computation] = []
        self.repeats: dict[str, Repeat] = {
            n.path: n for n in iter_body(form.body) if isinstance(n, Repeat)
        }
        self.groups: dict[str, Group] = {
            n.path: n for n in iter_body(form.body) if isinstance(n, Group) and n.path
        }

    # -- templates ----------------------------------------------------------------

    def template(self, node: InstanceNode, parent: Template | None) -> Template:
        repeat = node.repeat or node.path in self.repeats
        tmpl = Template(
            path=node.path,
            name=node.name,
            # Same-name leaf siblings (<node/><node/>) are leaves that repeat.
            leaf=not node.children and node.path not in self.repeats,
            repeat=repeat and parent is not None,
            default=node.text or "",
            attributes=tuple(node.attributes.items()),
            parent=parent,
            depth=node.path.count("/"),
            question=self.form.questions.get(node.path),
            bind=self.form.binds.get(node.path),
            body_repeat=self.repeats.get(node.path),
            group=self.groups.get(node.path),
        )
        tmpl.kind = value_kind(tmpl.question, tmpl.bind)
        outer = parent.levels if parent is not None else ()
        tmpl.levels = (*outer, tmpl) if tmpl.repeat else outer
        self.templates[node.path] = tmpl
        tmpl.children = [self.template(c, tmpl) for c in node.children]
        return tmpl

    # -- computations -------------------------------------------------------------

    def add(self, kind: str, target: Template, source: str | None) -> None:
        if source is None or not source.strip():
            return
        host = target.parent if kind == "count" and target.parent is not None else target
        expr = _compile(source, target.path)
        unpacked = _condition_values(expr.ast, condition=kind in _CONDITIONS)
        if unpacked is not expr.ast:
            expr = CompiledExpression(source, unpacked)
        comp = Computation(len(self.computations), kind, target, host, expr, source)
        self.computations.append(comp)

    def collect(self) -> None:
        form = self.form
        for tmpl in self.templates.values():
            bind = form.binds.get(tmpl.path)
            if bind is not None:
                self.add("relevant", tmpl, bind.relevant)
                self.add("required", tmpl, bind.required)
                self.add("readonly", tmpl, bind.readonly)
                self.add("constraint", tmpl, bind.constraint)
                if tmpl.leaf:
                    self.add("calculate", tmpl, bind.calculate)
            if tmpl.body_repeat is not None:
                self.add("count", tmpl, tmpl.body_repeat.count)
            question = tmpl.question
            if question is None:
                continue
            if question.itemset is not None:
                self.add("choices", tmpl, question.itemset.nodeset)
            for source in sorted(self.outputs(question.label, question.hint)):
                self.add("label", tmpl, source)

    def outputs(self, *refs: TextRef | None) -> set[str]:
        found: set[str] = set()
        for ref in refs:
            if ref is None:
                continue
            texts = [ref.inline]
            if ref.itext_id is not None:
                for translation in self.form.translations.values():
                    entry = translation.entries.get(ref.itext_id)
                    if entry is not None:
                        texts.extend(entry.forms.values())
            for text in texts:
                found.update(p.value for p in text if isinstance(p, OutputRef) and p.value)
        return found

    def deps(self, comp: Computation) -> None:
        assert comp.expr is not None
        value_refs, structure_refs = split_references(comp.expr.ast)
        context = comp.target.path.strip("/").split("/")
        host_levels = comp.host.levels
        seen: set[tuple[str, int, bool]] = set()
        for structural, refs in ((False, value_refs), (True, structure_refs)):
            for ref in sorted(refs):
                resolved = _resolve_ref(ref, context)
                if resolved is None:
                    continue
                parts, top = resolved
                path = "/" + "/".join(parts)
                if path != "/" and path not in self.templates:
                    continue  # reads nothing in the primary instance
                depth = sum(1 for lv in host_levels if top is not None and lv.depth <= top)
                if (path, depth, structural) not in seen:
                    seen.add((path, depth, structural))
                    comp.deps.append(Dep(comp, path, depth, structural))
        if comp.kind == "calculate":
            own, _structure = split_references(comp.expr.ast, without_once=True)
            for ref in own:
                resolved = _resolve_ref(ref, context)
                if resolved is not None and "/" + "/".join(resolved[0]) == comp.target.path:
                    comp.reads_itself = True


def _resolve_ref(ref: str, context: list[str]) -> tuple[list[str], int | None] | None:
    """A reference as template path parts, and how high it climbed relative to the
    context (segments kept; None for absolute paths). Steps other than plain child
    names end the path: it then covers everything below what was reached."""
    if ref.startswith("instance("):
        return None
    absolute = ref.startswith("/")
    parts = ref.split("/")[1:] if absolute else ref.split("/")
    current: list[str] = [] if absolute else list(context)
    top = len(current)
    for part in parts:
        if part == ".":
            continue
        if part == "..":
            if current:
                current.pop()
            top = min(top, len(current))
            continue
        if part in ("", "*") or part.startswith("@") or "::" in part:
            axis = part.split("::", 1)[0] if "::" in part else ""
            if axis in _SIBLING_AXES and current:
                current.pop()
            elif axis and axis not in _DOWNWARD_AXES:
                current = current[:1]  # ancestors, preceding, following: anything
            top = min(top, len(current))
            break
        current.append(part.rpartition(":")[2])
    return current, (None if absolute else top)


def _index(
    b: _Builder,
) -> tuple[dict[str, list[Dep]], dict[str, list[Dep]], dict[str, list[Template]]]:
    leaves_under: dict[str, list[Template]] = {}
    repeats_under: dict[str, list[Template]] = {}
    for tmpl in reversed(list(b.templates.values())):  # children before parents
        leaves = [tmpl] if tmpl.leaf else [x for c in tmpl.children for x in leaves_under[c.path]]
        leaves_under[tmpl.path] = leaves
        reps = [tmpl] if tmpl.repeat else []
        reps += [x for c in tmpl.children for x in repeats_under[c.path]]
        repeats_under[tmpl.path] = reps
    root_path = next(iter(b.templates))
    by_leaf: dict[str, list[Dep]] = {}
    by_repeat: dict[str, list[Dep]] = {}
    for comp in b.computations:
        for dep in comp.deps:
            key = root_path if dep.path == "/" else dep.path
            tmpl = b.templates[key]
            if dep.structural:  # count(P) changes when P or a repeat above it does
                for rep in tmpl.levels:
                    by_repeat.setdefault(rep.path, []).append(dep)
                continue
            for leaf in leaves_under[key]:
                by_leaf.setdefault(leaf.path, []).append(dep)
            for rep in {*repeats_under[key], *tmpl.levels}:
                by_repeat.setdefault(rep.path, []).append(dep)
    return by_leaf, by_repeat, leaves_under


def _outputs(comp: Computation, leaves_under: dict[str, list[Template]]) -> Iterable[str]:
    """Leaf paths whose (effective) value this computation can change."""
    if comp.kind == "calculate":
        return (comp.target.path,)
    if comp.kind == "relevant":
        return (t.path for t in leaves_under[comp.target.path])
    return ()


def _edges(
    b: _Builder,
    by_leaf: dict[str, list[Dep]],
    by_repeat: dict[str, list[Dep]],
    leaves_under: dict[str, list[Template]],
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """(hard, soft) edges "must run before". A repeat count's edges are soft: as
    in JavaRosa, where jr:count is not part of the dependency graph, a count may
    depend on its own instances (count(), indexed-repeat() of the last one)."""
    hard: dict[int, set[int]] = {c.id: set() for c in b.computations}
    soft: dict[int, set[int]] = {c.id: set() for c in b.computations}
    for comp in b.computations:
        if comp.kind in SINKS:
            continue
        targets: set[int] = set()
        for leaf in _outputs(comp, leaves_under):
            targets.update(d.comp.id for d in by_leaf.get(leaf, ()))
        if comp.kind == "count":
            repeat = comp.target
            targets.update(d.comp.id for d in by_repeat.get(repeat.path, ()))
            targets.update(c.id for c in b.computations if c.host.inside(repeat))
            targets.discard(comp.id)
            soft[comp.id] = targets
            continue
        # A relevance reading its own group's fields is no loop: relevance does not
        # change values. A calculate reading its own value is (reads_itself).
        targets.discard(comp.id)
        hard[comp.id] = targets
    return hard, soft


def _topological(count: int, edges: dict[int, set[int]]) -> list[int] | None:
    """Kahn's order of ``count`` computations, or None if ``edges`` have a cycle."""
    indegree = dict.fromkeys(range(count), 0)
    for targets in edges.values():
        for t in targets:
            indegree[t] += 1
    ready = sorted((c for c, n in indegree.items() if n == 0), reverse=True)
    order: list[int] = []
    while ready:
        cid = ready.pop()
        order.append(cid)
        for t in sorted(edges[cid], reverse=True):
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return order if len(order) == count else None


def _find_cycle(edges: dict[int, set[int]], done: set[int]) -> list[int]:
    """One cycle among the computations not in ``done`` (ids in loop order)."""
    alive = {c for c in edges if c not in done}
    changed = True
    while changed:  # drop what is only downstream of a loop
        changed = False
        for c in list(alive):
            if not edges[c] & alive:
                alive.discard(c)
                changed = True
    start = min(alive)
    path: list[int] = []
    seen: dict[int, int] = {}
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min(edges[node] & alive)
    return path[seen[node]:]


def _loop_error(b: _Builder, cycle: list[int]) -> FormError:
    names: list[str] = []
    for cid in cycle:
        comp = b.computations[cid]
        names.append(f"{comp.target.path} ({comp.kind})")
    names.append(names[0])
    return _fail(
        _("These fields depend on each other in a loop: {fields}.").format(
            fields=" -> ".join(names)
        ),
        _(
            "Change their calculations, relevance or repeat counts so that none of "
            "them depends, directly or through others, on itself."
        ),
    )


def _sort(
    b: _Builder,
    by_leaf: dict[str, list[Dep]],
    by_repeat: dict[str, list[Dep]],
    leaves_under: dict[str, list[Template]],
) -> bool:
    """Give every computation its order; a loop is a FormError naming it.
    Returns whether a repeat count depends on its own instances."""
    for comp in b.computations:
        if comp.reads_itself:
            raise _loop_error(b, [comp.id])
    hard, soft = _edges(b, by_leaf, by_repeat, leaves_under)
    count = len(b.computations)
    merged = {c: hard[c] | soft[c] for c in hard}
    order = _topological(count, merged)
    feedback = order is None
    if order is None:
        order = _topological(count, hard)
    if order is None:
        done_order = _partial(count, hard)
        raise _loop_error(b, _find_cycle(hard, done_order))
    for position, cid in enumerate(order):
        b.computations[cid].order = position
    return feedback


def _partial(count: int, edges: dict[int, set[int]]) -> set[int]:
    """The computations Kahn's algorithm can order before it meets a loop."""
    indegree = dict.fromkeys(range(count), 0)
    for targets in edges.values():
        for t in targets:
            indegree[t] += 1
    ready = [c for c, n in indegree.items() if n == 0]
    done: set[int] = set()
    while ready:
        cid = ready.pop()
        done.add(cid)
        for t in edges[cid]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return done


def _secondary(form: Form) -> tuple[dict[str, Node], dict[Node, tuple[str, int]]]:
    docs: dict[str, Node] = {}
    items: dict[Node, tuple[str, int]] = {}
    for inst_id, inst in form.secondary_instances.items():
        doc = parse_xml(inst.xml or "<root/>")
        docs[inst_id] = doc
        if inst_id not in form.choice_lists:
            continue
        for top in doc.children:
            for i, item in enumerate(top.child_elements("item")):
                items[item] = (inst_id, i)
    return docs, items


_PREDICATE = re.compile(r"\[[^\[\]]*\]")


def _action_target(
    b: _Builder, action: SetValue
) -> tuple[Template, CompiledExpression | None] | None:
    """The template a setvalue writes to; with the ref compiled when predicates
    (``/data/rep[2]/x``) pick which of its nodes."""
    tmpl = b.templates.get(action.ref)
    if tmpl is not None:
        return tmpl, None
    bare = action.ref
    while True:
        stripped = _PREDICATE.sub("", bare)
        if stripped == bare:
            break
        bare = stripped
    tmpl = b.templates.get(bare.replace(" ", ""))
    if tmpl is None:
        return None
    return tmpl, _compile(action.ref, bare)


def build_plan(form: Form) -> Plan:
    b = _Builder(form)
    root = b.template(form.instance, None)
    b.collect()
    for comp in b.computations:
        b.deps(comp)
    by_leaf, by_repeat, leaves_under = _index(b)
    feedback = _sort(b, by_leaf, by_repeat, leaves_under)
    ordered = sorted(b.computations, key=lambda c: c.order)
    inner: dict[str, list[Computation]] = {}
    for comp in ordered:
        if comp.kind == "count":
            comp.target.count = comp
        else:
            comp.target.computations.append(comp)
        for level in comp.host.levels:
            inner.setdefault(level.path, []).append(comp)
    for deps in (*by_leaf.values(), *by_repeat.values()):
        deps.sort(key=lambda d: d.comp.order)
    first_load: list[SetValue] = []
    value_changed: dict[str, list[SetValue]] = {}
    action_targets: dict[int, tuple[Template, CompiledExpression | None]] = {}
    for action in form.actions:
        if action.action != "setvalue":
            continue
        target = _action_target(b, action)
        if target is None:
            continue
        action_targets[id(action)] = target
        if "odk-instance-first-load" in action.event:
            first_load.append(action)
        if "odk-new-repeat" in action.event:
            levels = target[0].levels
            if levels:
                levels[-1].new_repeat_actions.append(action)
        if "xforms-value-changed" in action.event and action.control:
            value_changed.setdefault(action.control, []).append(action)
    secondary, item_choices = _secondary(form)
    return Plan(
        form=form,
        root=root,
        templates=b.templates,
        computations=ordered,
        by_leaf=by_leaf,
        by_repeat=by_repeat,
        inner=inner,
        first_load=first_load,
        value_changed=value_changed,
        instance_element=parse_safe_xml(form.instance_xml),
        secondary=secondary,
        item_choices=item_choices,
        count_feedback=feedback,
        action_targets=action_targets,
    )


# Form is a frozen slotted dataclass (no weakrefs, unhashable), so plans are kept
# in a small LRU keyed by identity; holding the form keeps its id from being reused.
_CACHE: OrderedDict[int, tuple[Form, Plan]] = OrderedDict()
_CACHE_SIZE = 16


def plan_for(form: Form) -> Plan:
    """The plan of ``form`` (built on first use, then cached)."""
    key = id(form)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is form:
        _CACHE.move_to_end(key)
        return hit[1]
    plan = build_plan(form)
    _CACHE[key] = (form, plan)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return plan
