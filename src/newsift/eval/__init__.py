"""Evaluation commands: each module scores one analyzer against gold data (``newsift eval <module>``)."""
