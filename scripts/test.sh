#!/usr/bin/env bash
# Runs every test of BackupPortal (unit and end-to-end) on a fresh machine:
# installs what the tests need, builds, checks the migrations are current, tests,
# and ends with the totals on one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false

fail() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }

bash scripts/install-prerequisites.sh || fail "Could not install the Debian packages the tests need."
dotnet tool restore >/dev/null || fail "Could not restore the .NET tools (dotnet-ef)."
dotnet build BackupPortal.sln -warnaserror || fail "The build failed."

# A model change without its migration would make Migrate() throw at startup (EF's PendingModelChangesWarning).
dotnet ef migrations has-pending-model-changes --no-build \
  --project src/Portal.Core --startup-project src/Portal --context SqlitePortalDbContext >/dev/null \
  || fail "The EF model has changes without a migration: add one with 'dotnet ef migrations add'."

# The Release build is what the Dockerfile ships: it must build, contain no development identity
# provider, and refuse to start without Auth:Authority.
published=$(mktemp -d)
dotnet publish src/Portal -c Release -o "$published" -warnaserror >/dev/null || fail "The Release publish failed."
if ls "$published" | grep -qi openiddict; then fail "The Release build contains the development identity provider."; fi
refusal=$(ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Portal="Data Source=$published/check.db" \
  timeout 60 dotnet "$published/Portal.dll" --urls http://127.0.0.1:0 2>&1)
echo "$refusal" | grep -q "Auth:Authority must be configured" || fail "The Release build started without Auth:Authority: $refusal"
rm -rf "$published"

log=$(mktemp)
dotnet test --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform ends with "total: N / failed: N / succeeded: N"; the last block is the whole run.
passed=$(grep -E '^\s*succeeded: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
failed=$(grep -E '^\s*failed: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
rm -f "$log"
if [ -z "$passed" ] || [ -z "$failed" ]; then
  fail "The test run ended without a summary (exit code $status)."
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
