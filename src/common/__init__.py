"""Dependency-free helpers every layer may use (resource lookup, product identity)."""
