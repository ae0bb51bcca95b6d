using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core;
using Portal.Core.Data;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.MultiInstance;

/// <summary>
/// Two portal instances started together on one database (PostgreSQL when the run names a server,
/// else one SQLite file), as behind a load balancer; plus the Core services on the same database,
/// for the tests to look at what the instances did.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backupportal-e2e", Guid.NewGuid().ToString("N"));
    private TestDatabase _database = default!;
    private ServiceProvider _core = default!;

    public PortalProcess First { get; private set; } = default!;

    public PortalProcess Second { get; private set; } = default!;

    public IReadOnlyList<PortalProcess> Both => [First, Second];

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _database = await TestDatabase.CreateAsync(Path.Combine(_directory, "portal.db"));
        var settings = new Dictionary<string, string?>(_database.Settings)
        {
            ["BackupServices:0:Driver"] = "cinder.backup.drivers.nfs.NFSBackupDriver",
            ["BackupServices:0:Host"] = "backuphost1",
            ["BackupServices:0:AvailabilityZone"] = "nova",
            // Uploads of bulk runs must be where every instance can read them.
            ["ImportRuns:Directory"] = Path.Combine(_directory, "runs"),
            // The signing keys are kept in the database encrypted with a certificate both instances are given.
            ["DataProtection:CertificatePath"] = WriteCertificate(Path.Combine(_directory, "keys.pfx"), CertificatePassword),
            ["DataProtection:CertificatePassword"] = CertificatePassword,
        };
        var environment = TestDatabase.AsEnvironmentVariables(settings);
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["Demo__Seed"] = "false";
        environment["Auth__Authority"] = "";
        environment["CinderApi__NoAuth"] = "true";

        // Started at once: both migrate the same empty database and make their first signing key.
        First = PortalProcess.Start(environment);
        Second = PortalProcess.Start(environment);
        await Task.WhenAll(First.WaitUntilReadyAsync(TimeSpan.FromMinutes(2)), Second.WaitUntilReadyAsync(TimeSpan.FromMinutes(2)));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _core = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddPortalCore(configuration)
            .AddPortalDatabase(configuration)
            .BuildServiceProvider();
    }

    private const string CertificatePassword = "test-only";

    public T Get<T>() where T : notnull => _core.GetRequiredService<T>();

    private static string WriteCertificate(string path, string password)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=BackupPortal keys (tests)", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, password));
        return path;
    }

    public async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever started is stopped, also when starting failed half-way.
        foreach (var portal in new[] { First, Second }.OfType<PortalProcess>())
        {
            await portal.DisposeAsync();
        }
        if (_core is not null)
        {
            await _core.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
