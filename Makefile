# DS3Kit — the two commands of the README, plus helpers.
#   make figures   install what is missing (GSL, gnuplot), build in release mode, regenerate every figure into figures/
#                  on the papers' grids (--resolution full)
#   make test      install what is missing, build and run the whole test suite (swift test)
#   make plots     regenerate the gallery: every figure (CSV + SVG or PNG, test grids) into docs/figures/ and
#                  docs/gallery.md

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libgsl-dev pkg-config gnuplot-nox
OUT ?= figures

.PHONY: setup figures plots test bench format lint

setup:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $(APT_PACKAGES); \
	fi

figures: setup
	swift build -c release --product ds3
	.build/release/ds3 figures all --resolution full --out $(OUT)

# Debug build: the gallery figures are the golden-tested ones on their test grids (the grids of the golden CSVs and of
# the drift test); all of them compute in about 15 s.
plots: setup
	swift build --product ds3
	.build/debug/ds3 figures gallery --out docs

test: setup
	swift test

bench: setup
	swift build -c release --product ds3
	.build/release/ds3 bench

format:
	swift format --in-place --recursive Sources Tests Package.swift

lint:
	swift format lint --recursive Sources Tests Package.swift
