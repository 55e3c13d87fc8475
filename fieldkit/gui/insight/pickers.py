"""The drop-down lists of the Insight workspace."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

__all__ = ["picker"]


def picker(name: str) -> QComboBox:
    """A drop-down named ``name`` that stays narrow: questions can be long, and its
    list shows them whole."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    return combo
