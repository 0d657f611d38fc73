"""Metric names (EMF, namespace from POWERTOOLS_METRICS_NAMESPACE)."""

from __future__ import annotations

__all__ = [
    "ALREADY_VALIDATED",
    "EVENTS_IGNORED",
    "UNSUPPORTED_RESOURCE_TYPE",
    "VALIDATIONS_FAILED",
    "VALIDATIONS_SUCCESSFUL",
    "VALIDATION_ERRORS",
]

VALIDATIONS_SUCCESSFUL = "ValidationsSuccessful"
VALIDATIONS_FAILED = "ValidationsFailed"  # the restored resource did not pass its check
UNSUPPORTED_RESOURCE_TYPE = "UnsupportedResourceType"  # no check for the type: nothing reported
ALREADY_VALIDATED = "AlreadyValidated"  # a repeated event for a job that has its verdict
EVENTS_IGNORED = "EventsIgnored"
VALIDATION_ERRORS = "ValidationErrors"  # the function itself failed; the event is retried
