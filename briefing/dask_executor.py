"""The per-article analysis on Dask distributed: beyond one machine's cores.

In: the analysis tasks (article id, `Document`) and the run's configuration. Out: their
`DocAnalysis` results, in task order, as `Workers.map` gives them, so the brief is the
same byte for byte as with the local pool.

Reading stays on this machine (it opens the input folder's files, which the workers
need not see); only the analysis, a pure function of (article, configuration), goes to
the cluster. The configuration travels as data, the taxonomy and cleaning rules as
loaded here, never as paths: a worker on another machine has none of this machine's
files. It is sent once to every worker, and tasks refer to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from briefing.analyse import clean as cleaning
from briefing.analyse import keywords
from briefing.config import load_taxonomy
from briefing.errors import BriefingError, ConfigError
from briefing.model import DocAnalysis, Document
from briefing.workers import _WORKER, Workers, analyse_pooled, analyse_task

__all__ = ["DaskWorkers"]

T = TypeVar("T")
R = TypeVar("R")
# Seconds to wait for the scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = 20


def _client_class() -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--executor dask: needs the 'distributed' package (pip install 'briefing[dask]')") from None
    return Client


def analyse_batch(config: tuple[Any, Any, str], tasks: list[tuple[str, Document]]) -> list[DocAnalysis]:
    """On a worker: analyse a batch of articles with the configuration sent to it."""
    taxonomy, rules, engine = config
    if engine == "yake-rust":
        # Missing here, it would set every article aside one by one: fail the batch.
        import yake_rust  # noqa: F401
    # Sent once per worker, so these are the same objects from batch to batch.
    _WORKER.update(taxonomy=taxonomy, rules=rules, key=("sent", id(config)))
    keywords.use_engine(engine)
    return [analyse_pooled(t) for t in tasks]


class DaskWorkers(Workers):
    """`Workers` whose article analysis runs on a Dask cluster: the one at `scheduler`,
    or, without one, a `LocalCluster` of `jobs` worker processes started here."""

    def __init__(self, jobs: int, init: tuple[Any, ...], scheduler: str | None = None, processes: bool = True) -> None:
        super().__init__(jobs, init)
        self.scheduler = scheduler
        self.processes = processes
        self.client: Any = None
        self.cluster: Any = None

    def _connect(self) -> Any:
        if self.client is not None:
            return self.client
        client_class = _client_class()
        if self.scheduler is None:
            from distributed import LocalCluster

            self.cluster = LocalCluster(
                n_workers=self.jobs,
                threads_per_worker=1,
                processes=self.processes,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = client_class(self.cluster)
        else:
            try:
                self.client = client_class(self.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as err:
                raise ConfigError(f"--scheduler {self.scheduler}: cannot connect ({err.__class__.__name__}: {err})") from None
        return self.client

    def map(self, fn: Callable[[T], R], items: list[T], tick: Callable[[], None]) -> Iterator[R]:
        if fn not in (analyse_task, analyse_pooled):
            # Reading opens this machine's files: the local pool does it.
            yield from super().map(fn, items, tick)
            return
        yield from self._analyse(items, tick)  # type: ignore[arg-type,misc]

    def _analyse(self, items: list[tuple[str, Document]], tick: Callable[[], None]) -> Iterator[DocAnalysis]:
        super().close()  # the local pool has read everything
        if not items:
            return
        from distributed import as_completed

        client = self._connect()
        taxonomy_path, rules_path, engine = self.init
        # The engine named, not "auto": a worker without the Rust wheel must not quietly
        # pick other keywords than this machine would.
        config = (load_taxonomy(taxonomy_path), cleaning.load_rules(rules_path), _resolved(engine))
        [shared] = client.scatter([config], broadcast=True)
        workers = max(1, len(client.scheduler_info().get("workers", {})) or self.jobs)
        # Batches amortise the scheduler's per-task cost (about a millisecond) yet leave
        # enough of them that every worker stays busy to the end.
        size = max(1, min(16, len(items) // (workers * 8)))
        batches = [items[i : i + size] for i in range(0, len(items), size)]
        items.clear()
        futures = client.map(analyse_batch, [shared] * len(batches), batches, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        del batches
        done: dict[int, list[DocAnalysis]] = {}
        following = 0
        try:
            # Results are taken as they arrive (and released on the cluster at once);
            # they are handed on in task order, as the local pool does.
            for future in as_completed(futures):
                done[index[future.key]] = future.result()
                future.release()
                while following in done:
                    for result in done.pop(following):
                        yield result
                        tick()
                    following += 1
        except BaseException as err:
            client.cancel(futures)
            if isinstance(err, Exception) and not isinstance(err, BriefingError):
                raise BriefingError(f"the Dask cluster failed to analyse the articles ({err.__class__.__name__}: {err})") from None
            raise

    def close(self) -> None:
        super().close()
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def stop(self) -> None:
        super().stop()
        self.close()


def _resolved(engine: str) -> str:
    keywords.use_engine(engine)
    return keywords.engine()
