using System.Linq.Expressions;

namespace Portal.Core.Backups;

/// <summary>
/// Sorting by Cinder's keys and starting after a marker by comparing keys (keyset paging), so the
/// thousandth page costs what the first does. Empty names and zones sort as "", a missing
/// data_timestamp as the earliest time, so every key is total and the marker comparison agrees
/// with the order.
/// </summary>
internal static class BackupPaging
{
    private static readonly Dictionary<string, LambdaExpression> _keys = new(StringComparer.Ordinal)
    {
        [BackupSortKeys.CreatedAt] = (Expression<Func<Backup, DateTime>>)(b => b.CreatedAt),
        [BackupSortKeys.UpdatedAt] = (Expression<Func<Backup, DateTime>>)(b => b.UpdatedAt ?? DateTime.MinValue),
        [BackupSortKeys.Id] = (Expression<Func<Backup, string>>)(b => b.Id),
        [BackupSortKeys.Status] = (Expression<Func<Backup, string>>)(b => b.Status),
        [BackupSortKeys.Size] = (Expression<Func<Backup, int>>)(b => b.Size),
        [BackupSortKeys.Name] = (Expression<Func<Backup, string>>)(b => b.DisplayName ?? ""),
        [BackupSortKeys.AvailabilityZone] = (Expression<Func<Backup, string>>)(b => b.AvailabilityZone ?? ""),
        [BackupSortKeys.DataTimestamp] = (Expression<Func<Backup, DateTime>>)(b => b.DataTimestamp ?? DateTime.MinValue),
    };

    /// <summary>The same keys compiled, to read a marker's values without compiling on every request.</summary>
    private static readonly Dictionary<string, Func<Backup, object>> _values = _keys.ToDictionary(
        k => k.Key,
        k => Expression.Lambda<Func<Backup, object>>(Expression.Convert(k.Value.Body, typeof(object)), k.Value.Parameters).Compile(),
        StringComparer.Ordinal);

    private static readonly System.Reflection.MethodInfo _compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary>The sort as asked, with the id added last (same direction as the last key) so the order is total.</summary>
    public static IReadOnlyList<BackupSort> Total(IReadOnlyList<BackupSort> sort) =>
        sort.Any(s => s.Key == BackupSortKeys.Id) ? sort : [.. sort, new BackupSort(BackupSortKeys.Id, sort.Count == 0 || sort[^1].Descending)];

    public static IQueryable<Backup> Ordered(IQueryable<Backup> backups, IReadOnlyList<BackupSort> sort)
    {
        IOrderedQueryable<Backup>? ordered = null;
        foreach (var (key, descending) in sort)
        {
            var selector = _keys[key];
            var method = (ordered, descending) switch
            {
                (null, false) => nameof(Queryable.OrderBy),
                (null, true) => nameof(Queryable.OrderByDescending),
                (_, false) => nameof(Queryable.ThenBy),
                (_, true) => nameof(Queryable.ThenByDescending),
            };
            ordered = (IOrderedQueryable<Backup>)backups.Provider.CreateQuery<Backup>(Expression.Call(
                typeof(Queryable), method, [typeof(Backup), selector.ReturnType], (ordered ?? backups).Expression, Expression.Quote(selector)));
        }
        return ordered ?? backups;
    }

    /// <summary>Rows after <paramref name="marker"/> in the order <paramref name="sort"/> gives.</summary>
    public static IQueryable<Backup> After(IQueryable<Backup> backups, IReadOnlyList<BackupSort> sort, Backup marker)
    {
        var row = Expression.Parameter(typeof(Backup), "b");
        Expression? after = null;
        Expression tiedSoFar = Expression.Constant(true);
        foreach (var (key, descending) in sort)
        {
            var selector = _keys[key];
            var value = _values[key](marker);
            var left = new Rebind(selector.Parameters[0], row).Visit(selector.Body);
            // A captured value, so EF sends it as a parameter rather than as a literal.
            var right = Expression.Property(Expression.Constant(new Captured(value)), nameof(Captured.Value));
            var typedRight = Expression.Convert(right, selector.ReturnType);
            var beyond = Beyond(left, typedRight, descending);
            var step = Expression.AndAlso(tiedSoFar, beyond);
            after = after is null ? step : Expression.OrElse(after, step);
            tiedSoFar = Expression.AndAlso(tiedSoFar, Expression.Equal(left, typedRight));
        }
        return after is null ? backups : backups.Where(Expression.Lambda<Func<Backup, bool>>(after, row));
    }

    private static BinaryExpression Beyond(Expression left, Expression right, bool descending)
    {
        if (left.Type == typeof(string))
        {
            var comparison = Expression.Call(_compare, left, right);
            return descending ? Expression.LessThan(comparison, Expression.Constant(0)) : Expression.GreaterThan(comparison, Expression.Constant(0));
        }
        return descending ? Expression.LessThan(left, right) : Expression.GreaterThan(left, right);
    }

    private sealed class Captured(object? value)
    {
        public object? Value { get; } = value;
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
