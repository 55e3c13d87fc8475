"""Sync without a server (Qt-free): project packs out, signed and sealed data bundles
back, receipts, and a merge that never loses or duplicates. See the README's Sync
section for the round trip and the threat model."""
