"""Suite-wide pytest configuration: one hypothesis profile for every test folder.

No deadline (a loaded 2-core CI box makes per-example timings meaningless; performance lives
in `make bench`). Folder-specific fixtures live in each folder's own conftest.py.
"""

from hypothesis import settings

settings.register_profile("seedance", deadline=None, print_blob=True)
settings.load_profile("seedance")
