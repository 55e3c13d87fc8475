"""The interview as an ODK XML instance or a flat dict, and back.

Like Collect's submissions, the XML leaves out non-relevant nodes and the
``jr:template`` copies of repeats; the root carries the form's ``id`` and
``version``. Instances are parsed with defusedxml only (via ``safexml``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element as XmlElement
from xml.sax.saxutils import escape, quoteattr

from fieldkit.forms.model import Form
from fieldkit.forms.safexml import UnsafeXmlError, XmlSyntaxError, parse_xml
from fieldkit.forms.session.problems import SessionError
from fieldkit.forms.session.tree import Element
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.forms.session.session import FormSession

__all__ = ["parse_instance", "restore_dict", "to_dict", "to_xml"]

#: Namespaces Collect declares on a submission's root, and others when used.
NAMESPACES: Mapping[str, str] = {
    "jr": "http://openrosa.org/javarosa",
    "orx": "http://openrosa.org/xforms",
    "odk": "http://www.opendatakit.org/xforms",
    "entities": "http://www.opendatakit.org/xforms/entities",
}
_ALWAYS = ("jr", "orx")
_STEP = re.compile(r"([^\[\]/]+)(?:\[([0-9]+)\])?")


def _write(node: Element, out: list[str], values: Mapping[str, str] | None) -> None:
    if not node.erel:
        return
    name = node.tmpl.name
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in node.tmpl.attributes)
    if node.tmpl.leaf:
        value = node.value if values is None else values.get(node.path, node.value)
        out.append(f"<{name}{attrs}>{escape(value)}</{name}>" if value else f"<{name}{attrs}/>")
        return
    out.append(f"<{name}{attrs}>")
    for kid in node.kids:
        _write(kid, out, values)
    out.append(f"</{name}>")


def to_xml(session: FormSession, values: Mapping[str, str] | None = None) -> str:
    """``values`` ({indexed path: value}) replace the session's where given."""
    form = session.form
    root = session._root
    attrs: dict[str, str] = {"id": form.form_id}
    if form.version:
        attrs["version"] = form.version
    attrs.update(form.root_attributes)
    used = {k.partition(":")[0] for k in attrs if ":" in k}
    prefixes = [p for p in NAMESPACES if p in _ALWAYS or p in used]
    head = "".join(f" xmlns:{p}={quoteattr(NAMESPACES[p])}" for p in prefixes)
    head += "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items() if not k.startswith("xmlns"))
    out = [f"<{root.tmpl.name}{head}>"]
    for kid in root.kids:
        _write(kid, out, values)
    out.append(f"</{root.tmpl.name}>")
    return "".join(out)


def parse_instance(form: Form, xml: str | bytes) -> XmlElement:
    """The document element of an instance of ``form`` (safely parsed)."""
    try:
        root = parse_xml(xml)
    except UnsafeXmlError as exc:
        raise SessionError(_("The instance uses a DTD or entities, which are refused.")) from exc
    except XmlSyntaxError as exc:
        raise SessionError(
            _("The instance is not well-formed XML ({detail}).").format(detail=exc)
        ) from exc
    name = root.tag.rpartition("}")[2]
    if name != form.root_name:
        raise SessionError(
            _("The instance's root is <{found}>, but this form's is <{expected}>.").format(
                found=name, expected=form.root_name
            )
        )
    found_id = root.get("id")
    if found_id is not None and found_id != form.form_id:
        raise SessionError(
            _("The instance belongs to form '{found}', not '{expected}'.").format(
                found=found_id, expected=form.form_id
            )
        )
    return root


def to_dict(session: FormSession) -> dict[str, str]:
    return {leaf.path: leaf.value for leaf in session._root.leaves() if leaf.value and leaf.erel}


def _sort_key(path: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (m.group(1), int(m.group(2) or 1))
        for m in (_STEP.fullmatch(step) for step in path.split("/") if step)
        if m is not None
    )


def _ensure(session: FormSession, path: str) -> Element:
    """The leaf at ``path``, creating missing repeat instances on the way."""
    steps = [s for s in path.strip().split("/") if s]
    node = session._root
    if not steps or steps[0] != node.tmpl.name:
        raise SessionError(_("'{path}' is not a path in this form.").format(path=path))
    for step in steps[1:]:
        match = _STEP.fullmatch(step.strip())
        tmpl = next(
            (t for t in node.tmpl.children if match is not None and t.name == match.group(1)),
            None,
        )
        if match is None or tmpl is None:
            raise SessionError(_("'{path}' is not a field of this form.").format(path=path))
        index = int(match.group(2) or 1)
        while tmpl.repeat and len(node.by_name.get(tmpl.name, ())) < index:
            count = len(node.by_name.get(tmpl.name, ()))
            session._insert(node, tmpl, count + 1, propagate=False)
        node = node.by_name[tmpl.name][index - 1 if tmpl.repeat else 0]
    if not node.tmpl.leaf:
        raise SessionError(_("'{path}' is a group, not a question.").format(path=path))
    return node


def restore_dict(session: FormSession, answers: Mapping[str, str]) -> None:
    for path in sorted(answers, key=_sort_key):
        _ensure(session, path).value = str(answers[path])
    session.recompute_all()
    session.last_changes = frozenset()
