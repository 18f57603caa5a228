"""build: files → extractions → the folder's store → attributions.jsonl, chains.html.

Each input that cannot be read (or that trips the extractor, or takes longer than
``Config.time_budget`` seconds to extract) is recorded as a one-line error naming the file
and the reason, and the batch goes on; an input read only in part (cut or split by the
caps of ``nlp.pipeline``) is recorded as a warning. Articles stream into the store in
bounded batches; each article's named graph is replaced in one transaction, and every
output file is written beside its final name and then renamed, so a failed or interrupted
run leaves the previous outputs whole (and the store holds every article written before
the failure). Building into an existing output folder keeps the articles already there (a
re-built article replaces its own graph) and reads or writes nothing of theirs.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape as html_escape
from pathlib import Path
from typing import TypeVar

from pyoxigraph import NamedNode

from . import __version__
from .config import Config
from .corpus import load_corpus
from .crossdoc import INDEX_FILE, link_store
from .errors import InputError, OutputError, StoreError
from .ingest import iter_documents
from .model import Chain, Document, Extraction
from .nlp import annotate_many
from .nlp.pipeline import WARNINGS, load_nlp
from .parallel import InputWarning, extract_parallel
from .pipeline import extract_from_doc
from .rdf import extraction_quads, iris, run_graph
from .store import Store, open_store
from .store.base import FOLDER_POINTER, FOLDER_STORE, add_derived, folder_store_spec
from .store.chainfacts import add_chain_records, ensure_derived
from .store.oxigraph import OxigraphStore
from .viz import write_chains_html

__all__ = ["BuildReport", "build", "extract_paths", "time_budget"]

T = TypeVar("T")


class _OverBudget(BaseException):
    """Raised by the alarm inside an article's extraction; a BaseException so that no
    ``except Exception`` on the way can swallow it."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``TimeoutError`` in the block once it has run ``seconds`` (0: no limit).

    A real-time alarm (SIGALRM), so it stops pure-Python loops and returns from C calls;
    it needs the main thread of a POSIX process, elsewhere the block runs unlimited.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or (
            threading.current_thread() is not threading.main_thread()):
        yield
        return

    running = True

    def _alarm(_signum: int, _frame: object) -> None:
        if running:
            raise _OverBudget

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OverBudget:
        raise TimeoutError(f"over the time budget of {seconds:g} s") from None
    finally:
        running = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class BuildReport:
    out: Path | None = None
    articles: list[str] = field(default_factory=list)
    attributions: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rewrites: list[tuple[str, str, float]] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)  # every chain, for small folders only
    chain_count: int = 0  # chains in the folder (up to PAGE_CHAINS + 1)
    # the pairs in ``rewrites``, for a membership test that does not grow with the build
    _rewrite_set: set[tuple[str, str, float]] = field(default_factory=set, repr=False)

    def to_json(self) -> dict[str, object]:
        return {"articles": self.articles, "attributions": self.attributions,
                "errors": self.errors, "warnings": self.warnings, "rewrites": [list(r) for r in self.rewrites],
                "chains": max(len(self.chains), self.chain_count), "out": str(self.out) if self.out else None}


def _documents(paths: Iterable[str | Path], config: Config, errors: list[str]
               ) -> Iterator[Document]:
    for item in iter_documents(paths, config):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            yield item


def extract_paths(paths: Iterable[str | Path], config: Config | None = None,
                  errors: list[str] | None = None,
                  on_item: Callable[[str], None] | None = None,
                  warnings: list[str] | None = None) -> Iterator[Extraction]:
    """Extractions of every readable article under ``paths``; problems go to ``errors``,
    inputs read only in part to ``warnings`` (one line each, naming the file)."""
    config = config or Config()
    errors = errors if errors is not None else []
    warnings = warnings if warnings is not None else []
    if config.workers > 1 or config.dask_address:
        for item in extract_parallel(_documents(paths, config, errors), config,
                                     config.dask_address):
            if isinstance(item, InputWarning):
                warnings.append(item)
            elif isinstance(item, str):
                errors.append(item)
            else:
                yield item
                if on_item is not None:
                    on_item(item.document.id)
        return
    lemmas: dict[object, object] | None = None
    for document, doc in annotate_many(_documents(paths, config, errors), config, zones=True):
        if lemmas is None:  # the pipeline is loaded by now
            lemmas = _lemma_cache(config)
        if len(lemmas) > LEMMA_CACHE:
            lemmas.clear()
        name = document.path or document.id
        warnings.extend(f"{name}: {w}" for w in doc.user_data.get(WARNINGS, ()))
        try:
            with time_budget(config.time_budget):
                ex = extract_from_doc(document, doc, config)
        except TimeoutError as e:
            errors.append(f"{name}: skipped, {e} per article; raise it with --time-budget")
        except Exception as e:  # noqa: BLE001 - a bug on one article must not sink the batch
            errors.append(f"{name}: extraction failed "
                          f"({type(e).__name__}: {e}); please report this article")
        else:
            yield ex
        if on_item is not None:
            on_item(document.id)


