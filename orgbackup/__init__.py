"""The operator's tools: the ``backup-policy`` CLI, deployment (config, publish, bootstrap,
preflight) and Lambda packaging. They run on operators' machines and in the pipeline."""
