"""Ranking, top-down in ``pipeline.py``: candidates → constraints → features → score → rank → explain."""
