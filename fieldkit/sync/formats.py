"""File formats of packs, bundles and receipts: names, versions, limits, canonical JSON."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import fieldkit
from fieldkit.answer_paths import HEADER_PATH as HEADER_PATH  # noqa: PLC0414 - re-exported
from fieldkit.i18n import _

PACK_FORMAT = "fieldkit-pack"
BUNDLE_FORMAT = "fieldkit-bundle"
RECEIPT_FORMAT = "fieldkit-receipt"
#: The one version of each format this fieldkit writes and reads.
FORMAT_VERSION = 1
#: For each format version, the first fieldkit release that reads it. Packs and bundles
#: carry it as "needs_fieldkit", so an older fieldkit can name the release to install
#: (laptops are offline: fieldkit never downloads one itself).
FIRST_READER: dict[int, str] = {1: "0.1.0"}
NEEDS_FIELDKIT = FIRST_READER[FORMAT_VERSION]

#: Limits against hostile files (zip bombs, huge members), far above what an honest
#: laptop or coordinator writes (a bundle of 100 household interviews is about 2 MB
#: of records) and low enough that reading any file, however made, stays under
#: 500 MB of memory (tests/hostile/ measures it).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: Everything one zip unpacks to, together.
MAX_TOTAL_BYTES = 96 * 1024 * 1024
MAX_MEMBERS = 1000
#: Records (lines of versions.jsonl) in one bundle: a laptop's 4,000 interviews of 50
#: answers, unreceipted.
MAX_RECORDS = 200_000



def canonical(obj: Any) -> bytes:
    """JSON with sorted keys and no spaces: the bytes that are hashed and signed."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _release(version: str) -> tuple[int, ...]:
    """'0.3.0' -> (0, 3, 0); enough to compare fieldkit's own release numbers."""
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def unsupported_version(what: str, description: dict[str, Any]) -> str:
    """The message for a pack or bundle (``what``, translated) of a format version this
    fieldkit does not read: the release it needs when the file names one."""
    found = description.get("version")
    needs = description.get("needs_fieldkit")
    if isinstance(found, int) and found > FORMAT_VERSION and isinstance(needs, str) \
            and _release(needs) > _release(fieldkit.__version__):
        return _("this {what} needs fieldkit {needed} or newer, and this is fieldkit "
                 "{current}; install the newer fieldkit (ask your coordinator for it), "
                 "then open the file again.").format(
                     what=what, needed=needs, current=fieldkit.__version__)
    return _("{what} format version {version} is not supported by this fieldkit "
             "{current}; update fieldkit.").format(
                 what=what, version=found, current=fieldkit.__version__)
