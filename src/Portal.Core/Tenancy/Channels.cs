namespace Portal.Core.Tenancy;

/// <summary>The doors a request came through, as the audit log names them (contract §6).</summary>
public static class Channels
{
    public const string Ui = "ui";
    public const string Bulk = "bulk";
    public const string Api = "api";
    public const string Cli = "cli";

    /// <summary>Not in contract §6, which knows no clouds (issue 14): what a cloud sync writes into the vault.</summary>
    public const string Sync = "sync";

    /// <summary>Not in contract §6 either: what a restore puts into a cloud's Cinder.</summary>
    public const string Restore = "restore";
}
