"""StackSet operation preferences: validated as CreateStackSet and CreateStackInstances validate
them, and the failure tolerance they give a Region.

Source: StackSetOperationPreferences
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moto.cloudformation.exceptions import ValidationError

__all__ = ["tolerance", "validate_preferences"]


def validate_preferences(prefs: Mapping[str, Any]) -> dict[str, Any]:
    """Check OperationPreferences as CreateStackSet/CreateStackInstances do; returns them typed.

    Raises
    ------
    ValidationError
        Both forms of the tolerance or of the concurrency, a value out of range, an unknown
        enum value, or (STRICT_FAILURE_TOLERANCE) MaxConcurrentCount over FailureToleranceCount+1.
    """
    checked: dict[str, Any] = {}
    for name, allowed in (
        ("RegionConcurrencyType", ("SEQUENTIAL", "PARALLEL")),
        ("ConcurrencyMode", ("STRICT_FAILURE_TOLERANCE", "SOFT_FAILURE_TOLERANCE")),
    ):
        if name in prefs:
            if prefs[name] not in allowed:
                raise ValidationError(
                    message=f"OperationPreferences.{name}: '{prefs[name]}' is not one of {allowed}"
                )
            checked[name] = prefs[name]
    for name, low, high in (
        ("FailureToleranceCount", 0, None),
        ("FailureTolerancePercentage", 0, 100),
        ("MaxConcurrentCount", 1, None),
        ("MaxConcurrentPercentage", 1, 100),
    ):
        if name in prefs:
            value = int(prefs[name])
            if value < low or (high is not None and value > high):
                raise ValidationError(
                    message=f"OperationPreferences.{name}: {value} is outside {low}..{high or ''}"
                )
            checked[name] = value
    for first, second in (
        ("FailureToleranceCount", "FailureTolerancePercentage"),
        ("MaxConcurrentCount", "MaxConcurrentPercentage"),
    ):
        if first in checked and second in checked:
            raise ValidationError(
                message=f"OperationPreferences: specify {first} or {second}, not both"
            )
    strict = (
        checked.get("ConcurrencyMode", "STRICT_FAILURE_TOLERANCE") == "STRICT_FAILURE_TOLERANCE"
    )
    counts = ("MaxConcurrentCount", "FailureToleranceCount")
    if strict and all(c in checked for c in counts) and checked[counts[0]] > checked[counts[1]] + 1:
        raise ValidationError(
            message="OperationPreferences.MaxConcurrentCount: at most one more than "
            "FailureToleranceCount with STRICT_FAILURE_TOLERANCE"
        )
    if "RegionOrder" in prefs:
        checked["RegionOrder"] = list(prefs["RegionOrder"])
    return checked


def tolerance(prefs: Mapping[str, Any], accounts: int) -> int:
    """Failures a Region may have before the operation stops there (count, or percentage of
    the Region's accounts rounded down; 0 by default).
    """
    if "FailureToleranceCount" in prefs:
        return int(prefs["FailureToleranceCount"])
    return int(prefs.get("FailureTolerancePercentage", 0)) * accounts // 100
