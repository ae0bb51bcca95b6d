using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Core.Data;

/// <summary>
/// Inserts many new rows of one entity with a single prepared command inside the context's current
/// transaction. Columns and value conversions come from the EF model, so the mapping lives in one
/// place; EF's own SaveChanges costs about 150 µs a row here, which bulk runs cannot afford.
/// </summary>
internal sealed class BulkInserter<T> where T : class
{
    private readonly string _sql;
    private readonly Func<T, object?>[] _values;

    private BulkInserter(string sql, Func<T, object?>[] values)
    {
        _sql = sql;
        _values = values;
    }

    public static BulkInserter<T> For(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        // Store-generated keys (the audit log's sequence) are left to the database.
        var columns = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd).ToList();
        var sql = $"INSERT INTO \"{entity.GetTableName()}\" ({string.Join(", ", columns.Select(c => $"\"{c.GetColumnName()}\""))}) " +
                  $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        return new BulkInserter<T>(sql, [.. columns.Select(Getter)]);
    }

    public async Task InsertAsync(DbContext db, IReadOnlyList<T> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the caller's transaction.");
        command.CommandText = _sql;
        var parameters = new DbParameter[_values.Length];
        for (var i = 0; i < _values.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = $"@p{i}";
            command.Parameters.Add(parameters[i]);
        }
        foreach (var row in rows)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                parameters[i].Value = _values[i](row) ?? DBNull.Value;
            }
            if (row == rows[0])
            {
                await command.PrepareAsync(ct);
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A compiled getter for one column, through the property's value converter when it has one.</summary>
    private static Func<T, object?> Getter(IProperty property)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var value = Expression.Property(row, property.PropertyInfo ?? throw new InvalidOperationException($"{property.Name} has no CLR property."));
        var read = Expression.Lambda<Func<T, object?>>(Expression.Convert(value, typeof(object)), row).Compile();
        var converter = property.GetTypeMapping().Converter ?? property.GetValueConverter();
        return converter is null ? read : r => read(r) is { } v ? converter.ConvertToProvider(v) : null;
    }
}
