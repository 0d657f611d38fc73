"""Deployment tooling: configuration, publish, template configurations, bootstrap."""

from local.deploy.config import DeploymentConfig, load_config, parse_config
from local.deploy.errors import ConfigError, ConfigIssue, DeployError, StackFailedError

__all__ = [
    "ConfigError",
    "ConfigIssue",
    "DeployError",
    "DeploymentConfig",
    "StackFailedError",
    "load_config",
    "parse_config",
]
