#!/usr/bin/env bash
# README command 1: installs what dartsr needs, installs dartsr from this
# checkout and runs the tutorial (tools/tutorial.R) end to end. The equations
# go to the terminal, the graph to dartsr-tutorial-graph.png in the repo root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install-deps.sh

echo "tutorial: installing dartsr from $(pwd)"
R CMD INSTALL --preclean --no-multiarch .
# Object files left in src/ would be reused by a later build with other flags.
rm -f src/*.o src/*.so

echo "tutorial: running tools/tutorial.R"
Rscript tools/tutorial.R
