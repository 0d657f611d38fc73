"""The Backup Audit Manager controls the emulator knows, their input parameters, and the errors
AWS answers framework calls with.
https://docs.aws.amazon.com/aws-backup/latest/devguide/controls-and-remediation.html
"""

from __future__ import annotations

from typing import Any

from moto.core.exceptions import JsonRESTError

__all__ = [
    "CONTROLS",
    "MAX_CONTROLS",
    "AlreadyExistsException",
    "InvalidParameterValueException",
    "LimitExceededException",
    "ResourceNotFoundException",
    "check_controls",
]

# Every control and the input parameters it takes (controls-and-remediation.html).
CONTROLS: dict[str, frozenset[str]] = {
    "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN": frozenset(),
    "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK": frozenset(
        {"requiredFrequencyUnit", "requiredFrequencyValue", "requiredRetentionDays"}
    ),
    "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK": frozenset({"requiredRetentionDays"}),
    "BACKUP_RECOVERY_POINT_ENCRYPTED": frozenset(),
    "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED": frozenset({"principalArnList"}),
    "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK": frozenset(
        {"maxRetentionDays", "minRetentionDays"}
    ),
    "BACKUP_LAST_RECOVERY_POINT_CREATED": frozenset(
        {"recoveryPointAgeUnit", "recoveryPointAgeValue"}
    ),
    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION": frozenset({"crossRegionList"}),
    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT": frozenset({"crossAccountList"}),
    "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET": frozenset({"maxRestoreTime"}),
}
# "You can use up to 50 controls per account per Region"; a control in two frameworks counts
# twice (controls-and-remediation.html).
MAX_CONTROLS = 50


class _Error(JsonRESTError):
    code = 400

    def __init__(self, message: str) -> None:
        super().__init__(type(self).__name__, message)


class AlreadyExistsException(_Error):
    """A framework of that name exists in the account and Region."""


class InvalidParameterValueException(_Error):
    """A name, control or control parameter AWS would refuse."""


class LimitExceededException(_Error):
    """More than 50 controls in the account and Region."""


class ResourceNotFoundException(_Error):
    """No framework of that name."""

    code = 404


def check_controls(controls: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    if not controls:
        raise InvalidParameterValueException("FrameworkControls: at least one control is required")
    for index, control in enumerate(controls):
        name = control.get("ControlName")
        if name not in CONTROLS:
            raise InvalidParameterValueException(
                f"FrameworkControls[{index}].ControlName: unknown control {name!r}"
            )
        for parameter in control.get("ControlInputParameters") or []:
            if parameter.get("ParameterName") not in CONTROLS[name]:
                raise InvalidParameterValueException(
                    f"FrameworkControls[{index}].ControlInputParameters: {name} takes no "
                    f"parameter {parameter.get('ParameterName')!r}"
                )
    return controls
