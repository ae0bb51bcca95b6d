using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Auditing;

public sealed class AuditQueriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CoreTestHost> HostWithEntriesAsync()
    {
        var host = await CoreTestHost.StartAsync();
        var importer = host.Get<ImportService>();
        await importer.ImportAsync(Contexts.Member("p-1", "u-1"), new ImportRequest("", TestRecords.Url(TestRecords.Valid())), Ct);
        await importer.ImportAsync(Contexts.Member("p-2", "u-2"), new ImportRequest("", TestRecords.Url(TestRecords.Valid())), Ct);
        await importer.ImportAsync(Contexts.Member("p-2", "u-2"), new ImportRequest("", "broken!"), Ct);
        return host;
    }

    [Fact]
    public async Task List_FiltersByActorProjectOutcomeAndCode_NewestFirst()
    {
        await using var host = await HostWithEntriesAsync();
        var audit = host.Get<AuditQueries>();

        var all = await audit.ListAsync(Contexts.Admin(), new AuditQuery(), Ct);
        var p2 = await audit.ListAsync(Contexts.Admin(), new AuditQuery { ProjectId = "p-2" }, Ct);
        var rejected = await audit.ListAsync(Contexts.Admin(), new AuditQuery { Outcome = AuditOutcomes.Rejected, ErrorCode = ErrorCodes.NotBase64 }, Ct);
        var byActor = await audit.ListAsync(Contexts.Admin(), new AuditQuery { ActorUserId = "u-1" }, Ct);

        Assert.Equal([3L, 2L, 1L], all.Items.Select(e => e.Sequence));
        Assert.Equal(2, p2.TotalCount);
        Assert.Equal("broken!", rejected.Items.Single().RawInputText());
        Assert.Equal("u-1", byActor.Items.Single().ActorUserId);
    }

    [Fact]
    public async Task List_ForSomeoneNotAdmin_IsABugInTheDoor()
    {
        await using var host = await HostWithEntriesAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.Get<AuditQueries>().ListAsync(Contexts.Member("p-1"), new AuditQuery(), Ct));
    }
}
