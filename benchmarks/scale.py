"""How `briefing build` scales with a newsroom's week: 1,000 and 4,000 articles by default.

The corpus (`--corpus realistic`, the default) is a realistic week invented from word
lists (`corpus.py`): distinct sentences, about nine quotes per article from distinct
speakers, wire copies of a fifth of the stories in 2 to 20 outlets, a quarter off topic,
page chrome. `--corpus seeds` keeps the older corpus of the five seeds shuffled (its
quotes and sentences repeat, so it hides what grows with distinct material).

Per size it runs `briefing build` as a subprocess and reports wall time, CPU time of the
build's process tree (user + sys), articles per second, peak memory of the process
tree (proportional set sizes: pages a forked child shares with the parent counted once)
and the resident memory of the parent alone, and the reference: one process doing only what
cannot be avoided, reading the files and running the keyword extractor on exactly the
characters the build passes it (recorded by running the per-article analysis with the
extractor replaced by a recorder, untimed), with the ratio build / reference. Where the
sizes hold n and 4n it prints the growth check (wall and CPU ratio, must stay below 5x).
It also times two per-article costs that once were timed unit tests: wire-copy grouping
of 1,500 long texts, and reading dates.

    python benchmarks/scale.py                          # 1,000 and 4,000 articles
    python benchmarks/scale.py --sizes 500,2000 --stub-keywords --no-yake
    python benchmarks/scale.py --sizes 10000 --repeat 1 --keep DIR

`--stub-keywords` builds with the keyword extractor returning nothing, to see how the
rest of the build grows; `--no-yake` skips the reference.

Targets on a 2-core machine: 1,000 articles <= 15 s, 10,000 <= 150 s, time per article
flat with size, no growth ratio from n to 4n at or above 5x.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus as realistic  # noqa: E402  (benchmarks/corpus.py)

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


def make_seed_corpus(folder: Path, n: int) -> list[Path]:
    seeds = _seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"article_{i:05d}.txt"
        if not p.exists():
            p.write_text(make_article(i, seeds), encoding="utf-8")
        paths.append(p)
    return paths


def _tree_rss_kb(root_pid: int) -> tuple[int, int]:
    """Memory of a process and all its descendants (their proportional set sizes, see
    `_pss_kb`), and the resident memory of the process alone, from /proc (kB)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
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
        rss[int(entry)] = pages * page_kb
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += _pss_kb(pid, rss.get(pid, 0))
        stack.extend(children.get(pid, []))
    return total, rss.get(root_pid, 0)


