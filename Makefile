# privgraph — the two commands are `make demo` and `make test`.
GO       ?= go
BIN      := bin/privgraph
PKGS     := ./...
FUZZTIME ?= 30s

.PHONY: all build demo test vet fmt-check generate generate-ent generate-gql generate-templ \
        check-generated migration bench fuzz precision clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/privgraph

## demo: the one-command tour — fake GitHub and GitLab APIs on loopback,
## scanned by the real scanners, dashboard on http://127.0.0.1:8080/
demo: build
	rm -f demo.db demo.db-wal demo.db-shm
	./$(BIN) demo --db demo.db

## test: vet, formatting, every test, and generated code up to date
test: vet fmt-check check-generated
	$(GO) test -count=1 -timeout 15m $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^vendor/')); \
	if [ -n "$$out" ]; then echo "gofmt wants to change:"; echo "$$out"; exit 1; fi

## generate: ent (and graph/ent.graphql), gqlgen, templ — at the versions in go.mod
generate: generate-ent generate-gql generate-templ

generate-ent:
	cd ent && $(GO) run -mod=mod entc.go

generate-gql:
	$(GO) run ./graph/internal/gqlgen

generate-templ:
	$(GO) run github.com/a-h/templ/cmd/templ generate -path web

## check-generated: regenerate and fail if that changes a committed file
check-generated: generate
	@if [ -n "$$(git status --porcelain -- ent graph web)" ]; then \
		echo "make generate changed committed files (commit the generated code):"; \
		git status --porcelain -- ent graph web; exit 1; fi

## migration NAME=x: write migrations/{sqlite,postgres}/NNNN_x.sql from ent/schema
## (needs PRIVGRAPH_DEV_POSTGRES; `eval $$(.ci/postgres.sh)` sets it up)
migration:
	@test -n "$(NAME)" || (echo "usage: make migration NAME=what_changed"; exit 2)
	$(GO) run ./migrations/internal/gen -name $(NAME)

## bench: figures (requests per repository, scan wall time, GraphQL latency, memory)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 30m $(PKGS)

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1x $$pkg || exit 1; \
		done; \
	done

## precision: run every rule over the shared corpus (../shared/corpus) and
## print a sample of 50 findings to review by hand (see BENCHMARKS.md)
precision:
	$(GO) run ./scanner/analysis/internal/precision -corpus $(or $(CORPUS),../shared/corpus) -sample 50

clean:
	rm -rf bin demo.db demo.db-wal demo.db-shm
