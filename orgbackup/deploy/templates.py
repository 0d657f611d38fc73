"""Read what a CloudFormation template declares: its parameters and resource types."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from orgbackup.deploy.errors import DeployError

__all__ = ["TemplateInfo", "load_document", "read_template"]


class _CfnLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that accepts the short intrinsic-function tags (``!Ref``, ``!Sub``...)."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        return {name: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """The parts of a template the deployment tooling needs."""

    path: Path
    parameters: dict[str, dict[str, Any]]
    resource_types: dict[str, str]

    @property
    def required_parameters(self) -> list[str]:
        """Parameters without a default: a deployment must give each a value."""
        return sorted(name for name, spec in self.parameters.items() if "Default" not in spec)


def load_document(path: Path) -> Any:
    """The template as plain data, short tags spelled out (``!Ref x`` -> ``{"Ref": x}``)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)


def read_template(path: Path) -> TemplateInfo:
    """Parse ``path`` (YAML or JSON) and return its parameters and resource types.

    Raises
    ------
    DeployError
        The file is missing or is not a template.
    """
    try:
        document = load_document(path)
    except OSError as error:
        raise DeployError(f"template {path} cannot be read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise DeployError(f"template {path} is not valid YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
        raise DeployError(f"template {path} has no Resources section")
    resources = {name: str(spec.get("Type", "")) for name, spec in document["Resources"].items()}
    return TemplateInfo(path, dict(document.get("Parameters") or {}), resources)
