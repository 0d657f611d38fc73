"""Local tooling: the embedded AWS emulator, the CloudFormation custom-resource driver and the rehearsal."""
