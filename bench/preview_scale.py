"""How much CPU and memory does ``backup-policy preview`` need per account, at 1,000-10,000?

For each size, a generated organization (bench/_org_generator.py: 20 policies of 3-8 KB, OUs
five levels deep, operators and restrictions, attachments at root, OU and account levels) is
written as ORG + ATTACH files; then a fresh interpreter per (size, output) runs the CLI's
``main`` on them, text and ``--json``, writing to a sink that encodes what it is given (as a
redirected stdout would) and counts the bytes. CPU is ``time.process_time`` around ``main``
(loading the files, rendering and validating the policies, merging, output; not interpreter
start or imports). Memory is the growth of the peak resident set (``ru_maxrss``) over what the
interpreter held after its imports, so it is the whole process's, not only Python objects.
The ratios compare with the figures the scaling report measured before the chain cache
(4 ms and 130 KB per account).

Budgets: in text at 5,000 accounts at most 0.5 ms of CPU and 40 KB of memory per account;
``--json`` adds at most 5 KB per account to what text needs (it streams, so its output does
not stay in memory).
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench._offline import offline_aws_environment
from bench._org_generator import generate, write
from bench._report import finish, parser

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = "1000,5000,10000"
REPORT_MS, REPORT_KB = 4.0, 130.0
BUDGET_SIZE = 5000
MAX_TEXT_MS, MAX_TEXT_KB = 0.5, 40.0
MAX_JSON_EXTRA_KB = 5.0


class _CountingSink(io.TextIOBase):
    """A text stream that encodes what it is written as UTF-8 and keeps only the byte count."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, text: str) -> int:
        self.bytes += len(text.encode("utf-8"))
        return len(text)

    def isatty(self) -> bool:
        return False


def _child(mode: str, org: str, attach: str) -> int:
    """Run one preview in this (fresh) process and print the measures as JSON."""
    from orgbackup.cli import main

    argv = ["preview", "--org", org, "--attachments", attach]
    argv += ["--json"] if mode == "json" else []
    sink, stdout = _CountingSink(), sys.stdout
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    sys.stdout = sink
    try:
        code = main(argv)
    finally:
        sys.stdout = stdout
    cpu_s = time.process_time() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    measures = {"code": code, "cpu_s": cpu_s, "grew_kb": peak_kb - base_kb, "bytes": sink.bytes}
    print(json.dumps(measures))
    return 0


@dataclass(frozen=True, slots=True)
class Measure:
    """One preview run: its size, output, CPU seconds, memory growth (KB) and output bytes."""

    accounts: int
    output: str
    cpu_s: float
    grew_kb: float
    bytes: int

    @property
    def ms_per_account(self) -> float:
        return self.cpu_s * 1000 / self.accounts

    @property
    def kb_per_account(self) -> float:
        return self.grew_kb / self.accounts

    def row(self) -> dict[str, object]:
        return {
            "accounts": self.accounts,
            "output": self.output,
            "cpu_s": self.cpu_s,
            "ms/account": self.ms_per_account,
            "peak_MB": self.grew_kb / 1024,
            "KB/account": self.kb_per_account,
            "output_MB": self.bytes / 1e6,
            "cpu_vs_report": self.ms_per_account / REPORT_MS,
            "memory_vs_report": self.kb_per_account / REPORT_KB,
        }


def _measure(accounts: int, mode: str, org: Path, attach: Path) -> Measure:
    command = [sys.executable, "-m", "bench.preview_scale", "--child", mode, str(org), str(attach)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.splitlines()[-1])
    if found["code"] != 0:
        raise RuntimeError(f"preview exited {found['code']} on the generated organization")
    return Measure(accounts, mode, found["cpu_s"], found["grew_kb"], found["bytes"])


def _failures(measures: list[Measure]) -> list[str]:
    found = []
    text = {m.accounts: m for m in measures if m.output == "text"}
    for m in measures:
        if m.output == "text" and m.accounts == BUDGET_SIZE:
            if m.ms_per_account > MAX_TEXT_MS:
                found.append(
                    f"text at {m.accounts}: {m.ms_per_account:.3f} ms/account > {MAX_TEXT_MS}"
                )
            if m.kb_per_account > MAX_TEXT_KB:
                found.append(
                    f"text at {m.accounts}: {m.kb_per_account:.1f} KB/account > {MAX_TEXT_KB}"
                )
        if m.output == "json" and m.accounts in text:
            extra = m.kb_per_account - text[m.accounts].kb_per_account
            if extra > MAX_JSON_EXTRA_KB:
                found.append(
                    f"--json at {m.accounts}: +{extra:.1f} KB/account > {MAX_JSON_EXTRA_KB}"
                )
    return found


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["--child"]:
        return _child(*args_in[1:4])
    options = parser(__doc__.splitlines()[0])
    options.add_argument(
        "--accounts",
        default=DEFAULT_SIZES,
        help=f"comma-separated organization sizes (default {DEFAULT_SIZES})",
    )
    args = options.parse_args(args_in)
    offline_aws_environment()
    sizes = [int(size) for size in args.accounts.split(",") if size.strip()]
    measures = []
    with tempfile.TemporaryDirectory(prefix="preview-scale-") as folder:
        for accounts in sizes:
            org, attach = write(generate(accounts), Path(folder) / str(accounts))
            measures += [_measure(accounts, mode, org, attach) for mode in ("text", "json")]
    return finish([m.row() for m in measures], args.json, _failures(measures))


if __name__ == "__main__":
    raise SystemExit(main())
