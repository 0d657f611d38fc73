"""Run a buildspec's phases the way CodeBuild does, in one shell, and say whether the build passed.

Phase rules (https://docs.aws.amazon.com/codebuild/latest/userguide/view-build-details-phases.html):
a failed command skips the rest of its phase's commands, then the phase's ``finally`` runs.
Without ``on-failure``, a failed install or pre_build ends the build, and a failed build
still runs post_build; ``on-failure: ABORT`` ends the build at once, ``CONTINUE`` goes on
to the next phase (the build still fails). Reports and artifacts are checked whenever the
build phase was reached, as CodeBuild always attempts their upload.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rehearsal.buildspec.checks import check_artifacts, check_report
from rehearsal.buildspec.shell import ShellSession
from rehearsal.buildspec.spec import Buildspec, Phase

__all__ = ["BuildResult", "PhaseResult", "run_build"]


@dataclass(frozen=True, slots=True)
class PhaseResult:
    """How one phase ended."""

    name: str
    status: str  # SUCCEEDED | FAILED | SKIPPED
    seconds: float
    failed_command: str | None = None


@dataclass(slots=True)
class BuildResult:
    """The whole build: phases in order, post-build problems, exported variables."""

    phases: list[PhaseResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    exported: dict[str, str] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return not self.problems and all(phase.status != "FAILED" for phase in self.phases)


def _run_commands(shell: ShellSession, commands: tuple[str, ...], out: TextIO) -> str | None:
    for command in commands:
        print(f"[local] Running command {command}", file=out, flush=True)
        status = shell.run(command)
        if status != 0:
            print(f"[local] Command did not exit successfully (exit status {status})", file=out)
            return command
    return None


def _run_phase(shell: ShellSession, phase: Phase, succeeding: bool, out: TextIO) -> PhaseResult:
    print(f"\n[local] Entering phase {phase.name.upper()}", file=out, flush=True)
    if phase.runtime_versions:
        wanted = ", ".join(f"{key} {value}" for key, value in phase.runtime_versions.items())
        print(f"[local] runtime-versions ({wanted}) not installed locally: host tools", file=out)
    started = time.monotonic()
    shell.run(f"export CODEBUILD_BUILD_SUCCEEDING={1 if succeeding else 0}")
    failed = _run_commands(shell, phase.commands, out)
    failed_finally = _run_commands(shell, phase.finally_commands, out)
    failed = failed or failed_finally
    seconds = time.monotonic() - started
    status = "FAILED" if failed else "SUCCEEDED"
    print(f"[local] Phase {phase.name.upper()} {status} in {seconds:.1f} s", file=out, flush=True)
    return PhaseResult(phase.name, status, seconds, failed)


def _next_phases_run(phase: Phase) -> bool:
    """Whether later phases run after ``phase`` failed."""
    if phase.on_failure is not None:
        return phase.on_failure == "CONTINUE"
    return phase.name == "build"  # CodeBuild still runs post_build after a failed build


def _check_outputs(spec: Buildspec, src: Path, result: BuildResult, out: TextIO) -> None:
    for report in spec.reports:
        problems, summary = check_report(report, src)
        result.problems += problems
        if summary:
            print(f"[local] report {report.name} ({report.file_format}): {summary}", file=out)
    for artifacts in spec.artifacts:
        problems, count = check_artifacts(artifacts, src)
        result.problems += problems
        print(f"[local] artifacts {artifacts.name}: {count} file(s)", file=out)


def build_environment(spec: Buildspec, src: Path, overrides: Mapping[str, str]) -> dict[str, str]:
    """Host environment, then the buildspec's variables, then ``overrides`` (as start-build)."""
    return {
        **os.environ,
        "CODEBUILD_SRC_DIR": str(src),
        "CODEBUILD_BUILD_ID": f"local:{uuid.uuid4()}",
        **spec.variables,
        **overrides,
    }


def run_build(
    spec: Buildspec,
    src: Path,
    overrides: Mapping[str, str] | None = None,
    out: TextIO = sys.stdout,
) -> BuildResult:
    """Run every phase of ``spec`` in ``src`` and check its reports and artifacts."""
    result = BuildResult()
    environment = build_environment(spec, src, overrides or {})
    with ShellSession(spec.shell, src, environment) as shell:
        stopped = False
        for phase in spec.phases:
            if stopped:
                result.phases.append(PhaseResult(phase.name, "SKIPPED", 0.0))
                continue
            outcome = _run_phase(shell, phase, result.succeeded, out)
            result.phases.append(outcome)
            stopped = outcome.status == "FAILED" and not _next_phases_run(phase)
        if any(phase.name == "build" and phase.status != "SKIPPED" for phase in result.phases):
            _check_outputs(spec, src, result, out)
        for name in spec.exported_variables:
            value = shell.printenv(name)
            if value is not None:
                result.exported[name] = value
        if shell.restarts:
            print(f"[local] the shell ended {shell.restarts} time(s); state was lost", file=out)
    return result
