"""Realistic deployments of every template: the stack names, accounts, Regions and parameter
values real deployments produce, in variants that take both branches of every condition.

- StackSet bodies run as instance stacks named ``StackSet-<stack set name>-<36-char uuid>``
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html),
  with the StackSet names ``templates/stacksets.yaml`` gives them.
- Bootstrap and pipeline stacks are named ``<name>-<suffix>`` (``orgbackup.deploy.stacks``), with
  the longest ``name`` the deployment configuration allows.
- Each parameter takes the longest value its ``AllowedPattern``/``MaxLength`` allows, unless
  it is an account id, Region, ARN or list, which take distinct realistic values below.
- The Region is the longest Region name the configuration accepts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from backup_org_policy_manager.policy.checks.regions import AWS_REGIONS
from orgbackup.deploy.schema import SCHEMA
from orgbackup.deploy.stacks import STACKS, STACKSET_BODIES
from tests.templates.loader import load_path, references
from tests.templates.longest import UnboundedPatternError, longest_match

__all__ = [
    "ACCOUNTS",
    "LONGEST_REGION",
    "Deployment",
    "deployments",
    "template_parameters",
]

ACCOUNTS = {
    "management": "111111111111",
    "home": "222222222222",
    "central": "333333333333",
    "member": "444444444444",
}
# The longest commercial Region name (ties broken by name, so the choice is stable).
LONGEST_REGION = max(
    sorted(r for r in AWS_REGIONS if not r.startswith(("cn-", "us-gov-"))), key=len
)
OTHER_REGION = "us-east-1"
_UUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
_SHA = "0123456789abcdef" * 4


@dataclass(frozen=True, slots=True)
class Deployment:
    """One stack of a template as a real deployment creates it."""

    template: str
    label: str
    stack_name: str
    account_id: str
    region: str
    parameters: dict[str, Any] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.template, self.label, json.dumps(self.parameters, sort_keys=True)))


def _realistic(region: str) -> dict[str, Any]:
    """Values for parameters whose pattern says too little (ids, ARNs, lists, free text)."""
    home, central = ACCOUNTS["home"], ACCOUNTS["central"]
    ou = longest_match(r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
    url = f"https://org-backup-artifacts-{home}-{region}.s3.{region}.amazonaws.com/templates"
    return {
        "HomeAccountId": home,
        "CentralBackupAccountId": central,
        "ManagementAccountId": ACCOUNTS["management"],
        "IamRegion": region,
        "TargetIds": [longest_match(r"^r-[0-9a-z]{4,32}$"), ou],
        "TargetOuIds": [ou, ou.replace("a", "b")],
        "CentralAccountOuId": ou,
        "CentralRegions": [region, OTHER_REGION],
        "TargetRegions": [region, OTHER_REGION],
        "PolicyTargets": [ou, "r-exam"],
        "PolicyRegions": [region, OTHER_REGION],
        "CentralVaultArn": f"arn:aws:backup:{region}:{central}:backup-vault:" + "c" * 50,
        "ManagementRoleArn": f"arn:aws:iam::{ACCOUNTS['management']}:role/" + "m" * 64,
        "TrustedPrincipalArns": [f"arn:aws:iam::{ACCOUNTS['management']}:root"],
        "BreakGlassTrustedPrincipalArns": [
            f"arn:aws:iam::{ACCOUNTS['management']}:role/security-break-glass-approvers"
        ],
        "CentralEventBusArn": f"arn:aws:events:{region}:{home}:event-bus/org-backup-failures",
        "NotificationEmail": "backup-alerts@example.com",
        "MonitoringNotificationEmail": "backup-alerts@example.com",
        "ConnectionArn": f"arn:aws:codeconnections:{region}:{home}:connection/{_UUID}",
        "FullRepositoryId": "example-org/org-backup-as-code",
        "DeployConfigPath": "deploy/config.yaml",
        # The example configuration turns every optional stack on; variants turn each off.
        "EnableAudit": "true",
        "EnableMonitoring": "true",
    } | {body.url_parameter: f"{url}/{body.name}-{_SHA}.yaml" for body in STACKSET_BODIES}


def template_parameters(template: str) -> dict[str, dict[str, Any]]:
    """The ``Parameters`` section of a repository template (path relative to the repository)."""
    parameters: dict[str, dict[str, Any]] = load_path(template).get("Parameters", {})
    return parameters


def _value(name: str, spec: dict[str, Any], realistic: dict[str, Any], template: str) -> Any:
    if name in realistic:
        return realistic[name]
    if "AllowedValues" in spec:
        return str(spec.get("Default", spec["AllowedValues"][0]))
    if spec["Type"] == "CommaDelimitedList" and name.endswith("Regions"):
        return [LONGEST_REGION, OTHER_REGION]
    if spec["Type"] == "Number":
        return str(spec.get("Default", spec.get("MinValue", 1)))
    if "AllowedPattern" in spec:
        try:
            return longest_match(spec["AllowedPattern"], spec.get("MaxLength"))
        except UnboundedPatternError:
            pass
    if "Default" in spec:
        return spec["Default"]
    raise KeyError(f"{template}: give parameter {name} a realistic value in deployments.py")


def _stack_name(template: str) -> tuple[str, str]:
    """(stack name, account) of a template as real deployments place it."""
    for body in STACKSET_BODIES:
        if body.template == template:
            account = "member" if body.regions == "target" else "central"
            return f"StackSet-{_stackset_name(body.url_parameter)}-{_UUID}", ACCOUNTS[account]
    prefix = longest_match(SCHEMA["properties"]["name"]["pattern"])  # type: ignore[index]
    for spec in STACKS:
        if spec.template == template:
            return f"{prefix}-{spec.suffix}", ACCOUNTS[spec.account]
    raise KeyError(f"{template} is neither a StackSet body nor a stack in orgbackup.deploy.stacks")


def _stackset_name(url_parameter: str) -> str:
    """The ``StackSetName`` of the StackSet in stacksets.yaml whose body is ``url_parameter``."""
    stacksets = load_path("templates/stacksets.yaml")["Resources"].values()
    for resource in stacksets:
        properties = resource.get("Properties", {})
        if properties.get("TemplateURL") == {"Ref": url_parameter}:
            name: str = properties["StackSetName"]
            return name
    raise KeyError(f"no StackSet in templates/stacksets.yaml deploys {url_parameter}")


def _numbers(spec: dict[str, Any]) -> list[str]:
    """A Number parameter's default, minimum, 1 and maximum (those its bounds allow)."""
    low, high = spec.get("MinValue"), spec.get("MaxValue")
    candidates = [spec.get("Default"), low, 1, high]
    allowed = [
        c
        for c in candidates
        if c is not None and (low is None or c >= low) and (high is None or c <= high)
    ]
    return list(dict.fromkeys(str(c) for c in allowed))


