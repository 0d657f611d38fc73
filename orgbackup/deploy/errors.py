"""Errors of the deployment tooling: a bad configuration, a failed upload or stack."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ConfigError", "ConfigIssue", "DeployError", "StackFailedError"]


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem in the deployment configuration, at a JSON path such as ``$.home.account``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DeployError(Exception):
    """Base of every error the deployment tooling raises on purpose."""


class ConfigError(DeployError):
    """The configuration file is unreadable or fails validation; lists every issue."""

    def __init__(self, source: str, issues: list[ConfigIssue]) -> None:
        self.source = source
        self.issues = issues
        lines = "\n".join(f"  {issue}" for issue in issues)
        super().__init__(f"{source}: {len(issues)} configuration issue(s)\n{lines}")


class StackFailedError(DeployError):
    """A CloudFormation stack ended in a failed or rolled-back state."""

    def __init__(self, stack_name: str, status: str, reasons: list[str]) -> None:
        self.stack_name = stack_name
        self.status = status
        self.reasons = reasons
        detail = "; ".join(reasons) or "no failure reason reported"
        super().__init__(f"stack {stack_name} ended {status}: {detail}")
