"""Suite-wide pytest configuration: one hypothesis profile for every test folder.

No deadline (a loaded 2-core CI box makes per-example timings meaningless; performance lives
in `make bench`). Fixtures more than one folder uses are plugins of ``contract_tests/fakes/``
registered here; folder-specific fixtures live in each folder's own conftest.py.
"""

from hypothesis import settings

pytest_plugins = [
    "contract_tests.fakes.cli_fixtures",
    "contract_tests.fakes.harness_fixtures",
]

settings.register_profile("seedance", deadline=None, print_blob=True)
settings.load_profile("seedance")
