"""TF-IDF similarity indexes (scikit-learn), saved without pickle.

:class:`TfidfIndex` follows scikit-learn's estimator conventions: parameters in ``__init__``,
learned state ending in ``_``, ``fit`` returns ``self``, using it unfitted raises
:class:`~kextract.errors.NotFittedError`. On disk an index is a folder with ``params.json``,
``vocabulary.json``, ``idf.npy``, ``matrix.npz`` (sparse, L2-normalised rows) and
``ids.json``; loading uses ``allow_pickle=False`` throughout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from .errors import Errors, NotFittedError

FORMAT = 1


class TfidfIndex:
    """Cosine-similarity search over a fixed collection of texts.

    Parameters
    ----------
    word_ngrams:
        n-gram range of the word analyser; ``None`` disables it.
    char_ngrams:
        n-gram range of the ``char_wb`` analyser (robust to typos and inflections);
        ``None`` disables it.
    char_weight:
        weight of the character similarity in the combined score (word weight is 1 - it).
    sublinear_tf, min_df, stop_words:
        passed to :class:`sklearn.feature_extraction.text.TfidfVectorizer`.
    """

    def __init__(self, *, word_ngrams: tuple[int, int] | None = (1, 2),
                 char_ngrams: tuple[int, int] | None = (3, 5), char_weight: float = 0.3,
                 sublinear_tf: bool = True, min_df: int = 1, stop_words: str | None = "english"):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.char_weight = char_weight
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.stop_words = stop_words

    def get_params(self) -> dict:
        return {"word_ngrams": list(self.word_ngrams) if self.word_ngrams else None,
                "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None,
                "char_weight": self.char_weight, "sublinear_tf": self.sublinear_tf,
                "min_df": self.min_df, "stop_words": self.stop_words}

    def _vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        out = {}
        if self.word_ngrams:
            out["word"] = TfidfVectorizer(ngram_range=tuple(self.word_ngrams),
                                          sublinear_tf=self.sublinear_tf, min_df=self.min_df,
                                          stop_words=self.stop_words, dtype=np.float32,
                                          token_pattern=r"(?u)\b\w[\w\-]*\b")
        if self.char_ngrams:
            out["char"] = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                          sublinear_tf=self.sublinear_tf, min_df=self.min_df,
                                          dtype=np.float32, lowercase=True)
        if not out:
            raise ValueError("TfidfIndex needs word_ngrams or char_ngrams")
        return out

    def fit(self, texts: Sequence[str], ids: Sequence[str] | None = None) -> "TfidfIndex":
        """Learn vocabularies and IDF weights from ``texts`` and index them."""
        texts = list(texts)
        self.ids_ = [str(i) for i in (ids if ids is not None else range(len(texts)))]
        if len(self.ids_) != len(texts):
            raise ValueError("texts and ids differ in length")
        self.vectorizers_ = self._vectorizers()
        self.matrices_ = {}
        for name, vec in self.vectorizers_.items():
            if texts:
                try:
                    self.matrices_[name] = vec.fit_transform(texts).tocsr()
                except ValueError:  # empty vocabulary (e.g. only stop words)
                    self.matrices_[name] = None
            else:
                self.matrices_[name] = None
        return self

    def _check(self):
        if not hasattr(self, "ids_"):
            raise NotFittedError(Errors.E030.format(name=type(self).__name__))

    def scores(self, query: str) -> np.ndarray:
        """Similarity of ``query`` to every indexed text (combined over analysers)."""
        self._check()
        total = np.zeros(len(self.ids_), dtype=np.float32)
        weights = {"word": 1.0 - self.char_weight if "char" in self.matrices_ else 1.0,
                   "char": self.char_weight if "word" in self.matrices_ else 1.0}
        for name, mat in self.matrices_.items():
            if mat is None or mat.shape[0] == 0:
                continue
            q = self.vectorizers_[name].transform([query])
            total += weights[name] * np.asarray((mat @ q.T).todense()).ravel()
        return total

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` most similar texts as ``(id, score)`` pairs, best first (score > 0)."""
        if not isinstance(k, int) or k < 1:
            raise ValueError(Errors.E041.format(k=k))
        s = self.scores(query)
        if not len(s):
            return []
        k = min(k, len(s))
        top = np.argpartition(-s, k - 1)[:k]
        top = top[np.lexsort((top, -s[top]))]
        return [(self.ids_[i], float(s[i])) for i in top if s[i] > 0]

    def __len__(self) -> int:
        self._check()
        return len(self.ids_)

    # persistence -------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        self._check()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "params.json").write_text(json.dumps({"format": FORMAT, **self.get_params()}))
        (path / "ids.json").write_text(json.dumps(self.ids_))
        for name, vec in self.vectorizers_.items():
            mat = self.matrices_.get(name)
            if mat is None:
                continue
            vocab = {t: int(i) for t, i in vec.vocabulary_.items()}
            (path / f"{name}.vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False))
            np.save(path / f"{name}.idf.npy", vec.idf_.astype(np.float64), allow_pickle=False)
            sp.save_npz(path / f"{name}.matrix.npz", mat, compressed=True)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "TfidfIndex":
        path = Path(path)
        params = json.loads((path / "params.json").read_text())
        params.pop("format", None)
        for key in ("word_ngrams", "char_ngrams"):
            if params.get(key):
                params[key] = tuple(params[key])
        self = cls(**params)
        self.ids_ = json.loads((path / "ids.json").read_text())
        self.vectorizers_ = self._vectorizers()
        self.matrices_ = {}
        for name, vec in self.vectorizers_.items():
            mfile = path / f"{name}.matrix.npz"
            if not mfile.exists():
                self.matrices_[name] = None
                continue
            vocab = json.loads((path / f"{name}.vocabulary.json").read_text())
            vec.vocabulary_ = vocab
            vec.idf_ = np.load(path / f"{name}.idf.npy", allow_pickle=False)
            vec.fixed_vocabulary_ = True
            self.matrices_[name] = sp.load_npz(mfile).tocsr()
        return self
