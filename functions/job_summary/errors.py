"""The errors JobSummary raises; each names the variable at fault."""

from __future__ import annotations

__all__ = ["ConfigurationError", "JobSummaryError"]


class JobSummaryError(Exception):
    """Base class of every JobSummary error."""


class ConfigurationError(JobSummaryError):
    """An environment variable holds a value the function cannot use."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(f"{variable}: {message}")
        self.variable = variable
