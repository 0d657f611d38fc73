"""The fake Lambda context: a real countdown, and the fields Powertools reads."""

from __future__ import annotations

import time

from aws_lambda_powertools.logging.lambda_context import build_lambda_context_model
from aws_lambda_powertools.utilities.typing import LambdaContext

from rehearsal.cfn import FakeLambdaContext

ARN = "arn:aws:lambda:us-east-1:123456789012:function:fn"


def test_remaining_time_counts_down_to_zero_and_stops() -> None:
    context = FakeLambdaContext(function_name="fn", invoked_function_arn=ARN, timeout_s=0.05)

    first = context.get_remaining_time_in_millis()
    assert 0 < first <= 50
    time.sleep(0.06)
    assert context.get_remaining_time_in_millis() == 0


def test_fields_look_like_lambdas_and_satisfy_powertools() -> None:
    context = FakeLambdaContext(
        function_name="fn", invoked_function_arn=ARN, timeout_s=3, memory_limit_in_mb=256
    )

    assert isinstance(context, LambdaContext)
    assert (context.function_version, context.log_group_name) == ("$LATEST", "/aws/lambda/fn")
    assert "/[$LATEST]" in context.log_stream_name
    model = build_lambda_context_model(context)
    assert (model.function_name, model.function_memory_size, model.function_arn) == ("fn", 256, ARN)
    assert model.function_request_id == context.aws_request_id
    other = FakeLambdaContext(function_name="fn", invoked_function_arn=ARN, timeout_s=3)
    assert other.aws_request_id != context.aws_request_id
