"""The restore testing plan operations of one account and Region (selections: selections.py).

State lives beside the backup jobs, on the account's ``ExtendedBackupBackend``, so moto's reset
wipes both and restore jobs are one lookup away. Method names are the API operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moto.backup.models import backup_backends
from moto.moto_api._internal import mock_random

from rehearsal.emulator.backup import listing
from rehearsal.emulator.backup.exceptions import (
    InvalidRequestException,
    ResourceNotFoundException,
)
from rehearsal.emulator.backup.models import ExtendedBackupBackend
from rehearsal.emulator.backup.restore_testing import checks
from rehearsal.emulator.backup.restore_testing.errors import AlreadyExistsException
from rehearsal.emulator.backup.restore_testing.records import (
    RestoreTestingPlan,
    RestoreTestingState,
)
from rehearsal.emulator.backup.restore_testing.selections import SelectionOperations
from rehearsal.emulator.backup.restores import now

__all__ = ["RestoreTestingBackend"]

# UpdateRestoreTestingPlan members and the plan attributes they set.
_PLAN_UPDATABLE = {
    "ScheduleExpression": "schedule_expression",
    "ScheduleExpressionTimezone": "schedule_expression_timezone",
    "StartWindowHours": "start_window_hours",
}


class RestoreTestingBackend(SelectionOperations):
    """Restore testing over the backup backend of ``account_id`` and ``region``."""

    def __init__(self, account_id: str, region: str) -> None:
        backend = backup_backends[account_id][region]
        assert isinstance(backend, ExtendedBackupBackend), "backup.install() has not run"
        self.backup = backend
        state = backend.__dict__.get("_restore_testing")
        if state is None:
            state = backend.__dict__["_restore_testing"] = RestoreTestingState()
        self.state: RestoreTestingState = state

    # plans ----------------------------------------------------------------------------
    def plan(self, name: str) -> RestoreTestingPlan:
        if name not in self.state.plans:
            raise ResourceNotFoundException(f"Restore testing plan {name} not found")
        return self.state.plans[name]

    def create_restore_testing_plan(
        self, plan: Mapping[str, Any], tags: Mapping[str, str] | None, request_id: str | None
    ) -> RestoreTestingPlan:
        checks.check_plan(plan, create=True)
        checks.check_request_id(request_id)
        name = plan["RestoreTestingPlanName"]
        if existing := self.state.plans.get(name):
            if request_id and existing.creator_request_id == request_id:
                return existing  # a retried request
            raise AlreadyExistsException(f"Restore testing plan {name} already exists")
        arn = (
            f"arn:{self.backup.partition}:backup:{self.backup.region_name}:"
            f"{self.backup.account_id}:restore-testing-plan:{name}-{mock_random.uuid4()}"
        )
        if tags:
            self.backup.tag_resource(arn, dict(tags))  # refuses aws: keys before we store
        created = RestoreTestingPlan(
            restore_testing_plan_name=name,
            restore_testing_plan_arn=arn,
            schedule_expression=plan["ScheduleExpression"],
            recovery_point_selection=dict(plan["RecoveryPointSelection"]),
            creation_time=now(),
            schedule_expression_timezone=plan.get("ScheduleExpressionTimezone"),
            start_window_hours=plan.get("StartWindowHours"),
            creator_request_id=request_id,
        )
        self.state.plans[name] = created
        return created

    def get_restore_testing_plan(self, name: str) -> RestoreTestingPlan:
        return self.plan(name)

    def list_restore_testing_plans(
        self, max_results: int | None, token: str | None
    ) -> tuple[list[RestoreTestingPlan], str | None]:
        plans = list(self.state.plans.values())
        return listing.paginate(plans, lambda p: p.restore_testing_plan_name, max_results, token)

    def update_restore_testing_plan(
        self, name: str, changes: Mapping[str, Any]
    ) -> RestoreTestingPlan:
        plan = self.plan(name)
        checks.check_plan(changes, create=False)
        for member, attribute in _PLAN_UPDATABLE.items():
            if changes.get(member) is not None:
                setattr(plan, attribute, changes[member])
        if changes.get("RecoveryPointSelection") is not None:
            plan.recovery_point_selection = dict(changes["RecoveryPointSelection"])
        plan.last_update_time = now()
        return plan

    def delete_restore_testing_plan(self, name: str) -> None:
        """Refused while the plan has selections, as DeleteRestoreTestingPlan documents."""
        plan = self.plan(name)
        if self.selections_of(name):
            raise InvalidRequestException(
                f"Restore testing plan {name} still has selections; delete them first"
            )
        del self.state.plans[name]
        self.backup.tagger.delete_all_tags_for_resource(plan.restore_testing_plan_arn)
