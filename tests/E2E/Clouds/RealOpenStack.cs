using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core;
using Portal.Core.Clouds;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Clouds;

/// <summary>
/// A real Keystone and a real Keystone-auth Cinder (Debian's packages), started on loopback by the
/// project's own launchers (<c>scripts/keystone</c>, <c>scripts/cinder</c>) once for the tests of
/// <see cref="RealOpenStackCollection"/>, and filled with backups in three projects through Cinder's
/// own <c>import_record</c>.
/// </summary>
public sealed class RealOpenStack : IAsyncLifetime
{
    /// <summary>Backups imported into each tenant project at start.</summary>
    public const int BackupsPerProject = 66;

    /// <summary>The driver Cinder's backup service runs here, and the prefix records name it by.</summary>
    public const string PosixService = "cinder.backup.drivers.posix.PosixBackupDriver";

    public static readonly string[] TenantProjects = ["tenant1", "tenant2", "tenant3"];

    private readonly string _directory = Directory.CreateTempSubdirectory("backupportal-openstack-").FullName;
    private readonly HttpClient _http = new();
    private ServiceProvider? _services;

    public string KeystoneUrl { get; private set; } = "";

    public string CinderDirectory => Path.Combine(_directory, "cinder");

    public string KeystoneDirectory => Path.Combine(_directory, "ks");

    /// <summary>Keystone's objects and secrets, as <c>scripts/keystone/start.sh</c> wrote them (DIR/keystone.json).</summary>
    public JsonElement Identity { get; private set; }

    public string ProjectId(string name) => Identity.GetProperty("projects").GetProperty(name).GetString()!;

    /// <summary>A cloud's settings with the admin's application credential (bound to project admin).</summary>
    public Dictionary<string, string?> ApplicationCredentialCloud(string name = "lab", string? secret = null) => new()
    {
        ["Clouds:0:Name"] = name,
        ["Clouds:0:AuthUrl"] = KeystoneUrl,
        ["Clouds:0:ApplicationCredentialId"] = Identity.GetProperty("appcred").GetProperty("id").GetString(),
        ["Clouds:0:ApplicationCredentialSecret"] = secret ?? Identity.GetProperty("appcred").GetProperty("secret").GetString(),
    };

    /// <summary>A cloud's settings with the admin user's password, which can ask for tokens scoped to any of its projects.</summary>
    public Dictionary<string, string?> PasswordCloud(string name = "lab", string? authUrl = null) => new()
    {
        ["Clouds:0:Name"] = name,
        ["Clouds:0:AuthUrl"] = authUrl ?? KeystoneUrl + "/v3",
        ["Clouds:0:Username"] = Identity.GetProperty("admin").GetProperty("user").GetString(),
        ["Clouds:0:Password"] = Identity.GetProperty("admin").GetProperty("password").GetString(),
        ["Clouds:0:ProjectName"] = Identity.GetProperty("admin").GetProperty("project").GetString(),
    };

    /// <summary>The admin's Cinder, for tests to set the scene (import, delete) and to check what Cinder holds.</summary>
    public CinderClient Cinder { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        KeystoneUrl = (await ScriptAsync("keystone/start.sh", [KeystoneDirectory])).Trim().Split('\n')[^1].Trim();
        await ScriptAsync("cinder/start.sh", [CinderDirectory], new Dictionary<string, string> { ["KEYSTONE_DIR"] = KeystoneDirectory });
        Identity = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(KeystoneDirectory, "keystone.json"))).RootElement.Clone();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(PasswordCloud()).Build();
        _services = new ServiceCollection().AddPortalCore(configuration).BuildServiceProvider();
        Cinder = _services.GetRequiredService<CloudRegistry>().Find("lab").Value;
        var imported = new List<string>();
        foreach (var project in TenantProjects)
        {
            var records = Enumerable.Range(0, BackupsPerProject).Select(i => NewRecord($"{project}-{i:D3}")).ToList();
            await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (record, ct) =>
            {
                var id = await Cinder.ImportAsync(ProjectId(project), record, ct);
                lock (imported)
                {
                    imported.Add(id);
                }
            });
        }
        await WaitUntilAvailableAsync(imported);
    }

    /// <summary>A record Cinder's posix backup service takes, with a fresh id.</summary>
    public static CinderRecord NewRecord(string name)
    {
        var record = TestRecords.Valid() with { Service = PosixService, DisplayName = name, Size = 1, Container = null };
        return new CinderRecord(PosixService, RecordEncoder.Encode(record));
    }

    /// <summary>Every backup Cinder lists now, all projects.</summary>
    public async Task<List<CinderBackup>> ListAllAsync()
    {
        var all = new List<CinderBackup>();
        string? marker = null;
        do
        {
            var page = await Cinder.ListAsync(marker, CinderClient.MaxPage, CancellationToken.None);
            all.AddRange(page.Backups);
            marker = page.NextMarker;
        }
        while (marker is not null);
        return all;
    }

    /// <summary>Imports happen after the POST: waits until Cinder has made every one available (or failed).</summary>
    public async Task WaitUntilAvailableAsync(IReadOnlyCollection<string> ids)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var listed = (await ListAllAsync()).Where(b => ids.Contains(b.Id)).ToList();
            if (listed.Count == ids.Count && listed.All(b => b.Status is "available" or "error"))
            {
                Assert.All(listed, b => Assert.Equal("available", b.Status));
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Cinder left {listed.Count(b => b.Status != "available")} of {ids.Count} imports unavailable: {string.Join(", ", listed.Select(b => b.Status).Distinct())}.");
            await Task.Delay(300);
        }
    }

    /// <summary>Deletes a backup in Cinder through its API and waits until Cinder no longer lists it.</summary>
    public async Task DeleteAsync(string backupId)
    {
        var token = await Cinder.Session.TokenAsync(null, CancellationToken.None);
        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"{Cinder.Session.ProjectUrl(token)}/backups/{backupId}"))
        {
            request.Headers.Add("X-Auth-Token", token.Value);
            using var response = await _http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"Cinder refused to delete {backupId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await Cinder.ShowAsync(backupId, CancellationToken.None) is { } left)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Cinder did not delete backup {backupId}: it is '{left.Status}' ({left.FailReason}).");
            await Task.Delay(300);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _services!.DisposeAsync();
        await ScriptAsync("cinder/stop.sh", [CinderDirectory]);
        await ScriptAsync("keystone/stop.sh", [KeystoneDirectory]);
        Directory.Delete(_directory, recursive: true);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BackupPortal.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }

    public static async Task<string> ScriptAsync(string script, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot(), "scripts", script), .. arguments], environment: environment);
        Assert.True(result.ExitCode == 0, $"{script} failed ({result.ExitCode}):\n{result.Error}");
        return result.Output;
    }
}

[CollectionDefinition(nameof(RealOpenStackCollection), DisableParallelization = true)]
public sealed class RealOpenStackCollection : ICollectionFixture<RealOpenStack>;
