"""``--config FILE``: the deployment configuration as the CLI's inputs, with the same values the
deployed ``Custom::BackupOrgPolicy`` resources get (templates/org-policies.yaml): the variables,
the Regions, and each policy file with its name and targets."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgbackup.cli.attach_file import PolicySpec
from orgbackup.cli.errors import CliError

if TYPE_CHECKING:
    from orgbackup.deploy.config import DeploymentConfig

__all__ = [
    "TARGET_OUS",
    "add_config_option",
    "config_variables",
    "deployed_policies",
    "load_deployment",
    "policy_targets",
    "render_inputs",
]

REPOSITORY = Path(__file__).resolve().parents[2]
ORG_POLICIES = "templates/org-policies.yaml"
TARGET_OUS = "$.organization.target_ous"


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """``--config FILE``; explicit flags given next to it win over its values."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="deployment configuration: variables, Regions and targets as the deployment has"
        " them (explicit flags win)",
    )


def load_deployment(path: Path) -> DeploymentConfig:
    """The validated configuration; every issue names its field (``$.home.account: ...``).

    Raises
    ------
    CliError
        The file is unreadable or fails validation.
    """
    # Imported here: validating a configuration loads cfn-lint's Region schemas (about 1.5 s),
    # which runs without --config must not pay for.
    from orgbackup.deploy.config import load_config
    from orgbackup.deploy.errors import ConfigError

    try:
        return load_config(path)
    except ConfigError as error:
        raise CliError(str(error)) from None


def config_variables(config: DeploymentConfig, root: Path = REPOSITORY) -> dict[str, str]:
    """``{"${CentralVaultArn}": arn, "${MemberVaultName}": name, ...}`` as deployed: the same
    values the configuration check renders the policies with."""
    from orgbackup.deploy.policy_checks import policy_variables
    from orgbackup.deploy.vault_bounds import StackValues

    return policy_variables(StackValues(config, root))


def render_inputs(
    args: argparse.Namespace,
) -> tuple[dict[str, str], tuple[str, ...] | None, DeploymentConfig | None]:
    """Variables and Regions: ``--config``'s, overridden by ``--var`` and ``--regions``."""
    config = load_deployment(args.config) if args.config else None
    given = config_variables(config) if config else {}
    given.update(args.variables or ())
    regions = args.regions or (config.target_regions if config else None)
    return given, regions, config


def policy_targets(config: DeploymentConfig, file: Path) -> tuple[tuple[str, ...], str]:
    """The node ids ``file`` is attached to, and the configuration field that holds them (the
    file's entry of ``policies:``, with its ``targets``), else ``organization.target_ous``."""
    for entry in config.policies:
        if Path(entry.file).name == file.name and entry.field.startswith("$.policies["):
            return tuple(entry.targets), entry.field
    return config.target_ous, TARGET_OUS


def deployed_policies(
    config: DeploymentConfig, source: str, root: Path = REPOSITORY
) -> list[PolicySpec]:
    """Every policy the configuration deploys, named, described and targeted as the stack does.

    ``source`` (the configuration's path) is what errors about a target name.
    """
    from orgbackup.deploy.template_configs import policy_key_parameter
    from orgbackup.deploy.vault_bounds import StackValues

    prefix = StackValues(config, root).get("org-policies", "PolicyNamePrefix")[0]
    variables = config_variables(config, root)
    declared = _declared_policies(root)
    entries = {Path(e.file).name: e for e in config.policies}
    files = [root / e.file for e in config.policies] or sorted((root / "policies").glob("*.json"))
    specs = []
    for file in files:
        entry = entries.get(file.name)
        stem = entry.name if entry is not None else file.stem
        # Named and described as the deployed template names them: the resource of the same
        # logical id, else "<PolicyNamePrefix>-<name>" and "Backup policy policies/<file>".
        fallback = ("${PolicyNamePrefix}-" + stem, f"Backup policy policies/{file.name}")
        name, description = declared.get(policy_key_parameter(stem).removesuffix("Key"), fallback)
        if entry is not None and entry.description:
            description = entry.description
        targets, where = policy_targets(config, file)
        specs.append(
            PolicySpec(
                name=name.replace("${PolicyNamePrefix}", prefix),
                description=description,
                file=file,
                variables=dict(variables),
                regions=config.target_regions,
                targets=targets,
                source=source,
                where=where,
            )
        )
    return specs


def _declared_policies(root: Path) -> dict[str, tuple[str, str]]:
    """Resource logical id (``DailyPolicy``) -> (PolicyName as written, PolicyDescription)."""
    from orgbackup.deploy.templates import load_document

    resources: Mapping[str, Any] = load_document(root / ORG_POLICIES).get("Resources", {})
    declared = {}
    for logical_id, resource in resources.items():
        if resource.get("Type") != "Custom::BackupOrgPolicy":
            continue
        properties = resource.get("Properties", {})
        name = properties.get("PolicyName", {})
        if isinstance(name, dict) and "Fn::Sub" in name:
            description = str(properties.get("PolicyDescription", ""))
            declared[logical_id] = (str(name["Fn::Sub"]), description)
    return declared
