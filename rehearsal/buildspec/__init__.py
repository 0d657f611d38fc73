"""A local CodeBuild buildspec runner: phases in one shell, on-failure, finally, reports."""

from rehearsal.buildspec.errors import BuildspecError
from rehearsal.buildspec.runner import BuildResult, PhaseResult, run_build
from rehearsal.buildspec.spec import Buildspec, load_buildspec

__all__ = [
    "BuildResult",
    "Buildspec",
    "BuildspecError",
    "PhaseResult",
    "load_buildspec",
    "run_build",
]
