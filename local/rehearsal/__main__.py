"""``python -m local.rehearsal``: run the rehearsal (``make demo`` builds dist/ first)."""

from __future__ import annotations

import argparse
from pathlib import Path

from local.rehearsal.run import run
from local.rehearsal.scenario import ROOT_DIR, Scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT_DIR / "dist", help="packaged Lambdas")
    parser.add_argument("--out", type=Path, default=ROOT_DIR / "out", help="report folder")
    args = parser.parse_args(argv)
    if not (args.dist / "manifest.json").exists():
        parser.error(f"{args.dist}/manifest.json is missing: run `make package` first")
    return run(Scenario(), args.dist, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
