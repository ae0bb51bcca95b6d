namespace Portal.Cli;

/// <summary>Where commands read and write: a path, or '-' for the standard streams.</summary>
internal static class CliFiles
{
    public static TextReader OpenInput(string path, CliConsole console) =>
        path == "-" ? new NonClosingReader(console.In) : new StreamReader(path);

    public static StreamWriter? OpenReport(string? path) => path is null ? null : new StreamWriter(path);

    /// <summary>Lets a command dispose what it opened without closing the console.</summary>
    private sealed class NonClosingReader(TextReader inner) : TextReader
    {
        public override int Peek() => inner.Peek();

        public override int Read() => inner.Read();

        public override string? ReadLine() => inner.ReadLine();

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => inner.ReadLineAsync(cancellationToken);
    }
}
