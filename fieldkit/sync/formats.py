"""File formats of packs, bundles and receipts: names, versions, limits, canonical JSON."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fieldkit.answer_paths import HEADER_PATH as HEADER_PATH  # noqa: PLC0414 - re-exported

PACK_FORMAT = "fieldkit-pack"
BUNDLE_FORMAT = "fieldkit-bundle"
RECEIPT_FORMAT = "fieldkit-receipt"
#: The one version of each format this fieldkit writes and reads.
FORMAT_VERSION = 1

#: Limits against hostile files (zip bombs, huge members).
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 1000



def canonical(obj: Any) -> bytes:
    """JSON with sorted keys and no spaces: the bytes that are hashed and signed."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
