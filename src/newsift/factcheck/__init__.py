"""Fact-check store and claim matching.

A local, embedded store of fact-check records (schema.org ``ClaimReview`` from JSON or
JSON-LD, and EUvsDisinfo-style CSV case lists) in one SQLite file, with a MiniLM vector
per record computed at import time. Claims are matched by a hybrid retriever: BM25 over
the claim text for lexical recall, MiniLM cosine for paraphrases, then a re-ranker that
combines both and checks that the names (countries, people, organisations) agree.

Default store: ``$NEWSIFT_HOME/factcheck.sqlite``; ``$NEWSIFT_HOME`` defaults to
``~/.local/share/newsift``. ``$NEWSIFT_FACTCHECK_DB`` overrides the file itself. The setup
step ``newsift factcheck build-default`` fills it with the 10,892 EUvsDisinfo cases from
``../shared/data/fact-checks/euvsdisinfo/posts.csv``.
"""

from __future__ import annotations

import os
from pathlib import Path

EUVSDISINFO_DISCLAIMER = (
    "EUvsDisinfo lists messages it judges to be pro-Kremlin disinformation; a listing does not "
    "mean that the outlet which carried the message is linked to the Kremlin. "
    "Source: EUvsDisinfo (EEAS East StratCom Task Force), euvsdisinfo.eu."
)


def newsift_home() -> Path:
    """``$NEWSIFT_HOME`` or ``~/.local/share/newsift``: where setup steps put built indexes."""
    env = os.environ.get("NEWSIFT_HOME")
    return Path(env).expanduser() if env else Path.home() / ".local" / "share" / "newsift"


def default_store_path() -> Path:
    """``$NEWSIFT_FACTCHECK_DB`` or ``$NEWSIFT_HOME/factcheck.sqlite``."""
    env = os.environ.get("NEWSIFT_FACTCHECK_DB")
    return Path(env).expanduser() if env else newsift_home() / "factcheck.sqlite"


__all__ = ["EUVSDISINFO_DISCLAIMER", "default_store_path", "newsift_home"]
