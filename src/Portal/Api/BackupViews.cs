using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Core.Backups;

namespace Portal.Api;

/// <summary>Backups as Cinder's v3 API shows them, field by field and microversion by microversion.</summary>
public static class BackupViews
{
    private const string NoKey = "00000000-0000-0000-0000-000000000000";

    public static JsonObject Summary(Backup backup, HttpContext http) => new()
    {
        ["id"] = backup.Id,
        ["name"] = backup.DisplayName,
        ["links"] = Links(backup, http),
    };

    public static JsonObject Detail(Backup backup, ApiRequest request, HttpContext http)
    {
        var view = new JsonObject
        {
            ["availability_zone"] = backup.AvailabilityZone,
            ["container"] = backup.Container,
            ["created_at"] = Time(backup.CreatedAt),
            ["data_timestamp"] = Time(backup.DataTimestamp),
            ["description"] = backup.DisplayDescription,
            ["fail_reason"] = backup.FailReason,
            ["has_dependent_backups"] = backup.NumDependentBackups > 0,
            ["id"] = backup.Id,
            ["is_incremental"] = backup.IsIncremental,
            ["links"] = Links(backup, http),
            ["name"] = backup.DisplayName,
            ["object_count"] = backup.ObjectCount,
            ["size"] = backup.Size,
            ["snapshot_id"] = backup.SnapshotId,
            ["status"] = backup.Status,
            ["updated_at"] = Time(backup.UpdatedAt),
            ["volume_id"] = backup.VolumeId,
        };
        var admin = request.Context.IsAdmin;
        if (request.Version.AtLeast(3, 18) && admin)
        {
            view["os-backup-project-attr:project_id"] = backup.ProjectId;
        }
        if (request.Version.AtLeast(3, 43))
        {
            view["metadata"] = new JsonObject(backup.Metadata.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value)));
        }
        if (request.Version.AtLeast(3, 56) && admin)
        {
            view["user_id"] = backup.UserId;
        }
        if (request.Version.AtLeast(3, 64) && backup.EncryptionKeyId is { } key && key != NoKey)
        {
            view["encryption_key_id"] = key;
        }
        return view;
    }

    /// <summary>Cinder's form: microseconds, no zone.</summary>
    private static string? Time(DateTime? time) => time?.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary><c>self</c> under /v3, <c>bookmark</c> without the version; the project only when the URL had one.</summary>
    private static JsonArray Links(Backup backup, HttpContext http)
    {
        var root = ApiLinks.Origin(http) + CinderApiEndpoints.Prefix;
        var project = http.GetRouteValue("project_id") is string id ? $"/{id}" : "";
        return
        [
            new JsonObject { ["rel"] = "self", ["href"] = $"{root}/v3{project}/backups/{backup.Id}" },
            new JsonObject { ["rel"] = "bookmark", ["href"] = $"{root}{project}/backups/{backup.Id}" },
        ];
    }
}
