"""Parse a CodeBuild buildspec (version 0.2) into typed values, refusing what we cannot run.

Reference: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from rehearsal.buildspec.errors import BuildspecError

__all__ = ["PHASES", "ArtifactSet", "Buildspec", "Phase", "Report", "load_buildspec"]

PHASES = ("install", "pre_build", "build", "post_build")
OnFailure = Literal["ABORT", "CONTINUE"]
# Features that need AWS (or a CodeBuild host) to mean anything; refused rather than faked.
_NEEDS_AWS = {
    "parameter-store": "reads SSM Parameter Store",
    "secrets-manager": "reads AWS Secrets Manager",
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UNSUPPORTED_TOP = {"run-as", "proxy", "batch", "cache"}
_TEST_FORMATS = {
    "JUNITXML",
    "CUCUMBERJSON",
    "TESTNGXML",
    "VISUALSTUDIOTRX",
    "NUNITXML",
    "NUNIT3XML",
}
_COVERAGE_FORMATS = {"CLOVERXML", "COBERTURAXML", "JACOCOXML", "SIMPLECOV"}


@dataclass(frozen=True, slots=True)
class Phase:
    """One build phase: its commands, its ``finally`` commands and what a failure does."""

    name: str
    commands: tuple[str, ...]
    finally_commands: tuple[str, ...] = ()
    on_failure: OnFailure | None = None
    runtime_versions: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Report:
    """A report group: the files CodeBuild would upload as test or coverage results."""

    name: str
    files: tuple[str, ...]
    base_directory: str = "."
    file_format: str = "JUNITXML"


@dataclass(frozen=True, slots=True)
class ArtifactSet:
    """Files the build must leave behind (the primary or a secondary artifact)."""

    name: str
    files: tuple[str, ...]
    base_directory: str = "."


@dataclass(frozen=True, slots=True)
class Buildspec:
    """A parsed buildspec."""

    path: Path
    shell: str
    variables: Mapping[str, str]
    exported_variables: tuple[str, ...]
    phases: tuple[Phase, ...]
    reports: tuple[Report, ...]
    artifacts: tuple[ArtifactSet, ...]


def _mapping(value: object, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BuildspecError(where, "must be a mapping")
    return value


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(item, str | int | float) for item in value
    ):
        raise BuildspecError(where, "must be a list of strings")
    return tuple(str(item) for item in value)


def _scalar(value: object, where: str) -> str:
    # CodeBuild takes YAML numbers and booleans as their text; YAML 1.1 writes booleans as true.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise BuildspecError(where, "must be a string")


def _env(raw: dict[str, Any]) -> tuple[str, dict[str, str], tuple[str, ...]]:
    env = _mapping(raw.get("env"), "env")
    for key, reason in _NEEDS_AWS.items():
        if key in env:
            raise BuildspecError(
                f"env.{key}",
                f"{reason}, which the local runner refuses to fake; pass the value with "
                "--env NAME=VALUE instead",
            )
    unknown = set(env) - {"shell", "variables", "exported-variables", "git-credential-helper"}
    if unknown:
        raise BuildspecError(f"env.{sorted(unknown)[0]}", "unknown key")
    shell = _scalar(env.get("shell", "sh"), "env.shell")
    if shell not in {"bash", "sh", "/bin/sh", "/bin/bash"}:
        raise BuildspecError("env.shell", f"{shell!r} is not a Linux shell CodeBuild offers")
    variables = {
        name: _scalar(value, f"env.variables.{name}")
        for name, value in _mapping(env.get("variables"), "env.variables").items()
    }
    exported = _strings(env.get("exported-variables"), "env.exported-variables")
    for name in (*variables, *exported):
        if not _NAME.match(name):
            raise BuildspecError(f"env: {name!r}", "is not a valid environment variable name")
    return shell, variables, exported


def _phase(name: str, raw: object) -> Phase:
    body = _mapping(raw, f"phases.{name}")
    unknown = set(body) - {"commands", "finally", "on-failure", "runtime-versions", "run-as"}
    if unknown:
        raise BuildspecError(f"phases.{name}.{sorted(unknown)[0]}", "unknown key")
    if "run-as" in body:
        raise BuildspecError(f"phases.{name}.run-as", "the local runner runs as the current user")
    on_failure = body.get("on-failure")
    if on_failure is not None and on_failure not in ("ABORT", "CONTINUE"):
        raise BuildspecError(
            f"phases.{name}.on-failure",
            f"{on_failure!r}: the local runner supports ABORT and CONTINUE (not RETRY)",
        )
    versions = body.get("runtime-versions")
    if versions is not None and name != "install":
        raise BuildspecError(f"phases.{name}.runtime-versions", "allowed only in install")
    return Phase(
        name=name,
        commands=_strings(body.get("commands"), f"phases.{name}.commands"),
        finally_commands=_strings(body.get("finally"), f"phases.{name}.finally"),
        on_failure=on_failure,
        runtime_versions={
            key: _scalar(value, f"phases.{name}.runtime-versions.{key}")
            for key, value in _mapping(versions, f"phases.{name}.runtime-versions").items()
        },
    )


def _reports(raw: dict[str, Any]) -> tuple[Report, ...]:
    reports = []
    for name, body in _mapping(raw.get("reports"), "reports").items():
        body = _mapping(body, f"reports.{name}")
        file_format = _scalar(body.get("file-format", "JUNITXML"), f"reports.{name}.file-format")
        if file_format not in _TEST_FORMATS | _COVERAGE_FORMATS:
            raise BuildspecError(f"reports.{name}.file-format", f"unknown format {file_format!r}")
        files = _strings(body.get("files"), f"reports.{name}.files")
        if not files:
            raise BuildspecError(f"reports.{name}.files", "is required")
        base = _scalar(body.get("base-directory", "."), f"reports.{name}.base-directory")
        reports.append(Report(str(name), files, base, file_format))
    return tuple(reports)


def _artifact_set(name: str, body: object, where: str) -> ArtifactSet:
    mapping = _mapping(body, where)
    files = _strings(mapping.get("files"), f"{where}.files")
    if not files:
        raise BuildspecError(f"{where}.files", "is required")
    base = _scalar(mapping.get("base-directory", "."), f"{where}.base-directory")
    return ArtifactSet(name, files, base)


def _artifacts(raw: dict[str, Any]) -> tuple[ArtifactSet, ...]:
    if raw.get("artifacts") is None:
        return ()
    body = _mapping(raw["artifacts"], "artifacts")
    sets = [_artifact_set("primary", body, "artifacts")] if "files" in body else []
    secondary = _mapping(body.get("secondary-artifacts"), "artifacts.secondary-artifacts")
    for name, inner in secondary.items():
        where = f"artifacts.secondary-artifacts.{name}"
        sets.append(_artifact_set(str(name), inner, where))
    return tuple(sets)


def load_buildspec(path: Path) -> Buildspec:
    """Read and check a buildspec file.

    Raises
    ------
    BuildspecError
        The file is not a version 0.2 buildspec or asks for something the runner refuses;
        the error names the field.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BuildspecError(str(path), f"cannot read: {error}") from error
    raw = _mapping(raw, str(path))
    if str(raw.get("version")) != "0.2":
        raise BuildspecError("version", f"must be 0.2, not {raw.get('version')!r}")
    unknown = set(raw) - {"version", "env", "phases", "reports", "artifacts"}
    if unknown & _UNSUPPORTED_TOP:
        key = sorted(unknown & _UNSUPPORTED_TOP)[0]
        raise BuildspecError(key, "is not supported by the local runner")
    if unknown:
        raise BuildspecError(sorted(unknown)[0], "unknown top-level key")
    phases_raw = _mapping(raw.get("phases"), "phases")
    extra = set(phases_raw) - set(PHASES)
    if extra:
        raise BuildspecError(
            f"phases.{sorted(extra)[0]}", f"unknown phase; use {', '.join(PHASES)}"
        )
    shell, variables, exported = _env(raw)
    return Buildspec(
        path=path,
        shell=shell,
        variables=variables,
        exported_variables=exported,
        phases=tuple(_phase(name, phases_raw[name]) for name in PHASES if name in phases_raw),
        reports=_reports(raw),
        artifacts=_artifacts(raw),
    )
