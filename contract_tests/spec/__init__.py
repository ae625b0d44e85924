"""Tests of the spec pipeline: vendored upstream, overlay, bundle, generated client."""
