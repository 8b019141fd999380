"""Persuasion techniques (SemEval-2020 Task 11, PTC-14) as labelled character spans.

Kept import-light on purpose: the training code runs on machines that have torch but
not newsift's runtime dependencies, and the analyzer loads the model lazily.
"""

from newsift.techniques.labels import LABELS

__all__ = ["LABELS"]