#: entries kept in spaCy's rule-lemmatizer cache, which spaCy never empties (a dict keyed
#: by word, tag and morphology; the parse's memory zones do not reach it): on the generated
#: corpus ≈1.1 new entries, ≈340 bytes, per article, 34 MB per 100,000 articles
#: (tracemalloc, BENCHMARKS.md). Emptied when it passes this: a lemma is a fixed rule's
#: answer, so the cache only saves time; 20,000 entries (≈6 MB) keep the common words'.
LEMMA_CACHE = 20_000


def _lemma_cache(config: Config) -> dict[object, object]:
    """The pipeline's rule-lemmatizer cache (a new empty dict when it has none)."""
    nlp = load_nlp(config.spacy_model)
    if "lemmatizer" in nlp.pipe_names:
        cache = getattr(nlp.get_pipe("lemmatizer"), "cache", None)
        if isinstance(cache, dict):
            return cache
    return {}


class _Outputs:
    """Output files written beside their final names, renamed into place together only
    once every one is written: a full disk or a crash leaves the previous set whole."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staged: list[tuple[Path, Path]] = []

    def write(self, name: str, write: Callable[[Path], None]) -> None:
        path = self.folder / name
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.staged.append((tmp, path))
        try:
            write(tmp)
        except (OSError, StoreError) as e:  # StoreError: a store's dump names the temp file
            self.discard()
            reason = (e.strerror or str(e)) if isinstance(e, OSError) else (
                str(e).removeprefix(f"{tmp}: cannot write (").removesuffix(")"))
            raise OutputError(f"{path}: cannot write ({reason}); the previous "
                              "outputs in this folder are kept") from None

    def commit(self) -> None:
        for tmp, path in self.staged:
            tmp.replace(path)
        self.staged.clear()

    def discard(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged.clear()


#: articles written to the store together (bounded memory): their quads, chain records
#: and store transaction are held at once, so the peak follows this (840 PolNeAR
#: articles: 776 MB sampled peak with 64, 662 MB with 16, no slower; BENCHMARKS.md)
BATCH_ARTICLES = 16
#: articles linked together (crossdoc/linker.py): each call regroups the claims it
#: touched, so fewer, larger calls; 64 is what the link benchmarks measured. The links do
#: not depend on it (2,000 generated articles: rewrite precision 1.000 linked 16 or 64 at
#: a time, since siblings of one original are never linked to each other)
LINK_ARTICLES = 64
#: the on-disk store is closed and opened again after this many articles: an open store
#: keeps what RocksDB read of every file it touched, 1-2 KB per article of a build
#: (bench/build_memory.py: 2.6 KB/article of heap growth, 0.83 with a reopen per 2,048)
REOPEN_ARTICLES = 2048
#: above this many chains ``build`` writes a small index page, not one page of every chain
PAGE_CHAINS = 3000
#: quads of the run graph written per store call. It lists every article of the build
#: (three quads each): sent as one SPARQL update, 100,000 articles cost 1.2 GB more at the
#: end of the build (the quads, the update text, Oxigraph's parse and transaction); in
#: parts of 10,000 quads, each flushed, 47 MB (bench/run_graph_memory.py, BENCHMARKS.md)
RUN_CHUNK = 10_000


def _store_for(out: Path, config: Config) -> tuple[Store, bool]:
    """The store a build of ``out`` writes to, and whether graph.trig is its only copy.

    ``folder`` (the default): the folder's own on-disk Oxigraph store, ``out/store`` (a
    folder of an older build holding only graph.trig is moved into it first); ``memory``:
    an in-process store saved as graph.trig (read back on the next build); any other spec
    (``oxigraph:PATH``, a SPARQL URL) is named in ``out/store.json`` so that every command
    reading the folder opens it.
    """
    if config.store == "memory":
        store = open_store("memory")
        previous = out / "graph.trig"
        if previous.is_file():
            store.load(previous)  # keep what earlier builds stored here
            add_derived(store)
            add_chain_records(store)  # graph.trig leaves the derived facts out
        return store, True
    if config.store != "folder":
        store = open_store(config.store)
        (out / FOLDER_POINTER).write_text(json.dumps({"store": config.store}) + "\n", "utf-8")
        return store, False
    spec = folder_store_spec(out)
    if spec is not None and not spec.startswith("oxigraph:"):
        return open_store(spec), False
    path = Path(spec.removeprefix("oxigraph:")) if spec else out / FOLDER_STORE
    legacy = out / "graph.trig"
    migrate = spec is None and legacy.is_file()
    store = OxigraphStore(path)
    if migrate:  # an older build: its graph moves into the store, the file is kept aside
        store.load(legacy)
        add_derived(store)
        add_chain_records(store)
        legacy.replace(legacy.with_name("graph.trig.bak"))
    # a folder built by an older provgraph gets the derived facts it lacks (once; a
    # current folder costs one look-up), so its stored articles answer as new ones do
    ensure_derived(store)
    return store, False


class _Records:
    """attributions.jsonl, streamed: this build's lines go to a temporary file, then are
    appended to the previous ones (or, when articles were re-built, merged past them)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "attributions.jsonl"
        self.tmp = folder / f".attributions.{os.getpid()}.new"
        self.handle = self.tmp.open("w", encoding="utf-8")
        self.ids: set[str] = set()
        self.rebuilt = False

    def add(self, ex: Extraction) -> None:
        self.ids.add(ex.document.id)
        self.handle.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")

    def commit(self) -> None:
        self.handle.close()
        if not self.path.is_file():
            self.tmp.replace(self.path)
            return
        if not self.rebuilt:
            with self.path.open("a", encoding="utf-8") as out, self.tmp.open(
                    encoding="utf-8") as new:
                shutil.copyfileobj(new, out)
            self.tmp.unlink()
            return
        merged = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with merged.open("w", encoding="utf-8") as out:
            with self.path.open(encoding="utf-8") as old:
                for line in old:
                    try:
                        kept = json.loads(line)["id"] not in self.ids
                    except (ValueError, KeyError, TypeError):
                        kept = False
                    if kept:
                        out.write(line)
            with self.tmp.open(encoding="utf-8") as new:
                shutil.copyfileobj(new, out)
        merged.replace(self.path)
        self.tmp.unlink()

    def discard(self) -> None:
        self.handle.close()
        self.tmp.unlink(missing_ok=True)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _store_graphs(store: Store, batch: list[Extraction], config: Config,
                  records: _Records) -> None:
    graphs = {iris.article_graph_iri(config, ex.document.id): extraction_quads(ex, config)
              for ex in batch}
    if not records.rebuilt:
        records.rebuilt = any(store.has_graph(g) for g in graphs)
    store.replace_graphs(graphs)  # each article's graph replaced whole, in one transaction


