"""Contract tests of the generated client ``seedance_client`` against the bundle, with respx."""
