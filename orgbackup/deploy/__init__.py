"""Deployment tooling: configuration, publish, template configurations, bootstrap."""

from orgbackup.deploy.config import DeploymentConfig, load_config, parse_config
from orgbackup.deploy.errors import ConfigError, ConfigIssue, DeployError, StackFailedError

__all__ = [
    "ConfigError",
    "ConfigIssue",
    "DeployError",
    "DeploymentConfig",
    "StackFailedError",
    "load_config",
    "parse_config",
]
