using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Core.Quotas;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

public sealed class QuotaAdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_ShowsUsageAndWhoseLimitsApply()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService.Append(KeyValuePair.Create("Quotas:Default:Backups", (string?)"10")));
        await host.Get<ImportService>().ImportAsync(Contexts.Member("p-1"), new ImportRequest("", TestRecords.Url(TestRecords.Valid() with { Size = 7 })), Ct);
        await host.Get<QuotaService>().SetAsync(Contexts.Admin(), "p-empty", backups: 2, gigabytes: null, useDefaults: false, Ct);

        var rows = await host.Get<QuotaService>().ListAsync(Contexts.Admin(), Ct);

        Assert.Equal(
            [new ProjectQuotaUsage("p-1", 10, null, false, 1, 7), new ProjectQuotaUsage("p-empty", 2, null, true, 0, 0)],
            rows);
    }

    [Fact]
    public async Task Set_ThenImport_EnforcesTheProjectsOwnLimitUntilItReturnsToTheDefaults()
    {
        await using var host = await CoreTestHost.StartAsync();
        var quotas = host.Get<QuotaService>();
        var importer = host.Get<ImportService>();
        await quotas.SetAsync(Contexts.Admin(), "p-1", backups: 0, gigabytes: null, useDefaults: false, Ct);

        var refused = await importer.ImportAsync(Contexts.Member("p-1"), new ImportRequest("", TestRecords.Url(TestRecords.Valid())), Ct);
        await quotas.SetAsync(Contexts.Admin(), "p-1", null, null, useDefaults: true, Ct);
        var allowed = await importer.ImportAsync(Contexts.Member("p-1"), new ImportRequest("", TestRecords.Url(TestRecords.Valid())), Ct);

        Assert.Equal(ErrorCodes.OverQuota, refused.Error!.Code);
        Assert.True(allowed.Succeeded);
    }

    [Fact]
    public async Task ListOrSet_ForSomeoneNotAdmin_IsABugInTheDoor()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.Get<QuotaService>().ListAsync(Contexts.Member(), Ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.Get<QuotaService>().SetAsync(Contexts.Member(), "p", 1, 1, false, Ct));
    }
}
