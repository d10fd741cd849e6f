"""How `briefing build` scales with a newsroom's week: 100, 1,000 and 10,000 articles.

Builds corpora by varying the seed articles (paragraphs shuffled, names and dates swapped,
off-topic paragraphs mixed in, each article about 11 kB) into a temporary folder, runs
`briefing build` on each as a subprocess, and reports per size: wall time, articles per
second, peak resident memory of the build's process tree, and the time YAKE alone takes
over the same texts in one process (`briefing.analyse.keywords.extract_keywords`), with the
ratio build / YAKE.

    python benchmarks/scale.py                      # 100, 1,000 and 10,000 articles
    python benchmarks/scale.py --sizes 100,1000 --jobs 2 --keep /tmp/corpora

Targets on a 2-core machine: 1,000 articles <= 45 s, 10,000 <= 450 s, peak RSS <= 1 GB,
time per article flat from 1,000 to 10,000, build <= 1.5x YAKE alone.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
TARGET_BYTES = 11_000
AS_OF = date(2024, 4, 30)

# Names swapped for one another, so the corpus does not repeat one story verbatim.
_NAMES = [
    ("Antony Blinken", ["Antony Blinken", "Jake Sullivan", "Gina Raimondo", "Janet Yellen", "Lloyd Austin", "Kurt Campbell"]),
    ("Blinken", ["Blinken", "Sullivan", "Raimondo", "Yellen", "Austin", "Campbell"]),
    ("Wang Yi", ["Wang Yi", "Li Qiang", "Qin Gang", "He Lifeng", "Dong Jun"]),
    ("Xi Jinping", ["Xi Jinping", "Li Qiang", "Zhao Leji"]),
]
_MONTHS = "January February March April May June July August September October November December".split()
_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2})\b")

_OFF_TOPIC = [
    "The city council approved a new budget for road repairs on Tuesday, with most of the money going to the resurfacing of the ring road and the replacement of traffic lights.",
    "Local farmers reported a strong apple harvest this autumn after a mild spring, although prices at the wholesale market fell for the third week in a row.",
    "The football club confirmed that its striker will miss the next four matches with a hamstring injury picked up in training on Friday morning.",
    "A heatwave is forecast for the weekend, and the weather service advised residents to drink water, avoid the midday sun and check on elderly neighbours.",
    "The museum's new wing opens next month with an exhibition of nineteenth-century landscape paintings lent by collectors from across the region.",
    "Commuters faced delays of up to an hour after a signal failure near the central station, the rail operator said in a statement on its website.",
    "The school board voted to extend the lunch break by ten minutes from September, citing a survey of parents, pupils and teachers.",
    "A local bakery won the regional bread competition for the second year running with a sourdough made from heritage wheat.",
]


def _seed_paragraphs() -> list[tuple[str, list[str]]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
        out.append((lines[0], lines[1:]))
    return out


def make_article(i: int, seeds: list[tuple[str, list[str]]]) -> str:
    """Article `i` of a corpus: deterministic, about TARGET_BYTES long."""
    rng = random.Random(i)
    title, paras = seeds[i % len(seeds)]
    paras = list(paras)
    rng.shuffle(paras)
    swaps = {old: rng.choice(new) for old, new in _NAMES}
    day = AS_OF - timedelta(days=rng.randrange(0, 6))
    body: list[str] = []
    size = 0
    pool = paras[:]
    while size < TARGET_BYTES - 400:
        if not pool:
            pool = paras[:]
            rng.shuffle(pool)
        p = pool.pop()
        if rng.random() < 0.15:
            p = rng.choice(_OFF_TOPIC)
        for old, new in swaps.items():
            p = p.replace(old, new)
        p = _DATE.sub(lambda m: f"{m.group(1)} {rng.randint(1, 28)}", p)
        body.append(p)
        size += len(p.encode("utf-8")) + 2
    header = f"Title: {title} ({i})\nDate: {day.isoformat()}\nSource: Outlet {i % 37}\n\n"
    return header + "\n\n".join(body) + "\n"


def make_corpus(folder: Path, n: int) -> list[Path]:
    seeds = _seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"article_{i:05d}.txt"
        if not p.exists():
            p.write_text(make_article(i, seeds), encoding="utf-8")
        paths.append(p)
    return paths


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (kB)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
            fields = stat[stat.rindex(")") + 2 :].split()
            ppid = int(fields[1])
            pages = int(fields[21])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_build(corpus: Path, out: Path, jobs: int) -> tuple[float, int, str]:
    """Wall time (s), peak tree RSS (kB), and the build's summary line."""
    cmd = [sys.executable, "-m", "briefing", "build", str(corpus), "--out", str(out), "--date", AS_OF.isoformat(), "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            done.wait(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    if proc.returncode != 0:
        raise SystemExit(f"build of {corpus.name} failed ({proc.returncode}): {stderr.strip().splitlines()[-1:]}")
    summary = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    return wall, peak, summary


def yake_alone(paths: list[Path]) -> float:
    """Seconds plain YAKE (the settings briefing uses, on each whole body, not the
    first characters briefing gives it) takes over the same texts in this one process:
    the reference the build is measured against."""
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=3, dedupLim=0.7, top=20, features=None)
    texts = [p.read_text(encoding="utf-8").split("\n\n", 1)[1] for p in paths]
    extractor.extract_keywords("warm up the extractor")
    start = time.perf_counter()
    for t in texts:
        extractor.extract_keywords(t)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes (default: 100,1000,10000)")
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for the build (default: number of cores)")
    ap.add_argument("--keep", type=Path, help="build corpora here and keep them (default: a temporary folder)")
    ap.add_argument("--no-yake", action="store_true", help="skip timing YAKE alone")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    base = args.keep or Path(tempfile.mkdtemp(prefix="briefing-scale-"))
    rows = []
    try:
        for n in sizes:
            corpus = base / f"corpus_{n}"
            paths = make_corpus(corpus, n)
            mean = sum(p.stat().st_size for p in paths) / len(paths)
            wall, peak, summary = run_build(corpus, base / f"out_{n}", args.jobs)
            yake = float("nan") if args.no_yake else yake_alone(paths)
            rows.append((n, mean, wall, n / wall, peak / 1024, yake, wall / yake if yake == yake else float("nan")))
            print(
                f"{n:>6} articles ({mean / 1000:.1f} kB each): build {wall:7.1f} s, {n / wall:6.1f} articles/s, "
                f"{wall / n * 1000:6.1f} ms/article, peak RSS {peak / 1024:6.0f} MB; YAKE alone {yake:7.1f} s; "
                f"build/YAKE {wall / yake:4.2f}\n        {summary}",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print("\n| articles | wall (s) | articles/s | ms/article | peak RSS (MB) | YAKE alone (s) | build/YAKE |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, _mean, wall, rate, rss, yake, ratio in rows:
        print(f"| {n} | {wall:.1f} | {rate:.1f} | {wall / n * 1000:.1f} | {rss:.0f} | {yake:.1f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
