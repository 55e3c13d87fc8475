"""Reproducible performance runs: ``python -m benchmarks [NAME...] [--quick]``.

Each benchmark is a module here with ``run(quick: bool) -> list[dict]``; every
record has ``"name"``, the figures measured, the baseline measured in the same run,
the ``"ratio"`` the target is stated in, and the ``"target"`` itself. Nothing here
asserts on time: the numbers are printed as JSON lines and read by people.
"""

BENCHMARKS = ("startup", "forms", "interview", "export", "sync", "insight", "census",
              "privacy")
