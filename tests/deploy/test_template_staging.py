"""Bootstrap templates over CloudFormation's inline limit (51,200 bytes) are staged in the
home Region's artifact bucket under a content-addressed key and created from ``TemplateURL``;
over 1 MB they are refused before any call
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from orgbackup.deploy.bootstrap import plan
from orgbackup.deploy.cloudformation import deploy_stack
from orgbackup.deploy.commands import deploy_command
from orgbackup.deploy.config import load_config
from orgbackup.deploy.errors import DeployError
from orgbackup.deploy.stacks import stack_instances
from orgbackup.deploy.template_staging import (
    TEMPLATE_BODY_LIMIT,
    TEMPLATE_URL_LIMIT,
    stage_template,
    staged_key,
)
from tests.deploy.conftest import EXAMPLE_CONFIG, ROOT

REGION = "eu-west-1"
BUCKET = "org-backup-artifacts-123456789012-eu-west-1"


def _template(size: int) -> str:
    """A valid template of at least ``size`` bytes (the padding is a Metadata string)."""
    document = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Metadata": {"Padding": "x" * size},
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
    }
    return json.dumps(document)


def test_a_large_template_is_staged_once_and_the_stack_is_created_from_s3(aws: None) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    body = _template(TEMPLATE_BODY_LIMIT + 1)
    path = Path("pipeline/pipeline.yaml")

    url = stage_template(s3, BUCKET, REGION, path, body)
    assert stage_template(s3, BUCKET, REGION, path, body) == url

    key = staged_key(path, body)
    assert key.startswith("templates/pipeline-")
    assert key.endswith(".yaml")
    assert url == f"https://{BUCKET}.s3.{REGION}.amazonaws.com/{key}"
    versions = s3.list_object_versions(Bucket=BUCKET, Prefix="templates/")["Versions"]
    assert [v["Key"] for v in versions] == [key]  # the second call wrote nothing
    cfn = boto3.client("cloudformation", region_name=REGION)
    action = deploy_stack(cfn, "big", "", {}, {"Solution": "t"}, 1, template_url=url)
    assert action == "created"
    assert cfn.describe_stacks(StackName="big")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    # botocore decodes a JSON TemplateBody into a dict.
    assert cfn.get_template(StackName="big")["TemplateBody"] == json.loads(body)


def test_a_different_body_gets_a_different_key() -> None:
    path = Path("pipeline/pipeline.yaml")
    assert staged_key(path, _template(10)) != staged_key(path, _template(11))


def _root_with_pipeline(tmp_path: Path, size: int) -> Path:
    root = tmp_path / "repo"
    (root / "pipeline").mkdir(parents=True)
    for folder in ("templates", "policies", "deploy"):
        (root / folder).symlink_to(ROOT / folder)
    text = (ROOT / "pipeline" / "pipeline.yaml").read_text()
    padding = "#" + "x" * 99 + "\n"
    (root / "pipeline" / "pipeline.yaml").write_text(text + padding * (size // 100 + 1))
    return root


def test_the_printed_command_uploads_a_staged_template_through_the_cli(tmp_path: Path) -> None:
    root = _root_with_pipeline(tmp_path, TEMPLATE_BODY_LIMIT)
    config = load_config(EXAMPLE_CONFIG, root)
    staged = [s for s in plan(config, root) if s.staged]
    assert [s.instance.spec.kind for s in staged] == ["pipeline"]
    bucket = config.artifact_bucket(config.home.region)
    command = deploy_command(staged[0].instance, staged[0].parameters, bucket)
    assert f"--s3-bucket {bucket} --s3-prefix templates" in command
    instance = stack_instances(config, "bootstrap")[0]
    assert "--s3-bucket" not in deploy_command(instance, {})


def test_a_template_over_one_megabyte_is_refused_before_any_call(tmp_path: Path) -> None:
    root = _root_with_pipeline(tmp_path, TEMPLATE_URL_LIMIT)
    config = load_config(EXAMPLE_CONFIG, root)
    with pytest.raises(DeployError, match=r"pipeline/pipeline\.yaml exceeds 1048576 bytes"):
        plan(config, root)
