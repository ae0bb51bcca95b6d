using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Components.Import;

public partial class ImportWizard
{
    private const string Automatic = "";
    private const int RecordStep = 1;
    private const int PreviewStep = 2;
    private const int ConfirmStep = 3;
    private const long MaxFileBytes = 2 * 1024 * 1024;

    private MudStepper _stepper = default!;
    private int _activeIndex;
    private RequestContext? _context;
    private string _serviceHost = Automatic;
    private bool _keepOwner;
    private string? _targetProject;
    private string? _backupService;
    private string? _backupUrl;
    private Error? _recordError;
    private string? _databaseProblem;
    private ImportPlan? _plan;
    private ImportResult? _result;

    private string? RecordErrorText => _recordError is null ? null : $"{_recordError.Code}: {_recordError.Message}";

    /// <summary>An audit entry whose rejected record an admin reopens to fix and retry.</summary>
    [SupplyParameterFromQuery(Name = "audit")]
    public long? AuditSequence { get; set; }

    private long? _reopenedFrom;

    protected override async Task OnInitializedAsync()
    {
        _context = await User.GetContextAsync();
        if (AuditSequence is { } sequence && _context.IsAdmin && await Audit.FindAsync(_context, sequence) is { } entry && entry.RawInputText() is { } raw)
        {
            _backupService = entry.BackupService;
            _backupUrl = raw;
            _targetProject = entry.TargetProjectId;
            _reopenedFrom = sequence;
        }
    }

    private ImportRequest Request() => new(_backupService?.Trim() ?? "", _backupUrl ?? "")
    {
        ServiceHost = _serviceHost == Automatic ? null : _serviceHost,
        KeepRecordOwner = _keepOwner,
        TargetProjectId = _keepOwner || string.IsNullOrWhiteSpace(_targetProject) ? null : _targetProject.Trim(),
    };

    /// <summary>
    /// Moving on from a step checks it: the record must decode before the preview, the preview must
    /// pass before the confirmation, and confirming imports.
    /// </summary>
    private async Task OnPreviewInteractionAsync(StepperInteractionEventArgs args)
    {
        try
        {
            await CheckStepAsync(args);
        }
        catch (Exception e) when (DatabaseFailures.Describe(e) is { } problem)
        {
            // The database cannot serve now (read-only, gone): say so, keep the user's input, stay on the step.
            _databaseProblem = problem;
            args.Cancel = true;
        }
        // OnPreviewInteraction is a plain delegate, not an EventCallback: the page re-renders only when asked.
        StateHasChanged();
    }

    private async Task CheckStepAsync(StepperInteractionEventArgs args)
    {
        _databaseProblem = null;
        if (args.Action == StepAction.Complete)
        {
            switch (args.StepIndex)
            {
                case RecordStep:
                    _plan = await Importer.PlanAsync(_context!, Request());
                    // A record the Core could not read is fixed here, at the field, before any preview.
                    _recordError = _plan.Checks.Any(c => c is { Name: ImportCheckNames.Record, Outcome: CheckOutcome.Failed }) ? _plan.Error : null;
                    args.Cancel = _recordError is not null;
                    break;
                case PreviewStep:
                    // The database may have changed since the preview: plan again, show what holds now.
                    _plan = await Importer.PlanAsync(_context!, Request());
                    args.Cancel = !_plan.CanImport;
                    break;
                case ConfirmStep:
                    _result = await Importer.ImportAsync(_context!, Request());
                    break;
            }
        }
    }

    private async Task LoadFileAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        if (file.Size > MaxFileBytes)
        {
            _recordError = RecordErrors.TooLarge(file.Size);
            return;
        }
        using var reader = new StreamReader(file.OpenReadStream(MaxFileBytes));
        var parsed = RecordFile.ParseDocument(await reader.ReadToEndAsync());
        if (parsed.Request is { } request)
        {
            _backupService = request.BackupService;
            _backupUrl = request.BackupUrl;
            _recordError = null;
        }
        else
        {
            _recordError = parsed.Error;
        }
    }

    private async Task StartOverAsync()
    {
        (_backupService, _backupUrl, _recordError, _plan, _result) = (null, null, null, null, null);
        await _stepper.ResetAsync();
    }
}
