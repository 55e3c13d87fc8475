"""The store encrypted at rest (F13): SQLCipher with one random data key per store.

The data key is never stored in clear. It is wrapped (``keyfile``) once per
interviewer by a key derived with Argon2id from their PIN *and* a device secret the
copied disk lacks (``device``: the operating system's key store through ``keyring``,
or a file kept elsewhere that the user chose explicitly), and once for the
coordinator (sealed to the project's X25519 public key) so a forgotten PIN loses
nothing. Wrong PINs are throttled in the key file itself (``unlock``), so a new
process does not reset the count. Qt-free: the GUI and the command line both call
:func:`fieldkit.vault.unlock.unlock_store`.
"""
