using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Backups;
using Portal.Core.Records;

namespace Portal.Core.Clouds.Vault;

/// <summary>
/// Checks a record Cinder exported against the portal's own encoding of the vault copy: the two
/// are the same bytes when the portal reads and writes records exactly as Cinder does.
/// </summary>
internal static class EncodingCheck
{
    /// <summary>Null when the portal would export <paramref name="cinderUrl"/> byte for byte; otherwise which keys differ and how.</summary>
    public static string? Difference(string cinderUrl, Backup vaultCopy)
    {
        var portalUrl = RecordEncoder.Encode(vaultCopy.ToRecord());
        if (portalUrl == cinderUrl)
        {
            return null;
        }
        try
        {
            using var cinder = JsonDocument.Parse(Convert.FromBase64String(cinderUrl), RecordLimits.Json);
            using var portal = JsonDocument.Parse(Convert.FromBase64String(portalUrl), RecordLimits.Json);
            var theirs = cinder.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
            var ours = portal.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
            var keys = theirs.Keys.Union(ours.Keys).Where(k => theirs.GetValueOrDefault(k) != ours.GetValueOrDefault(k)).ToList();
            if (keys.Count == 0)
            {
                return "The portal writes the same fields as Cinder, but in another order or spacing.";
            }
            var text = new StringBuilder("The portal's encoding differs from Cinder's in ");
            text.AppendJoin("; ", keys.Take(5).Select(k => $"{k} (Cinder: {Short(theirs.GetValueOrDefault(k))}, portal: {Short(ours.GetValueOrDefault(k))})"));
            return keys.Count > 5 ? text.Append(CultureInfo.InvariantCulture, $"; and {keys.Count - 5} more keys.").ToString() : text.Append('.').ToString();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return $"The portal's encoding differs from Cinder's, whose record it cannot read back ({e.Message}).";
        }
    }

    private static string Short(string? json) => json is null ? "absent" : json.Length > 80 ? json[..80] + "…" : json;
}
