using System.Text.Json;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Quotas;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

/// <summary>Runs the checks of contract §3 against a database and works out what an import would write.</summary>
public sealed class ImportPlanner(PortalPolicy policy, BackupServiceCatalog services, QuotaService quotas)
{
    /// <summary>Plans against the database itself (single imports, previews).</summary>
    public Task<ImportPlan> PlanAsync(PortalDbContext db, RequestContext context, ImportRequest request, DateTime now, CancellationToken ct) =>
        PlanAsync(new DatabaseImportFacts(db, quotas), context, request, RecordDecoder.Decode(request.BackupUrl), now, describeFields: true, ct);

    /// <summary>Plans with facts from any source (a bulk run's batch), on an already decoded record.</summary>
    /// <param name="describeFields">Whether to work out <see cref="ImportPlan.Fields"/>, which only a preview shows.</param>
    public async Task<ImportPlan> PlanAsync(
        IImportFacts facts, RequestContext context, ImportRequest request, Result<DecodedRecord> decoding, DateTime now, bool describeFields, CancellationToken ct)
    {
        var decoded = decoding.IsSuccess ? decoding.Value : null;
        var checks = new List<ImportCheck>();
        var plan = new ImportPlan { Request = request, Decoded = decoded, Checks = checks };

        // 1. Policy first, and alone: a caller who may not import learns nothing about the database.
        if (!policy.CanImport(context, request.TargetProjectId, request.KeepRecordOwner))
        {
            var forbidden = ImportErrors.Forbidden(context, request);
            checks.Add(Fail(ImportCheckNames.Policy, forbidden));
            return plan with { Error = forbidden };
        }
        checks.Add(new(ImportCheckNames.Policy, CheckOutcome.Passed, "You may import into this project."));

        // 2. The record itself, backup_service included; nothing else can be judged without it.
        var unreadable = decoded is null ? decoding.Error : ImportErrors.InvalidBackupService(request.BackupService);
        if (decoded is null || unreadable is not null)
        {
            checks.Add(Fail(ImportCheckNames.Record, unreadable!));
            return plan with { Error = unreadable };
        }
        var record = decoded.Record;
        checks.Add(new(ImportCheckNames.Record, CheckOutcome.Passed, "The record is a valid Cinder backup record."));
        var errors = new List<Error>();
        var warnings = new List<string>(decoded.Warnings);
        if (record.Id != Backup.NormalizeId(record.Id))
        {
            warnings.Add($"The id {record.Id} is stored in lower case, as Cinder writes ids.");
        }

        // Whose backup it will be: the importer's project, the chosen target, or the record's own owner.
        var owner = OwnerOf(context, request, record);
        if (owner is null)
        {
            var missing = request.KeepRecordOwner ? ImportErrors.OwnerMissing() : ImportErrors.Forbidden(context, request);
            errors.Add(missing);
            checks.Add(Fail(ImportCheckNames.Owner, missing));
        }
        else
        {
            checks.Add(new(ImportCheckNames.Owner, CheckOutcome.Passed, $"The backup will belong to user {owner.UserId} in project {owner.ProjectId}."));
        }

        // 3. A backup service of this deployment that takes the record; a cloud's copy stays on the cloud's own.
        var fromCloud = request.FromCloud is not null;
        var service = fromCloud
            ? new BackupServiceDefinition { Driver = record.Service ?? request.BackupService, Host = record.Host ?? "", AvailabilityZone = record.AvailabilityZone }
            : services.Match(request.BackupService, request.ServiceHost);
        if (service is null)
        {
            var notFound = ImportErrors.ServiceNotFound(request.BackupService, request.ServiceHost, services);
            errors.Add(notFound);
            checks.Add(Fail(ImportCheckNames.BackupService, notFound));
        }
        else
        {
            checks.Add(new(ImportCheckNames.BackupService, CheckOutcome.Passed, fromCloud
                ? $"The backup stays on {service.Driver} on {service.Host} of cloud {request.FromCloud}."
                : $"{service.Driver} on {service.Host} will hold the backup."));
        }

        // 4. The id: free, or a deleted backup to revive. A deleted backup comes back only into its
        // own project, unless an admin chooses otherwise: to anyone else it is an id that is taken.
        var id = Backup.NormalizeId(record.Id);
        var existing = await facts.FindAsync(id, ct);
        var revivable = existing is { Deleted: true } && (context.IsAdmin || existing.ProjectId == owner?.ProjectId);
        var identical = false;
        var refreshes = false;
        if (existing is not null && !revivable)
        {
            // Importing the same record again changes nothing: worth telling apart from a real clash.
            identical = !existing.Deleted && owner is not null && service is not null && IsIdentical(existing, Backup.Import(record, owner, service, existing.UpdatedAt ?? now, fromCloud));
            // A cloud's changed backup refreshes its vault copy, in the project that holds it.
            refreshes = fromCloud && !identical && !existing.Deleted && existing.ProjectId == owner?.ProjectId;
        }
        if (existing is not null && !revivable && !refreshes)
        {
            var exists = ImportErrors.AlreadyExists(existing, !existing.Deleted && PortalPolicy.CanSee(context, existing.ProjectId), identical);
            errors.Add(exists);
            checks.Add(Fail(ImportCheckNames.Id, exists));
        }
        else
        {
            checks.Add(new(ImportCheckNames.Id, CheckOutcome.Passed, existing is null
                ? $"No backup has the id {id} yet."
                : refreshes ? $"The vault's copy of backup {id} takes the record Cinder changed."
                : $"The deleted backup {id} will be revived with this record's fields."));
        }

        // 5. Quota of the project that will own the backup.
        QuotaImpact? impact = null;
        if (owner is not null && !fromCloud)
        {
            impact = await facts.QuotaAsync(owner.ProjectId, 1, record.Size, ct);
            if (!impact.IsWithinLimits)
            {
                var over = ImportErrors.OverQuota(impact);
                errors.Add(over);
                checks.Add(Fail(ImportCheckNames.Quota, over));
            }
            else
            {
                checks.Add(new(ImportCheckNames.Quota, CheckOutcome.Passed, DescribeQuota(impact)));
            }
        }

        // 6. An incremental backup's parent may come later in a bulk file: a warning, not an error.
        // A chain lives in one project, so only a parent in the owner's project counts: one in
        // another project is, to this import, not there (and nothing about it is told).
        if (record.ParentId is { } parentId && owner is not null)
        {
            var parent = Backup.NormalizeId(parentId);
            if (await facts.IsPresentAsync(parent, owner.ProjectId, ct))
            {
                checks.Add(new(ImportCheckNames.Parent, CheckOutcome.Passed, $"The parent backup {parent} is present in project {owner.ProjectId}."));
            }
            else
            {
                var missingParent = $"The parent backup {parent} is not present in project {owner.ProjectId}; restoring this incremental backup needs it. Import the parent too.";
                warnings.Add(missingParent);
                checks.Add(new(ImportCheckNames.Parent, CheckOutcome.Warning, missingParent));
            }
        }

        var error = errors.FirstOrDefault();
        var outcome = error is null ? (refreshes ? ImportOutcome.Refreshed : revivable ? ImportOutcome.Revived : ImportOutcome.Imported)
            : identical ? ImportOutcome.Unchanged
            : ImportOutcome.Rejected;
        // The new backup is built once, here: the preview describes it and the commit writes it.
        var row = outcome == ImportOutcome.Imported || (describeFields && owner is not null && service is not null)
            ? Backup.Import(record, owner!, service!, now, fromCloud)
            : null;
        return plan with
        {
            Error = error,
            Outcome = outcome,
            Warnings = warnings,
            Service = service,
            Owner = owner,
            Row = outcome is ImportOutcome.Revived or ImportOutcome.Refreshed ? existing : outcome == ImportOutcome.Imported ? row : null,
            Quota = impact,
            Fields = !describeFields || row is null ? [] : FieldChanges(decoded, row),
        };
    }

