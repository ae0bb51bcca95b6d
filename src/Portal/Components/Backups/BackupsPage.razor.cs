using MudBlazor;
using Portal.Core.Backups;
using Portal.Core.Tenancy;

namespace Portal.Components.Backups;

public partial class BackupsPage
{
    private static readonly int[] _pageSizes = [10, 25, 50, 100];
    private MudDataGrid<Backup> _grid = default!;
    private RequestContext? _context;
    private PortalAbilities? _abilities;
    private BackupListQuery _filter = new();
    private DateRange? _created;
    private IReadOnlyList<string> _projects = [];
    private string? _loadError;
    private bool _loaded;

    private IReadOnlyDictionary<string, Portal.Core.Clouds.Vault.CloudPresence> _presence = new Dictionary<string, Portal.Core.Clouds.Vault.CloudPresence>();

    /// <summary>Where the backup is in its cloud; null for one that came into the portal by hand, not from a cloud.</summary>
    private Portal.Core.Clouds.Vault.CloudPresence? PresenceOf(Backup backup) => _presence.TryGetValue(backup.Id, out var presence) ? presence : null;

    protected override async Task OnInitializedAsync()
    {
        _context = await User.GetContextAsync();
        _abilities = Policy.AbilitiesOf(_context);
        if (_abilities.SeesEveryProject)
        {
            _projects = await Backups.ListProjectsAsync(_context);
        }
    }

    private async Task<GridData<Backup>> LoadAsync(GridState<Backup> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = _filter with
        {
            Page = state.Page,
            PageSize = state.PageSize,
            SortBy = sort?.SortBy switch
            {
                nameof(Backup.DisplayName) => BackupSortField.Name,
                nameof(Backup.Status) => BackupSortField.Status,
                nameof(Backup.Size) => BackupSortField.Size,
                nameof(Backup.ProjectId) => BackupSortField.ProjectId,
                _ => BackupSortField.CreatedAt,
            },
            Descending = sort?.Descending ?? true,
        };
        try
        {
            var page = await Backups.ListAsync(_context ?? await User.GetContextAsync(), query, ct);
            // Where each shown backup is in its cloud: the page's own rows only, so nothing of another project.
            _presence = Clouds.Names.Count > 0 ? await Drift.PresenceAsync([.. page.Items.Select(b => b.Id)], ct) : _presence;
            _loadError = null;
            _loaded = true;
            return new GridData<Backup> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The table stays usable and says what went wrong instead of ending the circuit.
            _loadError = L["The backups could not be loaded: {0}", e.Message];
            _loaded = true;
            return new GridData<Backup> { Items = [], TotalItems = 0 };
        }
    }

    private Task OnNameChangedAsync(string? name) => FilterAsync(_filter with { Name = name });

    private Task OnStatusChangedAsync(string? status) => FilterAsync(_filter with { Status = status });

    private Task OnVolumeChangedAsync(string? volumeId) => FilterAsync(_filter with { VolumeId = volumeId });

    private Task OnProjectChangedAsync(string? projectId) => FilterAsync(_filter with { ProjectId = projectId });

    private Task OnCreatedChangedAsync(DateRange? range)
    {
        _created = range;
        var (from, to) = DateRanges.UtcBounds(range);
        return FilterAsync(_filter with { CreatedFrom = from, CreatedTo = to });
    }

    private async Task FilterAsync(BackupListQuery filter)
    {
        _filter = filter;
        await _grid.ReloadServerData();
    }

    private async Task ExportAsync(Backup backup) =>
        await Dialogs.ShowAsync<ExportDialog>(
            L["Export backup record"],
            new DialogParameters<ExportDialog> { { d => d.BackupId, backup.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
}
