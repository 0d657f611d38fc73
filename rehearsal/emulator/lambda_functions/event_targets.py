"""EventBridge rules deliver matching events to their Lambda targets, run from their zips.

moto's rules deliver to SQS queues, log groups and buses only. Here each Lambda target of a
matching rule is invoked with the event (or the target's ``Input``, or the event through its
``InputTransformer``; ``InputPath`` is not applied), as EventBridge
does, provided the function's resource policy lets ``events.amazonaws.com`` invoke it for this
rule (``AddPermission`` / ``AWS::Lambda::Permission``); without that permission AWS drops the
event (a FailedInvocations metric), so nothing runs here either and a warning is logged.
Delivery happens before PutEvents returns, so callers see its outcome at once; AWS delivers
asynchronously, at least once. SNS targets (also NotImplementedError in moto) get the same
input published to the topic, whose access policy is not evaluated.
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
"""

from __future__ import annotations

import copy
import fnmatch
import json
import logging
from collections.abc import Callable
from typing import Any

from moto.awslambda.utils import get_backend as get_lambda_backend
from moto.events.models import Rule
from moto.events.utils import EventTemplateParser
from moto.sns.models import sns_backends
from moto.utilities.arns import parse_arn

from rehearsal.emulator.lambda_functions.runtime import (
    FunctionResult,
    LambdaRuntimeError,
    run_function,
)

__all__ = ["install", "invoke_permitted"]

logger = logging.getLogger(__name__)
EVENTS_PRINCIPAL = "events.amazonaws.com"


def invoke_permitted(function: Any, rule_arn: str) -> bool:
    """Whether ``function``'s resource policy lets EventBridge invoke it for ``rule_arn``."""
    for statement in function.policy.statements:
        principal = statement.get("Principal") or {}
        service = principal.get("Service") if isinstance(principal, dict) else principal
        if statement.get("Effect") != "Allow" or service != EVENTS_PRINCIPAL:
            continue
        if "lambda:InvokeFunction" not in _as_list(statement.get("Action")):
            continue
        conditions = statement.get("Condition") or {}
        source = (conditions.get("ArnLike") or {}).get("AWS:SourceArn")
        if source is None or fnmatch.fnmatchcase(rule_arn, str(source)):
            return True
    return False


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def install() -> None:
    """Deliver to Lambda targets after moto's own targets (once)."""
    original = Rule.send_to_targets
    if getattr(original, "_delivers_to_lambda", False):
        return
    patched = _delivering(original)
    patched._delivers_to_lambda = True  # type: ignore[attr-defined]
    Rule.send_to_targets = patched  # type: ignore[method-assign]


_Send = Callable[..., None]


def _delivering(original: _Send) -> _Send:
    def send_to_targets(self: Rule, original_event: Any, transform_input: bool = True) -> None:
        targets = self.targets
        functions = [target for target in targets if parse_arn(target["Arn"]).service == "lambda"]
        topics = [target for target in targets if parse_arn(target["Arn"]).service == "sns"]
        # moto raises NotImplementedError for Lambda and SNS targets; it gets the others only.
        self.targets = [t for t in targets if t not in functions and t not in topics]
        try:
            original(self, original_event, transform_input)
        finally:
            self.targets = targets
        if not self.event_pattern.matches_event(original_event):
            return
        for target in topics:
            _publish(self.arn, target, _target_input(target, original_event, transform_input))
        for target in functions:
            arn = parse_arn(target["Arn"])
            event = _target_input(target, original_event, transform_input)
            _deliver(self.arn, target["Arn"], arn.account, arn.region, event)

    return send_to_targets


def _target_input(target: dict[str, Any], event: Any, transform_input: bool) -> Any:
    """What a target receives: its constant ``Input``, the event through its
    ``InputTransformer``, or the event."""
    if "Input" in target:
        return json.loads(target["Input"])
    transformer = target.get("InputTransformer", {}) if transform_input else {}
    if template := transformer.get("InputTemplate"):
        return EventTemplateParser.parse(
            input_template=template,
            input_paths_map=transformer.get("InputPathsMap", {}),
            event=event,
        )
    return copy.deepcopy(event)


def _publish(rule_arn: str, target: dict[str, Any], payload: Any) -> None:
    """Publish to an SNS target, as EventBridge does (the JSON text of what it receives);
    the topic's access policy is not evaluated. A missing topic drops the event, logged.
    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
    """
    arn = parse_arn(target["Arn"])
    message = payload if isinstance(payload, str) else json.dumps(payload)
    try:
        sns_backends[arn.account][arn.region].publish(message=message, arn=target["Arn"])
    except Exception as error:  # moto's not-found error: EventBridge drops the event
        logger.warning("%s: not delivered to %s: %s", rule_arn, target["Arn"], error)


def _deliver(rule_arn: str, target_arn: str, account: str, region: str, event: Any) -> None:
    try:
        function = get_lambda_backend(account, region).get_function(target_arn)
    except Exception as error:  # moto's not-found error: EventBridge drops the event
        logger.warning("%s: not delivered to %s: %s", rule_arn, target_arn, error)
        return
    if not invoke_permitted(function, rule_arn):
        logger.warning(
            "%s: not delivered to %s, whose resource policy does not let %s invoke it",
            rule_arn,
            target_arn,
            EVENTS_PRINCIPAL,
        )
        return
    try:
        done: FunctionResult = run_function(function, event)
    except LambdaRuntimeError as error:
        logger.warning("%s: not delivered to %s: %s", rule_arn, target_arn, error)
        return
    if not done.ok:
        logger.warning("%s: %s failed: %s\n%s", rule_arn, target_arn, done.error, done.logs)
