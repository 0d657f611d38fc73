"""Read one account's resources in one Region from AWS, read-only: the Resource Groups
Tagging API ``GetResources`` (every tagged or once-tagged resource) plus the services' own
list calls, because the tagging API does not return resources that never had a tag
(https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html).

List calls (each paginated where the API pages): DynamoDB ``ListTables`` (+
``ListTagsOfResource``), EC2 ``DescribeInstances`` and ``DescribeVolumes``, RDS
``DescribeDBClusters`` (whose ``Engine`` tells Aurora, DocumentDB, Neptune and Multi-AZ RDS
clusters apart) and ``DescribeDBInstances`` (an instance in a cluster is backed up with the
cluster, so it is left out), EFS ``DescribeFileSystems``, and S3 ``ListBuckets`` with
``GetBucketLocation``/``GetBucketTagging`` (``bucket_resources``, once per account).
Other types (FSx, Redshift, Storage Gateway ...) come from the tagging API only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import ClientError

from orgbackup.coverage.model import Resource
from orgbackup.coverage.resource_types import cluster_type, type_of_arn

__all__ = ["bucket_resources", "region_opt_in", "region_resources"]

Client = Callable[[str], Any]  # service name -> boto3 client for this account and Region


def _pages(client: Any, operation: str, key: str, **params: Any) -> Iterator[Any]:
    for page in client.get_paginator(operation).paginate(**params):
        yield from page.get(key, [])


def _tags(pairs: list[dict[str, str]] | None) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in pairs or []}


def region_opt_in(client: Client) -> dict[str, bool]:
    """``DescribeRegionSettings``' ``ResourceTypeOptInPreference``."""
    found = client("backup").describe_region_settings()
    return dict(found.get("ResourceTypeOptInPreference", {}))


def region_resources(client: Client, account_id: str, region: str) -> list[Resource]:
    """Every resource AWS Backup can protect in this account and Region, S3 excepted."""
    rds = client("rds")
    engines = {c["DBClusterArn"]: c for c in _pages(rds, "describe_db_clusters", "DBClusters")}
    found: dict[str, Resource] = {}
    for mapping in _pages(
        client("resourcegroupstaggingapi"), "get_resources", "ResourceTagMappingList"
    ):
        arn = mapping["ResourceARN"]
        rtype = type_of_arn(arn)
        if rtype is None or rtype == "S3":  # buckets are per account: bucket_resources
            continue
        if arn in engines:
            rtype = cluster_type(engines[arn].get("Engine", ""))
        found[arn] = Resource(arn, rtype, _tags(mapping.get("Tags")))
    for resource in _listed(client, rds, engines, account_id, region):
        found.setdefault(resource.arn, resource)
    return list(found.values())


def _listed(
    client: Client, rds: Any, clusters: dict[str, Any], account_id: str, region: str
) -> Iterator[Resource]:
    prefix = f"arn:aws:ec2:{region}:{account_id}"
    ec2 = client("ec2")
    for reservation in _pages(ec2, "describe_instances", "Reservations"):
        for instance in reservation.get("Instances", []):
            arn = f"{prefix}:instance/{instance['InstanceId']}"
            yield Resource(arn, "EC2", _tags(instance.get("Tags")))
    for volume in _pages(ec2, "describe_volumes", "Volumes"):
        yield Resource(f"{prefix}:volume/{volume['VolumeId']}", "EBS", _tags(volume.get("Tags")))
    for arn, cluster in clusters.items():
        yield Resource(arn, cluster_type(cluster.get("Engine", "")), _tags(cluster.get("TagList")))
    for db in _pages(rds, "describe_db_instances", "DBInstances"):
        if not db.get("DBClusterIdentifier"):
            yield Resource(db["DBInstanceArn"], "RDS", _tags(db.get("TagList")))
    for fs in _pages(client("efs"), "describe_file_systems", "FileSystems"):
        yield Resource(fs["FileSystemArn"], "EFS", _tags(fs.get("Tags")))
    dynamodb = client("dynamodb")
    for name in _pages(dynamodb, "list_tables", "TableNames"):
        arn = f"arn:aws:dynamodb:{region}:{account_id}:table/{name}"
        tags = _pages(dynamodb, "list_tags_of_resource", "Tags", ResourceArn=arn)
        yield Resource(arn, "DynamoDB", _tags(list(tags)))


def bucket_resources(s3: Any, regions: set[str]) -> dict[str, list[Resource]]:
    """The account's buckets by Region (``GetBucketLocation``: empty means us-east-1)."""
    found: dict[str, list[Resource]] = {}
    for bucket in s3.list_buckets().get("Buckets", []):
        name = bucket["Name"]
        region = s3.get_bucket_location(Bucket=name).get("LocationConstraint") or "us-east-1"
        region = "eu-west-1" if region == "EU" else region
        if region in regions:
            found.setdefault(region, []).append(
                Resource(f"arn:aws:s3:::{name}", "S3", _bucket_tags(s3, name))
            )
    return found


def _bucket_tags(s3: Any, name: str) -> dict[str, str]:
    try:
        return _tags(s3.get_bucket_tagging(Bucket=name).get("TagSet"))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NoSuchTagSet":
            return {}
        raise
