"""Where a group's audio recording is kept, and the gate before it is played: only
while every participant agrees to recording (consent may be withdrawn after the
file was attached), and only if the file is on this laptop."""

from __future__ import annotations

from pathlib import Path

from fieldkit.errors import InvalidInput
from fieldkit.focus.consent import recording_refusals
from fieldkit.focus.records import FocusData
from fieldkit.i18n import _

__all__ = ["playable_recording", "recording_file"]


def recording_file(attachments_dir: Path, group: str, name: str) -> Path:
    """The stored file of a group's recording (as attached by
    :meth:`fieldkit.focus.writes.FocusWriter.attach_recording`)."""
    return attachments_dir / group / name


def playable_recording(data: FocusData, group: str, attachments_dir: Path) -> Path:
    """The recording of ``group`` to play; InvalidInput saying why when it may not be
    played (no recording, consent missing or withdrawn, file not on this laptop)."""
    found = data.group(group)
    if found is None or not found.recording:
        raise InvalidInput(_("This group has no recording."))
    refusals = recording_refusals(data, group)
    if refusals is None:
        raise InvalidInput(_("No participant is counted in, so nobody has agreed to "
                             "recording: the recording cannot be played."))
    if refusals:
        raise InvalidInput(_("Not every participant agrees to audio recording "
                             "({names}): the recording cannot be played.").format(
                                 names=", ".join(refusals)))
    path = recording_file(attachments_dir, group, found.recording)
    if not path.is_file():
        raise InvalidInput(_("The recording {name} is not on this laptop (recordings "
                             "stay on the laptop they were attached on).").format(
                                 name=found.recording))
    return path
