#!/usr/bin/env bash
# Runs every test of BackupPortal (unit and end-to-end) on a fresh machine:
# installs what the tests need, builds, checks the migrations are current, tests on SQLite and
# again on a throwaway PostgreSQL server, and ends with the totals on one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false

fail() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }

bash scripts/install-prerequisites.sh || fail "Could not install the Debian packages the tests need."
dotnet tool restore >/dev/null || fail "Could not restore the .NET tools (dotnet-ef)."
dotnet build BackupPortal.sln -warnaserror || fail "The build failed."

# A model change without its migration would make Migrate() throw at startup (EF's PendingModelChangesWarning).
for context in SqlitePortalDbContext PostgresPortalDbContext; do
  dotnet ef migrations has-pending-model-changes --no-build \
    --project src/Portal.Core --startup-project src/Portal --context "$context" >/dev/null \
    || fail "The EF model has changes without a $context migration: add one with 'dotnet ef migrations add' (README)."
done

# The Release build is what the Dockerfile ships: it must build, contain no development identity
# provider, and refuse to start without Auth:Authority.
published=$(mktemp -d)
bash scripts/publish.sh "$published" >/dev/null || fail "The Release publish (scripts/publish.sh, as the Dockerfile runs it) failed."
if ls "$published" | grep -qi openiddict; then fail "The Release build contains the development identity provider."; fi
refusal=$(ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Portal="Data Source=$published/check.db" \
  timeout 60 dotnet "$published/Portal.dll" --urls http://127.0.0.1:0 2>&1)
echo "$refusal" | grep -q "Auth:Authority must be configured" || fail "The Release build started without Auth:Authority: $refusal"
rm -rf "$published"

# A throwaway PostgreSQL cluster on loopback, owned by this run.
pg_dir=$(mktemp -d /tmp/backupportal-pg.XXXXXX)
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
postgres=$(bash scripts/postgres.sh start "$pg_dir" "${PORTAL_TEST_PG_PORT:-55432}") \
  || fail "Could not start PostgreSQL: $(cat "$pg_dir"/*.log 2>/dev/null)"

total_passed=0
total_failed=0
# The names of failed tests and their first lines, repeated before the totals: a log read from its
# end (CI shows the tail) then says what failed without the thousands of lines before it.
failures=""
# Runs one `dotnet test`, and adds its totals (Microsoft.Testing.Platform ends each run with
# "total: N / failed: N / succeeded: N"; the last block is the whole run).
run_tests() {
  local log status passed failed
  log=$(mktemp)
  dotnet test --no-build "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  # -a: a failing test may print any bytes, and grep would then answer "binary file matches".
  passed=$(grep -aE '^\s*succeeded: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  failed=$(grep -aE '^\s*failed: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  local failed_tests
  failed_tests=$(grep -aE -A12 '^failed [A-Za-z_]' "$log" | grep -avE '^\s+from |^--$' | cut -c1-400 | head -n 120)
  [ -n "$failed_tests" ] && failures+="dotnet test $*:"$'\n'"$failed_tests"$'\n'
  rm -f "$log"
  if [ -z "$passed" ] || [ -z "$failed" ]; then
    echo "The test run ($*) ended without a summary (exit code $status)." >&2
    passed=0 failed=1
  elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
}

# Every test on the embedded default, SQLite.
run_tests
# Again on PostgreSQL: every unit and integration test (each gets a database of its own on the
# server), the command line as a process, two instances racing on one database, the API under
# mutated input and database faults, and the sync of a real cloud into the vault.
export PORTAL_TEST_POSTGRES="$postgres"
run_tests --project tests/Unit
run_tests --project tests/E2E --filter-class Portal.Tests.E2E.MultiInstance.TwoInstancesTests --filter-class Portal.Tests.E2E.CliProcessTests \
  --filter-class Portal.Tests.E2E.Api.HardeningTests --filter-class Portal.Tests.E2E.Api.ApiFuzzTests \
  --filter-class Portal.Tests.E2E.Clouds.CloudSyncTests
unset PORTAL_TEST_POSTGRES

[ -n "$failures" ] && printf 'Failed tests:\n%s' "$failures"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