def _link_batch(store: Store, batch: list[Extraction], out: Path, config: Config,
                report: BuildReport, records: _Records) -> None:
    # new articles are linked to every article linked into this folder before
    # (crossdoc/linker.py; the index persists beside the store)
    try:
        rewrites = link_store(store, out, batch, config)
    except sqlite3.Error as e:  # the link index beside the store could not be written
        raise OutputError(f"{out / INDEX_FILE}: cannot write ({_sqlite_reason(e, out)}); "
                          "the previous outputs in this folder are kept") from None
    for rewrite in rewrites:
        if rewrite not in report._rewrite_set:
            report._rewrite_set.add(rewrite)
            report.rewrites.append(rewrite)
    for ex in batch:
        records.add(ex)
        report.articles.append(ex.document.id)
        report.attributions += len(ex.attributions)


def _sqlite_reason(error: sqlite3.Error, folder: Path) -> str:
    """SQLite says "disk I/O error" where the system says what happened: a full disk."""
    try:
        st = os.statvfs(folder)
    except OSError:
        return str(error)
    return os.strerror(errno.ENOSPC) if st.f_bavail * st.f_frsize < 1 << 20 else str(error)


def _store_run(store: Store, config: Config, doc_ids: Iterable[str], started: datetime,
               ended: datetime) -> NamedNode:
    """Write the run graph (rdf/provenance.py) in parts of ``RUN_CHUNK`` quads, so that its
    memory does not grow with the build. The run's own quads come last, so a reader sees the
    run as a ``prov:Activity`` only once it is whole; a failed write drops the part written
    (its name is new: it holds the start time)."""
    graph, quads = run_graph(config, doc_ids, started, ended, __version__)
    if store.has_graph(graph):
        store.remove_graph(graph)
    try:
        for part in _batches(quads, RUN_CHUNK):
            store.add_quads(part)
            store.flush()  # as in the loop: RocksDB's write buffers would grow
    except BaseException:
        try:
            store.remove_graph(graph)
        except StoreError:
            pass  # the store is failing: the error on its way says why
        raise
    return graph


