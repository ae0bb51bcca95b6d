using Microsoft.Extensions.Localization;
using Portal.Core.Common;

namespace Portal.Components;

/// <summary>Why Core refuses an action, in the reader's language, for the tooltip of a disabled button or a notice.</summary>
public static class Refusals
{
    public static string Text(IStringLocalizer localizer, Error refusal) => refusal.Code switch
    {
        // The message names the backup and its status; the button sits next to both already.
        ErrorCodes.ExportNotAvailable => localizer["Only available backups can be exported."],
        _ => localizer[refusal.Message],
    };
}
