"""One catalogue of errors and warnings with stable codes (after ``spacy/errors.py``).

The CLI's exit codes, the HTTP API's error codes and the messages users read all come
from this table, so a code never changes meaning between interfaces. Add new codes at the
end; never reuse a retired one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    exit_code: int
    http_status: int
    template: str


class E(Enum):
    """Errors. ``E.EMPTY.format(...)`` gives the one-line message."""

    USAGE = ErrorSpec("E001", 2, 400, "{detail}")
    NOT_FOUND = ErrorSpec("E010", 3, 404, "no such file or directory: {path}")
    EMPTY = ErrorSpec("E011", 4, 422, "input is empty: {what}")
    BINARY = ErrorSpec("E012", 5, 415, "input looks binary, not text or HTML: {what}")
    TOO_LARGE = ErrorSpec("E013", 6, 413, "input is {size} bytes, over the limit of {limit} bytes: {what} (raise it with --max-bytes)")
    UNDECODABLE = ErrorSpec("E014", 7, 422, "input could not be decoded as text in any known encoding: {what}")
    NO_ARTICLE = ErrorSpec("E015", 8, 422, "no article text found in the HTML: {what}")
    EMPTY_DIR = ErrorSpec("E016", 9, 422, "no readable article in directory: {path}")
    BAD_JSON = ErrorSpec("E017", 10, 422, "invalid article JSON ({detail}): {what}")
    FETCH = ErrorSpec("E020", 11, 502, "could not fetch {url}: {detail}")
    FETCH_TIMEOUT = ErrorSpec("E021", 12, 504, "timed out after {timeout}s fetching {url}")
    FETCH_TYPE = ErrorSpec("E022", 13, 415, "unsupported content type {ctype!r} at {url}")
    MODEL_MISSING = ErrorSpec("E030", 20, 500, "{what} is not installed: {detail}")
    MODEL_INTEGRITY = ErrorSpec("E031", 21, 500, "integrity check failed for {what}: sha256 {got} != {expected}")
    STORE = ErrorSpec("E040", 30, 500, "corpus store error: {detail}")
    TIMEOUT = ErrorSpec("E050", 40, 504, "analysis took longer than {timeout}s")
    BUSY = ErrorSpec("E051", 41, 503, "server busy: {detail}")
    INTERNAL = ErrorSpec("E099", 70, 500, "internal error: {detail}")
    # HTTP API (newsift serve)
    NOT_CONFIGURED = ErrorSpec("E052", 42, 501, "{what} is not available on this server: {detail}")
    NO_ROUTE = ErrorSpec("E053", 43, 404, "no such endpoint: {method} {path}")
    METHOD = ErrorSpec("E054", 44, 405, "method {method} is not allowed on {path}")
    BAD_REQUEST = ErrorSpec("E055", 45, 400, "malformed request: {detail}")
    UNKNOWN = ErrorSpec("E056", 46, 404, "no {what} found for {key!r}")
    # fact-check store (newsift factcheck import)
    FACTCHECK_FORMAT = ErrorSpec("E057", 47, 422, "not a fact-check file ({detail}): {what}")

    @property
    def code(self) -> str:
        return self.value.code

    @property
    def exit_code(self) -> int:
        return self.value.exit_code

    @property
    def http_status(self) -> int:
        return self.value.http_status

    def format(self, **kwargs: object) -> str:
        return self.value.template.format(**kwargs)


class W(Enum):
    """Warnings: the analysis goes on, and the report says what was degraded."""

    ENCODING_GUESSED = ("W101", "text was not valid UTF-8; decoded as {encoding}")
    NOT_ENGLISH = ("W102", "text looks like {language}, not English: only ingest, outlet lookup and language-independent checks are reliable; attribution, claims and techniques are tuned for English")
    RESIDUE_REMOVED = ("W103", "{n} trailing page-residue block(s) moved to article.removed")
    TRUNCATED_PARSE = ("W104", "text is long; parsed the first {chars} characters")
    OPTIONAL_MISSING = ("W105", "{what} unavailable ({detail}); its findings are omitted")
    MASKED_TOKENS = ("W106", "{pct} of tokens are masked with '@' (NELA-style): quotes and claims that cross masked runs are unreliable")

    @property
    def code(self) -> str:
        return self.value[0]

    def format(self, **kwargs: object) -> str:
        return f"{self.value[0]}: " + self.value[1].format(**kwargs)


class NewsiftError(Exception):
    """An expected failure with a catalogued code. The CLI prints ``str(err)`` on one line."""

    def __init__(self, error: E, **kwargs: object) -> None:
        self.error = error
        self.details = kwargs
        super().__init__(error.format(**kwargs))

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def exit_code(self) -> int:
        return self.error.exit_code

    def __str__(self) -> str:  # one line, always
        msg = " ".join(super().__str__().split())
        return f"newsift: error {self.code}: {msg}"


def exit_code_table() -> list[tuple[str, int, int, str]]:
    """Rows of (code, exit code, HTTP status, message template) for docs and ``newsift errors``."""
    return [(e.code, e.exit_code, e.http_status, e.value.template) for e in E]
