"""The repository's templates, and their deployments under a configuration name: the longest
the configuration allows, or the example configuration's (names policies match by prefix)."""

from __future__ import annotations

from dataclasses import replace

from orgbackup.deploy.config import load_config
from orgbackup.deploy.stacks import STACKS
from tests.templates.deployments import Deployment
from tests.templates.deployments import deployments as longest_deployments
from tests.templates.loader import REPO

__all__ = ["PIPELINE", "deployments", "example_name", "repository_templates"]

PIPELINE = "pipeline/pipeline.yaml"


def repository_templates() -> list[str]:
    """Every template of the repository, as paths relative to it."""
    names = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "templates").glob("*.yaml"))
    return [*names, PIPELINE]


def example_name() -> str:
    """The ``name`` of the example deployment configuration (the documented default)."""
    return load_config(REPO / "deploy" / "config.example.yaml").name


def deployments(template: str, name: str | None = None) -> list[Deployment]:
    """``deployments.deployments(template)``, with the stacks named from configuration
    ``name`` instead of the longest name (names that policies match by prefix matter)."""
    found = longest_deployments(template)
    spec = next((s for s in STACKS if s.template == template), None)
    if name is None or spec is None:
        return found
    longest = found[0].stack_name.removesuffix(f"-{spec.suffix}")
    return [
        replace(
            d,
            stack_name=f"{name}-{spec.suffix}",
            parameters={k: name if v == longest else v for k, v in d.parameters.items()},
        )
        for d in found
    ]
