"""Suite-wide pytest configuration: one hypothesis profile for every test folder, and Ctrl-C
as a terminal gives it to the processes the tests interrupt.

No deadline (a loaded 2-core CI box makes per-example timings meaningless; performance lives
in `make bench`). Fixtures more than one folder uses are plugins of ``contract_tests/fakes/``
registered here; folder-specific fixtures live in each folder's own conftest.py.

A suite started in the background by a non-interactive shell (``make test &``, some CI
runners) inherits SIGINT ignored, and so would every command a test starts: Python then
installs no Ctrl-C handler and the interrupt tests' SIGINT is lost. A user's terminal never
starts a command that way, so the suite restores the default (a handler of its own is reset
to the default in every process it starts).
"""

import signal

from hypothesis import settings

pytest_plugins = [
    "contract_tests.fakes.cli_fixtures",
    "contract_tests.fakes.harness_fixtures",
]

settings.register_profile("seedance", deadline=None, print_blob=True)
settings.load_profile("seedance")

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
