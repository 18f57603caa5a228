"""Scale benchmarks (issue 9): build cost per article and peak memory, adding one article,
query latency, listing every chain, on the embedded Oxigraph store of a build folder.

    python bench/scale.py build N OUT [--corpus train.jsonl]  # the first N texts → OUT
    python bench/scale.py add OUT [ARTICLE]                   # one more article into OUT
    python bench/scale.py query OUT [--n 200]                 # p50/p99 of the chain queries
    python bench/scale.py query OUT --against OLD.rq          # + speaker query vs OLD.rq, interleaved
    python bench/scale.py records OUT                         # add the derived facts to an older OUT
    python bench/scale.py rdflib OUT [--n 100] [--cap 5]      # chain.rq on rdflib Memory
    python bench/scale.py inflate OUT FACTOR DEST             # OUT's graph × FACTOR → DEST
    python bench/scale.py smoke                               # what CI runs (seconds)

The corpus defaults to the PolNeAR train texts (/work/shared/eval/polnear/train.jsonl,
internal data: only ids and texts are read, into a temporary file outside the repo).
Builds run as a child `provgraph build`, so peak RSS is the child's ru_maxrss.
Each command prints one JSON line; BENCHMARKS.md quotes them. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = Path("/work/shared/eval/polnear/train.jsonl")
SEED = ROOT / "examples" / "seeds" / "001_b26ab9b28ceb190a.txt"
PROVGRAPH = [sys.executable, "-m", "provgraph"]


def _child(args: list[str]) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 3):  # 3: some inputs skipped, the rest built
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(max(peak, before) / 1024, 1)}


def _texts(corpus: Path, n: int, offset: int = 0) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="provgraph-scale-")) / f"corpus-{offset}-{n}.jsonl"
    with corpus.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as out:
        lines = [ln for i, ln in enumerate(src) if i >= offset][:n]
        for ln in lines:
            doc = json.loads(ln)
            out.write(json.dumps({"id": doc["id"], "text": doc["text"]}) + "\n")
    return tmp


def cmd_build(a: argparse.Namespace) -> dict[str, object]:
    corpus = _texts(Path(a.corpus), a.n)
    result = _child([*PROVGRAPH, "build", str(corpus), "-o", a.out])
    report = json.loads((Path(a.out) / "report.json").read_text("utf-8"))
    n = len(report["articles"])
    return {"step": "build", "articles": n, **result,
            "seconds_per_article": round(result["seconds"] / max(n, 1), 3),
            "attributions": report["attributions"]}


def cmd_add(a: argparse.Namespace) -> dict[str, object]:
    return {"step": "add one article", "out": a.out,
            **_child([*PROVGRAPH, "build", a.article, "-o", a.out])}


def _timed(run, n: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    times = []
    for i in range(n):
        start = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2)}


def _interleaved(runs: dict[str, object], n: int) -> dict[str, dict[str, float]]:
    """p50/p99 wall and CPU ms of each of ``runs`` (name → run(i) → rows) on the same
    inputs, taking turns to go first; fails if they answer different rows."""
    names = list(runs)
    wall: dict[str, list[float]] = {k: [] for k in names}
    cpu: dict[str, list[float]] = {k: [] for k in names}
    for i in range(n):
        answers = []
        for k in names[i % len(names):] + names[:i % len(names)]:
            start, start_cpu = time.perf_counter(), time.process_time()
            answers.append(runs[k](i))  # type: ignore[operator]
            cpu[k].append((time.process_time() - start_cpu) * 1000)
            wall[k].append((time.perf_counter() - start) * 1000)
        if any(x != answers[0] for x in answers):
            sys.exit(f"query {i}: {' / '.join(names)} answer different rows")

    def pct(times: list[float]) -> list[float]:
        times = sorted(times)
        return [round(statistics.median(times), 2),
                round(times[min(len(times) - 1, int(len(times) * 0.99))], 2)]

    return {k: {"p50_p99_ms": pct(wall[k]), "cpu_p50_p99_ms": pct(cpu[k])} for k in names}


def cmd_query(a: argparse.Namespace) -> dict[str, object]:
    from provgraph.query import citation_chains, iter_chains, run_query, statement_chain
    from provgraph.query.chains import article_ids
    from provgraph.query.pages import ChainSearch, chains_page
    from provgraph.store import open_store

    start = time.perf_counter()
    store = open_store(a.out)
    opened = (time.perf_counter() - start) * 1000
    with store:
        raw = getattr(store, "store", None)
        quads = len(raw) if raw is not None else None
        ids = article_ids(store)
        rng = random.Random(9)
        sample = [rng.choice(ids) for _ in range(a.n)]
        some = [c for art in sample[:50] for c in citation_chains(store, art)]
        statements = [rng.choice(some).statement_iri for _ in range(a.n)]
        speakers = [c.links[-1].name for c in some if c.links and c.links[-1].type == "Person"]
        speakers = [rng.choice(speakers) for _ in range(a.n)] if speakers else []
        outlets = [x.name for c in some for x in c.links[:-1]]
        outlets = [rng.choice(outlets) for _ in range(a.n)] if outlets else []
        out: dict[str, object] = {"step": "query", "quads": quads, "articles": len(ids),
                                  "open_ms": round(opened, 1)}
        out["article_chains"] = _timed(lambda i: citation_chains(store, sample[i]), a.n)
        out["chain_rq"] = _timed(lambda i: run_query(store, "chain", statement=statements[i]),
                                 a.n)
        out["statement_chain"] = _timed(lambda i: statement_chain(store, statements[i]), a.n)
        if speakers:  # the first page (100 rows, the query's default)
            out["statements_by_speaker"] = _timed(
                lambda i: run_query(store, "statements-by-speaker", speaker=speakers[i]), a.n)
            if getattr(a, "against", None):  # the same first pages, the bundled query and OLD.rq taking turns
                out["statements_by_speaker_vs"] = _interleaved({
                    "bundled": lambda i: run_query(store, "statements-by-speaker",
                                                   speaker=speakers[i]),
                    a.against: lambda i: run_query(store, a.against, speaker=speakers[i])}, a.n)
            out["serve_page_by_speaker"] = _timed(
                lambda i: chains_page(store, ChainSearch(speaker=speakers[i]), ids=ids), a.n)
        if outlets:
            out["statements_by_outlet"] = _timed(
                lambda i: run_query(store, "statements-by-outlet", outlet=outlets[i]), a.n)
        cursors = [f"{rng.randrange(len(ids))}.0" for _ in range(a.n)]
        out["serve_page_all"] = _timed(lambda i: chains_page(store, None, cursors[i], ids=ids),
                                       a.n)
        start = time.perf_counter()
        count = sum(1 for _ in iter_chains(store))
        seconds = time.perf_counter() - start
        out["list_all"] = {"chains": count, "seconds": round(seconds, 2),
                           "chains_per_s": round(count / max(seconds, 1e-9))}
    return out


# chain.rq as it was before the derived hands (rdflib stores have none): union-graph reads
_UNION_CHAIN_RQ = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?hop ?link ?relation ?agent (MIN(?name) AS ?agentName) ?agentType ?channelKind
       ?channelWith ?sourceText ?anonymous ?text
WHERE {
  ?statement pg:quotes* ?link . ?link pg:hop ?hop .
  OPTIONAL { ?link schema:text ?text }
  OPTIONAL { { ?link pg:reportedBy ?agent . BIND("reportedBy" AS ?relation) } UNION
             { ?link pg:statedBy ?agent . BIND("statedBy" AS ?relation) }
             OPTIONAL { ?agent schema:name ?name } }
  BIND(IF(!BOUND(?agent), ?none, IF(EXISTS { ?agent a pg:NewsAgency }, "NewsAgency",
       IF(EXISTS { ?agent a pg:Publisher }, "Publisher", IF(EXISTS { ?agent a pg:Person },
       "Person", IF(EXISTS { ?agent a pg:Group }, "Group", IF(EXISTS { ?agent a
       pg:Organization }, "Organization", "Agent")))))) AS ?agentType)
  OPTIONAL { ?link pg:viaChannel ?channel . ?channel pg:channelKind ?channelKind .
             OPTIONAL { ?channel pg:channelWith ?channelWith } }
  OPTIONAL { ?link pg:sourceText ?sourceText }
  OPTIONAL { ?link pg:anonymous ?anonymous }
}
GROUP BY ?hop ?link ?relation ?agent ?agentType ?channelKind ?channelWith ?sourceText
         ?anonymous ?text
ORDER BY ?hop ?relation
"""


