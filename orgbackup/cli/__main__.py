"""``python -m orgbackup.cli``: the same as the ``backup-policy`` console script."""

from orgbackup.cli import main

raise SystemExit(main())
