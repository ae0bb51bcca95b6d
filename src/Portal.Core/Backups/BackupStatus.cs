namespace Portal.Core.Backups;

/// <summary>Cinder's backup statuses (<c>BackupStatus</c> in <c>objects/fields.py</c>), as Cinder spells them.</summary>
public static class BackupStatus
{
    public const string Error = "error";
    public const string ErrorDeleting = "error_deleting";
    public const string Creating = "creating";
    public const string Available = "available";
    public const string Deleting = "deleting";
    public const string Deleted = "deleted";
    public const string Restoring = "restoring";

    public static IReadOnlyList<string> All { get; } = [Error, ErrorDeleting, Creating, Available, Deleting, Deleted, Restoring];
}
