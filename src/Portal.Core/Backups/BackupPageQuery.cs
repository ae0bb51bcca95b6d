namespace Portal.Core.Backups;

/// <summary>
/// A page of backups in the API's terms (Cinder's): sort keys, a marker to start after, an offset,
/// a limit. Admins may ask for every project; everyone else sees their project whatever they ask.
/// </summary>
public sealed record BackupPageQuery
{
    public const int MaxLimit = 1000;

    public bool AllProjects { get; init; }

    /// <summary>Exact name.</summary>
    public string? Name { get; init; }

    /// <summary>Part of the name (Cinder's <c>name~</c>).</summary>
    public string? NameContains { get; init; }

    public string? Status { get; init; }

    public string? VolumeId { get; init; }

    /// <summary>Keys of <see cref="BackupSortKeys"/>, each descending or not; the id is added last to break ties.</summary>
    public IReadOnlyList<BackupSort> Sort { get; init; } = [new(BackupSortKeys.CreatedAt, Descending: true)];

    /// <summary>The id of the backup the page starts after.</summary>
    public string? Marker { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = MaxLimit;

    public bool WithCount { get; init; }
}

public sealed record BackupSort(string Key, bool Descending);

/// <summary>The keys a page can be sorted by, as Cinder names them.</summary>
public static class BackupSortKeys
{
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
    public const string Id = "id";
    public const string Status = "status";
    public const string Size = "size";
    public const string Name = "display_name";
    public const string AvailabilityZone = "availability_zone";
    public const string DataTimestamp = "data_timestamp";

    public static readonly IReadOnlyList<string> All = [CreatedAt, UpdatedAt, Id, Status, Size, Name, AvailabilityZone, DataTimestamp];
}

/// <param name="TotalCount">All matching backups, when the query asked for the count.</param>
public sealed record BackupPage(IReadOnlyList<Backup> Items, int? TotalCount);
