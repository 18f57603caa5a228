"""build: files → extractions → graph store → graph.trig, attributions.jsonl, chains.html.

Each input that cannot be read (or that trips the extractor, or takes longer than
``Config.time_budget`` seconds to extract) is recorded as a one-line error naming the file
and the reason, and the batch goes on; an input read only in part (cut or split by the
caps of ``nlp.pipeline``) is recorded as a warning. Each article's named graph is
replaced in one transaction, and every output file is written beside its final name and
then renamed, so a failed or interrupted run leaves the previous outputs whole. Building
into an existing output folder keeps the articles already there (a re-built article
replaces its own graph).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .config import Config
from .crossdoc import link
from .errors import InputError, OutputError, StoreError
from .ingest import iter_documents
from .model import Chain, Document, Extraction
from .nlp import annotate_many
from .nlp.pipeline import WARNINGS
from .parallel import InputWarning, extract_parallel
from .pipeline import extract_from_doc
from .query import citation_chains
from .rdf import Expresses, Rewrite, extraction_quads, iris, relation_quads, run_quads
from .store import Store, open_store
from .viz import write_chains_html

__all__ = ["BuildReport", "build", "extract_paths", "time_budget"]


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
    chains: list[Chain] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"articles": self.articles, "attributions": self.attributions,
                "errors": self.errors, "warnings": self.warnings, "rewrites": [list(r) for r in self.rewrites],
                "chains": len(self.chains), "out": str(self.out) if self.out else None}


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
    for document, doc in annotate_many(_documents(paths, config, errors), config):
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


def _previous_records(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text("utf-8").splitlines():
        try:
            out[json.loads(line)["id"]] = line
        except (ValueError, KeyError, TypeError):
            continue
    return out


def _store_for(out: Path, config: Config) -> Store:
    store = open_store(config.store)
    previous = out / "graph.trig"
    if config.store == "memory" and previous.is_file():
        store.load(previous)  # keep what earlier builds stored here
    return store


def build(paths: Iterable[str | Path], out: str | Path, config: Config | None = None,
          on_item: Callable[[str], None] | None = None) -> BuildReport:
    """Build the provenance graph of the articles under ``paths`` into folder ``out``."""
    config = config or Config()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = BuildReport(out=out_dir)
    started = datetime.now(UTC)
    extractions = list(extract_paths(paths, config, report.errors, on_item, report.warnings))
    links = link(extractions)
    report.rewrites = list(links.rewrites)
    with _store_for(out_dir, config) as store:
        for ex in extractions:
            store.replace_graph(iris.article_graph_iri(config, ex.document.id),
                                extraction_quads(ex, config))
            report.articles.append(ex.document.id)
            report.attributions += len(ex.attributions)
        relations: list[Rewrite | Expresses] = [Rewrite(d, s) for d, s, _ in links.rewrites]
        relations += [Expresses(k, doc, span, text) for k, doc, span, text in links.claims]
        # the crossdoc graph is recomputed from this batch: replaced, never appended to
        store.replace_graph(iris.crossdoc_graph_iri(config), relation_quads(relations, config))
        graph, quads = run_quads(config, report.articles, started,
                                 datetime.now(UTC), __version__)
        store.replace_graph(graph, quads)
        outputs = _Outputs(out_dir)
        try:
            outputs.write("graph.trig", lambda p: store.dump(p, "trig"))
            report.chains = citation_chains(store)
            records = _previous_records(out_dir / "attributions.jsonl")
            records.update({ex.document.id: json.dumps(ex.to_json(), ensure_ascii=False)
                            for ex in extractions})
            outputs.write("attributions.jsonl", lambda p: p.write_text(
                "".join(r + "\n" for r in records.values()), "utf-8"))
            outputs.write("chains.html", lambda p: write_chains_html(report.chains, p))
            outputs.write("report.json", lambda p: p.write_text(
                json.dumps(report.to_json(), indent=2), "utf-8"))
            outputs.commit()
        finally:
            outputs.discard()
    return report
