using System.Globalization;
using Portal.Benchmarks;

// Prints throughput figures; a benchmark, not a test: nothing here passes or fails.
var suite = args.FirstOrDefault() ?? "codec";
switch (suite)
{
    case "codec":
        CodecBenchmark.Run(records: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{suite}'. Available: codec [records]");
        return 2;
}
