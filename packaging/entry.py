"""The frozen app's entry point: the same `fieldkit` command line as a pip install."""

import os
import sys

# A windowed build (Windows' fieldkit.exe) has no console: sys.stdout and sys.stderr
# are None there, and code that writes to them or asks isatty() would fail.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115, PTH123 - lives as long as the process

from fieldkit.cli import main  # noqa: E402 - after the streams exist

if __name__ == "__main__":
    sys.exit(main())
