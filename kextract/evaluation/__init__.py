"""Evaluation of kextract against the shared benchmark sets and kextract's own gold files.

* :mod:`kextract.evaluation.carb` - CaRB scorer for open relation triples (calibrated against the
  official scorer's dev figures).
* :mod:`kextract.evaluation.scoring` - pure scorers: token F1, span overlap, P/R/F1, and the
  conditional_requirements, scienceie, DEFT, QA retrieval and kextract-gold scorers.
* :mod:`kextract.evaluation.readers` - readers turning the benchmark files and
  ``extract --format jsonl`` output into typed records.

Nothing is imported here so that ``import kextract.evaluation`` stays cheap; import the
submodule you need. Benchmark data is never bundled: every reader takes a path at run time.
"""
