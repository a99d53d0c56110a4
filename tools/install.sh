#!/usr/bin/env bash
# Installs what dartsr needs (tools/install-deps.sh), then dartsr itself from
# this checkout. The first step of both README commands.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install-deps.sh

echo "install: installing dartsr from $(pwd)"
R CMD INSTALL --preclean --no-multiarch .
# Object files left in src/ would be reused by a later build with other flags.
rm -f src/*.o src/*.so
