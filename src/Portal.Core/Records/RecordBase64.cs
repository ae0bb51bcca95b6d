using Portal.Core.Common;

namespace Portal.Core.Records;

/// <summary>
/// The base64 stage of reading a record. Stricter than Cinder, which silently drops any character
/// outside the alphabet and ignores whatever follows the first padding: here only whitespace, as in
/// MIME-wrapped text, is ignored (contract §2). Unused low bits in the last group are ignored, as
/// Python does.
/// </summary>
internal static class RecordBase64
{
    public static Result<ReadOnlyMemory<byte>> Decode(string text)
    {
        var output = new byte[(text.Length / 4 * 3) + 3];
        // Well-formed base64, the usual case, goes through the runtime's vectorized decoder; whatever it
        // refuses (or reads as nothing) goes through the strict reader below, which says what is wrong.
        if (Convert.TryFromBase64String(text, output, out var decoded) && decoded > 0)
        {
            return new ReadOnlyMemory<byte>(output, 0, decoded);
        }
        var written = 0;
        var group = 0;      // bits gathered so far
        var groupSize = 0;  // significant characters in the current group of 4
        var significant = 0;
        var paddingAt = -1; // text position of the first '='
        var padding = 0;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v')
            {
                continue;
            }
            significant++;
            if (c == '=')
            {
                if (paddingAt < 0)
                {
                    paddingAt = i;
                    if (groupSize < 2)
                    {
                        // "=" may only stand in the last two places of a group.
                        return RecordErrors.BadLength(significant - 1);
                    }
                }
                padding++;
                if (groupSize + padding > 4)
                {
                    return RecordErrors.DataAfterPadding(i);
                }
                continue;
            }
            var sextet = SextetOf(c);
            if (sextet < 0)
            {
                return RecordErrors.NotBase64Character(c, i);
            }
            if (paddingAt >= 0)
            {
                return RecordErrors.DataAfterPadding(i);
            }
            group = (group << 6) | sextet;
            if (++groupSize == 4)
            {
                output[written++] = (byte)(group >> 16);
                output[written++] = (byte)(group >> 8);
                output[written++] = (byte)group;
                group = 0;
                groupSize = 0;
            }
        }

        if (significant == 0)
        {
            return RecordErrors.Empty();
        }
        if (paddingAt < 0)
        {
            return groupSize == 0 ? new ReadOnlyMemory<byte>(output, 0, written) : RecordErrors.BadLength(significant);
        }
        if (groupSize + padding != 4)
        {
            return RecordErrors.BadLength(significant);
        }
        if (groupSize == 2)
        {
            output[written++] = (byte)(group >> 4);
        }
        else
        {
            output[written++] = (byte)(group >> 10);
            output[written++] = (byte)(group >> 2);
        }
        return new ReadOnlyMemory<byte>(output, 0, written);
    }

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
