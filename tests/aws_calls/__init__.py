"""The AWS calls each Lambda of ``functions/`` makes in the tests, checked against its role."""
