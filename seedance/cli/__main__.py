"""``python -m seedance.cli``: the ``seedance`` command."""

from seedance.cli._app import main

main()
