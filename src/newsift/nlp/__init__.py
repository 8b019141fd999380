"""NLP stage: ``Article`` → ``ParsedArticle`` (spaCy parse plus actor clusters).

The spaCy pipeline is loaded once per process (:func:`newsift.nlp.model.load_nlp`), with
the components newsift does not use (``ner``, ``lemmatizer``) excluded: parsing is the
most expensive step of the analysis, so we parse only what the analyzers read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsift.schema import Actor, Article

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class ParsedArticle:
    """An article with its parse and its actors; what every analyzer receives."""

    article: Article
    doc: Doc | None
    actors: list[Actor] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text


def parse(article: Article, *, with_parse: bool = True) -> ParsedArticle:
    """Parse ``article`` and cluster its actors. ``with_parse=False`` skips spaCy."""
    from newsift.nlp.actors import build_actors
    from newsift.nlp.model import load_nlp

    if not with_parse:
        return ParsedArticle(article=article, doc=None)
    doc = load_nlp()(article.text)
    return ParsedArticle(article=article, doc=doc, actors=build_actors(doc, article))


def parse_many(articles: list[Article], *, batch_size: int = 16) -> list[ParsedArticle]:
    """Parse several articles with ``nlp.pipe`` (batched: faster than one by one)."""
    from newsift.nlp.actors import build_actors
    from newsift.nlp.model import load_nlp

    nlp = load_nlp()
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    return [ParsedArticle(article=a, doc=d, actors=build_actors(d, a)) for a, d in zip(articles, docs, strict=True)]
