using Portal.Core.Records;

namespace Portal.Core.Exporting;

/// <summary>An exported record: what <c>cinder backup-export</c> prints, plus the fields it encodes.</summary>
public sealed record ExportedRecord(string BackupService, string BackupUrl, BackupRecord Record);
