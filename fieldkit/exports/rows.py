"""Answer rows -> table rows: one row per interview, one per repeat instance.

Interviews are read in a fixed order (start time, then id) and their answers in
batches, so memory stays bounded and the same store gives the same rows. Each
distinct answer path is parsed once (``/data/r/member[2]/age`` -> table, column,
instance indexes); the rest is dictionary look-ups. A repeat instance whose fields
are all empty (e.g. a roster the form made but nobody filled) gives no row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from fieldkit.exports.flags import interview_flags
from fieldkit.exports.layout import ExportLayout
from fieldkit.store.models import Answer, Device, Interview, Interviewer

__all__ = ["BATCH", "InterviewMeta", "Row", "iter_rows", "select_interviews"]

BATCH = 500
_INDEX = re.compile(r"\[([0-9]+)\]")
INSTANCE_ID = "meta/instanceID"

#: (table index, values); values are text as stored ("" when empty).
Row = tuple[int, list[str]]

_ANSWERS = select(Answer.interview_uuid, Answer.path, Answer.value).where(
    Answer.interview_uuid.in_(bindparam("uuids", expanding=True)), Answer.value.is_not(None))
Transform = Callable[[str], str]


@dataclass(frozen=True)
class InterviewMeta:
    uuid: str
    form_pk: int
    status: str
    label: str
    language: str
    interviewer: str
    device: str
    created_at: datetime
    finalized_at: datetime | None


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def select_interviews(session: Session, project_id: str, form_pks: Sequence[int],
                      statuses: Sequence[str], since: datetime | None, *,
                      with_answers: bool = False) -> list[InterviewMeta]:
    """The interviews to export, oldest first (ties by id, so the order is total).
    ``with_answers``: only those with answer rows (every started interview has some;
    advice sessions a laptop purged when they left the project pack have none)."""
    query = (select(Interview.uuid, Interview.form_pk, Interview.status, Interview.label,
                    Interview.respondent_language, Interviewer.name, Device.label,
                    Interview.device_id, Interview.created_at, Interview.finalized_at)
             .outerjoin(Interviewer, Interviewer.id == Interview.interviewer_id)
             .outerjoin(Device, Device.id == Interview.device_id)
             .where(Interview.project_id == project_id, Interview.form_pk.in_(form_pks),
                    Interview.status.in_(statuses))
             .order_by(Interview.created_at, Interview.uuid))
    if since is not None:
        query = query.where(Interview.created_at >= since)
    if with_answers:
        query = query.where(exists(select(Answer.id).where(
            Answer.interview_uuid == Interview.uuid)))
    return [InterviewMeta(uuid, pk, status, label or "", language or "", name or "",
                          device_label or device_id, created, finalized)
            for uuid, pk, status, label, language, name, device_label, device_id, created,
            finalized in session.execute(query)]


def iter_rows(session: Session, layout: ExportLayout, interviews: Sequence[InterviewMeta],
              transforms: dict[int, dict[int, Transform]],
              on_batch: Callable[[int], None] | None = None) -> Iterator[Row]:
    """Rows of every table, interview by interview. ``transforms`` {table: {column:
    fn}} rewrites non-empty values (pseudonyms); ``on_batch(done)`` runs after each
    batch of interviews (progress, cancel)."""
    widths = [len(t.columns) for t in layout.tables]
    meta_slots = {c.meta: i for i, c in enumerate(layout.tables[0].columns) if c.kind == "meta"}
    root = "/" + _root_name(layout)
    instance_path = f"{root}/{INSTANCE_ID}"
    chains = [t.chain for t in layout.tables]
    parsed: dict[int, dict[str, tuple[int, int, tuple[int, ...]] | None]] = {}
    connection = session.connection()
    for start in range(0, len(interviews), BATCH):
        batch = interviews[start:start + BATCH]
        answers: dict[str, list[tuple[str, str | None]]] = {m.uuid: [] for m in batch}
        flags = interview_flags(session, [m.uuid for m in batch])
        # Core rows through the connection: the ORM's per-row work would double the time.
        rows = connection.execute(_ANSWERS, {"uuids": list(answers)})
        for uuid, path, value in rows:
            answers[uuid].append((path, value))  # value IS NOT NULL in the query
        for meta in batch:
            paths = layout.paths.get(meta.form_pk, {})
            cache = parsed.setdefault(meta.form_pk, {})
            main = [""] * widths[0]
            tables: list[dict[tuple[int, ...], list[str]]] = [{} for _ in widths]
            key = ""
            for path, value in answers[meta.uuid]:
                if path == instance_path:
                    key = value or ""
                    continue
                if path in cache:
                    where = cache[path]
                else:
                    where = cache[path] = _locate(path, paths)
                if where is None or not value:
                    continue
                table, column, indexes = where
                if table == 0:
                    main[column] = value
                else:
                    row = tables[table].get(indexes)
                    if row is None:
                        row = tables[table][indexes] = [""] * widths[table]
                    row[column] = value
            key = key or f"uuid:{meta.uuid}"
            main[0] = key
            flag = flags.get(meta.uuid)
            _fill_meta(main, meta_slots, meta, layout.versions.get(meta.form_pk, ""), flag)
            yield from _finish(0, [((), main)], layout, transforms)
            _keep_ancestors(tables, chains, widths)
            for t in range(1, len(widths)):
                if not tables[t]:
                    continue
                chain = chains[t]
                instances = sorted(tables[t].items())
                for indexes, row in instances:
                    row[0] = key + "".join(f"/{name}[{i}]" for name, i in zip(
                        chain, indexes, strict=True))
                    row[1] = row[0][:row[0].rindex("/")]
                yield from _finish(t, instances, layout, transforms)
        if on_batch is not None:
            on_batch(min(start + BATCH, len(interviews)))


def _root_name(layout: ExportLayout) -> str:
    for by_path in layout.paths.values():
        for path in by_path:
            return path.split("/")[1]
    return "data"


def _locate(path: str, paths: dict[str, tuple[int, int]]
            ) -> tuple[int, int, tuple[int, ...]] | None:
    if "[" not in path:
        found = paths.get(path)
        return (found[0], found[1], ()) if found is not None else None
    found = paths.get(_INDEX.sub("", path))
    if found is None:
        return None
    return found[0], found[1], tuple(int(i) for i in _INDEX.findall(path))


def _fill_meta(main: list[str], slots: dict[str, int], meta: InterviewMeta, version: str,
               flags: tuple[bool, bool] | None) -> None:
    conflicts, duplicate = flags or (False, False)
    values = {
        "form_version": version, "interviewer": meta.interviewer, "device": meta.device,
        "start": _iso(meta.created_at), "end": _iso(meta.finalized_at),
        "language": meta.language, "status": meta.status,
        "open_conflicts": "yes" if conflicts else "no",
        "possible_duplicate": "yes" if duplicate else "no", "label": meta.label,
    }
    for name, slot in slots.items():
        main[slot] = values[name]


def _keep_ancestors(tables: list[dict[tuple[int, ...], list[str]]],
                    chains: Sequence[tuple[str, ...]], widths: Sequence[int]) -> None:
    """A nested instance with data needs its parent's row, even an empty one."""
    by_chain = {chain: i for i, chain in enumerate(chains)}
    for t in range(len(tables) - 1, 0, -1):
        parent = by_chain.get(chains[t][:-1], 0)
        if parent == 0:
            continue
        for indexes in list(tables[t]):
            if indexes[:-1] not in tables[parent]:
                tables[parent][indexes[:-1]] = [""] * widths[parent]


def _finish(table: int, instances: list[tuple[tuple[int, ...], list[str]]],
            layout: ExportLayout, transforms: dict[int, dict[int, Transform]]
            ) -> Iterator[Row]:
    multi = layout.multi.get(table)
    rewrite = transforms.get(table)
    for _indexes, row in instances:
        if multi:
            for column, choices in multi.items():
                value = row[column]
                if value:
                    chosen = set(value.split())
                    for choice, slot in choices:
                        row[slot] = "1" if choice in chosen else "0"
        if rewrite:
            for column, fn in rewrite.items():
                if row[column]:
                    row[column] = fn(row[column])
        yield table, row