def _write_json(value: object) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as f:  # streamed, not one string in memory
            json.dump(value, f, indent=2)
    return write


def _count_chains(store: Store, limit: int) -> int:
    """The number of chains in ``store``, counted up to ``limit + 1`` (a bounded scan)."""
    rows = store.query("SELECT ?s WHERE { ?s <https://w3id.org/provgraph/ns#reportedIn> ?a } "
                       f"LIMIT {limit + 1}")
    return len(rows) if isinstance(rows, list) else 0


def _index_page(count: int, out: Path) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        folder = html_escape(str(out))
        path.write_text(
            "<!doctype html><meta charset=utf-8><title>provgraph: citation chains</title>"
            f"<h1>More than {count:,} citation chains</h1><p>Too many for one offline page. "
            f"Browse and search them with <code>provgraph serve {folder}</code>, or draw one "
            f"article with <code>provgraph chains {folder} --article ID --html page.html</code>."
            "</p>\n", "utf-8")
    return write


def build(paths: Iterable[str | Path], out: str | Path, config: Config | None = None,
          on_item: Callable[[str], None] | None = None) -> BuildReport:
    """Build the provenance graph of the articles under ``paths`` into folder ``out``.

    Articles stream through extraction into the store in batches of ``BATCH_ARTICLES``, so
    memory does not grow with the corpus; adding articles to a folder writes only theirs.
    """
    config = config or Config()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = BuildReport(out=out_dir)
    started = datetime.now(UTC)
    store, trig = _store_for(out_dir, config)
    with store:
        records = _Records(out_dir)
        outputs = _Outputs(out_dir)
        try:
            extractions = extract_paths(paths, config, report.errors, on_item, report.warnings)
            written = 0
            for batch in _batches(extractions, LINK_ARTICLES):
                # written in smaller parts (the peak), linked together (the link index
                # groups what arrives at once: see LINK_ARTICLES)
                for part in _batches(iter(batch), BATCH_ARTICLES):
                    _store_graphs(store, part, config, records)
                    # RocksDB's write buffers would grow with the corpus (to ~1 GB at 840
                    # articles); flushed per part, memory stays flat
                    store.flush()
                _link_batch(store, batch, out_dir, config, report, records)
                written, before = written + len(batch), written
                if written // REOPEN_ARTICLES > before // REOPEN_ARTICLES:
                    store.reopen()
            _store_run(store, config, report.articles, started, datetime.now(UTC))
            if trig:
                outputs.write("graph.trig", lambda p: store.dump(p, "trig"))
            report.chain_count = _count_chains(store, PAGE_CHAINS)
            if report.chain_count <= PAGE_CHAINS:
                corpus = load_corpus(store)  # the chains with claim groups and rewrites
                report.chains = corpus.chains
                outputs.write("chains.html", lambda p: write_chains_html(
                    corpus.chains, p, claims=corpus.claims, rewrites=corpus.rewrites))
            else:
                outputs.write("chains.html", _index_page(PAGE_CHAINS, out_dir))
            outputs.write("report.json", _write_json(report.to_json()))
            records.commit()
            outputs.commit()
        finally:
            records.discard()
            outputs.discard()
    return report
