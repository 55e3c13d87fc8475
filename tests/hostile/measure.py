"""Running the command line in a child process and measuring it: exit code, stderr,
peak memory and time.

The peak is the child's own VmHWM, read as it exits: ``ru_maxrss`` of a child on
Linux keeps the high-water mark of the process it was forked from (here pytest,
which may just have built a 200 MB test file)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_CHILD = """
import os, sys
from fieldkit.cli import main
try:
    code = main(sys.argv[1:])
finally:
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    with open(os.environ["FIELDKIT_TEST_HWM"], "w") as out:
        out.write(hwm.split()[1])
sys.exit(code)
"""


@dataclass(frozen=True)
class Run:
    code: int
    err: str
    peak_mb: float
    seconds: float


def run_cli(*args: str, env: dict[str, str] | None = None) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        hwm = Path(folder) / "hwm"
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, *args], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, check=False,
            env={**os.environ, "FIELDKIT_LANG": "en", "FIELDKIT_TEST_HWM": str(hwm),
                 **(env or {})})
        seconds = time.monotonic() - start
        peak_kb = int(hwm.read_text()) if hwm.exists() else 0
    return Run(done.returncode, done.stderr.decode("utf-8", "replace"), peak_kb / 1024,
               seconds)
