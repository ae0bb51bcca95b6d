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
}
