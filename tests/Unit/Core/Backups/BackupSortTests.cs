using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Backups;

/// <summary>
/// The API's sort is Cinder's: ties broken by <c>created_at</c> then <c>id</c> in the first key's
/// direction (<c>process_sort_params</c>), a missing name after every present one as PostgreSQL
/// orders NULL (so a null name and an empty one stay apart), and keyset pages that follow markers
/// give exactly the one-page order.
/// </summary>
public sealed class BackupSortTests
{
    private const string Project = "sortproject";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Early = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Equal sizes, equal creation times, null and empty names, ids out of creation order.</summary>
    private static readonly (string Id, int Size, int Minute, string? Name)[] _rows =
    [
        ("e0000000-0000-4000-8000-000000000000", 5, 0, "b"),
        ("a0000000-0000-4000-8000-000000000000", 5, 0, null),
        ("c0000000-0000-4000-8000-000000000000", 5, 1, ""),
        ("b0000000-0000-4000-8000-000000000000", 3, 2, "a"),
        ("d0000000-0000-4000-8000-000000000000", 5, 1, null),
        ("f0000000-0000-4000-8000-000000000000", 3, 2, ""),
        ("90000000-0000-4000-8000-000000000000", 5, 0, "b"),
    ];

    public static TheoryData<string, bool> Sorts => new()
    {
        { BackupSortKeys.Size, false },
        { BackupSortKeys.Size, true },
        { BackupSortKeys.Name, false },
        { BackupSortKeys.Name, true },
        { BackupSortKeys.CreatedAt, false },
        { BackupSortKeys.CreatedAt, true },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task APage_IsInCindersOrder_AndMarkersWalkTheSameOrder(string key, bool descending)
    {
        await using var host = await SeededAsync();
        var queries = host.Get<BackupQueries>();
        var member = Contexts.Member(Project);
        var sort = new[] { new BackupSort(key, descending) };

        var onePage = await queries.PageAsync(member, new BackupPageQuery { Sort = sort }, Ct);
        var walked = new List<string>();
        string? marker = null;
        do
        {
            var page = await queries.PageAsync(member, new BackupPageQuery { Sort = sort, Limit = 2, Marker = marker }, Ct);
            walked.AddRange(page.Value.Items.Select(b => b.Id));
            marker = page.Value.Items.Count == 2 ? page.Value.Items[^1].Id : null;
        }
        while (marker is not null);

        var expected = CindersOrder(key, descending);
        Assert.Equal(expected, onePage.Value.Items.Select(b => b.Id));
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task ByNameAscending_EmptyNamesComeFirst_AndMissingNamesLast()
    {
        await using var host = await SeededAsync();

        var page = await host.Get<BackupQueries>().PageAsync(
            Contexts.Member(Project), new BackupPageQuery { Sort = [new BackupSort(BackupSortKeys.Name, Descending: false)] }, Ct);

        Assert.Equal(["", "", "a", "b", "b", null, null], page.Value.Items.Select(b => b.DisplayName));
    }

    /// <summary>Cinder's rule, written out: the key (nulls greatest), then created_at, then id, all in the key's direction.</summary>
    private static List<string> CindersOrder(string key, bool descending)
    {
        IComparer<(string Id, int Size, int Minute, string? Name)> comparer = Comparer<(string Id, int Size, int Minute, string? Name)>.Create((x, y) =>
        {
            var byKey = key switch
            {
                BackupSortKeys.Size => x.Size.CompareTo(y.Size),
                BackupSortKeys.Name => (x.Name, y.Name) switch
                {
                    (null, null) => 0,
                    (null, _) => 1,
                    (_, null) => -1,
                    _ => string.CompareOrdinal(x.Name, y.Name),
                },
                _ => 0,
            };
            var order = byKey != 0 ? byKey
                : x.Minute != y.Minute ? x.Minute.CompareTo(y.Minute)
                : string.CompareOrdinal(x.Id, y.Id);
            return descending ? -order : order;
        });
        return [.. _rows.Order(comparer).Select(r => r.Id)];
    }

    private static async Task<CoreTestHost> SeededAsync()
    {
        var host = await CoreTestHost.StartAsync();
        var service = new BackupServiceDefinition { Driver = "cinder.backup.drivers.nfs.NFSBackupDriver", Host = "backuphost1" };
        await host.ExecuteAsync(async db =>
        {
            foreach (var (id, size, minute, name) in _rows)
            {
                var created = Early.AddMinutes(minute);
                var record = TestRecords.Valid(id) with { Size = size, DisplayName = name, CreatedAt = created, DataTimestamp = created };
                db.Backups.Add(Backup.Import(record, new BackupOwner("sortuser", Project), service, created));
            }
            await db.SaveChangesAsync(Ct);
        });
        return host;
    }
}
