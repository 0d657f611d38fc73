"""Read-only checks that an organization is ready for a deployment, before anything is created.

Each check reads the organization with the management account's credentials and, when it fails,
gives the command that fixes it. Sources: enabling all features
(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html),
trusted access and delegated administration for StackSets
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html),
policy types (https://docs.aws.amazon.com/organizations/latest/userguide/enable-policy-type.html),
AWS Backup with Organizations and cross-account backup
(https://docs.aws.amazon.com/aws-backup/latest/devguide/manage-cross-account.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from botocore.exceptions import ClientError

from orgbackup import aws_clients
from orgbackup.deploy.config import DeploymentConfig

__all__ = [
    "BACKUP_PRINCIPAL",
    "STACKSETS_PRINCIPAL",
    "Check",
    "ReadOnlyError",
    "preflight",
    "print_checks",
    "read_only_clients",
]

STACKSETS_PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com"
BACKUP_PRINCIPAL = "backup.amazonaws.com"
POLICY_TYPES = ("BACKUP_POLICY", "SERVICE_CONTROL_POLICY")


@dataclass(frozen=True, slots=True)
class Check:
    """One prerequisite: whether it holds, what was seen, and the command that fixes it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


Clients = Callable[[str, str], Any]  # (service, Region) -> a client in the management account
_READ_PREFIXES = ("Describe", "List", "Get")


class ReadOnlyError(RuntimeError):
    """Raised if a preflight client is asked for an operation that could change something."""


def _refuse_writes(model: Any, **_: Any) -> None:
    if not model.name.startswith(_READ_PREFIXES):
        raise ReadOnlyError(f"refusing {model.name}: preflight only reads")


def read_only_clients(session: Any, endpoint_url: str | None = None) -> Clients:
    """``clients(service, region)`` from ``session`` that refuse any non-read operation."""

    def clients(service: str, region: str) -> Any:
        client = aws_clients.client(
            service, region=region, endpoint_url=endpoint_url, session=session
        )
        client.meta.events.register(f"before-call.{client.meta.service_model.service_name}",
                                    _refuse_writes)  # fmt: skip
        return client

    return clients


def _pages(client: Any, operation: str, key: str, **kwargs: Any) -> list[Any]:
    return [
        item for page in client.get_paginator(operation).paginate(**kwargs) for item in page[key]
    ]


def _organization(config: DeploymentConfig, org: Any) -> Iterator[Check]:
    try:
        described = org.describe_organization()["Organization"]
    except ClientError as error:
        if error.response["Error"].get("Code") != "AWSOrganizationsNotInUseException":
            raise
        yield Check("organization id", False, "the credentials' account is in no organization",
                    "use the management account's credentials")  # fmt: skip
        return
    yield Check(
        "organization id",
        described["Id"] == config.organization_id,
        f"the credentials belong to {described['Id']}; the configuration names "
        f"{config.organization_id}",
        "use the management account's credentials, or fix $.organization.id",
    )
    yield Check(
        "management account",
        described["MasterAccountId"] == config.management_account,
        f"management account {described['MasterAccountId']}; the configuration names "
        f"{config.management_account}",
        "fix $.organization.management_account",
    )
    yield Check(
        "all features",
        described.get("FeatureSet") == "ALL",
        f"feature set {described.get('FeatureSet')}",
        "aws organizations enable-all-features   # then every account accepts the handshake",
    )


def _policy_types(org: Any) -> Iterator[Check]:
    root = org.list_roots()["Roots"][0]
    enabled = {t["Type"] for t in root.get("PolicyTypes", []) if t["Status"] == "ENABLED"}
    for policy_type in POLICY_TYPES:
        yield Check(
            f"{policy_type} enabled",
            policy_type in enabled,
            f"enabled on {root['Id']}: {', '.join(sorted(enabled)) or 'none'}",
            f"aws organizations enable-policy-type --root-id {root['Id']} "
            f"--policy-type {policy_type}",
        )


