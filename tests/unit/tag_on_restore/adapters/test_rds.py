"""RDS-family adapter: the exact calls (Stubber) and AWS's not-found codes as "gone".

moto answers an empty tag list for a missing DB, unlike AWS, hence the Stubber here.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from tag_on_restore.adapters import ADAPTERS
from tag_on_restore.errors import ResourceGoneError

ARN = "arn:aws:rds:eu-west-1:123456789012:cluster:orders"


@pytest.mark.parametrize("code", ["DBClusterNotFoundFault", "DBInstanceNotFound"])
def test_not_found_codes_mean_gone(code: str) -> None:
    client = boto3.client("rds", region_name="eu-west-1")
    with Stubber(client) as stub:
        stub.add_client_error("list_tags_for_resource", code, expected_params={"ResourceName": ARN})
        stub.add_client_error("add_tags_to_resource", code)
        with pytest.raises(ResourceGoneError):
            ADAPTERS["Aurora"].read_tags(client, ARN)
        with pytest.raises(ResourceGoneError):
            ADAPTERS["Aurora"].write_tags(client, ARN, {"a": "1"})


def test_neptune_tags_on_the_emulator(aws: None) -> None:
    rds = boto3.client("rds")
    arn = rds.create_db_cluster(DBClusterIdentifier="graph", Engine="neptune")["DBCluster"][
        "DBClusterArn"
    ]
    neptune = boto3.client("neptune")

    ADAPTERS["Neptune"].write_tags(neptune, arn, {"team": "graph"})

    assert ADAPTERS["Neptune"].read_tags(neptune, arn) == {"team": "graph"}
