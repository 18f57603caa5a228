"""The provgraph command line: thin commands over the library.

Each command parses its options, builds a Config, calls one library function and formats
the result. ``main`` turns a ProvgraphError into one line on stderr and exit status 1;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .config import Config
from .errors import EXIT_ERROR, EXIT_INPUTS_FAILED, ConfigError, ProvgraphError

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True, help=(
    "provgraph: who said it, through whom did it reach this page, and how many "
    "independent origins does a claim have?"))
err = Console(stderr=True)

Paths = Annotated[list[Path], typer.Argument(help="Article files (.txt .jsonl .csv .html) or folders.")]
Encoding = Annotated[str, typer.Option(help="Text encoding of the input files.")]
MaxBytes = Annotated[int, typer.Option(help="Skip files larger than this many bytes.")]
Budget = Annotated[float, typer.Option(
    help="Seconds one article may take to extract before it is skipped (0: no limit).")]


class _RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} articles/s")


def _config(**kw: Any) -> Config:
    return Config(**{k: v for k, v in kw.items() if v is not None})


@app.command()
def build(paths: Paths,
          out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
          store: Annotated[str, typer.Option(
              help="folder (OUT/store), memory (saved as OUT/graph.trig), oxigraph:PATH "
                   "or a SPARQL URL")] = "folder",
          workers: Annotated[int, typer.Option(help="Extraction processes.")] = 1,
          dask: Annotated[str | None, typer.Option(
              help="Run extraction on Dask: 'local' or a scheduler address.")] = None,
          attribution: Annotated[str, typer.Option(
              help="rules, learned, or hybrid (learned recall + rule chains).")] = "hybrid",
          encoding: Encoding = "auto", max_file_bytes: MaxBytes = 5_000_000,
          time_budget: Budget = 60.0) -> None:
    """Build the graph into OUT/store, with OUT/attributions.jsonl and OUT/chains.html.

    Example: provgraph build examples/seeds -o out/
    """
    from .batch import build as run_build
    from .ingest import find_inputs

    config = _config(store=store, workers=workers, encoding=encoding, time_budget=time_budget,
                     max_file_bytes=max_file_bytes, attribution=attribution, dask_address=dask)
    total = len(find_inputs(paths))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  _RateColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("extracting", total=total)
        report = run_build(paths, out, config, on_item=lambda _id: bar.advance(task))
    for w in report.warnings:
        err.print(f"warning: {w}", markup=False, highlight=False, soft_wrap=True)
    for e in report.errors:
        err.print(f"[yellow]skipped[/] {e}", markup=True, highlight=False, soft_wrap=True)
    if report.chains:
        _print_chain_table(report.chains)
    err.print(f"{len(report.articles)} articles, {report.attributions} attributions, "
              f"{len(report.rewrites)} rewrites, {len(report.errors)} errors → {out}/")
    if report.errors:
        raise SystemExit(EXIT_INPUTS_FAILED)


def _print_chain_table(chains: list[Any]) -> None:
    table = Table(title="citation chains", show_lines=False)
    for col in ("article", "statement", "chain", "channel"):
        table.add_column(col, overflow="fold")
    for c in chains:
        ch = f"{c.channel.kind} with {c.channel.with_}" if c.channel and c.channel.with_ else (
            c.channel.kind if c.channel else "")
        words = c.statement if len(c.statement) <= 60 else c.statement[:57] + "..."
        table.add_row(c.article, words, " → ".join(c.names), ch)
    Console(width=160).print(table)


@app.command()
def extract(paths: Paths,
            jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON line per article.")] = True,
            encoding: Encoding = "auto", max_file_bytes: MaxBytes = 5_000_000,
            time_budget: Budget = 60.0,
            attribution: Annotated[str, typer.Option(
                help="rules, learned, or hybrid (learned recall + rule chains).")] = "hybrid",
            style: Annotated[str, typer.Option(
                help="Span conventions: compact (default) or polnear.")] = "compact") -> None:
    """Extract attributions as the JSONL contract, one line per article on stdout.

    Example: provgraph extract article.txt --jsonl
    """
    from .batch import extract_paths

    errors: list[str] = []
    warnings: list[str] = []
    failed = 0
    if style not in ("compact", "polnear"):
        raise ConfigError(f"--style {style!r}: use compact or polnear")
    base = Config.polnear() if style == "polnear" else Config()
    config = base.with_(encoding=encoding, max_file_bytes=max_file_bytes,
                        attribution=attribution, time_budget=time_budget)

    def flush() -> int:
        for w in warnings:
            err.print(f"warning: {w}", markup=False, highlight=False, soft_wrap=True)
        for e in errors:
            err.print(e, markup=False, highlight=False, soft_wrap=True)
        n = len(errors)
        warnings.clear()
        errors.clear()
        return n

    for ex in extract_paths(paths, config, errors, warnings=warnings):
        sys.stdout.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
        failed += flush()
    failed += flush()
    if failed:
        raise SystemExit(EXIT_INPUTS_FAILED)


def _rows_out(rows: Any, fmt: str) -> None:
    from .store import to_python

    if isinstance(rows, bool):
        typer.echo("true" if rows else "false")
        return
    rows = [{k: to_python(v) if not isinstance(v, str | int | float | type(None)) else v
             for k, v in r.items()} for r in rows] if rows and isinstance(rows[0], dict) else rows
    if fmt == "json":
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        table = Table()
        for col in (rows[0].keys() if rows else []):
            table.add_column(str(col), overflow="fold")
        for r in rows:
            # fields a query packs with control separators (?originParts) stay readable
            table.add_row(*["" if v is None else str(v).translate(_TABLE_SEPARATORS)
                            for v in r.values()])
        Console(width=200).print(table)


Fmt = Annotated[str, typer.Option("--format", "-f", help="table, csv or json")]
_TABLE_SEPARATORS = str.maketrans({"\x1e": " | ", "\x1f": ": "})


@app.command()
def query(graph: Annotated[str, typer.Argument(help="Build folder, RDF file or store spec.")],
          name: Annotated[str | None, typer.Argument(help="A named query.")] = None,
          file: Annotated[Path | None, typer.Option("--file", help="A .rq file.")] = None,
          param: Annotated[list[str] | None, typer.Option(
              "--param", "-p", help="k=v, bound as an RDF term.")] = None,
          article: Annotated[str | None, typer.Option(help="Shortcut for --param article=ID")] = None,
          fmt: Fmt = "table") -> None:
    """Run a named SPARQL query (or --file my.rq) with bound parameters.

    Example: provgraph query out/ statements-by-speaker --param speaker="Vladimir Putin"
    """
    from .query import list_queries, run_query
    from .store import open_store
    from .store.chainfacts import facts_outdated

    if name is None and file is None:
        typer.echo("named queries: " + ", ".join(list_queries()))
        return
    params = {}
    for kv in param or []:
        if "=" not in kv:
            raise ConfigError(f"--param {kv!r}: expected k=v")
        k, v = kv.split("=", 1)
        params[k.strip().lstrip("?")] = v
    if article is not None:
        params["article"] = article
    with open_store(graph) as store:
        if facts_outdated(store):
            err.print(f"note: {graph} was built by an older provgraph; `provgraph link "
                      f"{graph}` adds the derived facts that statements-by-speaker and "
                      "statements-by-outlet read (until then they miss its older articles)",
                      markup=False, highlight=False, soft_wrap=True)
        rows = run_query(store, file if file is not None else str(name), **params)
    _rows_out(rows, fmt)


@app.command()
def chains(graph: Annotated[str, typer.Argument(help="Build folder, RDF file or store spec.")],
           html: Annotated[Path | None, typer.Option(help="Write the HTML page here.")] = None,
           article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
           fmt: Fmt = "table") -> None:
    """The citation chain of every attributed statement (table, json, or --html page).

    Example: provgraph chains out/ --html chains.html
    """
    from .corpus import load_corpus
    from .crossdoc.annotate import chains_with_links
    from .query import iter_chains
    from .store import open_store
    from .viz import write_chains_html

    if html is None and fmt == "json":
        # streamed: one article's chains and links in memory at a time
        with open_store(graph) as store:
            chains = iter_chains(store) if article is None else \
                load_corpus(store, article).chains
            _write_json_items(chains_with_links(store, chains))
        return
    with open_store(graph) as store:
        corpus = load_corpus(store, article)
    found = corpus.chains
    if html is not None:
        write_chains_html(found, html, claims=corpus.claims, rewrites=corpus.rewrites)
        err.print(f"{len(found)} chains → {html}")
        return
    _print_chain_table(found)


def _write_json_items(items: Any) -> None:
    """A JSON array written item by item, as ``json.dumps(list, indent=2)`` would."""
    out = sys.stdout
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + text)
        first = False
    out.write("[]\n" if first else "\n]\n")


@app.command()
def card(graph: Annotated[str, typer.Argument(help="Build folder, RDF file or store spec.")],
         article: Annotated[str, typer.Argument(help="The article's document id.")],
         fmt: Annotated[str, typer.Option("--format", "-f", help="md or html")] = "md",
         out: Annotated[Path | None, typer.Option("-o", "--out", help="Write here.")] = None
         ) -> None:
    """One article's provenance card: each statement's chain in words, quote, cue,
    evidence offsets, claim and independent-origin count (Markdown or HTML).

    Example: provgraph card out/ 000_f94bdfc9b2e1f035 --format html -o card.html
    """
    from .corpus import load_corpus
    from .store import open_store
    from .viz import render_card, write_card

    with open_store(graph) as store:
        corpus = load_corpus(store)
    if out is None:
        typer.echo(render_card(corpus, article, fmt), nl=False)
        return
    write_card(corpus, article, out, fmt)
    err.print(f"→ {out}")


@app.command()
def report(graph: Annotated[str, typer.Argument(help="Build folder, RDF file or store spec.")],
           out: Annotated[Path | None, typer.Option(
               "-o", "--out", help="Folder to write (default: GRAPH/report).")] = None
           ) -> None:
    """Corpus report: most-cited sources, agencies per outlet, share through a wire,
    chain lengths, rewrite clusters; HTML with PNG and SVG charts.

    Example: provgraph report out/ -o out/report
    """
    from .corpus import load_corpus
    from .report import write_report
    from .store import open_store

    with open_store(graph) as store:
        corpus = load_corpus(store)
    folder = out if out is not None else Path(graph) / "report"
    page = write_report(corpus, folder)
    err.print(f"{len(corpus.chains)} chains → {page}")


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Option(help="Gold JSONL or seeds.json file.")],
             pred: Annotated[Path, typer.Option(help="Predicted JSONL (provgraph extract).")],
             as_json: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False
             ) -> None:
    """Score predicted attributions: P/R/F1, exact and overlap, per role.

    Example: provgraph eval --gold gold.jsonl --pred pred.jsonl
    """
    from .eval import format_scores, score_files

    scores = score_files(gold, pred)
    if as_json:
        typer.echo(json.dumps(scores.to_json(), indent=2))
    else:
        typer.echo("\n".join(format_scores(scores)))


@app.command()
def validate(graph: Annotated[str, typer.Argument(help="Build folder or RDF file.")]) -> None:
    """Check a graph against ontology/shapes.ttl (SHACL); exit 1 when it does not conform.

    Example: provgraph validate out/graph.trig
    """
    from .rdf import validate as run_validate
    from .store import open_store

    with open_store(graph) as store:
        result = run_validate(store)
    if not result.conforms:
        typer.echo(result.report_text)
        from .errors import ShapeViolationError

        raise ShapeViolationError(f"{graph}: {result.violations} SHACL violation(s)")
    typer.echo(f"{graph}: conforms")


@app.command()
def export(graph: Annotated[str, typer.Argument(help="Build folder or RDF file.")],
           out: Annotated[Path, typer.Argument(
               help="File to write: .ttl .trig .nt .nq .jsonld, or .graphml .gexf .csv "
                    ".json (PROV-JSON) .provn")],
           fmt: Annotated[str | None, typer.Option(
               "--format", "-f", help="graphml, gexf, csv, prov-json or provn "
                                      "(default: from the suffix; RDF otherwise)")] = None
           ) -> None:
    """Export the graph as RDF, GraphML, GEXF, an edge-list CSV, PROV-JSON or PROV-N.

    Example: provgraph export out/ chains.gexf --format gexf
    """
    from .export import export_graph, format_of
    from .store import open_store

    chosen = format_of(out, fmt)
    with open_store(graph) as store:
        if chosen is None:
            store.dump(out)
        else:
            export_graph(store, out, chosen, progress=lambda line: err.print(f"  {line}"))
    err.print(f"→ {out}")


@app.command()
def serve(graph: Annotated[str, typer.Argument(help="Build folder, RDF file or store spec.")],
          host: Annotated[str, typer.Option(help="Interface to bind (loopback by default).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port.")] = 7879,
          timeout: Annotated[float, typer.Option(help="Seconds a query may run.")] = 10.0,
          max_rows: Annotated[int, typer.Option(help="Most results one query returns.")] = 10_000
          ) -> None:
    """Serve a read-only SPARQL endpoint (/sparql) and the chain viewer (/) on loopback.

    Example: provgraph serve out/ --port 7879
    """
    from .serve import Limits, make_server
    from .store import open_store

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: --host {host} exposes the graph beyond this machine, with no "
                  "authentication", markup=False, highlight=False, soft_wrap=True)
    with open_store(graph) as store:
        server = make_server(store, host, port, Limits(timeout=timeout, max_rows=max_rows))
        err.print(f"serving {graph} on http://{host}:{server.server_port}/ "
                  "(SPARQL at /sparql; Ctrl-C stops)")
        try:
            server.serve_forever()
        finally:
            server.server_close()


@app.command()
def origins(graph: Annotated[str, typer.Argument(help="Build folder, RDF file or store spec.")],
            statement: Annotated[str | None, typer.Option(
                help="A statement IRI (from `chains --format json`).")] = None,
            claim: Annotated[str | None, typer.Option(
                help="A claim IRI or key (from `query OUT claims`).")] = None,
            fmt: Fmt = "table") -> None:
    """How many independent origins a claim has, and which (rules: docs/ORIGINS.md).

    Example: provgraph origins out/ --statement https://w3id.org/provgraph/id/statement/...
    """
    from .crossdoc import count_origins
    from .store import open_store

    if (statement is None) == (claim is None):
        raise ConfigError("give exactly one of --statement IRI or --claim ID")
    with open_store(graph) as store:
        found = count_origins(store, statement=statement, claim=claim)
    typer.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False) if fmt == "json"
               else found.in_words())


@app.command()
def link(out: Annotated[Path, typer.Argument(help="A build folder.")]) -> None:
    """Re-run cross-article linking (rewrites, claims) over everything stored in OUT.

    Example: provgraph link out/
    """
    from .crossdoc import relink

    docs = relink(out)
    err.print(f"{len(docs)} articles linked → {out}")


def _is_usage_error(e: Exception) -> bool:
    """A command-line usage error ("No such option", a missing argument): typer 0.29 raises
    its own copy of click's exceptions (``typer._click``), which are no ``click`` ones."""
    import click

    return isinstance(e, click.ClickException | typer.TyperException) and hasattr(e, "show")


def main() -> None:
    """Entry point of the ``provgraph`` command (``--debug`` anywhere: full tracebacks)."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        app(standalone_mode=False)
    except ProvgraphError as e:
        if debug:
            raise
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_ERROR) from None
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        raise SystemExit(130) from None
    except Exception as e:  # click usage errors arrive here with standalone_mode=False
        if _is_usage_error(e):
            e.show()  # type: ignore[attr-defined]
            raise SystemExit(e.exit_code) from None  # type: ignore[attr-defined]
        if debug:
            raise
        err.print(f"error: internal error ({type(e).__name__}: {e}); please report it, and "
                  "run again with --debug for the traceback",
                  markup=False, highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_ERROR) from None
