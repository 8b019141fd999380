"""Helpers for the claims analyzers: the check-worthiness model and the claim-unit rules.

The analyzers themselves live in :mod:`newsift.analyzers` (claims, evidence, sourcing,
headline, summary); this package holds what they share with training and evaluation.
"""
