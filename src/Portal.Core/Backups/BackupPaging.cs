using System.Linq.Expressions;

namespace Portal.Core.Backups;

/// <summary>
/// Sorting by Cinder's keys, in Cinder's order, and starting after a marker by comparing keys (keyset
/// paging), so the thousandth page costs what the first does. Ties are broken as Cinder breaks them
/// (<c>process_sort_params</c>: <c>created_at</c>, then <c>id</c>, in the first key's direction). A
/// missing value sorts after every present one, as on PostgreSQL, the database of the Cinder the
/// portal is measured against (ascending: last; descending: first): a nullable key is two columns,
/// "is missing" and the value, so a null name and an empty one stay apart and every key is total.
/// </summary>
internal static class BackupPaging
{
    private static readonly Dictionary<string, LambdaExpression[]> _keys = new(StringComparer.Ordinal)
    {
        [BackupSortKeys.CreatedAt] = [Key(b => b.CreatedAt)],
        [BackupSortKeys.UpdatedAt] = [Missing(b => b.UpdatedAt == null), Key(b => b.UpdatedAt ?? DateTime.MinValue)],
        [BackupSortKeys.Id] = [Key(b => b.Id)],
        [BackupSortKeys.Status] = [Key(b => b.Status)],
        [BackupSortKeys.Size] = [Key(b => b.Size)],
        [BackupSortKeys.Name] = [Missing(b => b.DisplayName == null), Key(b => b.DisplayName ?? "")],
        [BackupSortKeys.AvailabilityZone] = [Missing(b => b.AvailabilityZone == null), Key(b => b.AvailabilityZone ?? "")],
        [BackupSortKeys.DataTimestamp] = [Missing(b => b.DataTimestamp == null), Key(b => b.DataTimestamp ?? DateTime.MinValue)],
    };

    /// <summary>The same columns compiled, to read a marker's values without compiling on every request.</summary>
    private static readonly Dictionary<LambdaExpression, Func<Backup, object>> _values = _keys.Values.SelectMany(columns => columns).ToDictionary(
        column => column,
        column => Expression.Lambda<Func<Backup, object>>(Expression.Convert(column.Body, typeof(object)), column.Parameters).Compile());

    private static readonly System.Reflection.MethodInfo _compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary>The sort as asked, then Cinder's tie-breakers (<c>created_at</c>, <c>id</c>) that are not in it yet, in the first key's direction.</summary>
    public static IReadOnlyList<BackupSort> Total(IReadOnlyList<BackupSort> sort)
    {
        var descending = sort.Count == 0 || sort[0].Descending;
        var total = sort.ToList();
        foreach (var tieBreaker in new[] { BackupSortKeys.CreatedAt, BackupSortKeys.Id })
        {
            if (!total.Any(s => s.Key == tieBreaker))
            {
                total.Add(new BackupSort(tieBreaker, descending));
            }
        }
        return total;
    }

    /// <summary>Each sort key as the columns that order it, with its direction.</summary>
    private static IEnumerable<(LambdaExpression Column, bool Descending)> Columns(IReadOnlyList<BackupSort> sort) =>
        sort.SelectMany(s => _keys[s.Key].Select(column => (column, s.Descending)));

    private static Expression<Func<Backup, T>> Key<T>(Expression<Func<Backup, T>> column) => column;

    /// <summary>1 when the value is missing: ascending, missing values come last, as PostgreSQL orders NULL.</summary>
    private static Expression<Func<Backup, int>> Missing(Expression<Func<Backup, bool>> isMissing) =>
        Expression.Lambda<Func<Backup, int>>(
            Expression.Condition(isMissing.Body, Expression.Constant(1), Expression.Constant(0)), isMissing.Parameters);

    public static IQueryable<Backup> Ordered(IQueryable<Backup> backups, IReadOnlyList<BackupSort> sort)
    {
        IOrderedQueryable<Backup>? ordered = null;
        foreach (var (selector, descending) in Columns(sort))
        {
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
        foreach (var (selector, descending) in Columns(sort))
        {
            var value = _values[selector](marker);
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
