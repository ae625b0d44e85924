"""Tests of the embedded mock gateway (seedance.mock), over real HTTP on loopback."""
