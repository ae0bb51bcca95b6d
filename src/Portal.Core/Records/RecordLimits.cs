namespace Portal.Core.Records;

/// <summary>Sizes taken from Cinder's database columns and the contract.</summary>
public static class RecordLimits
{
    /// <summary>Largest backup_url accepted (contract §2): 1 MiB of base64.</summary>
    public const int MaxBackupUrlLength = 1024 * 1024;

    /// <summary>Cinder's VARCHAR(255) columns.</summary>
    public const int MaxString = 255;

    /// <summary>Cinder's VARCHAR(36) id-like columns.</summary>
    public const int MaxIdString = 36;

    /// <summary>Cinder's backup_service schema limit (0..255 characters).</summary>
    public const int MaxBackupService = 255;

    /// <summary>
    /// The deepest nesting of JSON objects and arrays in a record (the record object is level 1):
    /// System.Text.Json's default, so every reader and writer of a record agrees on it. Cinder's
    /// records are three levels deep at most.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>How every reader of a record's JSON parses it: with <see cref="MaxDepth"/>.</summary>
    public static readonly System.Text.Json.JsonDocumentOptions Json = new() { MaxDepth = MaxDepth };
}
