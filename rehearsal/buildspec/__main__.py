"""``python -m rehearsal.buildspec FILE``: run a buildspec locally; exit 1 if the build fails."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rehearsal.buildspec.errors import BuildspecError
from rehearsal.buildspec.runner import BuildResult, run_build
from rehearsal.buildspec.spec import load_buildspec


def _summary(result: BuildResult) -> None:
    print("\nphase        status      seconds")
    for phase in result.phases:
        print(f"{phase.name:<12} {phase.status:<10} {phase.seconds:>8.1f}")
    for problem in result.problems:
        print(f"problem: {problem}")
    print(f"BUILD {'SUCCEEDED' if result.succeeded else 'FAILED'}")


def _assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE")
    return name, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rehearsal.buildspec", description=__doc__)
    parser.add_argument("buildspec", type=Path)
    parser.add_argument("--src", type=Path, default=Path.cwd(), help="source directory (cwd)")
    parser.add_argument(
        "--env", type=_assignment, action="append", default=[], metavar="NAME=VALUE"
    )
    parser.add_argument("--exported", type=Path, help="write exported variables here (JSON)")
    args = parser.parse_args(argv)
    try:
        spec = load_buildspec(args.buildspec)
    except BuildspecError as error:
        print(f"error: {args.buildspec}: {error}", file=sys.stderr)
        return 2
    result = run_build(spec, args.src.resolve(), dict(args.env))
    _summary(result)
    if args.exported:
        args.exported.parent.mkdir(parents=True, exist_ok=True)
        args.exported.write_text(json.dumps(result.exported, indent=2, sort_keys=True) + "\n")
    return 0 if result.succeeded else 1


if __name__ == "__main__":
    raise SystemExit(main())
