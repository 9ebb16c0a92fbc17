# DS3Kit — the two commands of the README, plus helpers.
#   make figures   install what is missing (GSL, gnuplot), build in release mode, regenerate every figure into figures/
#                  on the papers' grids (--resolution full)
#   make test      install what is missing, build and run the whole test suite (swift test)
#   make plots     regenerate the headline figures (CSV + SVG) embedded in the notebooks into docs/figures/

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libgsl-dev pkg-config gnuplot-nox
OUT ?= figures
HEADLINE_FIGURES := tri-A-a tri-B-d proj-peeling-mc ds3-F9 ds3-F8 ds3-F2 proj-dynamic-allocation proj-pareto

.PHONY: setup figures plots test bench format lint

setup:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $(APT_PACKAGES); \
	fi

figures: setup
	swift build -c release --product ds3
	.build/release/ds3 figures all --resolution full --out $(OUT)

# Debug build: the headline figures are the golden-tested ones on their test grids (the grids of the golden CSVs and of
# the drift test), each computes in a few seconds.
plots: setup
	swift build --product ds3
	mkdir -p docs/figures
	for id in $(HEADLINE_FIGURES); do \
		.build/debug/ds3 figures run $$id --resolution test --out docs/figures --plot svg || exit 1; \
	done

test: setup
	swift test

bench: setup
	swift build -c release --product ds3
	.build/release/ds3 bench

format:
	swift format --in-place --recursive Sources Tests Package.swift

lint:
	swift format lint --recursive Sources Tests Package.swift
