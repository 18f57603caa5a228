"""Extraction on several processes, or on a Dask cluster.

The parse and the taggers are CPU-bound Python/Cython: threads do not help, so documents
go to worker processes in chunks, each worker loading the pipeline once. Workers parse in
spaCy memory zones (``nlp.pipeline``), and the pool is replaced by a fresh one every
``_RECYCLE_CHUNKS`` chunks, so a long build's workers do not grow either. With
``dask_address`` the same chunks go to a Dask scheduler (a LocalCluster on one machine, a
real cluster unchanged); dask is the optional extra ``provgraph[dask]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice

from .config import Config
from .errors import ConfigError
from .model import Document, Extraction

__all__ = ["InputWarning", "extract_parallel"]


class InputWarning(str):
    """A warning line from a worker (an input read only in part), told from error lines."""

    __slots__ = ()

_CHUNK = 16
#: chunks a pool of worker processes extracts before it is replaced by a fresh one
_RECYCLE_CHUNKS = 128


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while chunk := list(islice(it, size)):
        yield chunk


def _extract_chunk(chunk: list[Document], config: Config) -> list[Extraction | str]:
    """Runs in a worker: each document's Extraction, or a one-line error for it, and the
    warnings of the length caps; each extraction under ``config.time_budget``."""
    from .batch import time_budget
    from .nlp import annotate_many
    from .nlp.pipeline import WARNINGS
    from .pipeline import extract_from_doc

    out: list[Extraction | str] = []
    try:
        for document, doc in annotate_many(chunk, config, zones=True):
            name = document.path or document.id
            out.extend(InputWarning(f"{name}: {w}") for w in doc.user_data.get(WARNINGS, ()))
            try:
                with time_budget(config.time_budget):
                    out.append(extract_from_doc(document, doc, config))
            except TimeoutError as e:
                out.append(f"{name}: skipped, {e} per article; raise it with --time-budget")
    except Exception:  # noqa: BLE001 - redo one by one so one bad article costs only itself
        out = []
        from .pipeline import extract

        for document in chunk:
            try:
                with time_budget(config.time_budget):
                    out.append(extract(document, config))
            except TimeoutError as e:
                out.append(f"{document.path or document.id}: skipped, {e} per article; "
                           "raise it with --time-budget")
            except Exception as e:  # noqa: BLE001
                out.append(f"{document.path or document.id}: extraction failed "
                           f"({type(e).__name__}: {e}); please report this article")
    return out


def extract_parallel(documents: Iterable[Document], config: Config,
                     dask_address: str | None = None) -> Iterator[Extraction | str]:
    """Extractions (or per-document error lines) in input order, on ``config.workers``
    processes or on the Dask scheduler at ``dask_address``."""
    chunks = _chunks(documents, _CHUNK)
    if dask_address:
        yield from _on_dask(chunks, config, dask_address)
        return
    while (first := next(chunks, None)) is not None:
        # a fresh pool every _RECYCLE_CHUNKS chunks: whatever a worker's heap kept past the
        # memory zones (fragments, caches) goes with it; reloading the model costs ~1 %
        yield from _on_pool(chain([first], islice(chunks, _RECYCLE_CHUNKS - 1)), config)


def _on_pool(chunks: Iterable[list[Document]], config: Config) -> Iterator[Extraction | str]:
    with ProcessPoolExecutor(max_workers=config.workers) as pool:
        pending = []
        for chunk in chunks:
            pending.append(pool.submit(_extract_chunk, chunk, config))
            if len(pending) >= 2 * config.workers:  # bounded: a corpus need not fit in memory
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def _dask_result(chunk: list[Document], fut, budget: float  # type: ignore[no-untyped-def]
                 ) -> list[Extraction | str]:
    """A chunk's results, or one error line per document when the chunk overruns its budget.

    A Dask worker runs tasks off its main thread, where the per-article alarm cannot fire;
    so the chunk as a whole gets the articles' budgets (plus a parse allowance) and the
    batch goes on without it when it takes longer.
    """
    if budget <= 0:
        return list(fut.result())
    limit = max(budget * len(chunk) * 2, _DASK_MIN_WAIT)
    try:
        return list(fut.result(timeout=limit))
    except TimeoutError:
        fut.cancel()
        return [f"{d.path or d.id}: skipped, its chunk ran over {limit:g} s on Dask "
                "(the articles' time budget); raise it with --time-budget" for d in chunk]


_DASK_MIN_WAIT = 1.0


def _on_dask(chunks: Iterator[list[Document]], config: Config, address: str
             ) -> Iterator[Extraction | str]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise ConfigError("--dask needs dask: pip install 'provgraph[dask]'") from None
    if address == "local":
        from dask.distributed import LocalCluster

        cluster = LocalCluster(n_workers=config.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        cluster = None
        client = Client(address)
    try:
        submitted = [(chunk, client.submit(_extract_chunk, chunk, config, pure=False))
                     for chunk in chunks]
        for chunk, fut in submitted:
            yield from _dask_result(chunk, fut, config.time_budget)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
