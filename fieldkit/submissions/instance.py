"""One ODK submission instance: parsed safely, then checked against its form.

Parsing goes through defusedxml (DTDs, entities and external references refused)
and is bounded while it runs: the file's size is bounded before (see sources.py),
nesting depth and element count here, so a hostile file is refused before it can
exhaust memory or recursion. Checking follows the form's own model: every element
must be a node of the form's primary instance (a repeat may occur many times, any
other node once), and every value must fit its question's type and choices.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from fieldkit.forms import Form
from fieldkit.forms.model import InstanceNode, Question
from fieldkit.forms.session.values import check_text, value_kind
from fieldkit.i18n import _

__all__ = [
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "CheckedInstance",
    "InstanceHead",
    "Rejected",
    "check_instance",
    "local_name",
    "peek_instance_id",
    "read_instance",
]

#: Deeper nesting is refused (a household survey nests about six levels).
MAX_DEPTH = 64
#: More elements than this are refused (a big roster has a few thousand).
MAX_ELEMENTS = 200_000
_JR_TEMPLATE = "{http://openrosa.org/javarosa}template"
_XHTML = "{http://www.w3.org/1999/xhtml}"
#: Elements servers add to a submission that the XLSForm did not declare, by where
#: they sit: Central's ``deprecatedID`` (an edited submission), KoboToolbox's
#: ``formhub/uuid``, ``__version__`` and ``meta/rootUuid``. Not data: passed over.
_SERVER_ADDED = {"meta": frozenset({"deprecatedID", "rootUuid"}),
                 "": frozenset({"formhub", "__version__"})}


class Rejected(Exception):
    """The instance is refused; the message (one line) says why."""


def local_name(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


@dataclass(frozen=True)
class InstanceHead:
    """The document element and what it says about its form."""

    root: Element
    form_id: str | None
    version: str | None

    @property
    def is_form_definition(self) -> bool:
        """An XForm (``<h:html>``), such as Briefcase keeps beside its instances."""
        return isinstance(self.root.tag, str) and self.root.tag == _XHTML + "html"


def read_instance(data: bytes) -> InstanceHead:
    """Parse ``data`` (bounded depth and size); a :class:`Rejected` if it is not XML."""
    root: Element | None = None
    depth = 0
    count = 0
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end"),
                                        forbid_dtd=True, forbid_entities=True,
                                        forbid_external=True):
            if event == "end":
                depth -= 1
                continue
            if root is None:
                root = element
            depth += 1
            count += 1
            if depth > MAX_DEPTH:
                raise Rejected(_("nested more than {limit} levels deep; not a submission")
                               .format(limit=MAX_DEPTH))
            if count > MAX_ELEMENTS:
                raise Rejected(_("more than {limit} elements; not a submission").format(
                    limit=MAX_ELEMENTS))
    except DefusedXmlException as exc:
        raise Rejected(_("uses a DTD or entities, which are refused")) from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise Rejected(_("not well-formed XML (line {line}, column {column})").format(
            line=line, column=column)) from exc
    if root is None:
        raise Rejected(_("no XML document element"))
    return InstanceHead(root, root.get("id"), _version(root))


def _version(root: Element) -> str | None:
    for key, value in root.attrib.items():
        if local_name(key) == "version":
            return value
    return None


@dataclass(frozen=True)
class CheckedInstance:
    """What an instance holds, checked: ``values`` {indexed path: text} of every leaf
    with text (as fieldkit writes paths, ``/data/roster/member[2]/age``)."""

    instance_id: str
    values: Mapping[str, str]

    def first(self, paths: Iterator[str] | tuple[str, ...]) -> str:
        for path in paths:
            value = self.values.get(path, "").strip()
            if value:
                return value
        return ""


def _choices(form: Form, question: Question) -> frozenset[str] | None:
    """The values a select may hold, or None when the form does not list them
    (choices from an external file)."""
    if question.choices is not None and question.choices.choices:
        return frozenset(c.value for c in question.choices.choices)
    itemset = question.itemset
    if itemset is not None and itemset.instance_id is not None:
        instance = form.secondary_instances.get(itemset.instance_id)
        if instance is not None and instance.items:
            key = itemset.value_ref.strip().rpartition("/")[2] or "name"
            return frozenset(item[key] for item in instance.items if key in item)
    return None


def _check_value(form: Form, path: str, template: str, text: str) -> None:
    question = form.questions.get(template)
    kind = value_kind(question, form.binds.get(template))
    value = text if kind == "string" else text.strip()
    problem = check_text(value, kind)
    if problem is None and value and kind in ("select_one", "select_multiple") \
            and question is not None:
        items = value.split()
        if kind == "select_one" and len(items) > 1:
            problem = _("'{value}': only one choice may be selected").format(value=value)
        else:
            allowed = _choices(form, question)
            wrong = [i for i in items if allowed is not None and i not in allowed]
            if wrong:
                problem = _("'{value}' is not one of the choices").format(
                    value=" ".join(wrong))
    if problem is not None:
        raise Rejected(_("{path}: {problem}").format(path=path, problem=problem))


def _walk(form: Form, element: Element, node: InstanceNode, path: str,
          out: dict[str, str]) -> None:
    kids = {child.name: child for child in node.children}
    if not node.children:  # a leaf
        if any(isinstance(c.tag, str) for c in element):
            raise Rejected(_("{path}: holds elements, but it is a question").format(
                path=path))
        text = element.text or ""
        if text:
            _check_value(form, path, node.path, text)
            out[path] = text
        return
    seen: dict[str, int] = {}
    for child in element:
        if not isinstance(child.tag, str) or child.get(_JR_TEMPLATE) is not None:
            continue  # comments, processing instructions; a form's template copy
        name = local_name(child.tag)
        template = kids.get(name)
        if template is None:
            where = "" if node is form.instance else node.name
            if name in _SERVER_ADDED.get(where, ()):
                continue
            raise Rejected(_("{path}: <{name}> is not part of this form").format(
                path=path, name=name))
        seen[name] = seen.get(name, 0) + 1
        if template.repeat:
            step = f"{name}[{seen[name]}]"
        elif seen[name] > 1:
            raise Rejected(_("{path}/{name}: appears more than once, but it is not a "
                             "repeat").format(path=path, name=name))
        else:
            step = name
        _walk(form, child, template, f"{path}/{step}", out)


def peek_instance_id(root: Element) -> str:
    """``meta/instanceID`` as the document has it, before any check (for reports)."""
    for meta in root:
        if local_name(meta.tag) == "meta":
            for child in meta:
                if local_name(child.tag) == "instanceID":
                    return (child.text or "").strip()[:200]
    return ""


def check_instance(form: Form, root: Element) -> CheckedInstance:
    """The instance's values, checked against ``form``; a :class:`Rejected` naming
    the first element or value that does not fit."""
    name = local_name(root.tag)
    if name != form.root_name:
        raise Rejected(_("its root is <{found}>, but form '{form}' has <{expected}>").format(
            found=name, form=form.form_id, expected=form.root_name))
    values: dict[str, str] = {}
    _walk(form, root, form.instance, "/" + form.root_name, values)
    instance_id = values.get(f"/{form.root_name}/meta/instanceID", "").strip()
    if not instance_id:
        raise Rejected(_("it has no meta/instanceID, so a second import could not be "
                         "recognised"))
    if len(instance_id) > 200:
        raise Rejected(_("its instanceID is longer than 200 characters"))
    return CheckedInstance(instance_id, values)


def parse_moment(text: str) -> datetime | None:
    """An ODK dateTime (or date) as an aware UTC datetime; None if it is not one.
    A time without an offset is taken as UTC (Collect always writes the offset)."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        moment = datetime(day.year, day.month, day.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
