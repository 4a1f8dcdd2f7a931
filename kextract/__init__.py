"""kextract: distil expert knowledge (rules, examples, definitions, relations) from expert
documents into a queryable knowledge base.

Importing kextract loads no model and has no side effects; heavy modules load on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build", "extract", "load", "KnowledgeBase"]


def build(inputs, output, **kwargs):
    """Build a knowledge base directory; see :func:`kextract.builder.build`."""
    from .builder import build as _build

    return _build(inputs, output, **kwargs)


def load(path):
    """Open a built knowledge base; see :class:`kextract.kb.KnowledgeBase`."""
    from .kb import KnowledgeBase

    return KnowledgeBase(path)


def extract(texts, *, model=None, kinds=None, nlp=None):
    """Run the extractors over an iterable of texts (or Documents) without building a KB.

    Returns a list of :class:`~kextract.model.ParsedDocument`, one per text; a text's
    document id is its position starting at 1.
    """
    from .builder import process
    from .corpus import assemble, text_blocks
    from .model import Document
    from .nlp import load_pipeline

    nlp = nlp or load_pipeline(model)
    docs = [t if isinstance(t, Document) else assemble(str(i), text_blocks(t), source="-",
                                                        fmt="txt")
            for i, t in enumerate(texts, start=1)]
    return list(process(nlp, docs, kinds=kinds))


def __getattr__(name):
    if name == "KnowledgeBase":
        from .kb import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(name)
