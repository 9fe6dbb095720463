"""The web service, batch jobs and CLI around the matcher engine."""
