"""Analyzers: one module per question, each registering itself with :func:`analyzer`.

Importing this package imports every module in it, so a new analyzer only needs a new
module with an ``@analyzer(...)`` function; the pipeline finds and orders it.
"""

from __future__ import annotations

import importlib
import pkgutil

from newsift.analyzers.registry import AnalyzerSpec, analyzer, registered

__all__ = ["AnalyzerSpec", "analyzer", "registered"]

for _mod in pkgutil.iter_modules(__path__):
    if _mod.name != "registry" and not _mod.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_mod.name}")
