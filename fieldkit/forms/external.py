"""External secondary instances: the CSV, XML and GeoJSON files a form names with
``<instance id="x" src="jr://file-csv/x.csv"/>`` (select_one_from_file,
select_multiple_from_file, pulldata(), search()).

ODK Collect reads them from the form's media files; fieldkit reads them from the
folders it is given (the form file's own folder, the project's form media) and
turns each into the instance document ODK builds from it:

* CSV: ``<root><item><column>value</column>...</item>...</root>``, one item per row;
* XML: the file's document as it is;
* GeoJSON: one item per feature, with a ``geometry`` child in ODK's
  ``lat lon alt acc;...`` form, the feature's ``id`` and its properties.

``instance('last-saved')`` (``jr://instance/last-saved``) is not a file: a
``FormSession`` is given it (``last_saved=``) by the interview service, which
finds the last interview of the form saved on the laptop
(fieldkit/interviews/last_saved.py); empty until there is one, as in Collect.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from fieldkit.forms.errors import FormError
from fieldkit.forms.model import Form, SecondaryInstance
from fieldkit.forms.safexml import UnsafeXmlError, XmlSyntaxError, parse_xml
from fieldkit.i18n import _

__all__ = [
    "LAST_SAVED",
    "MAX_EXTERNAL_BYTES",
    "attach_external",
    "embed_external",
    "external_file_name",
    "media_folders",
    "missing_external",
]

_PREFIXES = ("jr://file-csv/", "jr://file/", "jr://images/")
LAST_SAVED = "jr://instance/last-saved"
#: Largest external file read (a list of every village of a country is a few MB).
MAX_EXTERNAL_BYTES = 64 * 1024 * 1024
_XML_NAME = re.compile(r"[A-Za-z_][\w.\-]*\Z")


def media_folders(form_file: Path) -> list[Path]:
    """Where a form file's media may sit: next to it, in ``media/`` beside it,
    or in ``FORM-media/`` (ODK's name for a form's media folder)."""
    folder = form_file.parent
    return [folder, folder / "media", folder / f"{form_file.stem}-media"]


def external_file_name(src: str | None) -> str | None:
    """The plain file name an instance's ``src`` names, or None (not a file, or a
    name with a folder in it, which could point outside the media folders)."""
    if not src:
        return None
    name = src.strip()
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    else:
        return None
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        return None
    return name


def missing_external(form: Form) -> list[tuple[str, str]]:
    """(instance id, file name) of every external file the form names but has not
    got (not found when the form was loaded)."""
    missing: list[tuple[str, str]] = []
    for inst in form.secondary_instances.values():
        name = external_file_name(inst.src)
        if name is not None and inst.xml is None:
            missing.append((inst.id, name))
    return missing


def attach_external(form: Form, folders: Iterable[Path]) -> Form:
    """``form`` with the external instances found in ``folders`` read in (the
    first folder holding a file wins); the form itself if there is nothing to read.
    A file that is found but cannot be read is a :class:`FormError`."""
    wanted = {
        key: name
        for key, inst in form.secondary_instances.items()
        if inst.xml is None and (name := external_file_name(inst.src)) is not None
    }
    if not wanted:
        return form
    places = [Path(f) for f in folders]
    updated = dict(form.secondary_instances)
    for key, name in wanted.items():
        path = next((f / name for f in places if (f / name).is_file()), None)
        if path is None:
            continue
        xml = _instance_xml(path)
        updated[key] = SecondaryInstance(
            id=key, src=form.secondary_instances[key].src, xml=xml, items=_items(xml)
        )
    if updated == dict(form.secondary_instances):
        return form
    return dataclasses.replace(form, secondary_instances=MappingProxyType(updated))


def _fail(path: Path, detail: str) -> FormError:
    return FormError(
        _("The form's file {name} cannot be read: {detail}").format(name=path.name, detail=detail),
        path=path,
        fix=_("Export the file again (CSV in UTF-8, XML or GeoJSON) and put it next to the form."),
    )


def _instance_xml(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_EXTERNAL_BYTES:
            raise _fail(path, _("it is larger than {limit} MB.").format(
                limit=MAX_EXTERNAL_BYTES // (1024 * 1024)))
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from exc
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _csv_xml(data.decode("utf-8-sig"))
        if suffix == ".geojson":
            return _geojson_xml(json.loads(data.decode("utf-8-sig")))
        # Checked (no DTD, well-formed) and written again without a declaration,
        # so the document can stand inside the form's own XML.
        return ElementTree.tostring(parse_xml(data), encoding="unicode")
    except UnicodeDecodeError as exc:
        raise _fail(path, _("it is not UTF-8 text.")) from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise _fail(path, _("it is not valid GeoJSON.")) from exc
    except (XmlSyntaxError, UnsafeXmlError) as exc:
        raise _fail(path, _("it is not well-formed XML without a DTD.")) from exc
    except (csv.Error, ValueError) as exc:
        raise _fail(path, str(exc)) from exc


def _element(name: str, value: str) -> str:
    return f"<{name}>{escape(value)}</{name}>"


def _csv_xml(text: str) -> str:
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    columns = [(i, h.strip()) for i, h in enumerate(header) if _XML_NAME.match(h.strip())]
    parts = ["<root>"]
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        parts.append("<item>")
        parts.extend(_element(name, row[i] if i < len(row) else "") for i, name in columns)
        parts.append("</item>")
    parts.append("</root>")
    return "".join(parts)


def _coordinates(geometry: Mapping[str, Any]) -> str:
    """ODK's text of a GeoJSON geometry: 'lat lon 0 0', joined by ';' for lines."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    points: Sequence[Any]
    if kind == "Point":
        points = [coords]
    elif kind == "LineString":
        points = coords if isinstance(coords, list) else []
    elif kind == "Polygon":
        points = coords[0] if isinstance(coords, list) and coords else []
    else:
        raise ValueError(f"geometry type {kind!r} is not supported (Point, LineString, Polygon)")
    out = []
    for point in points:
        if not isinstance(point, list) or len(point) < 2:
            raise ValueError("a coordinate is not [longitude, latitude]")
        lon, lat = float(point[0]), float(point[1])
        out.append(f"{lat} {lon} 0 0")
    return ";".join(out)


