"""Local tooling: the embedded AWS emulator, the CloudFormation driver and the rehearsal."""
