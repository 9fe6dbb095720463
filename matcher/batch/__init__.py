"""Batch re-ranking: carrying a pipeline's shortlists to a changed seeker pool between runs."""
