"""Formats other tools read and write: W3C Web Annotation, schema.org ClaimReview."""
