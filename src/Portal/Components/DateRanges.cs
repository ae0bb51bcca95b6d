using MudBlazor;

namespace Portal.Components;

internal static class DateRanges
{
    /// <summary>A picked range of whole days as UTC bounds: from the first day's start to the day after the last.</summary>
    public static (DateTime? From, DateTime? To) UtcBounds(DateRange? range) => (
        range?.Start is { } start ? DateTime.SpecifyKind(start.Date, DateTimeKind.Utc) : null,
        range?.End is { } end ? DateTime.SpecifyKind(end.Date.AddDays(1), DateTimeKind.Utc) : null);
}
