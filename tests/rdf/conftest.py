"""Fixtures of tests/rdf: the hand-built extractions live in tests/conftest.py."""
