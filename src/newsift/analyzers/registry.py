"""The analyzer registry: small registered functions that declare what they need and make.

Modelled on spaCy's registered pipeline components (``spacy/pipeline/functions.py``): an
analyzer is a plain function, registered with the names of the findings it ``requires``
and ``produces``. The pipeline (:mod:`newsift.pipeline`) orders them so every requirement
is produced first. Analyzers talk to each other only through those named findings, which
are schema objects, never through each other's internals.

Findings names in use (see :class:`newsift.schema.Report`): ``actors``, ``attributions``,
``claims``, ``evidence``, ``techniques``, ``sourcing``, ``headline``, ``outlet``,
``factcheck_matches``, ``summary``. ``doc`` (the spaCy parse) and ``article`` are always
available and need not be declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

#: Findings every analyzer can read without declaring them.
BASE_FINDINGS = frozenset({"article", "doc", "actors"})


class AnalyzerFunc(Protocol):
    def __call__(self, parsed: Any, findings: dict[str, Any]) -> dict[str, Any]: ...


@dataclass(frozen=True)
class AnalyzerSpec:
    """A registered analyzer. ``english_only`` analyzers are skipped for other languages."""

    name: str
    func: AnalyzerFunc
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    english_only: bool = True
    needs_parse: bool = True
    description: str = ""
    uses: tuple[str, ...] = field(default_factory=tuple)


_REGISTRY: dict[str, AnalyzerSpec] = {}


def analyzer(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    produces: tuple[str, ...],
    uses: tuple[str, ...] = (),
    english_only: bool = True,
    needs_parse: bool = True,
) -> Callable[[AnalyzerFunc], AnalyzerFunc]:
    """Register ``func`` as analyzer ``name``.

    ``func(parsed, findings)`` gets the :class:`newsift.nlp.ParsedArticle` and a read-only
    view of the findings made so far, and returns a dict with exactly the keys in
    ``produces``. ``uses`` names findings read only when present (``findings.get``): the
    pipeline runs their producers first when they are selected, but does not add them.
    ``needs_parse=False`` lets the pipeline skip the spaCy parse when only such analyzers
    run (outlet lookup, say).
    """

    def register(func: AnalyzerFunc) -> AnalyzerFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"analyzer {name!r} registered twice")
        _REGISTRY[name] = AnalyzerSpec(
            name=name,
            func=func,
            requires=tuple(requires),
            produces=tuple(produces),
            uses=tuple(uses),
            english_only=english_only,
            needs_parse=needs_parse,
            description=(func.__doc__ or "").strip().split("\n")[0],
        )
        return func

    return register


def registered() -> dict[str, AnalyzerSpec]:
    """All analyzers, importing the built-in modules first so they have registered."""
    from newsift import analyzers  # noqa: F401  (imports register the built-ins)

    return dict(_REGISTRY)


def order(specs: list[AnalyzerSpec]) -> list[AnalyzerSpec]:
    """Topologically sort ``specs`` so that each runs after the producers of its requirements.

    Ties keep registration order, so output is deterministic. A requirement nobody in
    ``specs`` produces is an error: it names the analyzer to add.
    """
    producers: dict[str, str] = {}
    for spec in specs:
        for p in spec.produces:
            producers[p] = spec.name
    by_name = {s.name: s for s in specs}
    done: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            raise ValueError(f"analyzer dependency cycle through {name!r}")
        visiting.add(name)
        for req in by_name[name].requires:
            if req in BASE_FINDINGS:
                continue
            if req not in producers:
                raise ValueError(f"analyzer {name!r} requires {req!r}, which no selected analyzer produces")
            visit(producers[req])
        for soft in by_name[name].uses:  # optional inputs: order only, never required
            if soft in producers and producers[soft] != name:
                visit(producers[soft])
        visiting.discard(name)
        done.append(name)

    for spec in specs:
        visit(spec.name)
    return [by_name[n] for n in done]


def with_dependencies(names: list[str]) -> list[AnalyzerSpec]:
    """The analyzers named plus every analyzer they transitively need, in run order."""
    reg = registered()
    unknown = [n for n in names if n not in reg]
    if unknown:
        raise KeyError(f"unknown analyzer(s): {', '.join(unknown)}; known: {', '.join(sorted(reg))}")
    producers = {p: s.name for s in reg.values() for p in s.produces}
    wanted: list[str] = []
    stack = list(names)
    while stack:
        n = stack.pop()
        if n in wanted:
            continue
        wanted.append(n)
        for req in reg[n].requires:
            if req not in BASE_FINDINGS and req in producers:
                stack.append(producers[req])
    # keep registration order as the tie-break
    return order([s for s in reg.values() if s.name in wanted])
