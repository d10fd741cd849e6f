"""The process pool gives the same brief as one process, byte for byte."""

from __future__ import annotations

from pathlib import Path

from seedkit import AS_OF, SEEDS


def test_jobs_one_and_two_write_the_same_files(tmp_path: Path) -> None:
    from briefing.pipeline import POOL_THRESHOLD, BuildOptions, build

    corpus = tmp_path / "in"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    # Enough files for the pool; copies of one seed under several outlets (wire copies),
    # and the rest with their paragraphs in another order (other stories).
    for i in range(POOL_THRESHOLD + 4):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        if i >= len(seeds) and i % 3:
            head, *paras = text.split("\n\n")
            text = "\n\n".join([head, *reversed(paras)])
        (corpus / f"story{i:02d}.txt").write_text(f"Source: Outlet {i % 4}\nDate: 2024-04-{20 + i % 6}\n\n" + text, encoding="utf-8")
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        build(BuildOptions(input_dir=corpus, out_dir=out, audiences=("analyst",), formats=("pdf",), as_of=AS_OF, jobs=jobs))
        outs.append(out)
    for name in ("brief.json", "analyst.md", "analyst.pdf"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    assert '"copy_group": "a01"' in (outs[0] / "brief.json").read_text(encoding="utf-8")
