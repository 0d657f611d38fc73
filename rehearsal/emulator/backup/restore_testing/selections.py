"""The restore testing selection operations, mixed into ``RestoreTestingBackend``.

A selection lives in its plan (``plans.py``); its checks are ``checks.check_selection``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rehearsal.emulator.backup import listing
from rehearsal.emulator.backup.exceptions import ResourceNotFoundException
from rehearsal.emulator.backup.restore_testing import checks
from rehearsal.emulator.backup.restore_testing.errors import AlreadyExistsException
from rehearsal.emulator.backup.restore_testing.records import (
    RestoreTestingPlan,
    RestoreTestingSelection,
    RestoreTestingState,
)
from rehearsal.emulator.backup.restores import now

__all__ = ["SelectionOperations"]

_SELECTION_UPDATABLE = (
    "IamRoleArn",
    "ProtectedResourceArns",
    "ProtectedResourceConditions",
    "RestoreMetadataOverrides",
    "ValidationWindowHours",
)


class SelectionOperations:
    """Create, read, list, update and delete the selections of this account's plans."""

    state: RestoreTestingState

    def plan(self, name: str) -> RestoreTestingPlan:
        """The plan ``name``, or ResourceNotFoundException (``RestoreTestingBackend``)."""
        raise NotImplementedError

    def selections_of(self, plan_name: str) -> list[RestoreTestingSelection]:
        return [s for (p, _), s in self.state.selections.items() if p == plan_name]

    def selection(self, plan_name: str, name: str) -> RestoreTestingSelection:
        self.plan(plan_name)
        if (plan_name, name) not in self.state.selections:
            raise ResourceNotFoundException(
                f"Restore testing selection {name} not found in plan {plan_name}"
            )
        return self.state.selections[(plan_name, name)]

    def create_restore_testing_selection(
        self, plan_name: str, selection: Mapping[str, Any], request_id: str | None
    ) -> RestoreTestingSelection:
        plan = self.plan(plan_name)
        checks.check_selection(selection, create=True)
        checks.check_request_id(request_id)
        name = selection["RestoreTestingSelectionName"]
        if existing := self.state.selections.get((plan_name, name)):
            if request_id and existing.creator_request_id == request_id:
                return existing
            raise AlreadyExistsException(f"Restore testing selection {name} already exists")
        created = RestoreTestingSelection(
            restore_testing_plan_name=plan.restore_testing_plan_name,
            restore_testing_selection_name=name,
            protected_resource_type=selection["ProtectedResourceType"],
            iam_role_arn=selection["IamRoleArn"],
            creation_time=now(),
            creator_request_id=request_id,
        )
        _apply(created, selection)
        self.state.selections[(plan_name, name)] = created
        return created

    def get_restore_testing_selection(self, plan_name: str, name: str) -> RestoreTestingSelection:
        return self.selection(plan_name, name)

    def list_restore_testing_selections(
        self, plan_name: str, max_results: int | None, token: str | None
    ) -> tuple[list[RestoreTestingSelection], str | None]:
        self.plan(plan_name)
        selections = self.selections_of(plan_name)
        return listing.paginate(
            selections, lambda s: s.restore_testing_selection_name, max_results, token
        )

    def update_restore_testing_selection(
        self, plan_name: str, name: str, changes: Mapping[str, Any], *, replace: bool = False
    ) -> RestoreTestingSelection:
        """Apply ``changes``; with ``replace`` (CloudFormation), absent members are unset."""
        selection = self.selection(plan_name, name)
        current = {
            "ProtectedResourceArns": selection.protected_resource_arns,
            "ProtectedResourceConditions": selection.protected_resource_conditions,
        }
        if replace:
            changes = {member: changes.get(member) for member in _SELECTION_UPDATABLE}
            current = {}
        given = {member: value for member, value in changes.items() if value is not None}
        checks.check_selection(current | given, create=False)  # the result must hold together
        if replace:
            for member in _SELECTION_UPDATABLE:
                setattr(selection, _snake(member), changes[member])
        else:
            _apply(selection, changes)
        selection.update_time = now()
        return selection

    def delete_restore_testing_selection(self, plan_name: str, name: str) -> None:
        self.selection(plan_name, name)
        del self.state.selections[(plan_name, name)]


def _snake(member: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in member).lstrip("_")


def _apply(selection: RestoreTestingSelection, changes: Mapping[str, Any]) -> None:
    for member in _SELECTION_UPDATABLE:
        if changes.get(member) is not None:
            setattr(selection, _snake(member), changes[member])
