"""Every vault test runs with the test key store (tests/conftest.py's memory_keyring)."""

from __future__ import annotations

import pytest

from tests.vault.keyring_backend import MemoryKeyring


@pytest.fixture(autouse=True)
def _test_key_store(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    return memory_keyring
