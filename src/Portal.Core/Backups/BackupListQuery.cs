namespace Portal.Core.Backups;

/// <summary>What the backups table asks for: filters, one sort, one page.</summary>
public sealed record BackupListQuery
{
    /// <summary>Part of the display name, any letter case.</summary>
    public string? Name { get; init; }

    public string? Status { get; init; }

    /// <summary>The start of a volume id.</summary>
    public string? VolumeId { get; init; }

    public DateTime? CreatedFrom { get; init; }

    public DateTime? CreatedTo { get; init; }

    /// <summary>Admins only; ignored for everyone else, who see their own project.</summary>
    public string? ProjectId { get; init; }

    public BackupSortField SortBy { get; init; } = BackupSortField.CreatedAt;

    public bool Descending { get; init; } = true;

    /// <summary>Zero-based.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

public enum BackupSortField
{
    CreatedAt,
    Name,
    Status,
    Size,
    ProjectId,
}

/// <summary>One page of backups and how many match in all.</summary>
public sealed record BackupListPage(IReadOnlyList<Backup> Items, int TotalCount);
