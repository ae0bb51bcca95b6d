#!/usr/bin/env bash
# The Release build that ships: the Dockerfile runs this, and so does scripts/test.sh, so CI
# checks the very command the image is built with.
#   scripts/publish.sh OUTPUT_DIR [extra dotnet publish options]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?output directory}
shift
dotnet publish src/Portal/Portal.csproj -c Release -o "$out" -warnaserror "$@"
