# edge-agent developer workflow. Quick start: `make demo`, `make test`.
# Every target that needs packages runs scripts/bootstrap first (idempotent).

SWIFT ?= swift
PYTHON := $(CURDIR)/.venv/bin/python
RELEASE_FLAGS := -c release --static-swift-stdlib
export EDGE_AGENT_PYTHON := $(PYTHON)

.PHONY: all bootstrap bootstrap-bench build release demo test lint format bench deb fuzz default-model clean

all: build

bootstrap:
	@scripts/bootstrap

bootstrap-bench:
	@scripts/bootstrap --bench

build: bootstrap
	$(SWIFT) build

release: bootstrap
	$(SWIFT) build $(RELEASE_FLAGS)

## demo: build and run the main job on the embedded model and sample data, offline.
demo: release
	@scripts/demo

## test: lint, then every test suite (unit and integration).
test: bootstrap lint
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build --parallel --num-workers 2

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests Fuzz

format:
	$(SWIFT) format format --in-place --recursive --parallel Package.swift Sources Tests Fuzz

## bench: the agent and its peers side by side in one run, reported as ratios.
bench: bootstrap-bench release
	@scripts/bench

## deb: the Debian package for this machine's architecture (see packaging/README.md).
deb: release
	@packaging/build-deb

fuzz: bootstrap
	@scripts/fuzz-parquet

default-model: release
	@scripts/default-model

clean:
	rm -rf .build out