def deployments(template: str) -> list[Deployment]:
    """The base deployment of ``template`` and one variant per alternative parameter value.

    Variants, for each parameter a condition reads: every other ``AllowedValues`` entry, an
    empty value for an optional parameter (default ``""``), a Number's default, minimum, one
    and maximum, and ``IamRegion`` in another Region. ``test_rendering.py`` checks that together
    they take both branches of every condition of every template.
    """
    stack_name, account = _stack_name(template)
    region = LONGEST_REGION
    realistic = _realistic(region)
    if template == "pipeline/pipeline.yaml":
        realistic["StackNamePrefix"] = stack_name.rsplit("-", 1)[0]
    specs = template_parameters(template)
    values = {name: _value(name, spec, realistic, template) for name, spec in specs.items()}
    base = Deployment(template, "base", stack_name, account, region, values)
    variants = [base]
    conditional = references(load_path(template).get("Conditions", {}))
    for name, spec in specs.items():
        if name not in conditional:
            continue
        alternatives = [str(v) for v in spec.get("AllowedValues", []) if str(v) != values[name]]
        if spec.get("Default") == "" and values[name] != "":
            alternatives.append("")
        if name == "IamRegion":
            alternatives.append(OTHER_REGION)
        if spec["Type"] == "Number":
            alternatives += [v for v in _numbers(spec) if v != values[name]]
        for alternative in alternatives:
            changed = {**values, name: alternative}
            variants.append(replace(base, label=f"{name}={alternative!r}", parameters=changed))
    from tests.templates.intrinsics import rules_hold

    return [variant for variant in variants if rules_hold(variant)]
