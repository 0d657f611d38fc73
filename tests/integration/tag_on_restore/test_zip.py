"""The packaged zip, run as Lambda runs it (a fresh interpreter with only the zip and the
runtime's boto3), tags a restore on the emulator server: nothing it imports is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from orgbackup.package import build
from rehearsal.lambda_runtime import ZipLambda
from tests.integration.tag_on_restore.flow import back_up, provenance, restore, subscribe
from tests.integration.tag_on_restore.resources import create_table, table_tags

pytestmark = pytest.mark.slow  # runs pip against the package index


@pytest.fixture(scope="module")
def zip_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    return dist / build("tag_on_restore", dist).path


def test_zip_handler_tags_a_restored_table(zip_path: Path, emulator_endpoint: str) -> None:
    queue = subscribe()
    job = restore(
        back_up(create_table("orders", {"team": "payments"}), {}), {"targetTableName": "copy"}
    )
    message = boto3.client("sqs").receive_message(QueueUrl=queue)["Messages"][0]
    function = ZipLambda(
        zip_path,
        "tag_on_restore.app.handler",
        {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
        environment={
            "POWERTOOLS_SERVICE_NAME": "tag-on-restore",
            "POWERTOOLS_METRICS_NAMESPACE": "OrgBackup",
            "EXCLUDED_TAG_KEYS": "",
        },
        function_name="tag-on-restore",
    )

    result = function(json.loads(message["Body"]))

    assert result["status"] == "tagged"
    assert table_tags(job["CreatedResourceArn"]) == {"team": "payments", **provenance(job)}
    assert '"RestoresTagged":[1.0]' in function.invocations[0].logs
