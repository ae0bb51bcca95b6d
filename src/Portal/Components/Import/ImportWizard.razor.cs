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
    private MudTextField<string> _urlField = default!;
    private int _activeIndex;
    private RequestContext? _context;
    private PortalAbilities? _abilities;
    private string _serviceHost = Automatic;
    private bool _keepOwner;
    private string? _targetProject;
    private string? _backupService;
    private string? _backupUrl;
    private Error? _recordError;
    private string? _databaseProblem;
    private ImportPlan? _plan;
    private ImportResult? _result;
    private RecordShape? _recognised;

    private string? RecordErrorText => _recordError is null ? null : $"{_recordError.Code}: {_recordError.Message}";

    private string? RecognisedText => _recognised is { } shape ? L["Read as {0}.", ShapeName(shape)].Value : null;

    private string ShapeName(RecordShape shape) => shape switch
    {
        RecordShape.CinderTable => L["the table of 'cinder backup-export'"],
        RecordShape.OpenStackTable => L["the table of 'openstack volume backup record export'"],
        RecordShape.Json => L["JSON"],
        RecordShape.RestBody => L["the REST body {\"backup-record\": ...}"],
        RecordShape.Yaml => L["-f yaml output"],
        RecordShape.Shell => L["-f shell output"],
        RecordShape.Value => L["-f value output"],
        _ => L["a backup_url"],
    };

    /// <summary>An audit entry whose rejected record an admin reopens to fix and retry.</summary>
    [SupplyParameterFromQuery(Name = "audit")]
    public long? AuditSequence { get; set; }

    private long? _reopenedFrom;

    protected override async Task OnInitializedAsync()
    {
        _context = await User.GetContextAsync();
        _abilities = Policy.AbilitiesOf(_context);
        if (AuditSequence is { } sequence && _abilities.CanAdminister && await Audit.FindAsync(_context, sequence) is { } entry && entry.RawInputText() is { } raw)
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
                    if (RecordText.Read(_backupUrl) is { IsSuccess: false } unread)
                    {
                        _recordError = unread.Error;
                        args.Cancel = true;
                        break;
                    }
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

    private void OnServiceChanged(string? service)
    {
        _backupService = service;
        _recordError = null;
    }

    /// <summary>
    /// What was typed or pasted into the record box: a shape the reader knows fills service and url
    /// (and says which shape it was); an error from before goes, the text having changed.
    /// </summary>
    private async Task OnRecordTextChangedAsync(string? text)
    {
        if (text == _backupUrl)
        {
            // The url this page just put into the box (below) comes back as a change: nothing new to read.
            return;
        }
        _recordError = null;
        Fill(text);
        if (_backupUrl != text)
        {
            // The box shows the url it read: a field being typed in keeps its own text unless told.
            await _urlField.SetTextAsync(_backupUrl ?? "");
        }
    }

    private void Fill(string? text)
    {
        _backupUrl = text;
        _recognised = null;
        var read = RecordText.Read(text);
        if (!read.IsSuccess)
        {
            return;
        }
        _backupUrl = read.Value.BackupUrl;
        _backupService = read.Value.BackupService ?? _backupService;
        _recognised = read.Value.Shape;
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
        var text = await reader.ReadToEndAsync();
        var read = RecordText.Read(text);
        _recordError = read.IsSuccess ? null : read.Error;
        Fill(text);
    }

    private async Task StartOverAsync()
    {
        (_backupService, _backupUrl, _recordError, _plan, _result, _recognised) = (null, null, null, null, null, null);
        await _stepper.ResetAsync();
    }
}
