"""``FormSession``: the runtime of one interview, with ODK Collect semantics.

The live instance is a :mod:`.tree` the XPath engine reads directly. A change
(an answer, a repeat added or removed) schedules only the computations whose
references cover it (see :mod:`.plan`), in topological order, for the repeat
instances the reference can reach; their results schedule further work the
same way.
"""

from __future__ import annotations

import heapq
import math
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from xml.etree import ElementTree
from xml.etree.ElementTree import Element as XmlElement

from fieldkit.forms.errors import FormError
from fieldkit.forms.external import LAST_SAVED, external_file_name
from fieldkit.forms.model import Form, RichText, SetValue, TextRef, plain_text
from fieldkit.forms.session import pages as _pages
from fieldkit.forms.session import serialise as _serialise
from fieldkit.forms.session import texts as _texts
from fieldkit.forms.session.pages import Page, QuestionState
from fieldkit.forms.session.plan import Computation, Dep, Plan, Template, plan_for
from fieldkit.forms.session.problems import AnswerError, Problem, SessionError
from fieldkit.forms.session.texts import ChoiceOption
from fieldkit.forms.session.tree import Document, Element
from fieldkit.forms.session.values import BadValue, check_text, from_calculation, normalise
from fieldkit.forms.xpath import EvaluationContext, Node, XPathError, system_clock
from fieldkit.forms.xpath import compile as compile_xpath
from fieldkit.forms.xpath import parse_xml as parse_instance_document
from fieldkit.forms.xpath.values import to_number
from fieldkit.i18n import _

__all__ = ["ChangeCallback", "FormSession"]

#: ``on_change`` receives {indexed leaf path: new stored value, or None if the
#: node no longer exists (a repeat instance was removed)}.
ChangeCallback = Callable[[Mapping[str, str | None]], None]

_STEP = re.compile(r"([^\[\]/]+)(?:\[\s*([0-9]+)\s*\])?")
_JR_TEMPLATE = "{http://openrosa.org/javarosa}template"
#: jr:count beyond this is treated as a mistake in the form, not a request.
MAX_REPEAT_COUNT = 100_000
#: How often one repeat count may re-run within one change because its own
#: instances changed it ("repeat until a condition" settles after one or two).
MAX_COUNT_FEEDBACK = 50
#: How often one computation may run on one node within one change.
MAX_RERUNS = 200


