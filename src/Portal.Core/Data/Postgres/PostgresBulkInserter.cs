using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Portal.Core.Data.Postgres;

/// <summary>
/// Inserts many new rows with PostgreSQL's binary COPY inside the context's current transaction:
/// one round trip for a whole batch, no SQL parsed per row.
/// </summary>
internal sealed class PostgresBulkInserter<T> : BulkInserter<T> where T : class
{
    private readonly string _copy;

    /// <summary>Binary COPY needs each value in its column's exact type (an int is not a bigint there).</summary>
    private readonly string[] _types;

    public PostgresBulkInserter(DbContext db) : base(db)
    {
        _copy = $"COPY {Table} ({string.Join(", ", Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        _types = [.. Columns.Select(c => DataTypeName(c.StoreType))];
    }

    protected override async Task InsertRowsAsync(DbContext db, IReadOnlyList<T> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(_copy, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < Columns.Count; i++)
            {
                if (Columns[i].Read(row) is { } value)
                {
                    await importer.WriteAsync(value, _types[i], ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }
            }
        }
        await importer.CompleteAsync(ct);
    }

    /// <summary>One query for all keys: PostgreSQL binds the whole list as one array.</summary>
    public static async Task<HashSet<string>> ProbeKeysAsync(DbContext db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var (table, key) = KeyColumn(db);
        var sql = $"SELECT {key} AS \"Value\" FROM {table} WHERE {key} = ANY(@keys)";
        var present = await db.Database.SqlQueryRaw<string>(sql, new NpgsqlParameter("keys", keys.ToArray())).ToListAsync(ct);
        return new HashSet<string>(present, StringComparer.Ordinal);
    }

    /// <summary>"character varying(255)" → "character varying": COPY names types without their sizes.</summary>
    private static string DataTypeName(string? storeType) => storeType is null
        ? throw new InvalidOperationException($"A column of {typeof(T).Name} has no store type.")
        : storeType.Split('(')[0].Trim();
}
