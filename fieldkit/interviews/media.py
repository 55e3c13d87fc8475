"""The files behind a form's media (``jr://images/face_1.png``, ``jr://audio/a.wav``).

A form names its media by file name only (ODK's ``jr://images/``, ``jr://audio/``,
``jr://video/`` prefixes); the files sit in a media folder. fieldkit looks in the
data folder's ``media/`` (where a project's own media will go) and then in the
default forms' ``resources/forms/media``. Only a plain file name is accepted, so a
form cannot point outside those folders.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.forms import Form
from fieldkit.interviews.repeat_rows import template_path
from fieldkit.packaged import resource

__all__ = ["IMAGE_FORMS", "MediaFolders", "media_name", "recording_of"]

_PREFIXES = ("jr://images/", "jr://audio/", "jr://video/", "jr://file/")
#: Itext forms that hold a picture, the larger one first.
IMAGE_FORMS = ("big-image", "image")


def media_name(uri: str) -> str | None:
    """The file name a media URI refers to, or None for anything but a plain name."""
    name = uri.strip()
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        return None
    return name


@dataclass(frozen=True)
class MediaFolders:
    """Where media files are looked up, first match wins."""

    folders: Sequence[Path] = field(default_factory=tuple)

    @classmethod
    def for_data_dir(cls, data_dir: Path | None) -> MediaFolders:
        folders = [data_dir / "media"] if data_dir is not None else []
        with contextlib.suppress(FileNotFoundError):  # no resources: no default media
            folders.append(resource("forms", "media"))
        return cls(tuple(folders))

    def find(self, uri: str) -> Path | None:
        """The file for ``uri``, or None when it is not here."""
        name = media_name(uri)
        if name is None:
            return None
        for folder in self.folders:
            path = folder / name
            if path.is_file():
                return path
        return None

    def image(self, media: Mapping[str, str]) -> Path | None:
        """The picture of a question's or choice's media, if its file is here."""
        for form in IMAGE_FORMS:
            uri = media.get(form)
            if uri:
                found = self.find(uri)
                if found is not None:
                    return found
        return None

    def audio(self, media: Mapping[str, str]) -> Path | None:
        uri = media.get("audio")
        return self.find(uri) if uri else None


def recording_of(form: Form, path: str, language: str | None) -> str | None:
    """The URI of the question's own recording in ``language``, without falling
    back to another language as labels do: an English recording is no help to a
    Sorani speaker, who is better served by a Sorani voice or the interviewer.
    A form without languages has one set of media."""
    question = form.questions.get(template_path(path))
    if question is None:
        return None
    if form.languages:
        by_language = question.media.get(language or "") or {}
    else:
        by_language = next(iter(question.media.values()), {})
    return by_language.get("audio") or None
