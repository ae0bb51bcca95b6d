namespace Portal.Cli;

/// <summary>
/// What a command's exit code says, the same for every command, so a cron job or a script can tell
/// "some input was refused" from "the command could not do its work at all".
/// </summary>
public static class ExitCodes
{
    /// <summary>Done, and every record (or check) was fine.</summary>
    public const int Success = 0;

    /// <summary>Done, but some input was refused (a record rejected, an audit chain that does not hold).</summary>
    public const int Refused = 1;

    /// <summary>Not run: an unknown command, option or value. The usage follows on standard error.</summary>
    public const int Usage = 2;

    /// <summary>Could not run: the database, a file or the network failed. The reason is on standard error.</summary>
    public const int CouldNotRun = 3;
}
