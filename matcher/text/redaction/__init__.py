"""Redaction of what suppliers read: normalise, then remove identifiers and sensitive words broadly."""

from matcher.text.redaction.strict import redact_strict, redaction_spans

__all__ = ["redact_strict", "redaction_spans"]
