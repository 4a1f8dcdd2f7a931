"""Sparse similarity indexes (scikit-learn / SciPy), saved without pickle.

Two estimators share one search contract (``fit(texts, ids)``, ``scores(query)``,
``search(query, k)``, ``save``/``load``) and scikit-learn's conventions: parameters in
``__init__``, learned state ending in ``_``, ``fit`` returns ``self``, using an unfitted
index raises :class:`~kextract.errors.NotFittedError`.

- :class:`TfidfIndex`: cosine similarity over TF-IDF vectors of word and character n-grams
  (robust to typos and inflections; good for short texts such as facts and concept labels).
- :class:`Bm25Index`: Okapi BM25 (Lucene's idf, term-frequency saturation ``k1``, length
  normalisation ``b``) over Porter-stemmed words; the ranking function of choice for
  passages and sentences.

Both store one sparse matrix (documents x terms) whose columns are the per-term weights, so a
query only touches the columns of its own terms (CSC layout): search time grows with the
postings of the query terms, not with the collection. On disk an index is a folder with
``params.json`` (including ``kind``), ``ids.json`` and per analyser ``<name>.vocabulary.json``,
``<name>.idf.npy`` and ``<name>.matrix.npz``; loading uses ``allow_pickle=False`` throughout.
Open any saved index with :func:`load_index`.
"""

from __future__ import annotations

import json
import re
import threading
from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from .errors import Errors, NotFittedError

FORMAT = 2
WORD_PATTERN = re.compile(r"(?u)\b\w\w+\b")


# -- stemming ----------------------------------------------------------------------------------

_VOWEL = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile(r"^[^aeiou]*[aeiouy][^aeiouwxy]$")


