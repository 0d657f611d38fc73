"""AWS Backup selections (Create/Get/Delete/ListBackupSelections), which moto 5.2 lacks, so
that ``AWS::Backup::BackupSelection`` has an API to create through and to read back.

Added to moto's ``BackupBackend``/``BackupResponse`` only where missing. A selection names the
resources a plan backs up; the emulator stores it (it schedules no plan runs).
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupSelection.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetBackupSelection.html
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from moto.backup.exceptions import ResourceNotFoundException
from moto.backup.models import BackupBackend
from moto.backup.responses import BackupResponse
from moto.core.utils import unix_time
from moto.moto_api._internal import mock_random

__all__ = ["Selection", "install"]


@dataclass(slots=True)
class Selection:
    """One backup selection of one plan, as GetBackupSelection returns it."""

    selection_id: str
    backup_plan_id: str
    backup_selection: dict[str, Any]
    creation_date: float
    creator_request_id: str | None

    def describe(self) -> dict[str, Any]:
        described = {
            "SelectionId": self.selection_id,
            "BackupPlanId": self.backup_plan_id,
            "BackupSelection": self.backup_selection,
            "CreationDate": self.creation_date,
        }
        if self.creator_request_id:
            described["CreatorRequestId"] = self.creator_request_id
        return described

    def summary(self) -> dict[str, Any]:
        return {
            "SelectionId": self.selection_id,
            "SelectionName": self.backup_selection["SelectionName"],
            "BackupPlanId": self.backup_plan_id,
            "CreationDate": self.creation_date,
            "IamRoleArn": self.backup_selection["IamRoleArn"],
        }


def _selections(backend: BackupBackend) -> dict[str, Selection]:
    return backend.__dict__.setdefault("backup_selections", {})  # type: ignore[no-any-return]


def _selection(backend: BackupBackend, plan_id: str, selection_id: str) -> Selection:
    selection = _selections(backend).get(selection_id)
    if selection is None or selection.backup_plan_id != plan_id:
        raise ResourceNotFoundException(msg=f"Backup selection {selection_id} not found")
    return selection


def create_backup_selection(
    self: BackupBackend,
    backup_plan_id: str,
    backup_selection: dict[str, Any],
    creator_request_id: str | None = None,
) -> Selection:
    self.get_backup_plan(backup_plan_id, None)  # the plan must exist
    selection = Selection(
        str(mock_random.uuid4()), backup_plan_id, backup_selection, unix_time(), creator_request_id
    )
    _selections(self)[selection.selection_id] = selection
    return selection


def get_backup_selection(self: BackupBackend, backup_plan_id: str, selection_id: str) -> Selection:
    return _selection(self, backup_plan_id, selection_id)


def delete_backup_selection(self: BackupBackend, backup_plan_id: str, selection_id: str) -> None:
    _selection(self, backup_plan_id, selection_id)
    del _selections(self)[selection_id]


def list_backup_selections(self: BackupBackend, backup_plan_id: str) -> list[Selection]:
    self.get_backup_plan(backup_plan_id, None)
    return [s for s in _selections(self).values() if s.backup_plan_id == backup_plan_id]


_BACKEND_OPERATIONS = (
    create_backup_selection,
    get_backup_selection,
    delete_backup_selection,
    list_backup_selections,
)


def _ids(response: Any) -> list[str]:
    # /backup/plans/{backupPlanId}/selections/[{selectionId}]
    parts = [p for p in response.path.split("/") if p]
    return [parts[2], *parts[4:5]]


class _Responses:
    """Response methods, copied onto moto's BackupResponse where it lacks them."""

    def create_backup_selection(self: Any) -> str:
        body = json.loads(self.body) if self.body else {}
        selection = self.backup_backend.create_backup_selection(
            _ids(self)[0], body["BackupSelection"], body.get("CreatorRequestId")
        )
        described = selection.describe()
        return json.dumps(
            {k: described[k] for k in ("SelectionId", "BackupPlanId", "CreationDate")}
        )

    def get_backup_selection(self: Any) -> str:
        plan_id, selection_id = _ids(self)
        return json.dumps(
            self.backup_backend.get_backup_selection(plan_id, selection_id).describe()
        )

    def delete_backup_selection(self: Any) -> str:
        plan_id, selection_id = _ids(self)
        self.backup_backend.delete_backup_selection(plan_id, selection_id)
        return "{}"

    def list_backup_selections(self: Any) -> str:
        selections = self.backup_backend.list_backup_selections(_ids(self)[0])
        return json.dumps({"BackupSelectionsList": [s.summary() for s in selections]})


def install() -> None:
    """Add the operations moto lacks (idempotent; never replaces an existing one). moto's
    ``/backup/plans/...`` route already reaches the response class for these paths."""
    for operation in _BACKEND_OPERATIONS:
        if not hasattr(BackupBackend, operation.__name__):
            setattr(BackupBackend, operation.__name__, operation)
    for name, method in vars(_Responses).items():
        if callable(method) and not name.startswith("_") and not hasattr(BackupResponse, name):
            setattr(BackupResponse, name, method)
