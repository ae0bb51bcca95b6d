namespace Portal.Core.Quotas;

/// <summary>An admin's override of the default limits for one project.</summary>
public sealed class ProjectQuota
{
    private ProjectQuota()
    {
    }

    public string ProjectId { get; private set; } = "";

    /// <summary>Null or negative: unlimited.</summary>
    public int? Backups { get; private set; }

    /// <summary>Null or negative: unlimited.</summary>
    public int? Gigabytes { get; private set; }

    public static ProjectQuota For(string projectId, int? backups, int? gigabytes) =>
        new() { ProjectId = projectId, Backups = backups, Gigabytes = gigabytes };

    public void Change(int? backups, int? gigabytes)
    {
        Backups = backups;
        Gigabytes = gigabytes;
    }
}
