"""``python -m seedance.contract``: what ``make contract-test`` runs."""

from seedance.contract.cli import main

raise SystemExit(main())
