"""The ranking engine: a pure library (no web framework, no database)."""