def _service_access(config: DeploymentConfig, org: Any) -> Iterator[Check]:
    enabled = {
        s["ServicePrincipal"]
        for s in _pages(org, "list_aws_service_access_for_organization", "EnabledServicePrincipals")
    }
    fixes = {
        STACKSETS_PRINCIPAL: "aws cloudformation activate-organizations-access",
        BACKUP_PRINCIPAL: f"aws organizations enable-aws-service-access --service-principal "
        f"{BACKUP_PRINCIPAL}",
    }
    for principal, fix in fixes.items():
        yield Check(f"trusted access for {principal}", principal in enabled, "", fix)
    if config.home.account == config.management_account:
        return
    for principal in (STACKSETS_PRINCIPAL, BACKUP_PRINCIPAL):
        admins = {
            a["Id"]
            for a in _pages(
                org, "list_delegated_administrators", "DelegatedAdministrators",
                ServicePrincipal=principal,
            )
        }  # fmt: skip
        yield Check(
            f"home account is a delegated administrator for {principal}",
            config.home.account in admins,
            f"delegated administrators: {', '.join(sorted(admins)) or 'none'}",
            f"aws organizations register-delegated-administrator --account-id "
            f"{config.home.account} --service-principal {principal}",
        )


def _placement(config: DeploymentConfig, org: Any) -> Iterator[Check]:
    for index, target in enumerate(config.target_ous):
        seen = _exists(org, target)
        yield Check(
            f"target {target} exists",
            seen is None,
            seen or "",
            f"fix $.organization.target_ous[{index}] (aws organizations list-roots / "
            "list-organizational-units-for-parent)",
        )
    for role, account in (("home", config.home.account), ("central", config.central.account)):
        seen = _exists(org, account)
        yield Check(f"{role} account {account} exists", seen is None, seen or "",
                    f"fix $.{role}.account")  # fmt: skip
    parents = _parent_ids(org, config.central.account)
    yield Check(
        f"central account is in {config.central_ou}",
        config.central_ou in parents,
        f"its parent is {', '.join(parents) or 'unknown'}",
        f"fix $.central.ou, or aws organizations move-account --account-id "
        f"{config.central.account} --source-parent-id {parents[0] if parents else '<parent>'} "
        f"--destination-parent-id {config.central_ou}",
    )


def _exists(org: Any, target: str) -> str | None:
    """None when ``target`` (root, OU or account id) exists, else what AWS answered."""
    try:
        if target.startswith("r-"):
            roots = {r["Id"] for r in org.list_roots()["Roots"]}
            return None if target in roots else f"the root is {', '.join(sorted(roots))}"
        if target.startswith("ou-"):
            org.describe_organizational_unit(OrganizationalUnitId=target)
        else:
            org.describe_account(AccountId=target)
    except ClientError as error:
        return str(error.response["Error"].get("Code"))
    return None


def _parent_ids(org: Any, account: str) -> list[str]:
    try:
        return [parent["Id"] for parent in org.list_parents(ChildId=account)["Parents"]]
    except ClientError:
        return []


def _cross_account_backup(config: DeploymentConfig, clients: Clients) -> Iterator[Check]:
    # Copies into the central vault leave from every target Region.
    for region in dict.fromkeys((config.central.region, *config.target_regions)):
        settings = clients("backup", region).describe_global_settings().get("GlobalSettings", {})
        yield Check(
            f"cross-account backup in {region}",
            settings.get("isCrossAccountBackupEnabled") == "true",
            f"isCrossAccountBackupEnabled={settings.get('isCrossAccountBackupEnabled')}",
            "aws backup update-global-settings --global-settings "
            f"isCrossAccountBackupEnabled=true --region {region}",
        )


def preflight(config: DeploymentConfig, clients: Clients) -> list[Check]:
    """Every check for ``config``, in order; read-only.

    ``clients(service, region)`` returns a boto3 client with the management account's
    credentials. AWS errors other than "not found" propagate (the caller reports them).
    """
    org = clients("organizations", config.home.region)
    checks = [*_organization(config, org)]
    if not all(check.ok for check in checks[:1]):
        return checks  # another organization: the rest would only mislead
    checks += _policy_types(org)
    checks += _service_access(config, org)
    checks += _placement(config, org)
    checks += _cross_account_backup(config, clients)
    return checks


def print_checks(checks: list[Check], out: TextIO) -> int:
    """Print one line per check (and the fix of each failure); return the failure count."""
    for check in checks:
        if check.ok:
            print(f"  ok    {check.name}", file=out)
            continue
        print(f"  FAIL  {check.name}" + (f": {check.detail}" if check.detail else ""), file=out)
        print(f"        fix: {check.fix}", file=out)
    failed = sum(not check.ok for check in checks)
    print(f"{len(checks) - failed} of {len(checks)} prerequisites hold", file=out)
    return failed
