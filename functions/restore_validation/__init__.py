"""RestoreValidation: checks what an AWS Backup restore test created and reports the verdict.

The handler is ``restore_validation.app.handler``; see docs/restore-testing.md.
"""
