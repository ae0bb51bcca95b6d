using Portal.Core.Common;

namespace Portal.Core.Records;

/// <summary>The errors of reading a record (contract §2), each with a message that says how to fix it.</summary>
public static class RecordErrors
{
    public static Error TooLarge(long length) => new(
        ErrorCodes.TooLarge,
        $"The backup_url is {length:N0} characters long; records over {RecordLimits.MaxBackupUrlLength:N0} characters (1 MiB) are refused. " +
        "A real Cinder record is a few kilobytes: check that the right text was pasted.");

    public static Error Empty() => new(
        ErrorCodes.NotBase64,
        "The backup_url is empty. Paste the backup_url printed by 'cinder backup-export <backup-id>'.");

    public static Error NotBase64Character(char c, int position) => new(
        ErrorCodes.NotBase64,
        $"The backup_url has {Describe(c)} at position {position + 1}, which is not standard base64 " +
        "(A-Z, a-z, 0-9, '+', '/', and '=' padding at the end). " +
        (c is '-' or '_'
            ? "It looks URL-safe encoded: replace '-' with '+' and '_' with '/'."
            : "Copy the backup_url again without extra characters."));

    public static Error BadLength(int significantLength) => new(
        ErrorCodes.NotBase64,
        $"The backup_url has {significantLength:N0} base64 characters (whitespace aside); base64 comes in groups of 4. " +
        "It is truncated or lost its '=' padding: copy the whole value again.");

    public static Error DataAfterPadding(int position) => new(
        ErrorCodes.NotBase64,
        $"The backup_url goes on after its '=' padding (position {position + 1}). " +
        "Two records may have been pasted together: import them one at a time.");

    public static Error NotUtf8() => new(
        ErrorCodes.NotJson,
        "The backup_url decodes to bytes that are not UTF-8 text, so it is not a Cinder record. " +
        "Check that the value came from 'cinder backup-export'.");

    public static Error ByteOrderMark() => new(
        ErrorCodes.NotJson,
        "The decoded record starts with a UTF-8 byte order mark, which Cinder refuses. Re-encode the JSON without a BOM.");

    public static Error NotJson(string detail) => new(
        ErrorCodes.NotJson,
        $"The backup_url decodes to text that is not valid JSON ({detail}). Check that the value came from 'cinder backup-export'.");

    public static Error TooDeep() => new(
        ErrorCodes.NotJson,
        $"The record nests objects or arrays more than {RecordLimits.MaxDepth} levels deep; a Cinder record has three levels at most. " +
        "Check that the value came from 'cinder backup-export'.");

    public static Error NotObject(string kind) => new(
        ErrorCodes.NotObject,
        $"The record is a JSON {kind}, but a Cinder backup record is a JSON object of backup fields.");

    public static Error DuplicateKey(string path) => new(
        ErrorCodes.DuplicateKey,
        $"The key '{Echo.Of(path, 80)}' appears more than once in the record, so its value is ambiguous. Keep one of them.");

    public static Error MissingId() => new(
        ErrorCodes.MissingId,
        "The record has no 'id', so the backup cannot keep its identity. Add the original backup id.");

    public static Error MissingFields(IReadOnlyList<string> keys) => new(
        ErrorCodes.MissingFields,
        $"The record lacks {(keys.Count == 1 ? "the field" : "the fields")} {string.Join(", ", keys)}, which Cinder needs to restore the backup. " +
        "Export the record again from Cinder, or add them (null is allowed for display_name and display_description).")
    {
        Fields = [.. keys.Select(k => new FieldError(k, "required"))],
    };

    public static Error InvalidFields(IReadOnlyList<FieldError> problems) => new(
        ErrorCodes.InvalidField,
        "The record has invalid values: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Message}")) + ".")
    {
        Fields = problems,
    };

    private static string Describe(char c) =>
        c is >= ' ' and <= '~' ? $"'{c}'" : $"the character U+{(int)c:X4}";
}
