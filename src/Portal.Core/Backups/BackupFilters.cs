namespace Portal.Core.Backups;

internal static class BackupFilters
{
    /// <summary>
    /// Backups that are not soft-deleted, written as "Deleted = @p" rather than "NOT Deleted":
    /// SQLite matches only the former to the indexes that hold Deleted, so a page of the newest
    /// backups is read off an index instead of sorting a whole project (0.8 s at 333,000 backups).
    /// </summary>
    public static IQueryable<Backup> NotDeleted(this IQueryable<Backup> backups)
    {
        var deleted = false;
        return backups.Where(b => b.Deleted == deleted);
    }
}
