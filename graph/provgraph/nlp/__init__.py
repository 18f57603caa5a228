"""nlp: Document → spaCy Doc (tokens, parse, named entities, outlet gazetteer)."""

from .gazetteer import Gazetteer, load_gazetteer
from .pipeline import annotate, annotate_many, load_nlp

__all__ = ["Gazetteer", "annotate", "annotate_many", "load_gazetteer", "load_nlp"]
