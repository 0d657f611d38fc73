"""``python -m local.cli``: the same as the ``backup-policy`` console script."""

from local.cli import main

raise SystemExit(main())
