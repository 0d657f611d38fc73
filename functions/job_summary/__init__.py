"""JobSummary: a daily summary of AWS Backup jobs across the organization, sent to SNS."""

__all__: list[str] = []
