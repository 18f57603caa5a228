# The two README commands: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: demo test venv browser screenshot eval realeval train bench lint clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev,crf,dask,html]"
	touch $(STAMP)

venv: $(STAMP)

# Debian's chromium for the browser tests and the screenshot (no browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; fi; } \
	  || echo "chromium could not be installed: browser tests will be skipped"

demo: venv
	$(BIN)/provgraph build examples/seeds -o out
	$(BIN)/provgraph validate out
	@echo "open out/chains.html in a browser; the graph is the store in out/store (provgraph export out out/graph.trig for a file)"

test: venv browser
	$(BIN)/ruff check graph tests
	$(BIN)/python -m pytest -q -p no:randomly --doctest-modules --nbmake \
	  --ignore=graph/provgraph/__main__.py graph/provgraph tests notebooks

screenshot: demo browser
	$(BIN)/python scripts/screenshot.py out/chains.html docs/chains.png

eval: venv
	$(BIN)/python bench/polnear_eval.py --shared $(SHARED) --out EVAL.md

# real-news chains on ../shared/realnews (texts re-collected outside the repo, see REALNEWS.md)
realeval: venv
	$(BIN)/python bench/realnews_eval.py --shared $(SHARED) --out REALNEWS.md

train: venv
	$(BIN)/python -m provgraph.attribution.training \
	  --train $(SHARED)/eval/polnear/train.jsonl --dev $(SHARED)/eval/polnear/dev.jsonl \
	  --out graph/provgraph/data/attribution.crfsuite

bench: venv
	$(BIN)/python bench/extract_speed.py --shared $(SHARED)

lint: venv
	$(BIN)/ruff check graph tests

clean:
	rm -rf out .pytest_cache build dist
