"""The rehearsal rig: the embedded AWS emulator, the CloudFormation custom-resource driver,
the Lambda runtime, the local buildspec runner and the rehearsal flow (``make demo``)."""
