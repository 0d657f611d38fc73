"""Why a resource failed, carried from the resource model to the stack's events and status."""

from __future__ import annotations

__all__ = ["ResourceFailedError"]


class ResourceFailedError(Exception):
    """Raised when one resource of a stack cannot be created, updated or deleted.

    ``reason`` is the text CloudFormation shows as the resource's ``ResourceStatusReason``;
    ``str()`` also names the logical id and type, for logs and exceptions that escape.
    """

    def __init__(self, logical_id: str, resource_type: str, reason: str) -> None:
        super().__init__(f"{logical_id} ({resource_type}): {reason}")
        self.logical_id = logical_id
        self.resource_type = resource_type
        self.reason = reason
