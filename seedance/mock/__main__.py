"""``python -m seedance.mock``: the same program as ``seedance mock``."""

import sys

from seedance.mock.cli import main

sys.exit(main())
