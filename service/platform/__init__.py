"""The application's plumbing: settings, database and migrations, errors, security, request dependencies,
audit.
"""
