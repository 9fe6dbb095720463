"""Swedish text → taxonomy concepts: the taxonomy, job titles, the ad occupation classifier, enrichment,
redaction.
"""
