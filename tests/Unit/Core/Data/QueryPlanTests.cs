using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Data;
using Portal.Core.Importing;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Data;

/// <summary>
/// The plans of the hot queries do not depend on luck (issue 13): on a seeded database whose
/// statistics <see cref="DatabaseStatistics"/> refreshed, the exact commands Core sends for the API's
/// pages, count, show, the token lookup and the backup page's chain and history are explained by the
/// engine itself, and each reads through an index, never a scan of the table or a sort of the project.
/// </summary>
public sealed class QueryPlanTests
{
    private const int Backups = 20_000;
    private const string Project = "planproject";
    private static readonly string[] _projects = [Project, "otherproject1", "otherproject2"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HotQueries_ReadThroughIndexes_OnASeededDatabaseWithStatistics()
    {
        // Listening before the first context: EF remembers for a while that nobody listened (and
        // pooled contexts keep that memory), so commands sent soon after would go uncaught.
        CommandCapture.Listen();
        await using var host = await CoreTestHost.StartAsync();
        var (inChain, secret) = await SeedAsync(host);
        await host.Get<DatabaseStatistics>().RefreshAsync(Ct);
        var queries = host.Get<BackupQueries>();
        var member = Contexts.Member(Project);

        var plans = new Dictionary<string, IReadOnlyList<string>>
        {
            ["detail?limit=100"] = await PlansOfAsync(host, () => queries.PageAsync(member, new BackupPageQuery { Limit = 100 }, Ct)),
            ["detail?limit=100&marker&sort=created_at:desc"] = await PlansOfAsync(host, () => queries.PageAsync(
                member, new BackupPageQuery { Limit = 100, Marker = inChain, Sort = [new BackupSort(BackupSortKeys.CreatedAt, true)] }, Ct)),
            ["detail?with_count&status=available"] = await PlansOfAsync(host, () => queries.PageAsync(
                member, new BackupPageQuery { Limit = 100, WithCount = true, Status = BackupStatus.Available }, Ct)),
            ["backups/{id}"] = await PlansOfAsync(host, () => queries.GetAsync(member, inChain, Ct)),
            ["token"] = await PlansOfAsync(host, () => host.Get<ApiTokenService>().AuthenticateAsync(secret, "req", null, Ct)),
            ["backup page"] = await PlansOfAsync(host, () => queries.GetDetailsAsync(member, inChain, Ct)),
        };

        Assert.All(plans, query => Assert.NotEmpty(query.Value));
        Assert.All(plans, query => Assert.All(query.Value, plan => AssertReadsThroughIndexes(query.Key, plan, mayOrder: query.Key == "backup page")));
        // The chain's dependents: the parent index, not the project's (what SQLite chose without statistics).
        Assert.Contains(plans["backup page"], plan => plan.Contains("IX_backups_ParentId", StringComparison.Ordinal));
        Assert.Equal(4, plans["backup page"].Count);
    }

    /// <param name="mayOrder">A chain's few dependents may be sorted after the index found them; a page of a project may not.</param>
    private static void AssertReadsThroughIndexes(string query, string plan, bool mayOrder)
    {
        var lines = plan.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (TestDatabase.PostgresServer is null)
        {
            Assert.False(lines.Any(l => l.StartsWith("SCAN ", StringComparison.Ordinal) && !l.Contains(" USING ", StringComparison.Ordinal)), $"{query} scans a table:\n{plan}");
            Assert.False(!mayOrder && lines.Any(l => l.Contains("TEMP B-TREE", StringComparison.Ordinal)), $"{query} sorts:\n{plan}");
        }
        else
        {
            Assert.False(lines.Any(l => l.Contains("Seq Scan on backups", StringComparison.Ordinal)), $"{query} scans the table:\n{plan}");
            Assert.False(!mayOrder && lines.Any(l => l.TrimStart('-', '>', ' ').StartsWith("Sort", StringComparison.Ordinal)), $"{query} sorts:\n{plan}");
        }
    }

    /// <summary>Runs <paramref name="query"/>, catching the commands it sends, and has the engine explain each.</summary>
    private static async Task<IReadOnlyList<string>> PlansOfAsync(CoreTestHost host, Func<Task> query)
    {
        var sent = new List<(string Sql, (string Name, object? Value)[] Parameters)>();
        using (CommandCapture.Into(sent))
        {
            await query();
        }
        var plans = new List<string>();
        foreach (var (sql, parameters) in sent)
        {
            plans.Add(await ExplainAsync(host.Settings["ConnectionStrings:Portal"]!, sql, parameters));
        }
        return plans;
    }

    private static async Task<string> ExplainAsync(string connectionString, string sql, (string Name, object? Value)[] parameters)
    {
        await using DbConnection connection = TestDatabase.PostgresServer is null ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = (TestDatabase.PostgresServer is null ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            // SQLite: id, parent, notused, detail; PostgreSQL: one text column.
            lines.Add(reader.GetString(reader.FieldCount - 1));
        }
        return string.Join('\n', lines);
    }

    /// <summary>20,000 backups in three projects, chains of four; an API token; a backup of the project with a parent and dependents.</summary>
    private static async Task<(string InChain, string Secret)> SeedAsync(CoreTestHost host)
    {
        var service = new BackupServiceDefinition { Driver = "cinder.backup.drivers.nfs.NFSBackupDriver", Host = "backuphost1" };
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        static string Id(int i) => new Guid(i, 0x4e5f, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d).ToString();
        for (var offset = 0; offset < Backups; offset += 5_000)
        {
            await host.ExecuteAsync(db =>
            {
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                for (var i = offset; i < offset + 5_000; i++)
                {
                    var created = start.AddMinutes(i);
                    var record = TestRecords.Valid(Id(i)) with { ParentId = i % 4 == 0 ? null : Id(i - 1), CreatedAt = created, DataTimestamp = created, Size = 1 + (i % 50) };
                    var backup = Backup.Import(record, new BackupOwner("planuser", _projects[(i / 4) % _projects.Length]), service, created);
                    if (i % 97 == 0)
                    {
                        backup.ChangeStatus(BackupStatus.Error, created, "seeded");
                    }
                    db.Backups.Add(backup);
                }
                return Task.CompletedTask;
            });
        }
        // Audit history for the backup page: imports through Core, into the same project.
        for (var i = 0; i < 20; i++)
        {
            await host.Get<ImportService>().ImportAsync(Contexts.Member(Project), new ImportRequest(service.Driver, TestRecords.Url(TestRecords.Valid())), Ct);
        }
        var token = await host.Get<ApiTokenService>().CreateForAsync("plans", "planuser", Project, Roles.Member, TimeSpan.FromHours(1), Ct);
        // 19,981: the second of its chain of four, in the first project ((i / 4) % 3 == 0).
        return (Id(Backups - 19), token.Value.Secret);
    }

    /// <summary>The commands EF Core sends in this async flow (tests run in parallel: others' are not caught).</summary>
    private sealed class CommandCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private static readonly AsyncLocal<List<(string, (string, object?)[])>?> _current = new();
        private static readonly CommandCapture _instance = new();
        private static readonly IDisposable _subscription = DiagnosticListener.AllListeners.Subscribe(_instance);

        public static void Listen() => GC.KeepAlive(_subscription);

        public static IDisposable Into(List<(string Sql, (string Name, object? Value)[] Parameters)> sent)
        {
            Listen();
            _current.Value = sent;
            return new Stop();
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                value.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData { Command: var command } && _current.Value is { } sent
                && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                sent.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        private sealed class Stop : IDisposable
        {
            public void Dispose() => _current.Value = null;
        }
    }
}
