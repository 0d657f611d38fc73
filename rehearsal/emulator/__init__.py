"""The embedded AWS emulator: moto plus this project's extensions, registered once.

moto 5.2 lacks the APIs this project lives on (Organizations BACKUP_POLICY, Backup jobs,
recovery points and restores). Every extension is listed in ``EXTENSIONS`` and installed
by ``register()``, which refuses a moto version the extensions were not written against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from rehearsal.emulator import (
    backup,
    backup_region_settings,
    events_bus_targets,
    faults,
    organizations,
    s3_bucket_policy,
    s3_system_tags,
)
from rehearsal.emulator.backup import (
    copies,
    frameworks_api,
    job_summaries_api,
    report_jobs_api,
    restore_testing,
)
from rehearsal.emulator.cloudformation import custom_resources, stacksets
from rehearsal.emulator.cloudformation import install as install_cloudformation
from rehearsal.emulator.policy_engine import wire_policy_engine

__all__ = ["EXTENSIONS", "SUPPORTED_MOTO", "Extension", "UnsupportedMotoError", "register"]

# The extensions patch moto internals (backends, response classes, URL tables); they were
# written against 5.2.x and must be re-checked before moving to another minor version.
SUPPORTED_MOTO = SpecifierSet(">=5.2.5,<5.3")


class UnsupportedMotoError(RuntimeError):
    """Raised when the installed moto is outside ``SUPPORTED_MOTO``."""


@dataclass(frozen=True, slots=True)
class Extension:
    """One emulator extension: a name for messages and the function that installs it."""

    name: str
    install: Callable[[], None]


EXTENSIONS: tuple[Extension, ...] = (
    Extension("organizations: BACKUP_POLICY, validation, effective policy", organizations.install),
    Extension("backup: backup jobs, recovery points, restore jobs", backup.install),
    Extension("backup: copy jobs, vault access policies, global settings", copies.install),
    # After backup.install(), which re-routes every backup path it finds.
    Extension(
        "backup: Region settings (resource-type opt-in, full management)",
        backup_region_settings.install,
    ),
    Extension("backup: job summaries (organization-wide job counts)", job_summaries_api.install),
    Extension(
        "backup: restore testing plans, selections, validation, on-demand runs",
        restore_testing.install,
    ),
    Extension("backup: Audit Manager frameworks", frameworks_api.install),
    Extension("backup: Audit Manager report jobs (report files in S3)", report_jobs_api.install),
    Extension("s3: PutBucketTagging keeps the bucket's aws: system tags", s3_system_tags.install),
    Extension("s3: bucket policy conditions (aws:SecureTransport)", s3_bucket_policy.install),
    Extension("faults: error injection keyed by service and operation", faults.install),
    Extension(
        "events: cross-account and cross-Region bus targets (role, bus policy)",
        events_bus_targets.install,
    ),
    Extension("organizations: effective backup policy from our engine", wire_policy_engine),
    # Before any wrapper of Stack.update that turns ResourceFailedError into a final status.
    Extension("lambda + Custom:: run from zips, role's IAM enforced", custom_resources.install),
    # After the backup extensions (vault routes); models, strict checks, create rollback.
    Extension("cloudformation: resource models, strict properties, names", install_cloudformation),
    # After organizations.install(): wraps the account operations of the backend class it set.
    Extension(
        "cloudformation: StackSet resource, named instances, auto-deployment", stacksets.install
    ),
)

_registered: list[str] = []


def register() -> None:
    """Install every extension into moto, once per process.

    Raises
    ------
    UnsupportedMotoError
        If the installed moto version is outside ``SUPPORTED_MOTO``.
    """
    if _registered:
        return
    installed = Version(version("moto"))
    if installed not in SUPPORTED_MOTO:
        raise UnsupportedMotoError(
            f"moto {installed} is installed; the emulator extensions support moto{SUPPORTED_MOTO}"
        )
    for extension in EXTENSIONS:
        extension.install()
        _registered.append(extension.name)


def registered() -> tuple[str, ...]:
    """Names of the extensions installed in this process (empty before ``register()``)."""
    return tuple(_registered)