@lru_cache(maxsize=200_000)
def light_stem(word: str) -> str:
    """Porter's step 1 (plural ``-s``, ``-ed``, ``-ing`` with its spelling repairs) on a lower
    case word: ``settings -> setting -> set``, ``connected -> connect``, ``enabled -> enable``.
    Cheap and conservative: inflections meet their base form, derivations stay apart."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-3] + ("y" if len(word) > 4 else "ie")
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("eed"):
        return word[:-1] if len(word) > 4 else word
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if not _VOWEL.search(stem) or len(stem) < 2:
                return word
            if stem.endswith(("at", "bl", "iz")):
                return stem + "e"
            if _DOUBLE.search(stem):
                return stem[:-1]
            if len(stem) <= 3 and _CVC.match(stem):
                return stem + "e"
            return stem
    return word


_PORTER = threading.local()     # snowballstemmer's stemmers keep state: one per thread


@lru_cache(maxsize=200_000)
def porter_stem(word: str) -> str:
    """M. F. Porter's stemmer (snowballstemmer's ``porter``) on a lower-case word: inflections
    *and* derivations meet (``configure, configuring, configuration -> configur``;
    ``connection -> connect``; ``adjustable, adjustment -> adjust``). Words of two letters or
    fewer and words with digits or underscores are kept as they are (``tv``, ``hdmi2``)."""
    if len(word) <= 2 or not word.isalpha():
        return word
    stemmer = getattr(_PORTER, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _PORTER.stemmer = snowballstemmer.stemmer("porter")
    return stemmer.stemWord(word)


#: stemmers of :class:`Bm25Index` by name (``None``: words as they are)
STEMMERS = {"porter": porter_stem, "light": light_stem}


def bm25_tokens(text: str, stemmer: str | None = "porter") -> list[str]:
    """Lower-cased word tokens (``\\w\\w+``), stemmed by :data:`STEMMERS` ``[stemmer]`` (none
    when ``None``): the BM25 analyser."""
    words = WORD_PATTERN.findall(text.lower())
    if stemmer is None:
        return words
    stem = STEMMERS[stemmer]
    return [stem(w) for w in words]


# -- shared search contract --------------------------------------------------------------------

class _SparseIndex(ABC):
    """What :class:`TfidfIndex` and :class:`Bm25Index` share: fitted-state checks, postings
    scoring and ``search``; subclasses define ``scores`` and ``row_vectors``."""

    kind = ""

    def _check(self):
        if not hasattr(self, "ids_"):
            raise NotFittedError(Errors.E030.format(name=type(self).__name__))

    def __len__(self) -> int:
        self._check()
        return len(self.ids_)

    @staticmethod
    def _column_scores(matrix, columns: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
        """``matrix[:, columns] @ weights`` touching only the postings of ``columns``."""
        out = np.zeros(n, dtype=np.float32)
        if matrix is None or not len(columns):
            return out
        indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
        for c, w in zip(columns.tolist(), weights.tolist()):
            a, b = indptr[c], indptr[c + 1]
            if a != b:
                out[indices[a:b]] += w * data[a:b]  # rows within one column are unique
        return out

    @abstractmethod
    def scores(self, query: str) -> np.ndarray:
        """Similarity of ``query`` to every indexed text."""

    @abstractmethod
    def row_vectors(self) -> list[tuple[float, sp.csr_matrix]]:
        """``(weight, matrix)`` parts with L2-normalised rows, one row per indexed text: the
        cosine similarity of texts i and j is ``sum(weight * (M[i] . M[j]))`` over the parts
        (used for near-duplicate detection)."""

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` best-scoring texts as ``(id, score)`` pairs, best first (score > 0)."""
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(Errors.E041.format(k=k))
        s = self.scores(query)
        return [(self.ids_[i], float(s[i])) for i in top_k(s, k)]

    def _save_common(self, path: str | Path) -> Path:
        self._check()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "params.json").write_text(json.dumps({"format": FORMAT, "kind": self.kind,
                                                      **self.get_params()}))
        (path / "ids.json").write_text(json.dumps(self.ids_))
        return path

    @staticmethod
    def _save_part(path: Path, name: str, vocabulary: dict, weights: np.ndarray, matrix) -> None:
        vocab = {t: int(i) for t, i in vocabulary.items()}
        (path / f"{name}.vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False))
        np.save(path / f"{name}.idf.npy", np.asarray(weights, dtype=np.float64),
                allow_pickle=False)
        sp.save_npz(path / f"{name}.matrix.npz", matrix, compressed=True)

    @staticmethod
    def _load_part(path: Path, name: str):
        mfile = path / f"{name}.matrix.npz"
        if not mfile.exists():
            return None
        vocab = json.loads((path / f"{name}.vocabulary.json").read_text())
        weights = np.load(path / f"{name}.idf.npy", allow_pickle=False)
        return vocab, weights, sp.load_npz(mfile).tocsc()


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Positions of the ``k`` largest positive ``scores``, best first, ties by position."""
    if not len(scores):
        return []
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.lexsort((top, -scores[top]))]
    return [int(i) for i in top if scores[i] > 0]


class TfidfIndex(_SparseIndex):
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
    sublinear_tf, min_df, max_df, stop_words:
        passed to :class:`sklearn.feature_extraction.text.TfidfVectorizer` (``max_df`` drops
        terms in more than that share of the texts: the longest postings, which cost the most
        time and, with the lowest idf, weigh the least).
    """

    kind = "tfidf"

    def __init__(self, *, word_ngrams: tuple[int, int] | None = (1, 2),
                 char_ngrams: tuple[int, int] | None = (3, 5), char_weight: float = 0.3,
                 sublinear_tf: bool = True, min_df: int = 1, max_df: float = 1.0,
                 stop_words: str | None = "english"):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.char_weight = char_weight
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_df = max_df
        self.stop_words = stop_words

    def get_params(self) -> dict:
        return {"word_ngrams": list(self.word_ngrams) if self.word_ngrams else None,
                "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None,
                "char_weight": self.char_weight, "sublinear_tf": self.sublinear_tf,
                "min_df": self.min_df, "max_df": self.max_df, "stop_words": self.stop_words}

    def _vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        out = {}
        if self.word_ngrams:
            out["word"] = TfidfVectorizer(ngram_range=tuple(self.word_ngrams),
                                          sublinear_tf=self.sublinear_tf, min_df=self.min_df,
                                          max_df=self.max_df, stop_words=self.stop_words,
                                          dtype=np.float32,
                                          token_pattern=r"(?u)\b\w[\w\-]*\b")
        if self.char_ngrams:
            out["char"] = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                          sublinear_tf=self.sublinear_tf, min_df=self.min_df,
                                          max_df=self.max_df, dtype=np.float32,
                                          lowercase=True)
        if not out:
            raise ValueError("TfidfIndex needs word_ngrams or char_ngrams")
        return out

    def fit(self, texts: Sequence[str], ids: Sequence[str] | None = None) -> "TfidfIndex":
        """Learn vocabularies and IDF weights from ``texts`` and index them."""
        texts = list(texts)
        ids_ = [str(i) for i in (ids if ids is not None else range(len(texts)))]
        if len(ids_) != len(texts):
            raise ValueError("texts and ids differ in length")
        vectorizers = self._vectorizers()
        matrices = {}
        for name, vec in vectorizers.items():
            matrices[name] = None
            if texts:
                try:
                    matrices[name] = vec.fit_transform(texts).tocsc()
                except ValueError:  # empty vocabulary (e.g. only stop words)
                    pass
        self.ids_, self.vectorizers_, self.matrices_ = ids_, vectorizers, matrices
        return self

    def scores(self, query: str) -> np.ndarray:
        """Cosine similarity of ``query`` to every indexed text (combined over analysers)."""
        self._check()
        total = np.zeros(len(self.ids_), dtype=np.float32)
        weights = {"word": 1.0 - self.char_weight if "char" in self.matrices_ else 1.0,
                   "char": self.char_weight if "word" in self.matrices_ else 1.0}
        for name, mat in self.matrices_.items():
            if mat is None or mat.shape[0] == 0:
                continue
            q = self.vectorizers_[name].transform([query])
            total += weights[name] * self._column_scores(mat, q.indices, q.data, len(total))
        return total

    def row_vectors(self) -> list[tuple[float, sp.csr_matrix]]:
        self._check()
        weights = {"word": 1.0 - self.char_weight if "char" in self.matrices_ else 1.0,
                   "char": self.char_weight if "word" in self.matrices_ else 1.0}
        return [(weights[name], mat.tocsr()) for name, mat in self.matrices_.items()
                if mat is not None]

    def save(self, path: str | Path) -> Path:
        path = self._save_common(path)
        for name, vec in self.vectorizers_.items():
            mat = self.matrices_.get(name)
            if mat is not None:
                self._save_part(path, name, vec.vocabulary_, vec.idf_, mat)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "TfidfIndex":
        path = Path(path)
        params = json.loads((path / "params.json").read_text())
        params.pop("format", None)
        params.pop("kind", None)
        for key in ("word_ngrams", "char_ngrams"):
            if params.get(key):
                params[key] = tuple(params[key])
        self = cls(**params)
        ids_ = json.loads((path / "ids.json").read_text())
        self.vectorizers_ = self._vectorizers()
        self.matrices_ = {}
        for name, vec in self.vectorizers_.items():
            part = self._load_part(path, name)
            self.matrices_[name] = None
            if part is not None:
                vec.vocabulary_, vec.idf_, self.matrices_[name] = part
                vec.fixed_vocabulary_ = True
        self.ids_ = ids_
        return self


