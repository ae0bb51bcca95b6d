using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Backups;

namespace Portal.Api;

/// <summary>
/// The query string of <c>GET /backups[/detail]</c> as Cinder reads it: pagination (limit, marker,
/// offset), sort, all_tenants, with_count, and the filters name, name~, status and volume_id.
/// </summary>
public static class BackupListParameters
{
    private static readonly HashSet<string> _paging = ["limit", "marker", "offset", "sort", "sort_key", "sort_dir", "all_tenants", "with_count"];
    private static readonly HashSet<string> _filters = ["name", "display_name", "status", "volume_id"];
    private static readonly string[] _true = ["1", "t", "true", "on", "y", "yes"];
    private static readonly string[] _false = ["0", "f", "false", "off", "n", "no"];

    /// <summary>The page to read, or the problem with the query (a 400 in Cinder's words).</summary>
    public static (BackupPageQuery? Query, string? Problem) Parse(IQueryCollection parameters, ApiRequest request, int maxLimit)
    {
        string? Value(string key) => parameters.TryGetValue(key, out var values) && values.ToString() is { Length: > 0 } value ? value : null;

        var unknown = parameters.Keys
            .Where(k => !_paging.Contains(k) && !_filters.Contains(k) && !(k == "name~" && request.Version.AtLeast(3, 34)))
            .ToList();
        if (unknown.Count > 0 && request.Version.AtLeast(3, 31) && !request.Context.IsAdmin)
        {
            return (null, $"Invalid filters {string.Join(", ", unknown)} are found in query options.");
        }
        var (limit, limitProblem) = Number(Value("limit"), "limit");
        var (offset, offsetProblem) = Number(Value("offset"), "offset");
        if ((limitProblem ?? offsetProblem) is { } numberProblem)
        {
            return (null, numberProblem);
        }
        var allProjects = Flag(Value("all_tenants"));
        if (allProjects is null)
        {
            return (null, $"all_tenants must be a boolean, got '{Value("all_tenants")}'.");
        }
        var (sort, sortProblem) = Sort(Value("sort"), Value("sort_key"), Value("sort_dir"));
        if (sortProblem is not null)
        {
            return (null, sortProblem);
        }
        return (new BackupPageQuery
        {
            AllProjects = allProjects.Value,
            Name = Value("name") ?? Value("display_name"),
            NameContains = request.Version.AtLeast(3, 34) ? Value("name~") : null,
            Status = Value("status"),
            VolumeId = Value("volume_id"),
            Sort = sort!,
            Marker = Value("marker"),
            Offset = offset ?? 0,
            Limit = Math.Min(limit ?? maxLimit, Math.Min(maxLimit, BackupPageQuery.MaxLimit)),
            WithCount = request.Version.AtLeast(3, 45) && Flag(Value("with_count")) == true,
        }, null);
    }

    /// <summary>The next page's address: the same query, starting after the last backup shown.</summary>
    public static string NextLink(HttpContext http, string lastId)
    {
        var kept = http.Request.Query.Where(p => p.Key is not ("marker" or "offset"))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))
            .Append(KeyValuePair.Create("marker", (string?)lastId));
        return QueryHelpers.AddQueryString($"{ApiLinks.Origin(http)}{http.Request.Path}", kept);
    }

    private static (int? Value, string? Problem) Number(string? text, string name)
    {
        if (text is null)
        {
            return (null, null);
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return (null, $"{name} param must be an integer");
        }
        return number < 0 ? (null, $"{name} param must be positive") : (number, null);
    }

    /// <summary>As oslo's strict bool_from_string; absent is false, anything unknown null.</summary>
    private static bool? Flag(string? text) =>
        text is null ? false
        : _true.Contains(text, StringComparer.OrdinalIgnoreCase) ? true
        : _false.Contains(text, StringComparer.OrdinalIgnoreCase) ? false
        : null;

    private static (IReadOnlyList<BackupSort>? Sort, string? Problem) Sort(string? sort, string? sortKey, string? sortDir)
    {
        if (sort is not null && (sortKey is not null || sortDir is not null))
        {
            return (null, "The sort_key and sort_dir parameters are deprecated and cannot be used with the sort parameter.");
        }
        var entries = sort is not null
            ? sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [$"{sortKey ?? BackupSortKeys.CreatedAt}:{sortDir ?? "desc"}"];
        var keys = new List<BackupSort>();
        foreach (var entry in entries)
        {
            var parts = entry.Split(':');
            var key = parts[0] == "name" ? BackupSortKeys.Name : parts[0];
            var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "desc";
            if (!BackupSortKeys.All.Contains(key))
            {
                return (null, $"Invalid sort key {parts[0]}: use one of {string.Join(", ", BackupSortKeys.All)}.");
            }
            if (parts.Length > 2 || direction is not ("asc" or "desc"))
            {
                return (null, $"Invalid sort direction in {entry}: use asc or desc.");
            }
            keys.Add(new BackupSort(key, direction == "desc"));
        }
        return (keys, null);
    }
}
