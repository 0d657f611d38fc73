"""The HTTP side of the emulator's Backup Audit Manager frameworks: parse through the botocore
model, call ``FrameworkBackend``, serialize; ``install()`` routes ``/audit/frameworks``.
"""

from __future__ import annotations

from moto.backup import urls as backup_urls
from moto.core.responses import ActionResult, BaseResponse, EmptyResult

from rehearsal.emulator.backup.frameworks import ROUTES, FrameworkBackend, framework_backends

__all__ = ["FrameworkResponse", "install"]


class FrameworkResponse(BaseResponse):
    """Create, Describe, List, Update and Delete Framework."""

    def __init__(self) -> None:
        super().__init__(service_name="backup")

    @property
    def backend(self) -> FrameworkBackend:
        return framework_backends[self.current_account][self.region]

    def _parsed(self) -> dict[str, object]:
        self.parse_parameters(self.normalized_request)
        return dict(self.params)

    def create_framework(self) -> ActionResult:
        params = self._parsed()
        framework = self.backend.create_framework(
            str(params.get("FrameworkName", "")),
            params.get("FrameworkDescription"),  # type: ignore[arg-type]
            params.get("FrameworkControls"),  # type: ignore[arg-type]
            params.get("IdempotencyToken"),  # type: ignore[arg-type]
        )
        return ActionResult({"FrameworkName": framework.name, "FrameworkArn": framework.arn})

    def describe_framework(self) -> ActionResult:
        name = str(self._parsed()["FrameworkName"])
        return ActionResult(self.backend.describe_framework(name).describe())

    def list_frameworks(self) -> ActionResult:
        frameworks = [f.summary() for f in self.backend.list_frameworks()]
        return ActionResult({"Frameworks": frameworks})

    def update_framework(self) -> ActionResult:
        params = self._parsed()
        framework = self.backend.update_framework(
            str(params["FrameworkName"]),
            params.get("FrameworkDescription"),  # type: ignore[arg-type]
            params.get("FrameworkControls"),  # type: ignore[arg-type]
        )
        return ActionResult(
            {
                "FrameworkName": framework.name,
                "FrameworkArn": framework.arn,
                "CreationTime": framework.creation_time,
            }
        )

    def delete_framework(self) -> EmptyResult:
        self.backend.delete_framework(str(self._parsed()["FrameworkName"]))
        return EmptyResult()


def install() -> None:
    """Route ``/audit/frameworks`` to ``FrameworkResponse`` (idempotent); after the backup
    extension, whose ``install()`` re-routes the backup paths it knows."""
    for path in ROUTES:
        backup_urls.url_paths[path] = FrameworkResponse.dispatch
