using System.Globalization;
using System.Text.Json;
using Portal.Core.Backups;

namespace Portal.Api;

/// <summary>
/// Backups as Cinder's v3 API shows them, field by field and microversion by microversion, written
/// straight into the response: no tree of JSON nodes, the links' common start computed once.
/// </summary>
internal sealed class BackupJson(ApiRequest request, string selfRoot, string bookmarkRoot)
{
    private const string NoKey = "00000000-0000-0000-0000-000000000000";

    /// <summary>The view for this request: <c>self</c> under /v3, <c>bookmark</c> without the version; the project only when the URL had one.</summary>
    public static BackupJson For(HttpContext http)
    {
        var root = ApiLinks.Origin(http) + CinderApiEndpoints.Prefix;
        var project = http.GetRouteValue("project_id") is string id ? $"/{id}" : "";
        return new BackupJson(ApiRequest.Of(http), $"{root}/v3{project}/backups/", $"{root}{project}/backups/");
    }

    /// <summary>The detailed view (detail, show) or the summary (list, import).</summary>
    public Action<Utf8JsonWriter, Backup> Writer(bool detailed) => detailed ? WriteDetail : WriteSummary;

    public void WriteSummary(Utf8JsonWriter json, Backup backup)
    {
        json.WriteStartObject();
        json.WriteString("id", backup.Id);
        json.WriteString("name", backup.DisplayName);
        WriteLinks(json, backup);
        json.WriteEndObject();
    }

    public void WriteDetail(Utf8JsonWriter json, Backup backup)
    {
        json.WriteStartObject();
        json.WriteString("availability_zone", backup.AvailabilityZone);
        json.WriteString("container", backup.Container);
        WriteTime(json, "created_at", backup.CreatedAt);
        WriteTime(json, "data_timestamp", backup.DataTimestamp);
        json.WriteString("description", backup.DisplayDescription);
        json.WriteString("fail_reason", backup.FailReason);
        json.WriteBoolean("has_dependent_backups", backup.NumDependentBackups > 0);
        json.WriteString("id", backup.Id);
        json.WriteBoolean("is_incremental", backup.IsIncremental);
        WriteLinks(json, backup);
        json.WriteString("name", backup.DisplayName);
        json.WriteNumber("object_count", backup.ObjectCount);
        json.WriteNumber("size", backup.Size);
        json.WriteString("snapshot_id", backup.SnapshotId);
        json.WriteString("status", backup.Status);
        WriteTime(json, "updated_at", backup.UpdatedAt);
        json.WriteString("volume_id", backup.VolumeId);

        // The project and the user follow Cinder's policy backup:backup_project_attribute: admins only.
        var admin = request.Context.IsAdmin;
        if (request.Version.AtLeast(3, 18) && admin)
        {
            json.WriteString("os-backup-project-attr:project_id", backup.ProjectId);
        }
        if (request.Version.AtLeast(3, 43))
        {
            json.WriteStartObject("metadata");
            foreach (var (name, value) in backup.Metadata)
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
        }
        if (request.Version.AtLeast(3, 56) && admin)
        {
            json.WriteString("user_id", backup.UserId);
        }
        if (request.Version.AtLeast(3, 64) && backup.EncryptionKeyId is { } key && key != NoKey)
        {
            json.WriteString("encryption_key_id", key);
        }
        json.WriteEndObject();
    }

    private void WriteLinks(Utf8JsonWriter json, Backup backup)
    {
        json.WriteStartArray("links");
        WriteLink(json, "self", selfRoot, backup.Id);
        WriteLink(json, "bookmark", bookmarkRoot, backup.Id);
        json.WriteEndArray();
    }

    private static void WriteLink(Utf8JsonWriter json, string rel, string root, string id)
    {
        json.WriteStartObject();
        json.WriteString("rel", rel);
        json.WriteString("href", string.Concat(root, id));
        json.WriteEndObject();
    }

    /// <summary>Cinder's form: microseconds, no zone.</summary>
    private static void WriteTime(Utf8JsonWriter json, string name, DateTime? time)
    {
        if (time is not { } value)
        {
            json.WriteNull(name);
            return;
        }
        Span<char> text = stackalloc char[26];
        value.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        json.WriteString(name, text[..written]);
    }
}
