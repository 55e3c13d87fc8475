"""``python -m fieldkit.catalogs``: see the package's docstring."""

import sys

from fieldkit.catalogs import main

if __name__ == "__main__":  # importing the module (a test imports every one) runs nothing
    sys.exit(main())
