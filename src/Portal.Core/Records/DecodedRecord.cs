namespace Portal.Core.Records;

/// <summary>A record that passed every check of contract §2, with what is worth telling about it.</summary>
/// <param name="Record">The typed fields.</param>
/// <param name="Keys">The record's keys in the order it wrote them (unknown ones included).</param>
/// <param name="Warnings">Accepted oddities, such as unknown keys, for the preview.</param>
public sealed record DecodedRecord(BackupRecord Record, IReadOnlyList<string> Keys, IReadOnlyList<string> Warnings);