def cmd_rdflib(a: argparse.Namespace) -> dict[str, object]:
    """chain.rq p50/p99 on rdflib's Memory store holding OUT's quads, each query capped
    at ``--cap`` seconds (SIGALRM: rdflib evaluates in Python, so it can be interrupted)."""
    import signal

    from rdflib import Dataset, URIRef

    from provgraph.query import citation_chains
    from provgraph.query.chains import article_ids
    from provgraph.store import open_store

    start = time.perf_counter()
    dump = Path(tempfile.mkdtemp(prefix="provgraph-scale-")) / "g.nq"
    with open_store(a.out) as store:
        store.dump(dump)
        ids = article_ids(store)
        rng = random.Random(9)
        some = [c.statement_iri for art in rng.sample(ids, min(40, len(ids)))
                for c in citation_chains(store, art)]
        statements = [rng.choice(some) for _ in range(a.n)]
    dataset = Dataset(default_union=True)
    dataset.parse(str(dump), format="nquads")
    dump.unlink()
    loaded = time.perf_counter() - start

    def stop(*_: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    timeouts = 0

    def run(i: int) -> None:
        nonlocal timeouts
        signal.setitimer(signal.ITIMER_REAL, a.cap)
        try:
            list(dataset.query(_UNION_CHAIN_RQ, initBindings={"statement": URIRef(statements[i])}))
        except TimeoutError:
            timeouts += 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    timed = _timed(run, a.n)
    return {"step": "rdflib chain.rq", "quads": len(dataset), "load_s": round(loaded, 1),
            **timed, "timeouts": timeouts, "cap_s": a.cap}


def cmd_records(a: argparse.Namespace) -> dict[str, object]:
    """Add the derived facts of store/chainfacts.py a folder built before them lacks (chain
    records and hands, speaker and outlet rows), graph by graph."""
    from provgraph.store import load_graph
    from provgraph.store.chainfacts import add_chain_records

    start = time.perf_counter()
    with load_graph(a.out, read_only=False) as store:
        added = add_chain_records(store)
    return {"step": "records", "added": added, "seconds": round(time.perf_counter() - start, 1)}


def cmd_inflate(a: argparse.Namespace) -> dict[str, object]:
    """DEST: OUT's quads FACTOR times; copy k renames every article-local IRI (graphs,
    articles, statements, evidence, contexts, channels, claims, runs) and document id with
    a ``-k`` suffix, while people, outlets and organisations stay shared, as in a real
    corpus where the same speakers and agencies recur: a bigger graph of the same shape."""
    import pyoxigraph
    from pyoxigraph import Literal, NamedNode, Quad

    from provgraph.store import open_store
    from provgraph.store.chainfacts import CHAIN_RECORD, OUTLET_ROW, SPEAKER_ROW, split_row

    local = ("graph/", "article/", "statement/", "evidence/", "context/", "channel/",
             "claim/", "run/")
    identifier = "https://schema.org/identifier"

    def rename(term, k: int):  # type: ignore[no-untyped-def]
        if isinstance(term, NamedNode) and "/provgraph/id/" in term.value and \
                term.value.split("/provgraph/id/", 1)[1].startswith(local):
            return NamedNode(f"{term.value}-{k}")
        return term

    def rename_record(obj: Literal, k: int) -> Literal:  # IRIs inside the chain records
        record = json.loads(obj.value)
        for chain in record["chains"]:
            chain["s"] = rename(NamedNode(chain["s"]), k).value
            chain["o"] = chain["o"] and rename(NamedNode(chain["o"]), k).value
        return Literal(json.dumps(record, ensure_ascii=False, separators=(",", ":")))

    def rename_row(obj: Literal, k: int, speaker: bool) -> Literal:  # IRIs and ids in a row
        fields = split_row(obj.value)
        iris = (0, 1) if speaker else (0,)
        fields = [rename(NamedNode(f), k).value if i in iris and f else
                  f"{f}-{k}" if i == (3 if speaker else 1) and f is not None else f
                  for i, f in enumerate(fields)]
        *head, text = ["\x1d" if f is None else f for f in fields]
        return Literal("\x1f".join(head) + "\x1e" + text)

    start = time.perf_counter()
    with open_store(a.out) as src:
        base = list(src.quads())
    dest = pyoxigraph.Store(a.dest)
    for k in range(a.factor):
        batch = []
        for q in base:
            obj = q.object
            if k and q.predicate.value == identifier:
                obj = Literal(f"{obj.value}-{k}")
            elif k and q.predicate.value == CHAIN_RECORD:
                obj = rename_record(obj, k)
            elif k and q.predicate.value in (SPEAKER_ROW, OUTLET_ROW):
                obj = rename_row(obj, k, q.predicate.value == SPEAKER_ROW)
            batch.append(Quad(rename(q.subject, k) if k else q.subject, q.predicate,
                              rename(obj, k) if k else obj,
                              rename(q.graph_name, k) if k else q.graph_name))
        dest.bulk_extend(batch)
    dest.flush()
    dest.optimize()
    return {"step": "inflate", "quads": len(base) * a.factor, "factor": a.factor,
            "seconds": round(time.perf_counter() - start, 1)}


def cmd_smoke(_: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as d:
        out = str(Path(d) / "out")
        build = _child([*PROVGRAPH, "build", str(SEED), "-o", out])
        q = cmd_query(argparse.Namespace(out=out, n=5))
        return {"step": "smoke", "build": build, "list_all": q["list_all"]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("n", type=int)
    b.add_argument("out")
    b.add_argument("--corpus", default=str(POLNEAR))
    ad = sub.add_parser("add")
    ad.add_argument("out")
    ad.add_argument("article", nargs="?", default=str(SEED))
    q = sub.add_parser("query")
    q.add_argument("out")
    q.add_argument("--n", type=int, default=200)
    q.add_argument("--against", metavar="OLD.rq",
                   help="also time statements-by-speaker against this .rq, interleaved")
    rl = sub.add_parser("rdflib")
    rl.add_argument("out")
    rl.add_argument("--n", type=int, default=100)
    rl.add_argument("--cap", type=float, default=5.0)
    r = sub.add_parser("records")
    r.add_argument("out")
    i = sub.add_parser("inflate")
    i.add_argument("out")
    i.add_argument("factor", type=int)
    i.add_argument("dest")
    sub.add_parser("smoke")
    a = p.parse_args()
    result = {"build": cmd_build, "add": cmd_add, "query": cmd_query, "inflate": cmd_inflate,
              "records": cmd_records, "rdflib": cmd_rdflib,
              "smoke": cmd_smoke}[a.cmd](a)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
