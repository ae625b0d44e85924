"""The contract suite run against a target (schemathesis' generated cases)."""
