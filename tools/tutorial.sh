#!/usr/bin/env bash
# README command 1: installs what dartsr needs, installs dartsr from this
# checkout and runs the tutorial (tools/tutorial.R) end to end. The equations
# go to the terminal, the graph to dartsr-tutorial-graph.png in the repo root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install.sh

echo "tutorial: running tools/tutorial.R"
Rscript tools/tutorial.R
