"""Unit tests of the contract harness's engine (seedance.contract)."""
