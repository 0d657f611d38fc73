"""Resource models that attach a policy or a subscription to something another resource made:
IAM role inline policies, S3 bucket policies, SNS topic policies and subscriptions, SQS queue
policies, and Lambda asynchronous invocation settings.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-rolepolicy.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queuepolicy.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventinvokeconfig.html
"""

from __future__ import annotations

from typing import Any

from moto.awslambda.models import lambda_backends
from moto.core.common_models import CloudFormationModel
from moto.iam.models import iam_backends
from moto.moto_api._internal import mock_random
from moto.s3.models import s3_backends
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends
from moto.utilities.utils import get_partition

from rehearsal.emulator.cloudformation.resources_base import EmulatedResource, json_text

__all__ = [
    "BucketPolicyResource",
    "EventInvokeConfigResource",
    "QueuePolicyResource",
    "RolePolicyResource",
    "SubscriptionResource",
    "TopicPolicyResource",
]


def _random_id(name: str) -> str:
    # CloudFormation's physical ids for these types: "<stack>-<logical id>-<random>".
    return f"{name}-{mock_random.get_random_string(length=12).upper()}"


class RolePolicyResource(EmulatedResource, CloudFormationModel):
    """``AWS::IAM::RolePolicy``: an inline policy of a role; no Ref value of note, no GetAtt."""

    TYPE = "AWS::IAM::RolePolicy"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> RolePolicyResource:
        resource = cls(_random_id(name), {}, properties, account_id, region_name)
        resource.update(properties)
        return resource

    def _backend(self) -> Any:
        return iam_backends[self.account_id][get_partition(self.region_name)]

    def update(self, properties: dict[str, Any]) -> None:
        backend = self._backend()
        old = (self.properties.get("RoleName"), self.properties.get("PolicyName"))
        role_policy_resources(backend).discard(old)
        backend.put_role_policy(
            properties["RoleName"],
            properties["PolicyName"],
            json_text(properties["PolicyDocument"]),
        )
        role_policy_resources(backend).add((properties["RoleName"], properties["PolicyName"]))

    def delete(self, account_id: str, region_name: str) -> None:
        backend = self._backend()
        name = (self.properties["RoleName"], self.properties["PolicyName"])
        role_policy_resources(backend).discard(name)
        backend.delete_role_policy(*name)


def role_policy_resources(backend: Any) -> set[tuple[str, str]]:
    """(role name, policy name) of the inline policies ``AWS::IAM::RolePolicy`` resources own,
    kept on the IAM backend so a reset forgets them with the roles."""
    owned: set[tuple[str, str]] = backend.__dict__.setdefault("_role_policy_resources", set())
    return owned


class BucketPolicyResource(EmulatedResource, CloudFormationModel):
    """``AWS::S3::BucketPolicy``: the policy of one bucket; Ref is the bucket name."""

    TYPE = "AWS::S3::BucketPolicy"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> BucketPolicyResource:
        resource = cls(properties["Bucket"], {}, properties, account_id, region_name)
        resource.update(properties)
        return resource

    def _backend(self) -> Any:
        return s3_backends[self.account_id][get_partition(self.region_name)]

    def update(self, properties: dict[str, Any]) -> None:
        document = json_text(properties["PolicyDocument"]).encode()
        self._backend().put_bucket_policy(properties["Bucket"], document)

    def delete(self, account_id: str, region_name: str) -> None:
        self._backend().delete_bucket_policy(self.properties["Bucket"])