    private static bool IsIdentical(Backup stored, Backup candidate) =>
        RecordEncoder.ToJson(stored.ToRecord()) == RecordEncoder.ToJson(candidate.ToRecord());

    private static BackupOwner? OwnerOf(RequestContext context, ImportRequest request, BackupRecord record)
    {
        if (request.KeepRecordOwner)
        {
            return record is { UserId: { } recordUser, ProjectId: { } recordProject } ? new BackupOwner(recordUser, recordProject) : null;
        }
        var project = request.TargetProjectId ?? context.ProjectId;
        return project is null ? null : new BackupOwner(context.UserId, project);
    }

    private static ImportCheck Fail(string name, Error error) => new(name, CheckOutcome.Failed, $"{error.Code}: {error.Message}");

    private static string DescribeQuota(QuotaImpact impact)
    {
        static string Limit(int? limit) => limit is null ? "unlimited" : limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"Project {impact.ProjectId} goes to {impact.BackupsInUse + impact.AddedBackups} backups ({Limit(impact.BackupsLimit)} allowed) " +
               $"and {impact.GigabytesInUse + impact.AddedGigabytes} GB ({Limit(impact.GigabytesLimit)} allowed).";
    }

    /// <summary>Compares the record's fields with what the new backup would export, key by key.</summary>
    private static List<FieldChange> FieldChanges(DecodedRecord decoded, Backup written)
    {
        var recordValues = JsonFields(RecordEncoder.ToJson(decoded.Record));
        var storedValues = JsonFields(RecordEncoder.ToJson(written.ToRecord()));
        var present = decoded.Keys.ToHashSet(StringComparer.Ordinal);
        var changes = RecordKeys.ExportOrder
            .Select(key => !present.Contains(key)
                ? new FieldChange(key, FieldFate.Defaulted, null, storedValues[key])
                : new FieldChange(key, recordValues[key] == storedValues[key] ? FieldFate.Kept : FieldFate.Replaced, recordValues[key], storedValues[key]))
            .ToList();
        changes.AddRange(decoded.Keys.Where(k => !RecordKeys.IsKnown(k)).Select(k => new FieldChange(k, FieldFate.Ignored, null, null)));
        return changes;
    }

    private static Dictionary<string, string> JsonFields(string json)
    {
        using var document = JsonDocument.Parse(json, RecordLimits.Json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
    }
}