class Bm25Index(_SparseIndex):
    """Okapi BM25 ranking over a fixed collection of texts.

    ``score(q, d) = sum over query words t of idf(t) * tf(t, d) * (k1 + 1) /
    (tf(t, d) + k1 * (1 - b + b * len(d) / avglen))`` with Lucene's
    ``idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))``, which is never negative, so common
    words count a little instead of being dropped (no stop-word list: "turn on" and "turn off"
    differ). The document side is precomputed into one sparse matrix.

    Parameters
    ----------
    k1:
        term-frequency saturation (1.2 - 2.0 is usual; Lucene uses 1.2, bm25s 1.5).
    b:
        strength of the length normalisation (0 none, 1 full).
    stemmer:
        how words are reduced, for queries and texts alike: ``"porter"`` (:func:`porter_stem`,
        inflections and derivations), ``"light"`` (:func:`light_stem`, plurals, -ed, -ing) or
        ``None`` (words as they are).
    """

    kind = "bm25"

    def __init__(self, *, k1: float = 1.2, b: float = 0.75, stemmer: str | None = "porter"):
        self.k1 = k1
        self.b = b
        self.stemmer = stemmer

    def get_params(self) -> dict:
        return {"k1": self.k1, "b": self.b, "stemmer": self.stemmer}

    def analyse(self, text: str) -> list[str]:
        """The terms of ``text`` as this index sees them."""
        return bm25_tokens(text, self.stemmer)

    def _validate(self) -> None:
        if self.stemmer is not None and self.stemmer not in STEMMERS:
            raise ValueError(f"unknown stemmer {self.stemmer!r}; choose from "
                             f"{sorted(STEMMERS)} or None")

    def fit(self, texts: Sequence[str], ids: Sequence[str] | None = None) -> "Bm25Index":
        """Count terms of ``texts``, learn idf and document lengths, index the BM25 weights."""
        self._validate()
        texts = list(texts)
        ids_ = [str(i) for i in (ids if ids is not None else range(len(texts)))]
        if len(ids_) != len(texts):
            raise ValueError("texts and ids differ in length")
        vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for r, text in enumerate(texts):
            for term in self.analyse(text):
                rows.append(r)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
        n = len(texts)
        counts = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(n, len(vocabulary)), dtype=np.float32)
        counts.sum_duplicates()
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        avg = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        df = np.bincount(counts.indices, minlength=len(vocabulary)).astype(np.float64)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        norm = self.k1 * (1.0 - self.b + self.b * lengths / avg)
        tf = counts.data
        row_of = np.repeat(np.arange(n), np.diff(counts.indptr))
        counts.data = (tf * (self.k1 + 1.0) / (tf + norm[row_of]) * idf[counts.indices]
                       ).astype(np.float32)
        self.vocabulary_, self.idf_, self.matrix_ = vocabulary, idf, counts.tocsc()
        self.ids_ = ids_
        return self

    def query_terms(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Column ids of the known query terms and how often each occurs in the query."""
        self._check()
        known = [self.vocabulary_[t] for t in self.analyse(query) if t in self.vocabulary_]
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        cols, counts = np.unique(np.asarray(known, dtype=np.int64), return_counts=True)
        return cols, counts.astype(np.float32)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of ``query`` for every indexed text."""
        cols, weights = self.query_terms(query)
        return self._column_scores(self.matrix_, cols, weights, len(self.ids_))

    def coverage(self, query: str) -> np.ndarray:
        """Share of the query's distinct known terms that each indexed text contains, in
        [0, 1] (Lucene's classic *coord* factor): BM25 alone lets one frequent term outweigh
        the rest of the question; coverage rewards texts that match all of it."""
        cols, _ = self.query_terms(query)
        out = np.zeros(len(self.ids_), dtype=np.float32)
        indptr, indices = self.matrix_.indptr, self.matrix_.indices
        for c in cols.tolist():
            out[indices[indptr[c]:indptr[c + 1]]] += 1.0
        return out / len(cols) if len(cols) else out

    def row_vectors(self) -> list[tuple[float, sp.csr_matrix]]:
        from sklearn.preprocessing import normalize

        self._check()
        return [(1.0, normalize(self.matrix_.tocsr()))]

    def save(self, path: str | Path) -> Path:
        path = self._save_common(path)
        self._save_part(path, "bm25", self.vocabulary_, self.idf_, self.matrix_)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "Bm25Index":
        path = Path(path)
        params = json.loads((path / "params.json").read_text())
        if "stem" in params and "stemmer" not in params:  # saved before the Porter stemmer
            params["stemmer"] = "light" if params["stem"] else None
        self = cls(**{k: params[k] for k in ("k1", "b", "stemmer") if k in params})
        ids_ = json.loads((path / "ids.json").read_text())
        part = cls._load_part(path, "bm25")
        if part is None:
            raise ValueError(f"{path}: no bm25 matrix")
        self.vocabulary_, self.idf_, self.matrix_ = part
        self.ids_ = ids_
        return self


KINDS = {"tfidf": TfidfIndex, "bm25": Bm25Index}


def load_index(path: str | Path) -> TfidfIndex | Bm25Index:
    """Open a saved index of any kind (``params.json`` names it; format 1 was TF-IDF only)."""
    path = Path(path)
    kind = json.loads((path / "params.json").read_text()).get("kind", "tfidf")
    return KINDS[kind].load(path)