class TopicPolicyResource(EmulatedResource, CloudFormationModel):
    """``AWS::SNS::TopicPolicy``: one policy on each topic of ``Topics`` (ARNs).

    Deleting it gives each topic back the default policy, as SNS has no "no policy".
    """

    TYPE = "AWS::SNS::TopicPolicy"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> TopicPolicyResource:
        resource = cls(_random_id(name), {"Id": ""}, properties, account_id, region_name)
        resource.attributes["Id"] = resource.physical_id
        resource.update(properties)
        return resource

    def _backend(self) -> Any:
        return sns_backends[self.account_id][self.region_name]

    def update(self, properties: dict[str, Any]) -> None:
        backend = self._backend()
        for topic_arn in properties["Topics"]:
            backend.set_topic_attribute(
                topic_arn, "policy", json_text(properties["PolicyDocument"])
            )
        for topic_arn in set(self.properties.get("Topics", [])) - set(properties["Topics"]):
            self._reset(topic_arn)

    def _reset(self, topic_arn: str) -> None:
        topic = self._backend().get_topic(topic_arn)
        topic._policy_json = topic._create_default_topic_policy(
            self.region_name, self.account_id, topic.name
        )

    def delete(self, account_id: str, region_name: str) -> None:
        for topic_arn in self.properties["Topics"]:
            if topic_arn in self._backend().topics:
                self._reset(topic_arn)


class SubscriptionResource(EmulatedResource, CloudFormationModel):
    """``AWS::SNS::Subscription``: Ref is the subscription ARN; GetAtt Arn."""

    TYPE = "AWS::SNS::Subscription"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> SubscriptionResource:
        subscription = sns_backends[account_id][region_name].subscribe(
            properties["TopicArn"], properties["Endpoint"], properties["Protocol"]
        )
        return cls(subscription.arn, {"Arn": subscription.arn}, properties, account_id, region_name)

    def update(self, properties: dict[str, Any]) -> None:
        """Every property this model honours is create-only; nothing changes in place."""

    def delete(self, account_id: str, region_name: str) -> None:
        sns_backends[account_id][region_name].unsubscribe(self.physical_id)


class QueuePolicyResource(EmulatedResource, CloudFormationModel):
    """``AWS::SQS::QueuePolicy``: one policy on each queue of ``Queues`` (URLs)."""

    TYPE = "AWS::SQS::QueuePolicy"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> QueuePolicyResource:
        resource = cls(_random_id(name), {"Id": ""}, properties, account_id, region_name)
        resource.attributes["Id"] = resource.physical_id
        resource.update(properties)
        return resource

    def _set(self, queue_url: str, policy: str) -> None:
        sqs_backends[self.account_id][self.region_name].set_queue_attributes(
            queue_url.rsplit("/", 1)[-1], {"Policy": policy}
        )

    def update(self, properties: dict[str, Any]) -> None:
        for queue_url in properties["Queues"]:
            self._set(queue_url, json_text(properties["PolicyDocument"]))
        for queue_url in set(self.properties.get("Queues", [])) - set(properties["Queues"]):
            self._set(queue_url, "")

    def delete(self, account_id: str, region_name: str) -> None:
        for queue_url in self.properties["Queues"]:
            self._set(queue_url, "")


class EventInvokeConfigResource(EmulatedResource, CloudFormationModel):
    """``AWS::Lambda::EventInvokeConfig``: retries, maximum event age and destinations of a
    function's asynchronous invocations. Only the unqualified ``$LATEST`` is modelled."""

    TYPE = "AWS::Lambda::EventInvokeConfig"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> EventInvokeConfigResource:
        resource = cls(_random_id(name), {}, properties, account_id, region_name)
        resource.update(properties)
        return resource

    def _backend(self) -> Any:
        return lambda_backends[self.account_id][self.region_name]

    def update(self, properties: dict[str, Any]) -> None:
        if properties["Qualifier"] != "$LATEST":
            raise ValueError(
                f"Qualifier {properties['Qualifier']}: the emulator models $LATEST only"
            )
        config = {
            key: properties[key]
            for key in ("DestinationConfig", "MaximumEventAgeInSeconds", "MaximumRetryAttempts")
            if key in properties
        }
        backend = self._backend()
        backend.get_function(properties["FunctionName"]).event_invoke_config = []
        backend.put_function_event_invoke_config(properties["FunctionName"], config)

    def delete(self, account_id: str, region_name: str) -> None:
        self._backend().delete_function_event_invoke_config(self.properties["FunctionName"])