def _pss_kb(pid: int, rss_kb: int) -> int:
    """A process's proportional set size: its resident pages, each page it shares with
    other processes counted in shares. The build forks children (the weekly blocks, one
    per audience) whose pages are the parent's until written: summing their RSS would
    count those pages once per process. RSS where the kernel gives no PSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss_kb


# The build with the keyword extractor returning nothing: workers are forked from this
# process (or import the patched module state through it), so they see the stub too.
_STUBBED = (
    "import sys; import briefing.analyse.keywords as k; k.extract_keywords = lambda *a, **kw: (); "
    "from briefing.cli import main; sys.argv[0] = 'briefing'; sys.exit(main())"
)


@dataclass
class Run:
    wall: float
    cpu: float
    peak_kb: int
    parent_kb: int
    summary: str


def run_build(corpus: Path, out: Path, jobs: int, stub: bool) -> Run:
    """One build as a subprocess: wall, CPU of its process tree, peak memory (tree PSS, parent RSS), summary line."""
    head = [sys.executable, "-c", _STUBBED] if stub else [sys.executable, "-m", "briefing"]
    cmd = head + ["build", str(corpus), "--out", str(out), "--date", AS_OF.isoformat(), "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    peak = parent = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    done = threading.Event()

    def poll() -> None:
        nonlocal peak, parent
        while not done.is_set():
            tree, alone = _tree_rss_kb(proc.pid)
            peak, parent = max(peak, tree), max(parent, alone)
            done.wait(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The build waits for its workers, so their CPU is in its children's usage.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"build of {corpus.name} failed ({proc.returncode}): {stderr.strip().splitlines()[-1:]}")
    summary = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    return Run(wall, cpu, peak, parent, summary)


def keyword_inputs(paths: list[Path], corpus: Path) -> list[tuple[tuple[object, ...], dict[str, object]]]:
    """The calls the build makes to the keyword extractor for these files, recorded by
    running the per-article analysis with a recorder in the extractor's place (untimed):
    exactly the characters, and the limit, the build gives it."""
    from briefing.analyse import clean, keywords
    from briefing.analyse.article import analyse_document
    from briefing.config import load_taxonomy
    from briefing.workers import read_task

    taxonomy, rules = load_taxonomy(None), clean.load_rules(None)
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = []
    real = keywords.extract_keywords
    keywords.extract_keywords = lambda *a, **kw: calls.append((a, kw)) or ()  # type: ignore[assignment]
    try:
        for i, p in enumerate(paths):
            docs = read_task((p, p.relative_to(corpus).as_posix()))
            for d in docs if isinstance(docs, list) else ():
                analyse_document(f"a{i}", d, taxonomy, rules)
    finally:
        keywords.extract_keywords = real  # type: ignore[assignment]
    return calls


def reference(paths: list[Path], corpus: Path) -> float:
    """Seconds one process takes to do what no build can avoid: read the files (with
    the build's readers) and run the keyword extractor on what the build gives it."""
    from briefing.analyse import keywords
    from briefing.workers import read_task

    calls = keyword_inputs(paths, corpus)
    keywords.extract_keywords("warm up the extractor")
    start = time.perf_counter()
    for p in paths:
        read_task((p, p.relative_to(corpus).as_posix()))
    for a, kw in calls:
        keywords.extract_keywords(*a, **kw)  # type: ignore[arg-type]
    return time.perf_counter() - start


def per_article_checks() -> None:
    """Wire-copy grouping of 1,500 long random texts plus one trimmed copy (was a timed
    unit test: under 8 s), and date reading per seed article (under 15 ms)."""
    import random

    from briefing.brief.dates import find_date_mentions
    from briefing.brief.dedupe import duplicate_groups

    rnd = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    texts = [(f"a{i:04d}", " ".join(rnd.choices(vocab, k=600))) for i in range(1500)]
    base = texts[0][1].split()
    texts.append(("copy", " ".join(base[:-20] + ["extra", "tail"])))
    start = time.perf_counter()
    groups = duplicate_groups(texts)
    took = time.perf_counter() - start
    found = ("a0000", "copy") in groups and sum(len(g) > 1 for g in groups) == 1
    print(f"wire copies of 1,500 long texts: {took:.2f} s (target < 8 s), copy found alone: {found}")
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    start = time.perf_counter()
    for _ in range(10):
        for t in seeds:
            find_date_mentions(t, 0, len(t), AS_OF)
    per = (time.perf_counter() - start) / (10 * len(seeds))
    print(f"dates read per seed article: {per * 1000:.1f} ms (target < 15 ms)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,4000", help="comma-separated corpus sizes (default: 1000,4000)")
    ap.add_argument("--corpus", choices=("realistic", "seeds"), default="realistic", help="which corpus (default: realistic)")
    ap.add_argument("--repeat", type=int, default=1, help="builds per size; the median is reported (default: 1)")
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for the build (default: number of cores)")
    ap.add_argument("--keep", type=Path, help="build corpora here and keep them (default: a temporary folder)")
    ap.add_argument("--no-yake", action="store_true", help="skip the reference (reading + keywords alone)")
    ap.add_argument("--stub-keywords", action="store_true", help="build with the keyword extractor returning nothing")
    ap.add_argument("--no-checks", action="store_true", help="skip the per-article timings")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    base = args.keep or Path(tempfile.mkdtemp(prefix="briefing-scale-"))
    make = make_seed_corpus if args.corpus == "seeds" else realistic.make_corpus
    if not args.no_checks:
        per_article_checks()
    rows: dict[int, tuple[float, float, float, float, float, float]] = {}
    try:
        for n in sizes:
            corpus = base / f"{args.corpus}_{n}"
            paths = make(corpus, n)
            mean = sum(p.stat().st_size for p in paths) / len(paths)
            runs = [run_build(corpus, base / f"out_{n}", args.jobs, args.stub_keywords) for _ in range(max(1, args.repeat))]
            wall = statistics.median(r.wall for r in runs)
            cpu = statistics.median(r.cpu for r in runs)
            peak = max(r.peak_kb for r in runs) / 1024
            parent = max(r.parent_kb for r in runs) / 1024
            ref = float("nan") if args.no_yake else reference(paths, corpus)
            rows[n] = (wall, cpu, peak, parent, ref, wall / ref)
            print(
                f"{n:>6} articles ({mean / 1000:.1f} kB each): build {wall:7.1f} s (CPU {cpu:7.1f} s), {n / wall:6.1f} articles/s, "
                f"peak PSS {peak:5.0f} MB (parent RSS {parent:5.0f} MB); reference {ref:6.1f} s; build/reference {wall / ref:4.2f}\n"
                f"        {runs[0].summary}",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print("\n| articles | wall (s) | CPU (s) | articles/s | peak PSS, all processes (MB) | parent RSS (MB) | reference (s) | build/reference |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, (wall, cpu, peak, parent, ref, ratio) in rows.items():
        print(f"| {n:,} | {wall:.1f} | {cpu:.1f} | {n / wall:.1f} | {peak:.0f} | {parent:.0f} | {ref:.1f} | {ratio:.2f} |")
    failed = False
    for n in rows:
        if 4 * n in rows:
            wall_ratio, cpu_ratio = rows[4 * n][0] / rows[n][0], rows[4 * n][1] / rows[n][1]
            ok = wall_ratio < 5 and cpu_ratio < 5
            failed |= not ok
            print(f"growth {n:,} -> {4 * n:,}: wall x{wall_ratio:.2f}, CPU x{cpu_ratio:.2f} ({'ok' if ok else 'SUPER-LINEAR'}: must stay below x5)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
