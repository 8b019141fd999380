"""newsift: read news the way a careful fact-checker does.

The one obvious function is :func:`analyze`::

    import newsift
    report = newsift.analyze(open("article.txt").read())
    for a in report.attributions:
        print(a.speaker_name, a.cue.text, a.content[0].text)
"""

from __future__ import annotations

__version__ = "0.1.0"

from newsift.api import analyze, analyze_many

__all__ = ["__version__", "analyze", "analyze_many"]
