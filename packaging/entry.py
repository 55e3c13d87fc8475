"""The frozen app's entry point: the same `fieldkit` command line as a pip install."""

import sys

from fieldkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