def _geojson_xml(doc: Any) -> str:
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValueError("the top level is not a FeatureCollection")
    parts = ["<root>"]
    for feature in doc.get("features") or []:
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            raise ValueError("a feature has no geometry")
        parts.append("<item>")
        parts.append(_element("geometry", _coordinates(feature["geometry"])))
        props = feature.get("properties") or {}
        if "id" not in props and feature.get("id") is not None:
            parts.append(_element("id", str(feature["id"])))
        for key, value in props.items() if isinstance(props, dict) else ():
            if _XML_NAME.match(str(key)) and key != "geometry":
                parts.append(_element(str(key), "" if value is None else str(value)))
        parts.append("</item>")
    parts.append("</root>")
    return "".join(parts)


def _items(xml: str) -> tuple[Mapping[str, str], ...]:
    root = parse_xml(xml)
    items = []
    for item in root:
        if not isinstance(item.tag, str) or item.tag.rpartition("}")[2] != "item":
            continue
        fields = {
            c.tag.rpartition("}")[2]: (c.text or "").strip()
            for c in item
            if isinstance(c.tag, str)
        }
        items.append(MappingProxyType(fields))
    return tuple(items)


def embed_external(xform: str, form: Form) -> str:
    """The XForm text with the external instances ``form`` has read written inside
    their ``<instance id=".." src=".."/>`` elements, so that a form kept in a
    project (and sent to its laptops) carries its files. Instances written
    otherwise than as one empty element are left as they are."""
    for inst in form.secondary_instances.values():
        if inst.xml is None or external_file_name(inst.src) is None:
            continue
        empty = re.compile(
            r"<instance\b(?=[^>]*\bid=(['\"])" + re.escape(inst.id) + r"\1)[^>]*?/>"
        )
        match = empty.search(xform)
        if match is None:
            continue
        opening = match.group(0)[:-2].rstrip() + ">"
        xform = xform[: match.start()] + opening + inst.xml + "</instance>" + xform[match.end():]
    return xform
