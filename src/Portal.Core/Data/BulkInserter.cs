using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Core.Data.Postgres;
using Portal.Core.Data.Sqlite;

namespace Portal.Core.Data;

/// <summary>
/// Inserts many new rows of one entity inside the context's current transaction, the fastest way
/// each engine offers (SQLite: one prepared statement bound natively; PostgreSQL: binary COPY).
/// Columns and value conversions come from the EF model, so the mapping lives in one place.
/// </summary>
internal abstract class BulkInserter<T> where T : class
{
    protected BulkInserter(DbContext db)
    {
        var entity = Entity(db);
        Table = Quote(entity.GetTableName()!);
        // Store-generated keys (the audit log's sequence) are left to the database.
        Columns = [.. entity.GetProperties()
            .Where(p => p.ValueGenerated != ValueGenerated.OnAdd)
            .Select(p => new Column(Quote(p.GetColumnName()), p.GetColumnType(), Getter(p)))];
    }

    /// <summary>The table's quoted name.</summary>
    protected string Table { get; }

    protected IReadOnlyList<Column> Columns { get; }

    public static BulkInserter<T> For(DbContext db) => db is PostgresPortalDbContext
        ? new PostgresBulkInserter<T>(db)
        : new SqliteBulkInserter<T>(db);

    public Task InsertAsync(DbContext db, IReadOnlyList<T> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Bulk inserts run inside the caller's transaction.");
        }
        return InsertRowsAsync(db, rows, ct);
    }

    protected abstract Task InsertRowsAsync(DbContext db, IReadOnlyList<T> rows, CancellationToken ct);

    /// <summary>Which of <paramref name="keys"/> the entity's table holds.</summary>
    public static Task<HashSet<string>> PresentKeysAsync(DbContext db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db is PostgresPortalDbContext
            ? PostgresBulkInserter<T>.ProbeKeysAsync(db, keys, ct)
            : SqliteBulkInserter<T>.ProbeKeysAsync(db, keys, ct);

    /// <summary>The table's and its single-column primary key's quoted names.</summary>
    protected static (string Table, string Key) KeyColumn(DbContext db)
    {
        var entity = Entity(db);
        var key = entity.FindPrimaryKey()?.Properties.Single() ?? throw new InvalidOperationException($"{typeof(T).Name} has no single-column key.");
        return (Quote(entity.GetTableName()!), Quote(key.GetColumnName()));
    }

    private static IEntityType Entity(DbContext db) =>
        db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");

    private static string Quote(string name) => $"\"{name}\"";

    /// <summary>A compiled getter for one column, through the property's value converter when it has one.</summary>
    private static Func<T, object?> Getter(IProperty property)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var value = Expression.Property(row, property.PropertyInfo ?? throw new InvalidOperationException($"{property.Name} has no CLR property."));
        var read = Expression.Lambda<Func<T, object?>>(Expression.Convert(value, typeof(object)), row).Compile();
        var converter = property.GetTypeMapping().Converter ?? property.GetValueConverter();
        return converter is null ? read : r => read(r) is { } v ? converter.ConvertToProvider(v) : null;
    }

    /// <param name="Name">Quoted column name.</param>
    /// <param name="StoreType">The column's type in the database, as the model maps it.</param>
    /// <param name="Read">The value to store, after conversion.</param>
    protected sealed record Column(string Name, string? StoreType, Func<T, object?> Read);
}
