"""--executor dask: the articles analysed on a Dask cluster give the brief one process
gives, byte for byte; the configuration reaches the workers as data; a missing package
or an unreachable scheduler is one line with the configuration exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from seedkit import AS_OF, SEEDS

distributed = pytest.importorskip("distributed", reason="distributed is not installed (pip install 'briefing[dask]')")


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    # Threads, not processes: two workers start in a second and see the code under test.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


def test_a_dask_cluster_gives_the_same_brief_as_one_process(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    from briefing.pipeline import BuildOptions, build

    outs = []
    with distributed.Client(cluster) as client, distributed.get_task_stream(client) as stream:
        for name, extra in (("local", {"jobs": 1}), ("dask", {"executor": "dask", "scheduler": cluster.scheduler_address})):
            out = tmp_path / name
            build(BuildOptions(input_dir=SEEDS, out_dir=out, audiences=("analyst",), formats=("pdf",), as_of=AS_OF, **extra))
            outs.append(out)
    ran = [t for t in stream.data if str(t["key"]).startswith("analyse_batch")]
    assert ran, "no article was analysed on the cluster"
    for name in ("brief.json", "analyst.md", "analyst.pdf"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_an_article_that_breaks_is_set_aside_on_the_cluster(tmp_path: Path, cluster, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """As in the local pool: the brief is built, the article listed with why."""
    import json

    from briefing import workers
    from briefing.pipeline import BuildOptions, build

    real = workers.analyse_document

    def breaks_on_a02(article_id, *args):  # type: ignore[no-untyped-def]
        if article_id == "a02":
            raise RuntimeError("a bug")
        return real(article_id, *args)

    monkeypatch.setattr(workers, "analyse_document", breaks_on_a02)  # the workers are threads here
    out = tmp_path / "o"
    build(BuildOptions(input_dir=SEEDS, out_dir=out, audiences=("principal",), formats=(), as_of=AS_OF, executor="dask", scheduler=cluster.scheduler_address))
    rows = {a["id"]: a for a in json.loads((out / "brief.json").read_text(encoding="utf-8"))["articles"]}
    assert rows["a02"]["status"] == "off_topic" and rows["a02"]["reason"] == "could not be analysed (RuntimeError)"
    assert rows["a01"]["status"] == "used"


def test_a_worker_needs_no_configuration_file(tmp_path: Path) -> None:
    """The batch carries the taxonomy and rules as loaded: a worker reads no path."""
    from briefing.analyse import clean
    from briefing.config import load_taxonomy
    from briefing.dask_executor import analyse_batch
    from briefing.model import Document
    from briefing.workers import _init_worker, analyse_pooled

    custom = tmp_path / "taxonomy.toml"
    shipped = (Path(__file__).resolve().parent.parent / "templates" / "taxonomy.toml").read_text(encoding="utf-8")
    # A taxonomy no story satisfies: the worker's verdicts show which one it used.
    custom.write_text(shipped.replace("min_assigned_sentences = 2", "min_assigned_sentences = 1000", 1), encoding="utf-8")
    config = (load_taxonomy(custom), clean.load_rules(None), "yake")
    custom.unlink()  # as on another machine
    seed = sorted(SEEDS.glob("*.txt"))[0]
    task = ("a01", Document(seed.name, seed.read_text(encoding="utf-8"), "txt"))
    [sent] = analyse_batch(config, [task])
    _init_worker(None, None, "yake")
    shipped_result = analyse_pooled(task)
    assert shipped_result.stories[0].verdict.on_topic
    assert not any(s.verdict.on_topic for s in sent.stories)


def _cli(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from briefing.cli import app

    result = CliRunner().invoke(app, ["build", str(SEEDS), *args])
    return result.exit_code, result.output.strip()


def test_dask_without_distributed_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    code, output = _cli("--out", str(tmp_path / "o"), "--executor", "dask")
    assert (code, output) == (3, "briefing: --executor dask: needs the 'distributed' package (pip install 'briefing[dask]')")
    assert not (tmp_path / "o" / "brief.json").exists()


def test_bad_executor_options_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing import dask_executor

    out = str(tmp_path / "o")
    assert _cli("--out", out, "--executor", "spark") == (3, "briefing: --executor spark: expected local or dask")
    assert _cli("--out", out, "--scheduler", "tcp://127.0.0.1:1") == (3, "briefing: --scheduler tcp://127.0.0.1:1: needs --executor dask")
    assert _cli("--out", out, "--keywords", "rake")[0] == 3
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 1)
    code, output = _cli("--out", out, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1", "--jobs", "1")
    assert code == 3 and output.startswith("briefing: --scheduler tcp://127.0.0.1:1: cannot connect"), output
    assert "\n" not in output
