namespace Portal.Cli;

/// <summary>The streams a command reads and writes: the process's own, or a test's.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole Standard => new(Console.In, Console.Out, Console.Error);
}
