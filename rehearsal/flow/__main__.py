"""``python -m rehearsal.flow --config FILE``: rehearse a deployment in the local emulator
(``make demo [CONFIG=...]`` packages the Lambdas first)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgbackup.deploy.config import load_config
from orgbackup.deploy.errors import ConfigError
from rehearsal.flow.run import Options, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = Path("deploy/config.example.yaml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rehearsal.flow", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--config", type=Path, default=ROOT / EXAMPLE, help="deployment configuration"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (templates/)")
    parser.add_argument("--dist", type=Path, default=None, help="packaged Lambdas (ROOT/dist)")
    parser.add_argument("--out", type=Path, default=None, help="report folder (ROOT/out)")
    args = parser.parse_args(argv)
    dist = args.dist or args.root / "dist"
    if not (dist / "manifest.json").exists():
        parser.error(f"{dist}/manifest.json is missing: run `make package` first")
    try:
        load_config(args.config, args.root)
    except ConfigError as error:
        # The error names the file and every issue; exit 2 like the other tools' usage errors.
        print(f"error: {error}", file=sys.stderr)
        return 2
    return run(Options(args.config.resolve(), args.root.resolve(), dist.resolve(),
                       (args.out or args.root / "out").resolve()))  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
