namespace Portal.Demo;

/// <summary>Demo data for a fresh development database (section <c>Demo</c>).</summary>
public sealed class DemoDataOptions
{
    public const string SectionName = "Demo";

    public bool Seed { get; set; } = true;

    /// <summary>How many full backups each demo project gets; each has up to three incrementals on it.</summary>
    public int FullBackupsPerProject { get; set; } = 30;
}
