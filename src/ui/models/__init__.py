"""Typed Qt item models over the services' read models (one module per model)."""
