"""Seedance runtime package."""
