"""Input checks of the restore testing operations, each error naming the field at fault.

Limits follow the API reference: RestoreTestingPlanForCreate, RestoreTestingRecoveryPointSelection
and RestoreTestingSelectionForCreate (https://docs.aws.amazon.com/aws-backup/latest/devguide/
API_RestoreTestingSelectionForCreate.html); everything is checked before anything is stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rehearsal.emulator.backup.exceptions import (
    InvalidParameterValueException,
    MissingParameterValueException,
)

__all__ = [
    "PROTECTED_RESOURCE_TYPES",
    "TAG_KEY_PREFIX",
    "check_plan",
    "check_selection",
    "require",
]

# "only alphanumeric characters and underscores", at most 50 (both names).
_NAME = re.compile(r"^[a-zA-Z0-9_]{1,50}$")
# CreatorRequestId: "1 to 50 alphanumeric or '-_.' characters".
_REQUEST_ID = re.compile(r"^[a-zA-Z0-9\-_.]{1,50}$")
_CRON = re.compile(r"^cron\((\S+\s+){5}\S+\)$")
_ROLE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$")
# The types RestoreTestingSelectionForCreate lists as supported.
PROTECTED_RESOURCE_TYPES = frozenset(
    {"Aurora", "DocumentDB", "DynamoDB", "EBS", "EC2", "EFS", "FSx", "Neptune", "RDS", "S3"}
)
ALGORITHMS = frozenset({"LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"})
RECOVERY_POINT_TYPES = frozenset({"CONTINUOUS", "SNAPSHOT"})
# Condition keys name a resource tag as IAM does; a bare tag key is accepted too.
TAG_KEY_PREFIX = "aws:ResourceTag/"
MAX_PROTECTED_RESOURCE_ARNS = 30


def require(params: Mapping[str, Any], name: str, path: str) -> Any:
    """``params[name]``, or MissingParameterValueException naming ``path``."""
    value = params.get(name)
    if value is None or value == "" or value == []:
        raise MissingParameterValueException(f"{path}{name}: missing required parameter")
    return value


def _bad(path: str, message: str) -> InvalidParameterValueException:
    return InvalidParameterValueException(f"{path}: {message}")


def _check_range(value: Any, path: str, low: int, high: int) -> None:
    if value is not None and not low <= int(value) <= high:
        raise _bad(path, f"must be between {low} and {high}, got {value}")


def check_name(value: str, path: str) -> None:
    if not _NAME.match(value):
        raise _bad(path, f"{value!r} must be 1-50 letters, digits or underscores")


def check_request_id(value: str | None, path: str = "CreatorRequestId") -> None:
    if value is not None and not _REQUEST_ID.match(value):
        raise _bad(path, f"{value!r} must be 1-50 letters, digits, '-', '_' or '.'")


def check_plan(plan: Mapping[str, Any], *, create: bool) -> None:
    """RestoreTestingPlanForCreate (``create``) or RestoreTestingPlanForUpdate."""
    path = "RestoreTestingPlan."
    if create:
        check_name(require(plan, "RestoreTestingPlanName", path), path + "RestoreTestingPlanName")
        require(plan, "ScheduleExpression", path)
        require(plan, "RecoveryPointSelection", path)
    schedule = plan.get("ScheduleExpression")
    if schedule is not None and not _CRON.match(schedule):
        raise _bad(path + "ScheduleExpression", f"{schedule!r} is not a cron() expression")
    timezone = plan.get("ScheduleExpressionTimezone")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise _bad(
                path + "ScheduleExpressionTimezone", f"unknown time zone {timezone!r}"
            ) from None
    _check_range(plan.get("StartWindowHours"), path + "StartWindowHours", 1, 168)
    if plan.get("RecoveryPointSelection") is not None:
        _check_recovery_point_selection(plan["RecoveryPointSelection"], path)


def _check_recovery_point_selection(selection: Mapping[str, Any], parent: str) -> None:
    path = parent + "RecoveryPointSelection."
    if require(selection, "Algorithm", path) not in ALGORITHMS:
        raise _bad(path + "Algorithm", f"must be one of {sorted(ALGORITHMS)}")
    require(selection, "IncludeVaults", path)
    types = require(selection, "RecoveryPointTypes", path)
    if unknown := sorted(set(types) - RECOVERY_POINT_TYPES):
        raise _bad(path + "RecoveryPointTypes", f"unknown types {unknown}")
    _check_range(selection.get("SelectionWindowDays"), path + "SelectionWindowDays", 1, 365)


def check_selection(selection: Mapping[str, Any], *, create: bool) -> None:
    """RestoreTestingSelectionForCreate (``create``) or RestoreTestingSelectionForUpdate."""
    path = "RestoreTestingSelection."
    if create:
        name = require(selection, "RestoreTestingSelectionName", path)
        check_name(name, path + "RestoreTestingSelectionName")
        resource_type = require(selection, "ProtectedResourceType", path)
        if resource_type not in PROTECTED_RESOURCE_TYPES:
            raise _bad(
                path + "ProtectedResourceType",
                f"{resource_type!r} is not one of {sorted(PROTECTED_RESOURCE_TYPES)}",
            )
        require(selection, "IamRoleArn", path)
    role = selection.get("IamRoleArn")
    if role is not None and not _ROLE.match(role):
        raise _bad(path + "IamRoleArn", f"{role!r} is not an IAM role ARN")
    _check_range(selection.get("ValidationWindowHours"), path + "ValidationWindowHours", 0, 168)
    _check_resources(selection, path, create=create)


def _check_resources(selection: Mapping[str, Any], path: str, *, create: bool) -> None:
    arns = selection.get("ProtectedResourceArns")
    conditions = selection.get("ProtectedResourceConditions")
    if create and not arns and conditions is None:
        raise MissingParameterValueException(
            f"{path}ProtectedResourceArns: give ProtectedResourceArns or "
            "ProtectedResourceConditions"
        )
    if arns:
        specific = [arn for arn in arns if arn != "*"]
        if specific and len(specific) != len(arns):
            raise _bad(path + "ProtectedResourceArns", 'use ["*"] or specific ARNs, not both')
        if len(specific) > MAX_PROTECTED_RESOURCE_ARNS:
            raise _bad(path + "ProtectedResourceArns", "at most 30 specific ARNs")
        if bad := [arn for arn in specific if not arn.startswith("arn:")]:
            raise _bad(path + "ProtectedResourceArns", f"not ARNs: {bad}")
        if specific and conditions:
            raise _bad(
                path + "ProtectedResourceConditions",
                'conditions apply only with ProtectedResourceArns ["*"]',
            )
    for operator in ("StringEquals", "StringNotEquals"):
        for index, pair in enumerate((conditions or {}).get(operator) or []):
            where = f"{path}ProtectedResourceConditions.{operator}[{index}]."
            key = require(pair, "Key", where)
            if key.startswith("aws:") and not key.startswith(TAG_KEY_PREFIX):
                raise _bad(where + "Key", f"{key!r}: only {TAG_KEY_PREFIX}<key> may start aws:")
            if pair.get("Value") is None:
                raise MissingParameterValueException(f"{where}Value: missing required parameter")
