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


def test_assembly_takes_each_analysis_as_it_arrives(tmp_path: Path, monkeypatch: object) -> None:
    """The parent assembles while the workers go on: each analysis is taken in before
    the next article is analysed (one process here), so the build never holds the
    corpus's analyses at once."""
    import briefing.pipeline as pipeline
    from briefing.brief.assemble import Assembly

    corpus = tmp_path / "in"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    analysed: list[str] = []
    taken: list[tuple[str, int]] = []
    analyse, add = pipeline.analyse_task, Assembly.add

    def counting_analyse(task: tuple[str, object]) -> object:
        analysed.append(task[0])
        return analyse(task)  # type: ignore[arg-type]

    def recording_add(self: Assembly, analysis: object) -> None:
        taken.append((analysis.id, len(analysed)))  # type: ignore[attr-defined]
        add(self, analysis)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyse_task", counting_analyse)  # type: ignore[attr-defined]
    monkeypatch.setattr(Assembly, "add", recording_add)  # type: ignore[attr-defined]
    pipeline.build(pipeline.BuildOptions(input_dir=corpus, out_dir=tmp_path / "out", audiences=("principal",), formats=("pdf",), as_of=AS_OF, jobs=1))
    assert [aid for aid, _ in taken] == analysed == sorted(analysed)
    # The n-th analysis is taken in when n articles have been analysed, not all of them.
    assert [n for _, n in taken] == list(range(1, len(analysed) + 1))
