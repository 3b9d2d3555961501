"""Fakes of external services for tests (runnable standalone too)."""
