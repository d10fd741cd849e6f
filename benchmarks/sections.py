"""Build a brief from a labelled folder of real articles and score it.

In: a folder laid out like the labelled dev set (`articles/` with the texts, `gold.json`
with each article's sections, quotes and key facts, `score_brief.py` the scorer).
Out: the scorer's figures, then one line per article: verdict, the sections the brief
gave it, the gold sections, and the reason when it was set aside; `--quotes` adds, per
article, the gold quotes the brief missed or attributed to someone else.

    python benchmarks/sections.py [--eval DIR] [--out DIR] [--quotes]

`--eval` defaults to `../shared/eval/sections-dev` beside the project. The folder is only
read: nothing of it is copied into the project.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.pipeline import BuildOptions, build  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "sections-dev"
SCORED = {"trade", "taiwan", "russia", "military_channels", "south_china_sea", "fentanyl"}


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(s.split()).lower().strip(" \"'.,;:!?")


def _lines(data: dict, gold: dict[str, dict], quotes: bool) -> list[str]:
    out = []
    by_article: dict[str, list[dict]] = {}
    for q in data["quotes"]:
        by_article.setdefault(q["article"], []).append(q)
    for a in data["articles"]:
        if a.get("parent"):
            continue
        name = Path(a["source"]).name
        g = gold.get(name)
        if g is None:
            continue
        want = sorted(set(g["sections"]) & SCORED)
        got = sorted(set(a.get("sections") or []) & SCORED)
        off = g["sections"] == ["off_topic"]
        ok_verdict = (a["status"] == "used") != off
        mark = " " if ok_verdict and want == got else "x"
        reason = f" — {a['reason']}" if a.get("reason") else ""
        out.append(f"{mark} {name[:52]:52} {a['status']:9} got={','.join(got) or '-':28} gold={','.join(want) or ('off_topic' if off else '-')}{reason}")
        if quotes and not off:
            mine = by_article.get(a["id"], [])
            for gq in g["quotes"]:
                if gq.get("truncated") or gq.get("partial"):
                    continue  # the scorer requires neither
                hit = next((q for q in mine if _norm(q["text"]) == _norm(gq["text"]) or _norm(gq["text"]) in _norm(q["text"])), None)
                if hit is None:
                    out.append(f"      missed: {gq['text'][:70]!r} ({gq['speaker']})")
                elif gq["speaker"].split()[-1].lower() not in _norm(hit["speaker"]):
                    out.append(f"      speaker: {gq['text'][:50]!r} gold {gq['speaker']!r} / {gq.get('role')!r}, got {hit['speaker']!r} / {hit['role']!r}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="labelled folder (articles/, gold.json, score_brief.py)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the brief (default: a temporary folder)")
    parser.add_argument("--date", default="2024-09-01", help="as-of date of the build")
    parser.add_argument("--quotes", action="store_true", help="list missed and misattributed gold quotes per article")
    args = parser.parse_args()
    articles = args.eval / "articles"
    if not articles.is_dir():
        print(f"sections.py: {articles}: no such folder (pass --eval)", file=sys.stderr)
        return 2
    gold = {g["file"]: g for g in json.loads((args.eval / "gold.json").read_text(encoding="utf-8"))}
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        t0 = time.perf_counter()
        build(BuildOptions(input_dir=articles, out_dir=out, as_of=date.fromisoformat(args.date), jobs=1, formats=("pdf",) if args.out else ()))
        took = time.perf_counter() - t0
        brief = out / "brief.json"
        data = json.loads(brief.read_text(encoding="utf-8"))
        score = subprocess.run([sys.executable, str(args.eval / "score_brief.py"), str(brief)], capture_output=True, text=True)
    print(score.stdout.rstrip())
    print(f"build: {took:.1f} s for {len(gold)} articles")
    print()
    print("\n".join(_lines(data, gold, args.quotes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
