"""What keyword extraction costs in a build, per engine, measured in the same run.

Builds FOLDER once per engine in this process (`--jobs 1`, so every CPU second is
counted here), timing each `extract_keywords` call, and prints per engine: the build's
CPU seconds, the keyword share of them, and the brief's section keywords, so that the
engines can be read side by side.

    python benchmarks/keywords.py FOLDER [--engines yake,yake-rust] [--date 2024-09-01]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from briefing.analyse import keywords
from briefing.pipeline import BuildOptions, build


def measure(folder: Path, engine: str, as_of: date, out: Path) -> tuple[float, float, int, dict[str, list[str]]]:
    """(build CPU s, keyword CPU s, calls, section keywords) of one build with `engine`."""
    keywords.use_engine(engine)
    # Each worker process pays for its imports and word lists once: not counted here,
    # or the first engine measured would carry them for both.
    keywords.extract_keywords("Tariffs on steel imports rose again, the ministry said on Monday.")
    original = keywords.extract_keywords
    spent = [0.0, 0]

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        t = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - t
            spent[1] += 1

    keywords.extract_keywords = timed  # type: ignore[assignment]
    try:
        start = time.process_time()
        result = build(BuildOptions(folder, out, jobs=1, as_of=as_of, keywords=engine))
        total = time.process_time() - start
    finally:
        keywords.extract_keywords = original  # type: ignore[assignment]
        keywords.use_engine("auto")
    sections = {s["id"]: [k["text"] for k in s["keywords"]] for s in result.data["sections"]}
    return total, spent[0], int(spent[1]), sections


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--engines", default="yake,yake-rust")
    ap.add_argument("--date", default="2024-09-01")
    ap.add_argument("--json", type=Path, help="also write the section keywords per engine here")
    args = ap.parse_args()
    as_of = date.fromisoformat(args.date)
    engines = args.engines.split(",")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            total, kw, calls, sections = measure(args.folder, engine, as_of, Path(tmp) / engine)
            rows[engine] = (total, kw, calls, sections)
            print(f"{engine:10} build CPU {total:7.1f} s, keywords {kw:7.1f} s ({kw / total:5.1%}) in {calls} calls; rest {total - kw:7.1f} s", flush=True)
    ref = engines[0]
    for engine in engines[1:]:
        print(f"{engine} / {ref}: build CPU {rows[engine][0] / rows[ref][0]:.2f}, keyword CPU {rows[engine][1] / rows[ref][1]:.2f}")
    print()
    for sid in rows[ref][3]:
        print(f"[{sid}]")
        for engine in engines:
            print(f"  {engine:10} {', '.join(rows[engine][3].get(sid, [])) or '-'}")
    if args.json:
        args.json.write_text(json.dumps({e: r[3] for e, r in rows.items()}, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
