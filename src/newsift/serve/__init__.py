"""HTTP face of newsift: the JSON API and the web reader (``newsift serve``).

Importing this package is cheap: FastAPI is only imported by :mod:`newsift.serve.app`, so
the HTML renderer can read the reader's template from :data:`STATIC_DIR` without it.
"""

from __future__ import annotations

from pathlib import Path

#: The web reader's page, stylesheet and script; also the template of the HTML report.
STATIC_DIR = Path(__file__).with_name("static")
