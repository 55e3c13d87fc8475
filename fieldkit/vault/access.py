"""How a run of fieldkit gets the data key of an encrypted store before opening it.

- The app asks for the interviewer's PIN before it opens the store (its sign-in).
- The command line, for scripts and tests, reads ``FIELDKIT_PIN`` (or
  ``FIELDKIT_PASSPHRASE``) and optionally ``FIELDKIT_INTERVIEWER`` (an interviewer
  id, to try only their wrap) from the environment; in a terminal without them it
  asks for the PIN without echoing it. Every try goes through
  :func:`fieldkit.vault.unlock.unlock`, throttled and audited like the app's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.vault.unlock import Unlocked, unlock

PIN_ENV = "FIELDKIT_PIN"
PASSPHRASE_ENV = "FIELDKIT_PASSPHRASE"
INTERVIEWER_ENV = "FIELDKIT_INTERVIEWER"


def secret_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    return env.get(PIN_ENV) or env.get(PASSPHRASE_ENV) or None


def unlock_for_command_line(store_file: Path,
                            environ: Mapping[str, str] | None = None) -> Unlocked:
    env = os.environ if environ is None else environ
    secret = secret_from_environment(env)
    if secret is None:
        if not sys.stdin.isatty():
            raise EnvironmentProblem(
                _("{path} is encrypted: set {pin} (and {who} when several interviewers "
                  "share the laptop) to unlock it from a script.").format(
                      path=store_file, pin=PIN_ENV, who=INTERVIEWER_ENV))
        import getpass

        secret = getpass.getpass(_("PIN for {path}: ").format(path=store_file))
    return unlock(store_file, secret, owner=env.get(INTERVIEWER_ENV) or None)
