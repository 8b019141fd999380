"""``python -m newsift`` is the ``newsift`` command."""

import sys

from newsift.cli import main

sys.exit(main())
