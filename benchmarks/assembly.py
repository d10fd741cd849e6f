"""The corpus-wide stages alone, in the parent: CPU time of assembly, the weekly blocks
and brief.json at n and 4n articles of the realistic corpus (`corpus.py`).

Each corpus is read and analysed once (untimed, in a pool as a build does); then each
stage runs on those analyses in this process, timed with `time.process_time` (CPU, so a
busy machine inflates it less than wall time), best of `--repeat`. Where the sizes hold
n and 4n it prints the growth of each stage (must stay below 5x).

    python benchmarks/assembly.py                      # 1,000 and 4,000 articles
    python benchmarks/assembly.py --sizes 500,2000 --repeat 3 --profile stats.prof

Target on a 2-core machine: assembly and the weekly blocks of 1,000 articles in a few
seconds, each stage's growth from n to 4n below 5x.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus as realistic  # noqa: E402  (benchmarks/corpus.py)

from briefing.analyse import keywords  # noqa: E402
from briefing.brief import weekly  # noqa: E402
from briefing.brief.assemble import assemble  # noqa: E402
from briefing.brief.dates import memoised  # noqa: E402
from briefing.config import load_taxonomy  # noqa: E402
from briefing.pipeline import BuildOptions, _read_and_analyse, _workers  # noqa: E402
from briefing.read import ingest  # noqa: E402
from briefing.write.serialize import brief_to_dict, dump  # noqa: E402

STAGES = ("assemble", "brief_to_dict", "weekly.extend", "dump")


def analyse(folder: Path, jobs: int) -> tuple[object, object]:
    options = BuildOptions(input_dir=folder, out_dir=folder.parent / "unused", jobs=jobs)
    keywords.use_engine(options.keywords)
    paths, skipped = ingest.discover(folder, False)
    workers = _workers(options, jobs)
    try:
        return _read_and_analyse(options, paths, skipped, workers, None)
    finally:
        workers.stop()


def stages(analyses: object, skipped: object, as_of: date) -> dict[str, float]:
    """CPU seconds of each corpus-wide stage, in a build's order."""
    taxonomy = load_taxonomy(None)
    times: dict[str, float] = {}
    # As a build does: assembly and the timeline share one date reader, so a section
    # sentence's dates are read once (timed in whichever stage reads them first).
    find = memoised()
    t = time.process_time()
    brief = assemble(analyses, skipped, taxonomy, as_of, find=find)  # type: ignore[arg-type]
    times["assemble"] = time.process_time() - t
    t = time.process_time()
    data = brief_to_dict(brief)
    times["brief_to_dict"] = time.process_time() - t
    t = time.process_time()
    weekly.extend(data, analyses, None, find)  # type: ignore[arg-type]
    times["weekly.extend"] = time.process_time() - t
    t = time.process_time()
    dump(data, io.BytesIO())
    times["dump"] = time.process_time() - t
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,4000", help="comma-separated corpus sizes (default: 1000,4000)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of the stages per size; the best is reported (default: 2)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the untimed analysis (default: 2)")
    ap.add_argument("--as-of", type=date.fromisoformat, default=realistic.AS_OF, help="the brief's date")
    ap.add_argument("--profile", type=Path, help="write a cProfile of the last size's last run here")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    base = Path(tempfile.mkdtemp(prefix="briefing-assembly-"))
    rows: dict[int, dict[str, float]] = {}
    try:
        for n in sizes:
            folder = base / f"realistic_{n}"
            realistic.make_corpus(folder, n)
            analyses, skipped = analyse(folder, args.jobs)
            runs = []
            for r in range(max(1, args.repeat)):
                profiler = cProfile.Profile() if args.profile and n == sizes[-1] and r == args.repeat - 1 else None
                if profiler:
                    profiler.enable()
                runs.append(stages(analyses, skipped, args.as_of))
                if profiler:
                    profiler.disable()
                    profiler.dump_stats(args.profile)
            rows[n] = {s: min(run[s] for run in runs) for s in STAGES}
            rows[n]["total"] = sum(rows[n][s] for s in STAGES)
            print(f"{n:>6} articles: " + ", ".join(f"{s} {v:.2f} s" for s, v in rows[n].items()), flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    failed = False
    for n in rows:
        if 4 * n in rows:
            ratios = {s: rows[4 * n][s] / max(rows[n][s], 1e-9) for s in (*STAGES, "total")}
            bad = [s for s, x in ratios.items() if x >= 5 and rows[4 * n][s] > 0.1]
            failed |= bool(bad)
            print(f"growth {n:,} -> {4 * n:,}: " + ", ".join(f"{s} x{x:.2f}" for s, x in ratios.items()) + (f" (SUPER-LINEAR: {', '.join(bad)})" if bad else " (ok: below x5)"))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
