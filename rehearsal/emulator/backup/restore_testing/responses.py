"""Parse, call, serialize for the restore testing operations, through the botocore model."""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult, BaseResponse, EmptyResult

from rehearsal.emulator.backup.restore_testing import jobs
from rehearsal.emulator.backup.restore_testing.checks import require
from rehearsal.emulator.backup.restore_testing.plans import RestoreTestingBackend

__all__ = ["RestoreTestingResponse"]


class RestoreTestingResponse(BaseResponse):
    """One method per operation; the route and the model pick the operation."""

    def __init__(self) -> None:
        super().__init__(service_name="backup")

    @property
    def backend(self) -> RestoreTestingBackend:
        return RestoreTestingBackend(self.current_account, self.region)

    def _params(self) -> dict[str, Any]:
        self.parse_parameters(self.normalized_request)
        return dict(self.params)

    def create_restore_testing_plan(self) -> ActionResult:
        params = self._params()
        plan = self.backend.create_restore_testing_plan(
            require(params, "RestoreTestingPlan", ""),
            params.get("Tags"),
            params.get("CreatorRequestId"),
        )
        return ActionResult(plan)

    def get_restore_testing_plan(self) -> ActionResult:
        params = self._params()
        plan = self.backend.get_restore_testing_plan(params["RestoreTestingPlanName"])
        return ActionResult({"RestoreTestingPlan": plan})

    def list_restore_testing_plans(self) -> ActionResult:
        params = self._params()
        plans, token = self.backend.list_restore_testing_plans(
            params.get("MaxResults"), params.get("NextToken")
        )
        return ActionResult({"RestoreTestingPlans": plans, "NextToken": token})

    def update_restore_testing_plan(self) -> ActionResult:
        params = self._params()
        plan = self.backend.update_restore_testing_plan(
            params["RestoreTestingPlanName"], require(params, "RestoreTestingPlan", "")
        )
        return ActionResult(
            {
                "CreationTime": plan.creation_time,
                "RestoreTestingPlanArn": plan.restore_testing_plan_arn,
                "RestoreTestingPlanName": plan.restore_testing_plan_name,
                "UpdateTime": plan.last_update_time,
            }
        )

    def delete_restore_testing_plan(self) -> EmptyResult:
        params = self._params()
        self.backend.delete_restore_testing_plan(params["RestoreTestingPlanName"])
        return EmptyResult()

    def create_restore_testing_selection(self) -> ActionResult:
        params = self._params()
        backend = self.backend
        selection = backend.create_restore_testing_selection(
            params["RestoreTestingPlanName"],
            require(params, "RestoreTestingSelection", ""),
            params.get("CreatorRequestId"),
        )
        plan = backend.plan(selection.restore_testing_plan_name)
        return ActionResult(
            {
                "CreationTime": selection.creation_time,
                "RestoreTestingPlanArn": plan.restore_testing_plan_arn,
                "RestoreTestingPlanName": plan.restore_testing_plan_name,
                "RestoreTestingSelectionName": selection.restore_testing_selection_name,
            }
        )

    def get_restore_testing_selection(self) -> ActionResult:
        params = self._params()
        selection = self.backend.get_restore_testing_selection(
            params["RestoreTestingPlanName"], params["RestoreTestingSelectionName"]
        )
        return ActionResult({"RestoreTestingSelection": selection})

    def list_restore_testing_selections(self) -> ActionResult:
        params = self._params()
        selections, token = self.backend.list_restore_testing_selections(
            params["RestoreTestingPlanName"], params.get("MaxResults"), params.get("NextToken")
        )
        return ActionResult({"RestoreTestingSelections": selections, "NextToken": token})

    def update_restore_testing_selection(self) -> ActionResult:
        params = self._params()
        backend = self.backend
        selection = backend.update_restore_testing_selection(
            params["RestoreTestingPlanName"],
            params["RestoreTestingSelectionName"],
            require(params, "RestoreTestingSelection", ""),
        )
        plan = backend.plan(selection.restore_testing_plan_name)
        return ActionResult(
            {
                "CreationTime": selection.creation_time,
                "RestoreTestingPlanArn": plan.restore_testing_plan_arn,
                "RestoreTestingPlanName": plan.restore_testing_plan_name,
                "RestoreTestingSelectionName": selection.restore_testing_selection_name,
                "UpdateTime": selection.update_time,
            }
        )

    def delete_restore_testing_selection(self) -> EmptyResult:
        params = self._params()
        self.backend.delete_restore_testing_selection(
            params["RestoreTestingPlanName"], params["RestoreTestingSelectionName"]
        )
        return EmptyResult()

    def put_restore_validation_result(self) -> EmptyResult:
        params = self._params()
        jobs.put_restore_validation_result(
            self.backend,
            params["RestoreJobId"],
            require(params, "ValidationStatus", ""),
            params.get("ValidationStatusMessage"),
        )
        return EmptyResult()

    def get_restore_job_metadata(self) -> ActionResult:
        params = self._params()
        metadata = jobs.get_restore_job_metadata(self.backend, params["RestoreJobId"])
        return ActionResult({"RestoreJobId": params["RestoreJobId"], "Metadata": metadata})

    def get_restore_testing_inferred_metadata(self) -> ActionResult:
        params = self._params()
        inferred = jobs.get_restore_testing_inferred_metadata(
            self.backend,
            require(params, "BackupVaultName", ""),
            require(params, "RecoveryPointArn", ""),
            params.get("BackupVaultAccountId"),
        )
        return ActionResult({"InferredMetadata": inferred})
