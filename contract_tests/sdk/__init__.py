"""Tests of the SDK (`from seedance import Seedance`): respx per decision, loopback flows."""
