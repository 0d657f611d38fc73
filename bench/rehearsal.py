"""How long does `make demo` take, step by step? One whole rehearsal of the example
configuration (packages already built), warm: the time of each step and the total.

Budget: the whole run, emulator start included, under 60 s on 2 cores.
"""

from __future__ import annotations

import io
import json
import tempfile
import time
from pathlib import Path

from bench._offline import offline_aws_environment
from bench._report import finish, parser

ROOT = Path(__file__).resolve().parents[1]
MAX_TOTAL_S = 60.0


def main(argv: list[str] | None = None) -> int:
    arguments = parser(__doc__.splitlines()[0])
    arguments.add_argument("--config", type=Path, default=ROOT / "deploy" / "config.example.yaml")
    args = arguments.parse_args(argv)
    offline_aws_environment()
    from rehearsal.flow.run import Options, run

    if not (ROOT / "dist" / "manifest.json").exists():
        print("dist/manifest.json is missing: run `make package` first")
        return 2
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        code = run(Options(args.config, ROOT, ROOT / "dist", Path(out)), io.StringIO())
        total = time.perf_counter() - start
        report = json.loads((Path(out) / "rehearsal.json").read_text())
    rows = [
        {"step": f"{s['number']}. {s['title']}", "seconds": float(s["seconds"]), "ok": s["ok"]}
        for s in report["steps"]
    ]
    steps_total = sum(row["seconds"] for row in rows)
    rows.append({"step": "emulator start, reports, between steps", "seconds": total - steps_total,
                 "ok": True})  # fmt: skip
    rows.append({"step": "total", "seconds": total, "ok": code == 0})
    failures = [f"the rehearsal failed (exit {code})"] if code else []
    if total > MAX_TOTAL_S:
        failures.append(f"the rehearsal took {total:.1f} s > {MAX_TOTAL_S:.0f} s")
    return finish(rows, args.json, failures)


if __name__ == "__main__":
    raise SystemExit(main())
