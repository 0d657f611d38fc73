"""A local CodeBuild buildspec runner: phases in one shell, on-failure, finally, reports."""

from local.buildspec.errors import BuildspecError
from local.buildspec.runner import BuildResult, PhaseResult, run_build
from local.buildspec.spec import Buildspec, load_buildspec

__all__ = [
    "BuildResult",
    "Buildspec",
    "BuildspecError",
    "PhaseResult",
    "load_buildspec",
    "run_build",
]
