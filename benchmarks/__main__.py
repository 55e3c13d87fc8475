from __future__ import annotations

import argparse
import importlib
import json
import sys

from benchmarks import BENCHMARKS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Run fieldkit's benchmarks; print JSON lines.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions and smaller inputs (a check that it runs)")
    parser.add_argument("--built", metavar="PATH",
                        help="startup only: measure the built app in PATH (dist/fieldkit, "
                             "from `python3 dev.py dist`) against a bare window built alike")
    args = parser.parse_args(argv)
    if args.built and args.names != ["startup"]:
        parser.error("--built goes with the startup benchmark alone: "
                     "python -m benchmarks startup --built dist/fieldkit")
    names = args.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        options = {"built": args.built} if args.built else {}
        for record in module.run(quick=args.quick, **options):
            print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