class FormSession:
    """One interview of ``form``: answers, bind state, repeats, pages, XML.

    ``clock`` feeds today()/now() and the start/today preloads; ``device_id``
    and ``properties`` feed ``jr:preload="property"`` fields; ``on_change`` is
    called after every change with each changed leaf and its stored value.
    ``last_saved`` is the XML instance of the last interview of this form saved on
    this device, read through ``instance('last-saved')`` (empty without it, as in
    Collect before the form's first interview).
    """

    def __init__(
        self,
        form: Form,
        *,
        language: str | None = None,
        clock: Callable[[], datetime] | None = None,
        device_id: str = "",
        properties: Mapping[str, str] | None = None,
        on_change: ChangeCallback | None = None,
        last_saved: str | bytes | None = None,
        _restore: XmlElement | None = None,
    ) -> None:
        self.form = form
        self._plan: Plan = plan_for(form)
        self._instances: Mapping[str, Node] = self._plan.secondary
        if last_saved is not None:
            self._instances = self._with_last_saved(last_saved)
        self._clock = clock or system_clock
        self._language = form.default_language
        if language is not None:
            self.set_language(language)
        self._properties = {"deviceid": device_id, **(properties or {})}
        # Set once the session is built: the initial state is to_dict(), not a change.
        self.on_change: ChangeCallback | None = None
        #: Number of expression evaluations done so far (for tests and benchmarks).
        self.evaluations = 0
        #: Paths reported by the last change (answer, repeat edit, recompute).
        self.last_changes: frozenset[str] = frozenset()
        self._roster_pages = False
        self._doc = Document()
        self._slots_cache: tuple[tuple[int, bool], list[Any]] | None = None  # see pages._slots
        self._pending: dict[int, dict[tuple[int, int], tuple[Computation, Element]]] = {}
        self._heap: list[int] = []
        self._changed: dict[Element, None] = {}
        self._values: dict[Element, None] = {}
        self._deleted: dict[str, None] = {}
        self._paths: dict[str, Element] = {}
        self._chains: dict[tuple[int, int], tuple[str, ...]] = {}
        self._errors: dict[tuple[int, Element], str] = {}
        self._count_runs: dict[tuple[int, int], int] = {}
        self._page_index: int | None = None
        source = _restore if _restore is not None else self._plan.instance_element
        root = self._build(source, self._plan.root, self._doc, defaults=_restore is None)
        self._doc.root_element = root
        if _restore is None:
            self._preload(start=True)
            for action in self._plan.first_load:
                for node in self._action_nodes(action, root):
                    self._set_action(action.value, node, propagate=False)
        else:
            self._preload(start=False)
        self.recompute_all()
        runaway = self._runaway_count()
        if runaway is not None:
            raise FormError(
                _(
                    "The number of '{repeat}' instances grows with every instance "
                    "it adds, without end."
                ).format(repeat=runaway),
                fix=_("Change its repeat count so that it stops growing."),
            )
        self.last_changes = frozenset()
        self._page_index = _pages.first_relevant(self)
        self.on_change = on_change

    # -- construction ----------------------------------------------------------------

    def _build(
        self,
        source: XmlElement | None,
        tmpl: Template,
        parent: Element | Document,
        *,
        defaults: bool,
    ) -> Element:
        node = Element(tmpl, parent, self._doc)
        if tmpl.leaf:
            if source is None:
                node.value = tmpl.default if defaults else ""
            else:
                text = source.text or ""
                node.value = text.strip() if defaults else text
            return node
        found: dict[str, list[XmlElement]] = {}
        if source is not None:
            for child in source:
                if isinstance(child.tag, str) and child.get(_JR_TEMPLATE) is None:
                    found.setdefault(child.tag.rpartition("}")[2], []).append(child)
        for kid in tmpl.children:
            matches = found.get(kid.name, [])
            if kid.repeat:
                for match in matches:
                    node.append(self._build(match, kid, node, defaults=defaults))
            else:
                first = matches[0] if matches else None
                node.append(self._build(first, kid, node, defaults=defaults))
        return node

    def _preload(self, *, start: bool) -> None:
        now = self._clock()
        root = self._root
        for tmpl in self._plan.templates.values():
            bind = tmpl.bind
            if bind is None or not bind.preload or not tmpl.leaf:
                continue
            preload, params = bind.preload, bind.preload_params or ""
            for node in self._expand(root, tmpl):
                if preload == "uid":
                    if not node.value:
                        node.value = "uuid:" + str(uuid.uuid4())
                elif not start:
                    continue
                elif preload == "timestamp" and params == "start":
                    node.value = now.isoformat(timespec="milliseconds")
                elif preload == "date" and params == "today":
                    node.value = now.date().isoformat()
                elif preload == "property":
                    node.value = self._properties.get(params, "")

    def _with_last_saved(self, xml: str | bytes) -> Mapping[str, Node]:
        """The secondary instances with the form's last-saved instance (if it has
        one) read from ``xml``, an instance of this form."""
        keys = [k for k, inst in self.form.secondary_instances.items() if inst.src == LAST_SAVED]
        if not keys:
            return self._plan.secondary
        root = _serialise.parse_instance(self.form, xml)
        doc = parse_instance_document(ElementTree.tostring(root, encoding="unicode"))
        return {**self._plan.secondary, **dict.fromkeys(keys, doc)}

    @property
    def _root(self) -> Element:
        root = self._doc.root_element
        assert root is not None
        return root

    # -- paths -------------------------------------------------------------------------

    def _resolve(self, path: str) -> Element:
        cached = self._paths.get(path)
        if cached is not None and cached.attached:
            return cached
        steps = path.strip().split("/")
        if len(steps) < 2 or steps[0] != "" or steps[1] != self._root.tmpl.name:
            raise SessionError(
                _("'{path}' is not a path in this form (it must start with /{root}).").format(
                    path=path, root=self._root.tmpl.name
                )
            )
        node = self._root
        fixed = True
        for step in steps[2:]:
            match = _STEP.fullmatch(step.strip())
            if match is None:
                raise SessionError(_("'{path}' is not a valid path.").format(path=path))
            name, index = match.group(1), match.group(2)
            kids = node.by_name.get(name)
            child_tmpl = next((t for t in node.tmpl.children if t.name == name), None)
            if child_tmpl is None:
                raise SessionError(_("'{path}' is not a field of this form.").format(path=path))
            if not kids:
                raise SessionError(
                    _("'{path}' does not exist: '{name}' has no repeat instances.").format(
                        path=path, name=name
                    )
                )
            if index is None:
                if len(kids) != 1:
                    raise SessionError(
                        _("'{path}' needs an index for '{name}' (1 to {count}).").format(
                            path=path, name=name, count=len(kids)
                        )
                    )
                node = kids[0]
            else:
                i = int(index)
                if not 1 <= i <= len(kids):
                    raise SessionError(
                        _("'{path}': '{name}' has {count} instances.").format(
                            path=path, name=name, count=len(kids)
                        )
                    )
                node = kids[i - 1]
            fixed = fixed and not child_tmpl.repeat
        if fixed:
            self._paths[path] = node
        return node

    def _leaf(self, path: str) -> Element:
        node = self._resolve(path)
        if not node.tmpl.leaf:
            raise SessionError(_("'{path}' is a group, not a question.").format(path=path))
        return node

    def _expand(self, anchor: Element, host: Template) -> list[Element]:
        """Every instance of ``host`` at or below ``anchor``."""
        key = (id(host), id(anchor.tmpl))
        names = self._chains.get(key)
        if names is None:
            names = self._chains[key] = tuple(t.name for t in host.chain_from(anchor.tmpl))
        nodes: list[Element] = [anchor]
        for name in names:
            if len(nodes) == 1:
                nodes = list(nodes[0].by_name.get(name, ()))
            else:
                nodes = [k for n in nodes for k in n.by_name.get(name, ())]
            if not nodes:
                break
        return nodes

    def _anchor(self, node: Element | Document, level: Template | None) -> Element:
        """The ancestor-or-self of ``node`` that is an instance of ``level`` (root if None)."""
        while level is not None and isinstance(node, Element):
            if node.tmpl is level:
                return node
            node = node.parent_node
        return self._root

    # -- evaluation --------------------------------------------------------------------

    def _context(self, node: Node) -> EvaluationContext:
        return EvaluationContext(
            node,
            root=self._doc,
            instances=self._instances,
            clock=self._clock,
            choice_labels=self._choice_label,
            form_version=self.form.version or "",
            itext=self._itext,
        )

    def _itext(self, text_id: str) -> str | None:
        """jr:itext(): the form's text ``text_id`` in the current language."""
        entry = self.form.itext(text_id, self._language)
        if entry is None or entry.text is None:
            return None
        return plain_text(entry.text)

    def _evaluate(self, comp: Computation, node: Element, result: str) -> Any:
        """The one place bind expressions are evaluated (tests spy on it)."""
        self.evaluations += 1
        assert comp.expr is not None
        try:
            value = comp.expr.evaluate(self._context(node), result)
        except (XPathError, ValueError, OverflowError, RecursionError) as exc:
            self._errors[(comp.id, node)] = str(exc)
            return None
        self._errors.pop((comp.id, node), None)
        return value

    def _condition(self, comp: Computation, node: Element) -> bool | None:
        """A relevant/required/readonly/constraint; its bare paths were made to read
        their node's value when the plan was built (plan._condition_values)."""
        value = self._evaluate(comp, node, "boolean")
        return None if value is None else bool(value)

    def _choice_label(self, value: str, question: str) -> str | None:
        return _texts.choice_label(self, value, question)

    # -- scheduling ---------------------------------------------------------------------

    def _schedule(self, comp: Computation, node: Element) -> None:
        bucket = self._pending.get(comp.order)
        if bucket is None:
            bucket = self._pending[comp.order] = {}
            heapq.heappush(self._heap, comp.order)
        bucket[(comp.id, id(node))] = (comp, node)

    def _run(self) -> None:
        # A safety net: the plan refuses loops, but should one computation still be
        # re-run again and again on one node within a change, it stops with a
        # problem on that field instead of freezing the interview.
        runs: dict[tuple[int, int], int] = {}
        while self._heap:
            order = heapq.heappop(self._heap)
            bucket = self._pending.pop(order, None)
            if not bucket:
                continue
            for key, (comp, node) in bucket.items():
                if not node.attached:
                    continue
                count = runs[key] = runs.get(key, 0) + 1
                if count > MAX_RERUNS:
                    self._errors[(comp.id, node)] = _(
                        "The form's expressions keep changing this field without end."
                    )
                    continue
                self._apply(comp, node, propagate=True)

    def _targets(self, dep: Dep, changed: Element) -> list[Element]:
        host = dep.comp.host
        level = host.levels[dep.depth - 1] if dep.depth else None
        return self._expand(self._anchor(changed, level), host)

    def _leaf_changed(self, node: Element, skip: Computation | None = None) -> None:
        for dep in self._plan.by_leaf.get(node.tmpl.path, ()):
            if dep.comp is skip:
                continue
            for target in self._targets(dep, node):
                self._schedule(dep.comp, target)

    def _apply(self, comp: Computation, node: Element, *, propagate: bool) -> None:
        # An expression that fails to evaluate (None) leaves its field as it was: the
        # failure is a problem that blocks finalising (validate), and nothing the
        # interviewer gave is cleared or hidden because of the form's mistake.
        kind = comp.kind
        if kind == "calculate":
            result = self._evaluate(comp, node, "any")
            if result is None:
                return
            text = from_calculation(result, node.tmpl.kind)
            if text != node.value:
                self._set(node, text, propagate=propagate)
            return
        state = True
        if kind in ("relevant", "required", "readonly", "constraint"):
            if kind == "constraint" and not node.effective_value():
                self._errors.pop((comp.id, node), None)  # an empty answer is valid
            else:
                condition = self._condition(comp, node)
                if condition is None:
                    return
                state = condition
        if kind == "relevant":
            relevant = state
            if relevant != node.rel:
                node.rel = relevant
                parent = node.parent_node
                inherited = parent.erel if isinstance(parent, Element) else True
                self._update_relevance(node, inherited and relevant, propagate, cause=comp)
        elif kind == "required":
            required = state
            if required != node.required:
                node.required = required
                self._changed[node] = None
        elif kind == "readonly":
            readonly = state
            if readonly != node.readonly:
                node.readonly = readonly
                self._changed[node] = None
                # A read-only group makes everything inside it read-only (ODK).
                for inner in node.walk():
                    self._changed[inner] = None
        elif kind == "constraint":
            valid = state
            if valid != node.valid:
                node.valid = valid
                self._changed[node] = None
        elif kind == "count":
            self._apply_count(comp, node, propagate)
        elif kind == "choices":
            self._changed[node] = None
            if propagate and node.value:
                self._drop_unavailable_choices(node)
        else:  # label: nothing stored, the UI re-reads it
            self._changed[node] = None

    def _drop_unavailable_choices(self, node: Element) -> None:
        """A live change that filters a selected choice out also clears it (as JavaRosa
        does, so "Paris, Spain" cannot be saved), and unlike JavaRosa recomputes what
        depends on it. Only on live changes: restoring answers never drops any."""
        offered = {option.value for option in _texts.choices_at(self, node)}
        picked = node.value.split() if node.tmpl.kind == "select_multiple" else [node.value]
        kept = [value for value in picked if value in offered]
        if len(kept) != len(picked):
            self._set(node, " ".join(kept), propagate=True)

    def _set(self, node: Element, text: str, *, propagate: bool) -> None:
        node.value = text
        self._changed[node] = None
        self._values[node] = None
        if propagate and node.erel:
            self._leaf_changed(node)
            for comp in node.tmpl.computations:
                if comp.kind == "constraint":  # an empty answer is always valid
                    self._schedule(comp, node)

    def _set_action(self, source: str | None, node: Element, *, propagate: bool) -> None:
        """A setvalue action: evaluate ``source`` at ``node`` and store the result."""
        text = ""
        if source is not None and source.strip():
            try:
                expr = compile_xpath(source)
            except XPathError as exc:
                self._errors[(-1, node)] = str(exc)
                return
            comp = Computation(-1, "setvalue", node.tmpl, node.tmpl, expr, source)
            result = self._evaluate(comp, node, "any")
            text = "" if result is None else from_calculation(result, node.tmpl.kind)
        if text != node.value:
            self._set(node, text, propagate=propagate)

    def _action_nodes(self, action: SetValue, anchor: Element) -> list[Element]:
        """The nodes a setvalue writes to at or below ``anchor``: every instance of
        its target, or those its ref's predicates select (``/data/rep[2]/x``)."""
        tmpl, selector = self._plan.action_targets[id(action)]
        nodes = self._expand(anchor, tmpl)
        if selector is None:
            return nodes
        try:
            picked = selector.nodes(self._context(anchor))
        except (XPathError, ValueError, OverflowError, RecursionError) as exc:
            self._errors[(-1, anchor)] = str(exc)
            return []
        chosen = set(map(id, picked))
        return [n for n in nodes if id(n) in chosen]

    def _update_relevance(
        self, node: Element, erel: bool, propagate: bool, cause: Computation | None = None
    ) -> None:
        """Set the effective relevance of ``node`` and below. What reads a value
        that appears or disappears is run again, except ``cause``, the relevance
        that changed: as in JavaRosa, a group whose relevance reads its own fields
        does not re-evaluate itself because they were hidden (it would flip for ever)."""
        if node.erel == erel:
            return
        node.erel = erel
        self._changed[node] = None
        if node.tmpl.leaf:
            if node.value and propagate:
                self._leaf_changed(node, skip=cause)
            return
        for kid in node.kids:
            self._update_relevance(kid, erel and kid.rel, propagate, cause)

    # -- repeats -------------------------------------------------------------------------

    def _empty_repeat_relevant(self, parent: Element, repeat: Template) -> bool:
        """Whether a repeat with no instance under ``parent`` is relevant there: its
        own ``relevant`` evaluated for the instance that would be added (ODK reads a
        repeat's relevance on its instances, so with none it must be asked)."""
        if not parent.erel:
            return False
        comp = next((c for c in repeat.computations if c.kind == "relevant"), None)
        if comp is None or comp.expr is None:
            return True
        probe = Element(repeat, parent, self._doc)  # a stand-in, as for jr:count
        probe.attached = False
        try:
            return comp.expr.evaluate(self._context(probe), "boolean") is not False
        except (XPathError, ValueError, OverflowError):
            return True  # shown, as a node whose relevance fails to evaluate is

    def _runaway_count(self) -> str | None:
        """The repeat whose count kept growing by itself in the last change, if any."""
        for (cid, _node), message in self._errors.items():
            if cid == -2:
                return message
        return None

    def _apply_count(self, comp: Computation, parent: Element, propagate: bool) -> None:
        repeat = comp.target
        if self._plan.count_feedback:
            key = (comp.id, id(parent))
            runs = self._count_runs[key] = self._count_runs.get(key, 0) + 1
            if runs > MAX_COUNT_FEEDBACK:
                self._errors[(-2, parent)] = repeat.path
                return
        probe = Element(repeat, parent, self._doc)  # a stand-in context: jr:count is
        probe.attached = False  # relative to the repeat's own node
        result = self._evaluate(comp, probe, "number")
        # The failure belongs to the collection (the probe is new each time).
        failure = self._errors.pop((comp.id, probe), None)
        if failure is not None:  # failed: the instances stay (see _apply)
            self._errors[(comp.id, parent)] = failure
            return
        self._errors.pop((comp.id, parent), None)
        number = to_number(result)
        wanted = int(number) if not math.isnan(number) and number > 0 else 0
        wanted = min(wanted, MAX_REPEAT_COUNT)
        while len(parent.by_name.get(repeat.name, ())) < wanted:
            count = len(parent.by_name.get(repeat.name, ()))
            self._insert(parent, repeat, count + 1, propagate)
        while len(parent.by_name.get(repeat.name, ())) > wanted:
            self._remove(parent.by_name[repeat.name][-1], propagate)

    def _insert(self, parent: Element, repeat: Template, index: int, propagate: bool) -> Element:
        inst = self._build(None, repeat, parent, defaults=True)
        parent.insert_instance(inst, index)
        for node in inst.walk():
            up = node.parent_node
            node.erel = (up.erel if isinstance(up, Element) else True) and node.rel
            self._changed[node] = None
            if node.tmpl.leaf and node.value:
                self._values[node] = None
        for action in repeat.new_repeat_actions:
            for node in self._action_nodes(action, inst):
                self._set_action(action.value, node, propagate=False)
        if self.on_change is not None:
            self._note_shift(parent, repeat, index + 1)
        if propagate:
            for comp in self._plan.inner.get(repeat.path, ()):
                for node in self._expand(inst, comp.host):
                    self._schedule(comp, node)
            self._structure_changed(parent, repeat, index)
        return inst

    def _remove(self, inst: Element, propagate: bool) -> None:
        parent = inst.parent_node
        assert isinstance(parent, Element)
        repeat, index = inst.tmpl, inst.rindex
        if self.on_change is not None:
            last = parent.by_name[repeat.name][-1]
            self._deleted.update(dict.fromkeys(leaf.path for leaf in last.leaves()))
        parent.remove_instance(inst)
        if self.on_change is not None:
            self._note_shift(parent, repeat, index)
        if propagate:
            self._structure_changed(parent, repeat, index)

    def _note_shift(self, parent: Element, repeat: Template, index: int) -> None:
        """Instances from ``index`` on were renumbered: the store re-keys their answers."""
        for inst in parent.by_name.get(repeat.name, ())[index - 1 :]:
            for leaf in inst.leaves():
                self._values[leaf] = None

    def _structure_changed(self, parent: Element, repeat: Template, index: int) -> None:
        """Schedule what reads the set of instances of ``repeat`` under ``parent``."""
        level_no = len(repeat.levels)
        for dep in self._plan.by_repeat.get(repeat.path, ()):
            host = dep.comp.host
            if dep.depth >= level_no and host.levels[level_no - 1] is repeat:
                # Stays inside one instance: only readers of the instance node
                # itself (position(..)) see the renumbering of later instances.
                if repeat.inside(self._plan.templates.get(dep.path, repeat)) or dep.path == "/":
                    for inst in parent.by_name.get(repeat.name, ())[index - 1 :]:
                        for node in self._expand(inst, host):
                            self._schedule(dep.comp, node)
                continue
            level = host.levels[dep.depth - 1] if dep.depth else None
            for node in self._expand(self._anchor(parent, level), host):
                self._schedule(dep.comp, node)

    # -- change sets ---------------------------------------------------------------------

    def _finish(self) -> frozenset[str]:
        self._run()
        self._count_runs.clear()
        changed = frozenset(n.path for n in self._changed if n.attached)
        payload: dict[str, str | None] = {}
        if self.on_change is not None:
            payload.update(self._deleted)
            for node in self._values:
                if node.attached and node.tmpl.leaf:
                    payload[node.path] = node.value
        self._changed.clear()
        self._values.clear()
        self._deleted.clear()
        self.last_changes = changed
        if payload and self.on_change is not None:
            self.on_change(payload)
        return changed

    # -- public API: values ---------------------------------------------------------------

    def value(self, path: str) -> str:
        """The stored answer (ODK text, ``""`` if unanswered), relevant or not."""
        return self._leaf(path).value

    def answer(self, path: str, value: object) -> frozenset[str]:
        """Answer a question; returns the paths whose value or state changed.

        ``value`` may be ODK text or a Python value (int, float, Decimal, bool,
        date, datetime, time, a list for select_multiple, a tuple for geopoint).
        A value that does not fit raises :class:`AnswerError` and changes nothing.
        """
        node = self._leaf(path)
        tmpl = node.tmpl
        try:
            text = normalise(value, tmpl.kind)
        except BadValue as exc:
            raise AnswerError(self._problem(node, "type", str(exc))) from exc
        # A visible question with a calculate can be edited unless it is read-only
        # (JavaRosa): the calculate gives its value until the interviewer changes it.
        if node.effective_readonly() or ((tmpl.question is None
                                          or tmpl.question.control is None)
                                         and tmpl.bind is not None
                                         and tmpl.bind.calculate is not None):
            raise AnswerError(
                self._problem(node, "readonly", _("This question cannot be changed."))
            )
        if text and tmpl.kind in ("select_one", "select_multiple"):
            self._check_choices(node, text)
        return self._commit(node, text, user=True)

    def clear(self, path: str) -> frozenset[str]:
        """Remove the answer to a question."""
        node = self._leaf(path)
        if node.effective_readonly():
            raise AnswerError(
                self._problem(node, "readonly", _("This question cannot be changed."))
            )
        return self._commit(node, "", user=True)

    def _commit(self, node: Element, text: str, *, user: bool) -> frozenset[str]:
        if text != node.value:
            self._set(node, text, propagate=True)
            if not node.erel:  # still report it, and keep its constraint state current
                self._changed[node] = None
            if user:
                self._fire_triggers(node)
        return self._finish()

    def _missing_file(self, node: Element) -> str | None:
        """The message for a question whose choices come from a file the form
        could not find (select_one_from_file), else None."""
        question = node.tmpl.question
        itemset = question.itemset if question is not None else None
        if itemset is None or not itemset.instance_id:
            return None
        inst = self.form.secondary_instances.get(itemset.instance_id)
        name = external_file_name(inst.src) if inst is not None else None
        if inst is None or name is None or inst.xml is not None:
            return None
        return _(
            "The choices of this question come from the file '{name}', which is "
            "missing from the form's media."
        ).format(name=name)

    def _check_choices(self, node: Element, text: str) -> None:
        missing = self._missing_file(node)
        if missing is not None:
            raise AnswerError(self._problem(node, "choice", missing))
        allowed = {option.value for option in _texts.choices_at(self, node)}
        if not allowed:
            return  # an itemset that selects nothing now: nothing to check against
        wrong = [v for v in text.split() if v not in allowed]
        if wrong:
            raise AnswerError(
                self._problem(
                    node,
                    "choice",
                    _("'{value}' is not one of the choices.").format(value=" ".join(wrong)),
                )
            )

    def _fire_triggers(self, node: Element) -> None:
        """setvalue on xforms-value-changed: the XLSForm ``trigger`` column."""
        for action in self._plan.value_changed.get(node.tmpl.path, ()):
            target = self._plan.action_targets[id(action)][0]
            shared = [lv for lv in target.levels if lv in node.tmpl.levels]
            anchor = self._anchor(node, shared[-1] if shared else None)
            for dest in self._action_nodes(action, anchor):
                self._set_action(action.value, dest, propagate=True)

    def recompute_all(self) -> frozenset[str]:
        """Evaluate every computation for every instance (the slow, simple way)."""
        root = self._root
        # A count that depends on its own instances runs its consequences at once,
        # so that new instances are computed and the count can settle.
        feedback = self._plan.count_feedback
        for comp in self._plan.computations:
            if comp.kind in ("choices", "label"):
                continue
            for node in self._expand(root, comp.host):
                if node.attached:
                    self._apply(comp, node, propagate=feedback and comp.kind == "count")
        if not feedback:
            self._pending.clear()
            self._heap.clear()
        return self._finish()

    # -- public API: state ------------------------------------------------------------------

    def relevant(self, path: str) -> bool:
        return self._resolve(path).erel

    def required(self, path: str) -> bool:
        return self._resolve(path).required

    def readonly(self, path: str) -> bool:
        return self._resolve(path).effective_readonly()

    def constraint_message(self, path: str) -> str | None:
        """The constraint message if the answer is not allowed, else None."""
        node = self._leaf(path)
        if node.valid or not node.effective_value():
            return None
        return self._message(node, "constraint")

    def required_message(self, path: str) -> str:
        """The form's required message for ``path`` in the current language (or a default)."""
        return self._message(self._leaf(path), "required")

    def state(self, path: str) -> QuestionState:
        """Label, hint, choices and bind state of one question."""
        return _pages.question_state(self, self._leaf(path))

    # -- public API: repeats ------------------------------------------------------------------

    def _repeat(self, path: str) -> tuple[Element, Template]:
        head, _sep, last = path.strip().rstrip("/").rpartition("/")
        match = _STEP.fullmatch(last)
        if match is None or match.group(2) is not None or not head:
            raise SessionError(_("'{path}' is not a repeat path.").format(path=path))
        parent = self._resolve(head)
        tmpl = next((t for t in parent.tmpl.children if t.name == match.group(1)), None)
        if tmpl is None or not tmpl.repeat:
            raise SessionError(_("'{path}' is not a repeat of this form.").format(path=path))
        return parent, tmpl

    def repeat_count(self, path: str) -> int:
        """How many instances the repeat has (``/data/hh[2]/member`` for nested ones)."""
        parent, tmpl = self._repeat(path)
        return len(parent.by_name.get(tmpl.name, ()))

    def _editable(self, tmpl: Template, path: str) -> None:
        body = tmpl.body_repeat
        if body is not None and (body.count or body.no_add_remove):
            raise SessionError(
                _("The number of '{path}' instances is set by the form.").format(path=path)
            )

    def add_repeat(self, path: str, index: int | None = None) -> str:
        """Add an instance (at the end, or as number ``index``); returns its path."""
        parent, tmpl = self._repeat(path)
        self._editable(tmpl, path)
        count = len(parent.by_name.get(tmpl.name, ()))
        position = count + 1 if index is None else index
        if not 1 <= position <= count + 1:
            raise SessionError(
                _("Repeat index {index} is out of range (1 to {last}).").format(
                    index=position, last=count + 1
                )
            )
        inst = self._insert(parent, tmpl, position, propagate=True)
        self._finish()
        return inst.path

    def remove_repeat(self, path: str, index: int) -> frozenset[str]:
        """Remove instance number ``index``; later instances move down by one."""
        parent, tmpl = self._repeat(path)
        self._editable(tmpl, path)
        instances = parent.by_name.get(tmpl.name, [])
        if not 1 <= index <= len(instances):
            raise SessionError(
                _("Repeat index {index} is out of range (1 to {last}).").format(
                    index=index, last=len(instances)
                )
            )
        self._remove(instances[index - 1], propagate=True)
        self._paths.clear()
        return self._finish()

    # -- public API: languages and texts ---------------------------------------------------------

    @property
    def languages(self) -> list[str]:
        return list(self.form.languages)

    @property
    def language(self) -> str | None:
        return self._language

    def set_language(self, language: str) -> None:
        """Show labels in ``language`` from now on; answers are untouched."""
        if language not in self.form.languages and language not in self.form.translations:
            raise SessionError(
                _("The form has no language '{language}' (it has: {languages}).").format(
                    language=language, languages=", ".join(self.form.languages) or "-"
                )
            )
        self._language = language

    def label(self, path: str) -> str:
        node = self._resolve(path)
        return _texts.label(self, node)

    def hint(self, path: str) -> str:
        node = self._resolve(path)
        return _texts.hint(self, node)

    def media(self, path: str) -> Mapping[str, str]:
        return _texts.media(self, self._resolve(path))

    def choices(self, path: str) -> list[ChoiceOption]:
        """(value, label, media) of the choices offered now, in the current language."""
        return _texts.choices_at(self, self._leaf(path))

    def render(self, text: RichText, node: Element) -> str:
        return _texts.render(self, text, node)

    def _message(self, node: Element, kind: str) -> str:
        bind = node.tmpl.bind
        ref: TextRef | None = None
        if bind is not None:
            ref = bind.constraint_message if kind == "constraint" else bind.required_message
        text = self.render(self.form.text(ref, self._language), node) if ref else ""
        if text:
            return text
        if kind == "constraint":
            return _("This answer is not allowed.")
        return _("This question requires an answer.")

    # -- public API: pages -------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        """Every page as Collect shows them (one per question or field-list group)."""
        return _pages.all_pages(self)

    def relevant_page_indexes(self) -> list[int]:
        """Indexes of the pages shown now; much cheaper than :meth:`pages` on a long
        form, because no question's state is built."""
        return _pages.relevant_indexes(self)

    @property
    def roster_pages(self) -> bool:
        """Show each repeat collection as one roster page (see ``pages``); the
        interviewer's screen turns this on. Switching keeps the current page."""
        return self._roster_pages

    @roster_pages.setter
    def roster_pages(self, on: bool) -> None:
        if on == self._roster_pages:
            return
        page = self.current_page
        self._roster_pages = on
        self._page_index = _pages.index_of(self, page.path) if page is not None else None
        if self._page_index is None:
            self._page_index = _pages.first_relevant(self)

    def reachable_page_indexes(self) -> list[int]:
        """The relevant pages Next and Previous reach from the current page (with
        :attr:`roster_pages`, not the pages of other repeat instances)."""
        return _pages.reachable_indexes(self, self._page_index)

    def page(self, index: int) -> Page | None:
        """Page number ``index`` (as in :meth:`pages`), built alone."""
        return _pages.page_at(self, index)

    @property
    def current_page(self) -> Page | None:
        return _pages.page_at(self, self._page_index)

    def next_page(self) -> Page | None:
        """Move to the next relevant page; None (staying put) at the end."""
        found = _pages.step(self, self._page_index, +1)
        if found is not None:
            self._page_index = found
        return _pages.page_at(self, found)

    def previous_page(self) -> Page | None:
        found = _pages.step(self, self._page_index, -1)
        if found is not None:
            self._page_index = found
        return _pages.page_at(self, found)

    def jump_to(self, path: str) -> Page:
        """Go to the page showing ``path`` (a question or a field-list group)."""
        index = _pages.index_of(self, path)
        if index is None:
            raise SessionError(_("No page shows '{path}'.").format(path=path))
        self._page_index = index
        page = _pages.page_at(self, index)
        assert page is not None
        return page

    # -- public API: validation ------------------------------------------------------------------

    def _problem(self, node: Element, kind: Any, message: str) -> Problem:
        return Problem(node.path, kind, message, _pages.index_of(self, node.path))

    def validate(self) -> list[Problem]:
        """Everything that stops the interview from being finalised, in form order."""
        problems: list[Problem] = []
        page_of = _pages.page_map(self)
        failed = {node for (_cid, node) in self._errors if node.attached}
        for leaf in self._root.leaves():
            if not leaf.erel:
                continue
            path = leaf.path
            page = page_of.get(leaf)
            # A read-only field's value is the form's, not the interviewer's: a
            # default JavaRosa accepts must not block finalising (e.g. a note's dateTime).
            wrong_type = None if leaf.effective_readonly() else check_text(
                leaf.value, leaf.tmpl.kind
            )
            if wrong_type is not None:
                problems.append(Problem(path, "type", wrong_type, page))
            elif leaf.required and not leaf.value:
                problems.append(Problem(path, "required", self._message(leaf, "required"), page))
            elif leaf.value and not leaf.valid:
                problems.append(
                    Problem(path, "constraint", self._message(leaf, "constraint"), page)
                )
            missing = self._missing_file(leaf) if leaf.required or leaf.value else None
            if missing is not None:
                problems.append(Problem(path, "choice", missing, page))
            if leaf in failed:
                detail = "; ".join(m for (_c, n), m in self._errors.items() if n is leaf)
                problems.append(
                    Problem(
                        path,
                        "expression",
                        _("The form's expression for this field failed: {detail}").format(
                            detail=detail
                        ),
                        page,
                    )
                )
        # A group's relevance or a repeat count that failed: named at the group or
        # the repeat (a form's mistake must block finalising wherever it is).
        for (cid, node), detail in self._errors.items():
            if cid < 0 or not node.attached or node.tmpl.leaf or not node.erel:
                continue
            comp = next(c for c in self._plan.computations if c.id == cid)  # rare: a scan
            path = f"{node.path}/{comp.target.name}" if comp.kind == "count" else node.path
            problems.append(self._problem_at(path, "expression", _(
                "The form's expression for this field failed: {detail}").format(
                    detail=detail)))
        return problems

    def _problem_at(self, path: str, kind: Any, message: str) -> Problem:
        return Problem(path, kind, message, _pages.index_of(self, path))

    # -- public API: serialisation ---------------------------------------------------------------

    def to_xml(self, *, finalize: bool = False, values: Mapping[str, str] | None = None) -> str:
        """The ODK XML instance (non-relevant nodes left out, as Collect does).

        ``finalize`` first stamps ``end`` preloads with the clock's time; ``values``
        ({indexed path: value}, e.g. as saved) are written instead of the session's.
        """
        if finalize:
            self._stamp_end()
        return _serialise.to_xml(self, values)

    def to_dict(self) -> dict[str, str]:
        """{indexed path: value} of every answered, relevant leaf."""
        return _serialise.to_dict(self)

    @classmethod
    def from_xml(cls, form: Form, xml: str | bytes, **options: Any) -> FormSession:
        """A session holding the answers and repeat instances of an XML instance."""
        return cls(form, _restore=_serialise.parse_instance(form, xml), **options)

    @classmethod
    def from_dict(cls, form: Form, answers: Mapping[str, str], **options: Any) -> FormSession:
        """A session holding ``answers`` as :meth:`to_dict` wrote them."""
        callback = options.pop("on_change", None)
        session = cls(form, **options)
        _serialise.restore_dict(session, answers)
        session.on_change = callback
        return session

    def _stamp_end(self) -> None:
        now = self._clock().isoformat(timespec="milliseconds")
        for tmpl in self._plan.templates.values():
            bind = tmpl.bind
            if bind is not None and bind.preload == "timestamp" and bind.preload_params == "end":
                for node in self._expand(self._root, tmpl):
                    self._commit(node, now, user=False)
