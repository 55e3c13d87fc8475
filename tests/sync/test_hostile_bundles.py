"""Hostile or broken bundles: each is rejected with exit code 3, one line naming the
file and the reason, and the coordinator's store unchanged."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.sync import keys, safezip
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.formats import canonical, sha256_hex
from fieldkit.sync.project import init_project, join_pack, write_pack
from fieldkit.sync.versions import Version
from tests.sync.helpers import Coordinator, Laptop, dump, make_laptop, write_interview

Members = dict[str, bytes]


def _unzip(data: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _zip(members: Members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class Forger:
    """Opens a real bundle, lets a test change it, and re-signs and re-seals it as a
    laptop that has the keys would."""

    def __init__(self, coordinator: Coordinator, laptop: Laptop, bundle: Path) -> None:
        self.outer = _unzip(bundle.read_bytes())
        box = keys.box_private(coordinator.store, coordinator.project_id)
        self.inner = _unzip(keys.open_sealed(box, self.outer["sealed.bin"]))
        self.device = keys.device_signing_key(laptop.store, laptop.project_id)
        self.box_public = bytes(box.public_key)

    def manifest(self) -> dict[str, object]:
        return dict(json.loads(self.inner["manifest.json"]))

    def set_versions(self, body: bytes, *, fix_hash: bool = True) -> None:
        self.inner["versions.jsonl"] = body
        if fix_hash:
            manifest = self.manifest()
            manifest["members"] = {"versions.jsonl": sha256_hex(body)}
            self.set_manifest(manifest)

    def set_manifest(self, manifest: dict[str, object], *, sign: bool = True) -> None:
        body = canonical(manifest)
        self.inner["manifest.json"] = body
        if sign:
            self.inner["manifest.sig"] = keys.sign(self.device, body)

    def records(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.inner["versions.jsonl"].splitlines()]

    def write(self, path: Path) -> Path:
        self.outer["sealed.bin"] = keys.seal(self.box_public, _zip(self.inner))
        path.write_bytes(_zip(self.outer))
        return path


@pytest.fixture
def site(coordinator: Coordinator, tmp_path: Path) -> tuple[Laptop, Path]:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(ana, {"/data/name": "Rana", "/data/age": "30"})
    bundle = tmp_path / "good.zip"
    export_bundle(ana.store, bundle)
    return ana, bundle


def _reject(coordinator: Coordinator, path: Path, reason: str,
            capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(coordinator.store)
    url = str(coordinator.store.engine.url)
    code = main(["--db", url, "bundle", "import", str(path)])
    err = capsys.readouterr().err.strip()
    assert code == 3
    assert err.count("\n") == 0 and str(path) in err and reason in err, err
    assert dump(coordinator.store) == before


def test_truncated_and_corrupt_zips(coordinator: Coordinator, site: tuple[Laptop, Path],
                                    tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = site[1].read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])
    _reject(coordinator, tmp_path / "cut.zip", "not a readable zip", capsys)
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    _reject(coordinator, tmp_path / "junk.zip", "not a readable zip", capsys)


def test_flipped_bits(coordinator: Coordinator, site: tuple[Laptop, Path], tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    outer = _unzip(site[1].read_bytes())
    sealed = bytearray(outer["sealed.bin"])
    sealed[len(sealed) // 2] ^= 0x10
    outer["sealed.bin"] = bytes(sealed)
    (tmp_path / "flip.zip").write_bytes(_zip(outer))
    _reject(coordinator, tmp_path / "flip.zip", "cannot be decrypted", capsys)
    raw = bytearray(site[1].read_bytes())
    raw[60] ^= 0xFF  # inside the first member's compressed data
    (tmp_path / "flip2.zip").write_bytes(bytes(raw))
    before = dump(coordinator.store)
    assert main(["--db", str(coordinator.store.engine.url), "bundle", "import",
                 str(tmp_path / "flip2.zip")]) == 3
    assert dump(coordinator.store) == before


def test_member_hash_mismatch(coordinator: Coordinator, site: tuple[Laptop, Path],
                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forger = Forger(coordinator, *site)
    forger.set_versions(forger.inner["versions.jsonl"] + b"\n", fix_hash=False)
    _reject(coordinator, forger.write(tmp_path / "x.zip"), "does not match its hash", capsys)


def test_bad_and_missing_signature(coordinator: Coordinator, site: tuple[Laptop, Path],
                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forger = Forger(coordinator, *site)
    manifest = forger.manifest()
    manifest["seq"] = 99
    forger.set_manifest(manifest, sign=False)
    _reject(coordinator, forger.write(tmp_path / "bad.zip"), "signature is not valid", capsys)
    forger = Forger(coordinator, *site)
    del forger.inner["manifest.sig"]
    _reject(coordinator, forger.write(tmp_path / "nosig.zip"), "'manifest.sig' is missing",
            capsys)


def test_device_not_on_the_roster(coordinator: Coordinator, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    intruder = make_laptop(coordinator, tmp_path / "x", "Bo")
    from fieldkit.store.models import SyncProject

    with intruder.store.session() as session:  # joined with a guessed code
        session.get_one(SyncProject, intruder.project_id).enrolment_proof = "0" * 64
    write_interview(intruder, {"/data/name": "Fake"})
    export_bundle(intruder.store, tmp_path / "intruder.zip")
    _reject(coordinator, tmp_path / "intruder.zip", "not on the roster", capsys)


def test_bundle_for_another_project(coordinator: Coordinator, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    from fieldkit.store import open_store
    from fieldkit.sync.project import add_interviewer

    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    init_project(other, "Other", default_forms=False)
    _entry, code = add_interviewer(other, "Ana")
    write_pack(other, tmp_path / "other-pack.zip")
    laptop = open_store(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    join_pack(laptop, tmp_path / "other-pack.zip", "Ana", code)
    export_bundle(laptop, tmp_path / "other.zip")
    _reject(coordinator, tmp_path / "other.zip", "for another project", capsys)
    other.close()
    laptop.close()


def test_future_format_version(coordinator: Coordinator, site: tuple[Laptop, Path],
                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outer = _unzip(site[1].read_bytes())
    envelope = json.loads(outer["envelope.json"])
    envelope["version"] = 2
    outer["envelope.json"] = canonical(envelope)
    (tmp_path / "v2.zip").write_bytes(_zip(outer))
    _reject(coordinator, tmp_path / "v2.zip", "version 2 is not supported", capsys)


def test_path_traversal_names(coordinator: Coordinator, site: tuple[Laptop, Path],
                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outer = _unzip(site[1].read_bytes())
    outer["../../etc/evil"] = b"x"
    (tmp_path / "dots.zip").write_bytes(_zip(outer))
    _reject(coordinator, tmp_path / "dots.zip", "unsafe file name", capsys)
    forger = Forger(coordinator, *site)
    forger.inner["/abs/path"] = b"x"
    _reject(coordinator, forger.write(tmp_path / "abs.zip"), "unsafe file name", capsys)


def test_zip_bomb_and_oversized_member(coordinator: Coordinator, site: tuple[Laptop, Path],
                                       tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "MAX_MEMBER_BYTES", 1 << 20)
    outer = _unzip(site[1].read_bytes())
    outer["sealed.bin"] = b"\0" * (8 << 20)  # 8 MB of zeros: a few KB compressed
    (tmp_path / "bomb.zip").write_bytes(_zip(outer))
    assert (tmp_path / "bomb.zip").stat().st_size < 100_000
    _reject(coordinator, tmp_path / "bomb.zip", "too large", capsys)
    # A header that lies about the size is caught while reading.
    data = bytearray((tmp_path / "bomb.zip").read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("sealed.bin")
    local = info.header_offset  # local header: uncompressed size at +22
    data[local + 22:local + 26] = (100).to_bytes(4, "little")
    name_at = data.find(b"sealed.bin", data.find(b"PK\x01\x02"))
    central = name_at - 46  # central record: uncompressed size at +24
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    (tmp_path / "liar.zip").write_bytes(bytes(data))
    _reject(coordinator, tmp_path / "liar.zip", "sealed.bin", capsys)


def test_malformed_json(coordinator: Coordinator, site: tuple[Laptop, Path], tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    forger = Forger(coordinator, *site)
    forger.set_versions(b'{"id": "x", "interview": \n')
    _reject(coordinator, forger.write(tmp_path / "json.zip"), "is not valid JSON", capsys)
    forger = Forger(coordinator, *site)
    records = forger.records()
    records[0]["clock"] = "7"
    forger.set_versions(b"".join(canonical(r) + b"\n" for r in records))
    _reject(coordinator, forger.write(tmp_path / "type.zip"), "wrong type", capsys)
    forger = Forger(coordinator, *site)
    records = forger.records()
    records[-1]["value"] = "changed"  # the id no longer matches the content
    forger.set_versions(b"".join(canonical(r) + b"\n" for r in records))
    _reject(coordinator, forger.write(tmp_path / "id.zip"), "does not match its id", capsys)
    forger = Forger(coordinator, *site)
    records = forger.records()
    # A lone surrogate, escaped as JSON allows but no text can hold (it once reached
    # the id check and ended in a traceback).
    lines = [canonical(r) for r in records]
    lines[0] = lines[0].replace(b'"path":"', b'"path":"\\ud800', 1)
    forger.set_versions(b"\n".join(lines) + b"\n")
    _reject(coordinator, forger.write(tmp_path / "surrogate.zip"), "versions.jsonl:1 is not "
            "valid JSON", capsys)


def _rewrite(records: list[dict[str, object]]) -> bytes:
    out = []
    for r in records:
        v = Version.make(str(r["interview"]), str(r["path"]), r["value"],  # type: ignore[arg-type]
                         device_id=str(r["device"]), clock=int(r["clock"]),  # type: ignore[call-overload]
                         written_at=str(r["at"]), supersedes=r["supersedes"])  # type: ignore[arg-type]
        out.append(canonical(v.to_json()) + b"\n")
    return b"".join(out)


def test_impossible_references(coordinator: Coordinator, site: tuple[Laptop, Path],
                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forger = Forger(coordinator, *site)
    records = [r for r in forger.records() if r["path"] != "@sync/header"]
    forger.set_versions(_rewrite(records))
    _reject(coordinator, forger.write(tmp_path / "orphan.zip"),
            "neither in the bundle nor in the store", capsys)

    forger = Forger(coordinator, *site)
    records = forger.records()
    for r in records:
        if r["path"] == "@sync/header":
            header = json.loads(str(r["value"]))
            header["form_hash"] = "b" * 64
            r["value"] = canonical(header).decode()
    forger.set_versions(_rewrite(records))
    _reject(coordinator, forger.write(tmp_path / "form.zip"), "uses a form", capsys)
