"""Occupations for the forms: taxonomy look-ups, enrichment, occupation and title suggestions."""
