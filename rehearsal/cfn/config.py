"""Settings of a driver: how the simulated stack and function look, and its timing."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["DriverConfig"]


@dataclass(frozen=True, slots=True)
class DriverConfig:
    """How the simulated stack, function and timing look.

    Attributes
    ----------
    timeout_s
        The Lambda timeout the fake context counts down from; the driver stops waiting for
        the handler then, and ignores answers sent later (Lambda would have stopped it).
    grace_s
        How long to wait after the handler returns for late or duplicate answers.
    stringify_properties
        Turn numbers and booleans in properties into strings, as CloudFormation does.
    max_polls
        How many times to play EventBridge for crhelper's polling (``rehearsal.cfn.polling``)
        when a request gets no answer; 0 keeps a silent handler an error at once.
    """

    logical_resource_id: str = "BackupOrgPolicy"
    resource_type: str = "Custom::BackupOrgPolicy"
    stack_name: str = "org-backup-rehearsal"
    function_name: str = "backup-org-policy-manager"
    region: str = field(default_factory=lambda: os.environ.get("AWS_REGION", "us-east-1"))
    account_id: str = "123456789012"
    timeout_s: float = 30.0
    grace_s: float = 0.2
    memory_limit_in_mb: int = 128
    stringify_properties: bool = True
    max_polls: int = 0
