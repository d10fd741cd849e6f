"""The long fuzz profile: tests/test_fuzz.py with every example count multiplied.

The test suite runs about 2,000 examples (article text through `analyse_document`,
small corpora through assembly and the templates, a few whole builds with DOCX and
PDF). This runs the same properties with `--scale` times as many: the default 6 gives
about 12,000 examples (7,800 articles, 4,080 corpora, 144 whole builds).

    python benchmarks/fuzz.py            # long profile, ~12,000 examples
    python benchmarks/fuzz.py --scale 20 # longer still
    python benchmarks/fuzz.py --seed 7   # reproduce a run

Exits non-zero when a property fails; hypothesis prints the smallest failing input.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=6.0, help="multiply every example count (default 6: ~12,000 examples)")
    ap.add_argument("--seed", type=int, help="hypothesis seed, to reproduce a run")
    ap.add_argument("-k", dest="select", help="only the fuzz tests matching this pytest -k expression")
    args = ap.parse_args(argv)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", str(ROOT / "tests" / "test_fuzz.py")]
    if args.seed is not None:
        cmd.append(f"--hypothesis-seed={args.seed}")
    if args.select:
        cmd += ["-k", args.select]
    env = dict(os.environ, BRIEFING_FUZZ_SCALE=str(args.scale))
    started = time.perf_counter()
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    print(f"fuzz: scale {args.scale:g}, {time.perf_counter() - started:.0f} s, exit {code}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
