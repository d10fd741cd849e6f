"""Document rendering of a large brief: CPU time per audience, from a built brief.json.

The analysis of a large corpus takes far longer than its documents; this script starts
from the brief.json a build wrote (`briefing build FOLDER --out OUT`) and times only what
`render_audience` does for each audience: template context, Markdown, `Doc`, the page-limit
search, DOCX and PDF. CPU time (`time.process_time`) is reported, as wall time depends on
what else the machine runs. `--profile FILE` writes a cProfile of the whole run; `--out DIR` writes the files, to compare
with those of the build.

    python benchmarks/documents.py OUT/brief.json
    python benchmarks/documents.py OUT/brief.json --repeat 3        # least CPU of 3 runs
    python benchmarks/documents.py OUT/brief.json --audience press --profile press.prof
    python benchmarks/documents.py OUT/brief.json --jobs 2 --repeat 3   # the build's render phase

`--jobs N` times what the build does instead: every audience at once, side by side in
up to N forked processes (`render_audiences`), as wall time (the median of `--repeat`
runs, as other jobs share the machine) and CPU time of the parent and its children.

`--scale K` repeats the brief's articles, quotes and section points K times (new ids),
to see how the documents grow with the week: what a page shows is capped, the source
list and who's who's candidates grow, and no step may grow faster than the input.

Target: the documents of a 1,000-article week in a few seconds of CPU in all.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.write.audience import page_count, render_audience  # noqa: E402
from briefing.write.layout import make_environment  # noqa: E402
from briefing.write.parallel import render_audiences  # noqa: E402


def scaled(data: dict[str, Any], k: int) -> dict[str, Any]:
    """The brief with its articles, quotes and section points repeated `k` times."""
    if k <= 1:
        return data

    def ids(j: int, key: str) -> str:
        return key if j == 0 else f"{key}-r{j}"

    articles = [dict(a, id=ids(j, a["id"]), parent=a.get("parent") and ids(j, a["parent"])) for j in range(k) for a in data["articles"]]
    quotes = [dict(q, id=ids(j, q["id"]), article=ids(j, q["article"])) for j in range(k) for q in data["quotes"]]
    sections = [
        dict(s, quotes=[ids(j, q) for j in range(k) for q in s["quotes"]],
             points=[dict(p, id=ids(j, p["id"]), article=ids(j, p["article"])) for j in range(k) for p in s["points"]])
        for s in data["sections"]
    ]  # fmt: skip
    return dict(data, articles=articles, quotes=quotes, sections=sections)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", type=Path, help="a brief.json written by `briefing build`")
    parser.add_argument("--audience", default="analyst,principal,press")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--scale", type=int, default=1, help="repeat the brief's articles, quotes and points K times")
    parser.add_argument("--repeat", type=int, default=1, help="runs per audience; the least CPU time is shown")
    parser.add_argument("--out", type=Path, default=None, help="write each audience's .md, .docx and .pdf here")
    parser.add_argument("--jobs", type=int, default=0, help="time all audiences rendered side by side in up to N processes")
    args = parser.parse_args()
    data = json.loads(args.brief.read_text(encoding="utf-8"))
    # What the build adds after rendering; the templates never read it.
    data.pop("dropped", None)
    data.pop("pages", None)
    data = scaled(data, args.scale)
    options = SimpleNamespace(paper="A4", reference_doc=None, templates=None, author="", pdf_engine="reportlab",
                              formats=("docx", "pdf"))  # fmt: skip
    env = make_environment(None)
    # Fonts registered and modules imported before anything is timed.
    render_audience(json.loads(json.dumps(dict(data, articles=data["articles"][:1]))), "principal", options, env)
    if args.jobs:
        return side_by_side(data, tuple(args.audience.split(",")), options, env, args.jobs, max(1, args.repeat))
    profiler = cProfile.Profile() if args.profile else None
    total = 0.0
    print(f"{'audience':<10}{'pages':>6}{'cpu s':>8}{'pdf kB':>8}{'docx kB':>9}")
    for audience in args.audience.split(","):
        runs = []
        for _ in range(max(1, args.repeat)):
            start = time.process_time()
            if profiler:
                profiler.enable()
            _md, _doc, outputs, _dropped = render_audience(data, audience, options, env)
            if profiler:
                profiler.disable()
            runs.append(time.process_time() - start)
        spent = min(runs)
        total += spent
        pages = page_count(outputs["pdf"])
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{audience}.md").write_text(_md, encoding="utf-8")
            for fmt, blob in outputs.items():
                (args.out / f"{audience}.{fmt}").write_bytes(blob)
        print(f"{audience:<10}{pages:>6}{spent:>8.2f}{len(outputs['pdf']) / 1000:>8.0f}{len(outputs['docx']) / 1000:>9.0f}")
    print(f"{'all':<10}{'':>6}{total:>8.2f}")
    if profiler and args.profile:
        profiler.dump_stats(str(args.profile))
    return 0


def _cpu() -> float:
    """CPU seconds of this process and of its children waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def side_by_side(data: dict[str, Any], audiences: tuple[str, ...], options: Any, env: Any, jobs: int, repeat: int) -> int:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), _cpu()
        render_audiences(data, audiences, options, env, jobs, lambda: None)
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    print(f"{','.join(audiences)} with --jobs {jobs}: wall {statistics.median(walls):.2f} s (median of {repeat}: "
          f"{', '.join(f'{w:.2f}' for w in walls)}), cpu {statistics.median(cpus):.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
