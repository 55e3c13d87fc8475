"""Which answer paths are fields of a form: a bundle's answers are checked against
the form of their interview before anything is imported ("a field that is not in
the form is refused too", F17).

A form path is a field when, with its repeat indexes taken off, it is a leaf of the
form's primary instance (a question, a calculate, a meta field) and it has an index
only on repeat steps (``/data/hh[2]/member[1]/age``). fieldkit writes every repeat
step indexed; an unindexed one (the first instance, in XPath) is taken too. Paths of
fieldkit's own rows (``@fieldkit/...``, see fieldkit/answer_paths.py) and sync rows
are not fields and are checked elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fieldkit.forms import Form
from fieldkit.forms.model import InstanceNode

__all__ = ["FormFields"]

_STEP = re.compile(r"([^\[\]/]+)(?:\[([0-9]+)\])?")


@dataclass
class FormFields:
    """The fields of one form version, asked path by path (answers repeat the same
    paths across interviews, so each distinct path is worked out once)."""

    leaves: frozenset[str]
    repeats: frozenset[str]
    _known: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, form: Form) -> FormFields:
        leaves: set[str] = set()
        repeats: set[str] = set()
        stack: list[InstanceNode] = [form.instance]
        while stack:
            node = stack.pop()
            if node.repeat:
                repeats.add(node.path)
            if node.children:
                stack.extend(node.children)
            elif node is not form.instance:
                leaves.add(node.path)
        return cls(frozenset(leaves), frozenset(repeats))

    def has(self, path: str) -> bool:
        """True if ``path`` (an indexed form path) is a field of the form."""
        known = self._known.get(path)
        if known is None:
            known = self._known[path] = self._check(path)
        return known

    def _check(self, path: str) -> bool:
        bare = ""
        for step in path.split("/")[1:]:
            match = _STEP.fullmatch(step)
            if match is None:
                return False
            bare += "/" + match.group(1)
            index = match.group(2)
            if index is not None and (bare not in self.repeats or int(index) < 1):
                return False
        return bare in self.leaves
