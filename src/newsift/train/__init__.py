"""Training commands: each module rebuilds one shipped model from ../shared/data (``newsift train <module>``)."""
