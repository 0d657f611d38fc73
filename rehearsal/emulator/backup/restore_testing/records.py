"""Restore testing plans and selections as the emulator stores them.

Attribute names are the snake_case of the botocore member names, so moto's serializer builds
every Get/List response from the model; nested members keep the request's PascalCase dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["RestoreTestingPlan", "RestoreTestingSelection", "RestoreTestingState"]


@dataclass(slots=True)
class RestoreTestingPlan:
    """One restore testing plan (RestoreTestingPlanForGet)."""

    restore_testing_plan_name: str
    restore_testing_plan_arn: str
    schedule_expression: str
    recovery_point_selection: dict[str, Any]
    creation_time: datetime
    schedule_expression_timezone: str | None = None
    start_window_hours: int | None = None
    creator_request_id: str | None = None
    last_update_time: datetime | None = None
    last_execution_time: datetime | None = None


@dataclass(slots=True)
class RestoreTestingSelection:
    """One restore testing selection of a plan (RestoreTestingSelectionForGet)."""

    restore_testing_plan_name: str
    restore_testing_selection_name: str
    protected_resource_type: str
    iam_role_arn: str
    creation_time: datetime
    protected_resource_arns: list[str] | None = None
    protected_resource_conditions: dict[str, Any] | None = None
    restore_metadata_overrides: dict[str, str] | None = None
    validation_window_hours: int | None = None
    creator_request_id: str | None = None
    update_time: datetime | None = None


@dataclass(slots=True)
class RestoreTestingState:
    """Plans and selections of one account and Region, and the metadata of each test job."""

    plans: dict[str, RestoreTestingPlan] = field(default_factory=dict)
    # (plan name, selection name) -> selection, in creation order.
    selections: dict[tuple[str, str], RestoreTestingSelection] = field(default_factory=dict)
    # restore job id -> the metadata its StartRestoreJob carried (GetRestoreJobMetadata).
    job_metadata: dict[str, dict[str, str]] = field(default_factory=dict)
