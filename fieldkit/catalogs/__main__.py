"""``python -m fieldkit.catalogs``: see the package's docstring."""

import sys

from fieldkit.catalogs import main

sys.exit(main())
