"""The ``seedance`` command: make videos from the terminal and run the project's tools.

Public: :data:`app` (the typer application) and :func:`main` (the console-script entry point).
Subcommands live in private modules, one group each: ``_tools`` (mock, contract-test, drift,
lint-spec), ``_videos`` (generate, status, download) and ``_batch`` (batch); ``_connection``
holds the global ``--base-url`` / ``--api-key``, ``_options`` the options several commands
share, ``_allowed`` the values the spec allows (for help texts), ``_exit`` the exit codes,
``_signals`` SIGTERM handled as Ctrl-C, ``_waiting`` the progress bar and Ctrl-C handling.
"""

from seedance.cli._app import app, main

__all__ = ["app", "main"]
