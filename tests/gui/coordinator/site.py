"""A coordinator's data folder for the GUI tests: the test window's own store made a
coordinator project with a small two-language form, and laptops that joined it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from fieldkit.context import AppContext
from fieldkit.store.models import Form
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.project import add_interviewer, init_project, write_pack
from tests.sync.helpers import FORM_ID, Coordinator, Laptop, edit, make_laptop, write_interview

ENGLISH = "English (en)"
SORANI = "کوردی (ckb)"

XFORM = f"""<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
 xmlns:jr="http://openrosa.org/javarosa">
<h:head><h:title>Household</h:title><model>
<itext>
  <translation lang="{ENGLISH}" default="true()">
    <text id="size-l"><value>Household size</value></text>
    <text id="tenure-l"><value>Tenure</value></text>
    <text id="own-l"><value>Owned</value></text>
    <text id="rent-l"><value>Rented</value></text>
  </translation>
  <translation lang="{SORANI}">
    <text id="size-l"><value>قەبارەی خێزان</value></text>
    <text id="tenure-l"><value>خاوەندارێتی</value></text>
    <text id="own-l"><value>موڵکی خۆیەتی</value></text>
    <text id="rent-l"><value>بەکرێ</value></text>
  </translation>
</itext>
<instance><data id="{FORM_ID}"><size/><tenure/><name/></data></instance>
<bind nodeset="/data/size" type="int"/>
<bind nodeset="/data/tenure" type="string"/>
<bind nodeset="/data/name" type="string"/>
</model></h:head>
<h:body>
  <input ref="/data/size"><label ref="jr:itext('size-l')"/></input>
  <select1 ref="/data/tenure"><label ref="jr:itext('tenure-l')"/>
    <item><label ref="jr:itext('own-l')"/><value>own</value></item>
    <item><label ref="jr:itext('rent-l')"/><value>rent</value></item>
  </select1>
  <input ref="/data/name"><label>Name</label></input>
</h:body></h:html>"""

# Its own hash: the parsed-form cache is keyed by it (other tests use "a" * 64).
FORM_HASH = hashlib.sha256(XFORM.encode()).hexdigest()


def make_site(ctx: AppContext, folder: Path, names: tuple[str, ...] = ("Ana", "Bo")
              ) -> Coordinator:
    """Make the window's store a coordinator's project (as `project init` would)."""
    store = ctx.store
    project = init_project(store, "Outreach 2026", default_forms=False)
    with store.session() as session:
        session.add(Form(project_id=project.id, form_id=FORM_ID, version="1",
                         title="Household", source_name="hh.xml", source=XFORM.encode(),
                         hash=FORM_HASH, xform=XFORM))
    site = Coordinator(store, project.id)
    for name in names:
        entry, code = add_interviewer(store, name)
        site.codes[name] = code
        site.ids[name] = entry.id
    site.pack = folder / "pack.zip"
    write_pack(store, site.pack)
    return site


def laptop(site: Coordinator, folder: Path, name: str) -> Laptop:
    return make_laptop(site, folder / name.lower(), name)


def bundle(device: Laptop, out: Path, answers: dict[str, str | None] | None = None) -> Path:
    """A bundle holding one new interview (or only what is not receipted yet)."""
    if answers is not None:
        write_interview(device, answers)
    export_bundle(device.store, out)
    return out


def conflicting_bundles(site: Coordinator, folder: Path) -> tuple[str, list[Path]]:
    """Bundles that leave /data/size of one interview with two values: a laptop's
    edit, lost by a restore from backup, and the edit made after it."""
    from tests.sync.helpers import backup, restore

    ana = laptop(site, folder, "Ana")
    uuid = write_interview(ana, {"/data/size": "4", "/data/tenure": "own",
                                 "/data/name": "Rana"})
    first = bundle(ana, folder / "first.zip")
    saved = backup(ana, folder / "backup.sqlite3")
    edit(ana, uuid, {"/data/size": "5"})
    before = bundle(ana, folder / "before.zip")
    restore(ana, saved)
    edit(ana, uuid, {"/data/size": "6"})
    after = bundle(ana, folder / "after.zip")
    ana.store.close()
    return uuid, [first, before, after]


def form_pk(site: Coordinator) -> int:
    with site.store.session() as session:
        return session.scalars(select(Form.id).where(Form.project_id == site.project_id)).one()
