"""nlp: Document → spaCy Doc (tokens, parse, named entities, outlet gazetteer)."""

from .pipeline import annotate, annotate_many, load_nlp
from .gazetteer import Gazetteer, load_gazetteer

__all__ = ["annotate", "annotate_many", "load_nlp", "Gazetteer", "load_gazetteer"]
