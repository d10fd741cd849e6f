"""Run the quote extractor over a JSONL of articles; report speed and peak memory.

In: `--in` a JSONL file, one `{"id": ..., "text": ...}` per line (paragraphs separated by
blank lines). Out: `--out` a JSONL file, one `{"id": ..., "quotes": [{"text", "speaker",
"role"}]}` per input line, in the scorer's format. Prints paragraphs per second (blank-line
separated blocks, extraction time only) and peak resident memory.

    python benchmarks/quotes.py --in paragraphs.jsonl --out pred.jsonl [--repeat 3]
        [--speaker mention|resolved] [--hostile [--size CHARS]]

`--hostile` then times the extractor on hostile shapes (unpaired straight and curly
marks, nesting, guillemets, corner brackets, apostrophe floods, one paragraph of 1 MB
with no sentence end, many short quotes) in the same process, in CPU microseconds per
character: the target is at most 3 us/char on any shape, with the news rate above as
the reference measured in the same run.

`--speaker` picks what goes in each prediction's "speaker" field:
  mention   (default) `Quote.mention`, the speaker as the text names them at the cue
            ("he", "the senator", "Mr. Osei"); what annotated corpora such as PolNeAR
            mark as the source, so this is the number comparable with their scorers.
  resolved  `Quote.speaker`, the resolved person (full name as first given), which is
            what the brief shows; scored against mention-level gold it loses where the
            gold pronoun's coreference differs from ours.
Report both, e.g. with the dev scorer:

    python benchmarks/quotes.py --in DEV/paragraphs.jsonl --out m.jsonl --speaker mention
    python DEV/score.py score --gold DEV/gold.jsonl --pred m.jsonl
    python benchmarks/quotes.py --in DEV/paragraphs.jsonl --out r.jsonl --speaker resolved
    python DEV/score.py score --gold DEV/gold.jsonl --pred r.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.analyse.quotes import extract_quotes  # noqa: E402

_BLOCK_RE = re.compile(r"\n[ \t]*\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog=__doc__[__doc__.index("`--speaker`"):],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="inp", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--repeat", type=int, default=1,
                    help="extract this many times and report the best speed (hostile shapes too)")
    ap.add_argument("--speaker", choices=("mention", "resolved"), default="mention",
                    help="write the speaker as named at the cue (mention, default) or the "
                         "resolved person (resolved); see below")
    ap.add_argument("--hostile", action="store_true",
                    help="also time hostile shapes, in CPU microseconds per character")
    ap.add_argument("--size", type=int, default=300_000,
                    help="characters per hostile shape (default 300,000; the 1 MB one is 1 MB)")
    args = ap.parse_args(argv)

    rows = [json.loads(line) for line in args.inp.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    n_paras = sum(sum(1 for b in _BLOCK_RE.split(r["text"]) if b.strip()) for r in rows)
    best = best_cpu = float("inf")
    results: list[tuple] = []
    for _ in range(max(1, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        results = [extract_quotes(r["text"]) for r in rows]
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    with args.out.open("w", encoding="utf-8") as f:
        for row, quotes in zip(rows, results):
            f.write(json.dumps({"id": row["id"], "quotes": [
                {"text": q.text, "role": q.role,
                 "speaker": q.mention if args.speaker == "mention" else q.speaker}
                for q in quotes
            ]}, ensure_ascii=False) + "\n")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n_quotes = sum(len(q) for q in results)
    print(f"articles={len(rows)} paragraphs={n_paras} quotes={n_quotes}")
    # wall-clock and CPU-time rates: on a shared machine the CPU rate is the stable one
    print(f"speed={n_paras / best:,.0f} paragraphs/s wall ({best:.3f} s), "
          f"{n_paras / best_cpu:,.0f} paragraphs/s cpu ({best_cpu:.3f} s)")
    print(f"peak_rss={peak_kib / 1024:.1f} MiB")
    if args.hostile:
        print(f"{'shape':<28} {'chars':>9} {'quotes':>7} {'us/char':>8}")
        for name, text in hostile_shapes(args.size):
            cpu = float("inf")
            for _ in range(max(1, args.repeat)):
                c0 = time.process_time()
                found = extract_quotes(text)
                cpu = min(cpu, time.process_time() - c0)
            per_char = cpu / len(text) * 1e6
            print(f"{name:<28} {len(text):>9,} {len(found):>7} {per_char:>8.2f}", flush=True)
    return 0


def _fill(unit: str, size: int, lead: str = "The minister said ") -> str:
    return lead + unit * max(1, (size - len(lead)) // len(unit))


def hostile_shapes(size: int) -> list[tuple[str, str]]:
    """(name, text) of each hostile shape, about `size` characters each."""
    said = "\u201cWe will not accept it,\u201d the minister said, \u201cand we never have.\u201d "
    return [
        ("unpaired straight", _fill('"a ', size)),
        ("unpaired curly open", _fill("\u201ca ", size)),
        ("unpaired curly close", _fill("a\u201d ", size)),
        ("doubled apostrophes", _fill("''a ", size)),
        ("apostrophe flood", _fill("'a' b's ", size)),
        ("nested marks", _fill("\u201cthe minister said \u2018", size // 2) + "\u2019\u201d" * (size // 40)),
        ("nested, closed", _fill("\u201cHe said \u2018she said \u201cno\u201d\u2019 today,\u201d Lee said. ", size)),
        ("guillemets", _fill("\u00ab a \u00bb b \u00ab ", size)),
        ("corner brackets", _fill("\u300c\u4f60\u597d\u300d\u4ed6\u8bf4\u3002", size)),
        ("many short quotes", _fill("\u201cYes,\u201d he said. ", size)),
        ("short quotes, it said", _fill("\u201cNo comment,\u201d it said. ", size)),
        ("short quotes, she said", _fill("\u201cNo,\u201d she said. ", size)),
        ("long cued quotes", _fill(said, size)),
        ("1 MB, no sentence end", _fill("\u201cwe disagree\u201d said Lee and ", 1_000_000, "")),
        ("1 MB, unpaired, no end", _fill("Lee said \u201cno and ", 1_000_000, "")),
        ("speech verbs, one quote", _fill("Lee said and ", size, "") + "\u201cWe will see what happens next.\u201d"),
        ("names, one quote", _fill("Lee Kim, a senior official, said ", size, "")
         + "\u201cWe will see what happens next,\u201d he said."),
        ("participles", _fill("\u201cWe will see,\u201d Lee Kim Park said, adding ", size)),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
