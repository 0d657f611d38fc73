"""Publish a build: upload missing artifacts, write the stacks' template configurations.

Run as ``python -m orgbackup.deploy.publish --config FILE [--no-upload] [--stack KIND ...]``.
The deploy buildspec runs it after ``make package``; nothing but keys and hashes moves on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from orgbackup import aws_clients
from orgbackup.deploy.artifacts import (
    Artifact,
    lambda_artifacts,
    policy_artifacts,
    template_artifacts,
)
from orgbackup.deploy.aws_errors import AWS_ERRORS, describe_aws_error
from orgbackup.deploy.config import DeploymentConfig, load_config
from orgbackup.deploy.errors import ConfigError, DeployError
from orgbackup.deploy.irreversible import irreversible_choices
from orgbackup.deploy.org_policies_template import org_policies_template, render_template
from orgbackup.deploy.policy_config import ORG_POLICIES_TEMPLATE, policy_target_warnings
from orgbackup.deploy.stacks import STACKS, stack_instances
from orgbackup.deploy.template_configs import (
    STACKSET_TEMPLATES,
    parameter_values,
    stack_parameters,
    write_template_configuration,
)
from orgbackup.deploy.template_lint import lint_template
from orgbackup.deploy.templates import load_document, read_template
from orgbackup.deploy.upload import UploadResult, upload_missing

__all__ = ["collect_artifacts", "main", "write_configurations", "write_org_policies_template"]

ROOT = Path(__file__).resolve().parents[2]
# Deployed by the pipeline's org-policies action (TemplatePath DeployConfig::out/deploy/...).
GENERATED_TEMPLATE = "org-policies.yaml"


def collect_artifacts(
    root: Path, dist: Path, policies: Path, *, require_dist: bool
) -> list[Artifact]:
    """Lambda zips of ``dist`` (when packaged, or required), policies and StackSet bodies."""
    found = []
    if require_dist or (dist / "manifest.json").is_file():
        found += lambda_artifacts(dist)
    found += policy_artifacts(policies)
    return found + template_artifacts([root / path for path in STACKSET_TEMPLATES])


def org_policies_text(config: DeploymentConfig, artifacts: list[Artifact], root: Path) -> str:
    """The org-policies template for ``config.policies``, as YAML."""
    keys = {f"policies/{a.name}.json": a.key for a in artifacts if a.kind == "policy"}
    template = load_document(root / ORG_POLICIES_TEMPLATE)
    return render_template(org_policies_template(template, config.policies, keys))


def write_org_policies_template(
    config: DeploymentConfig, artifacts: list[Artifact], root: Path, out: Path
) -> Path:
    """Write ``out/org-policies.yaml``, the template the pipeline's org-policies action deploys."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / GENERATED_TEMPLATE
    path.write_text(org_policies_text(config, artifacts, root), encoding="utf-8")
    return path


def write_configurations(
    config: DeploymentConfig,
    artifacts: list[Artifact],
    kinds: list[str],
    root: Path,
    out: Path,
) -> list[Path]:
    """Write one template configuration per stack of ``kinds`` (in ``STACKS`` order); for
    ``org-policies``, first the generated template its configuration is made for."""
    values = parameter_values(config, artifacts)
    written = []
    for instance in stack_instances(config, "bootstrap") + stack_instances(config, "pipeline"):
        if instance.spec.kind in kinds:
            template_path = root / instance.spec.template
            if instance.spec.kind == "org-policies":
                template_path = write_org_policies_template(config, artifacts, root, out)
                written.append(template_path)
            template = read_template(template_path)
            parameters = stack_parameters(config, instance, template, values)
            written.append(write_template_configuration(config, instance, parameters, out))
    return written


def _s3_factory(endpoint_url: str | None) -> Any:
    return lambda region: aws_clients.client("s3", region=region, endpoint_url=endpoint_url)


def _print_uploads(results: list[UploadResult]) -> None:
    for result in results:
        print(f"  {result.action:<9} s3://{result.bucket}/{result.key}")
    uploaded = sum(result.action == "uploaded" for result in results)
    print(f"{uploaded} uploaded, {len(results) - uploaded} already present")


def main(argv: list[str] | None = None) -> int:
    kinds = [spec.kind for spec in STACKS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True, help="deployment configuration")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (templates/)")
    parser.add_argument("--dist", type=Path, default=None, help="packaged zips (default ROOT/dist)")
    parser.add_argument("--policies", type=Path, default=None, help="default ROOT/policies")
    parser.add_argument("--out", type=Path, default=Path("out/deploy"), help="configurations")
    parser.add_argument("--stack", action="append", choices=kinds, help="default: pipeline stacks")
    parser.add_argument("--no-upload", action="store_true", help="only write configurations")
    parser.add_argument("--endpoint-url", default=None, help="S3 endpoint (the local emulator)")
    args = parser.parse_args(argv)
    chosen = args.stack or [spec.kind for spec in STACKS if spec.deployed_by == "pipeline"]
    try:
        config = load_config(args.config, args.root)
        print(f"{args.config}: valid configuration {config.name!r}")
        for warning in irreversible_choices(config, args.root) + policy_target_warnings(config):
            print(f"warning: {warning}", file=sys.stderr)
        artifacts = collect_artifacts(
            args.root,
            args.dist or args.root / "dist",
            args.policies or args.root / "policies",
            require_dist=not args.no_upload,
        )
        if not args.no_upload:
            buckets = {region: config.artifact_bucket(region) for region in config.artifact_regions}
            _print_uploads(upload_missing(artifacts, buckets, _s3_factory(args.endpoint_url)))
        # Linted before anything is written, also when only the pipeline's file is asked for.
        text = org_policies_text(config, artifacts, args.root)
        lint_template(text, GENERATED_TEMPLATE, [config.home.region])
        written = write_configurations(config, artifacts, chosen, args.root, args.out)
    except ConfigError as error:  # bad input: exit 2, as the bootstrap and the CLI do
        print(f"error: {error}", file=sys.stderr)
        return 2
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except AWS_ERRORS as error:
        print(f"error: {describe_aws_error(error)}", file=sys.stderr)
        return 1
    keys = {artifact.key: artifact.sha256 for artifact in artifacts}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "artifacts.json").write_text(json.dumps(keys, indent=2, sort_keys=True) + "\n")
    for path in written:
        print(f"  wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
