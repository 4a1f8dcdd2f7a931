"""Check kextract's CaRB scorer against the official scorer's figures on the CaRB dev split.

Usage: python benchmarks/calibrate_carb.py [--benchmarks DIR] [--tolerance 0.01]

DIR defaults to $KEXTRACT_BENCHMARKS or ../shared/benchmarks next to the repository. Prints one
row per calibration system and exits 1 when F1 or AUC is off by more than the tolerance, 0 when
both match, and 0 with a "skipped" note when the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kextract.evaluation.carb import calibrate


def _default_dir() -> Path:
    env = os.environ.get("KEXTRACT_BENCHMARKS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "benchmarks"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=_default_dir(),
                        help="folder holding carb/gold.tsv and carb/calibration/")
    parser.add_argument("--tolerance", type=float, default=0.01)
    args = parser.parse_args(argv)
    if not (args.benchmarks / "carb" / "gold.tsv").is_file():
        print(f"skipped: no CaRB data under {args.benchmarks}")
        return 0
    rows = calibrate(args.benchmarks)
    print(f"{'system':<10} {'F1':>7} {'official':>9} {'AUC':>7} {'official':>9}  status")
    ok = True
    for row in rows:
        good = row.within(args.tolerance)
        ok &= good
        print(f"{row.system:<10} {row.f1:7.3f} {row.official_f1:9.3f} {row.auc:7.3f} "
              f"{row.official_auc:9.3f}  {'ok' if good else 'OFF'}")
    if not ok:
        print(f"calibration failed: some figure is off by more than {args.tolerance}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
