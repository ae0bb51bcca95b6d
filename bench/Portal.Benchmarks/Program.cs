using System.Globalization;
using Portal.Benchmarks;

// Prints figures; a benchmark, not a test: nothing here passes or fails.
var suite = args.FirstOrDefault() ?? "codec";
int Count(int fallback) => args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : fallback;
switch (suite)
{
    case "codec":
        CodecBenchmark.Run(records: Count(20_000));
        return 0;
    case "bulk":
        await BulkBenchmark.RunAsync(records: Count(100_000));
        return 0;
    case "bulk-memory":
        await BulkBenchmark.MeasureMemoryAsync(records: Count(1_000_000));
        return 0;
    case "table":
        await TableBenchmark.RunAsync(backups: Count(1_000_000));
        return 0;
    case "api":
        // Backups in the measured project, e.g. "10000,100000"; twice as many go to two other projects.
        await ApiBenchmark.RunAsync(args.Length > 1 ? [.. args[1].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] : [10_000, 100_000]);
        return 0;
    case "cloud":
        // Backups in the real Cinder, synced into the vault, then restored after its database is lost.
        await CloudBenchmark.RunAsync(backups: Count(1_000));
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{suite}'. Available: codec [records], bulk [records], bulk-memory [records], table [backups], api [backups-in-the-project,...], cloud [backups]");
        return 2;
}
