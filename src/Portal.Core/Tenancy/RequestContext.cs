namespace Portal.Core.Tenancy;

/// <summary>
/// Who is asking, and through which door: every Core operation takes one. Tenants' user and
/// project ids come from their token; an operator at the command line has no project.
/// </summary>
public sealed record RequestContext
{
    public required string UserId { get; init; }

    /// <summary>The caller's project; null for operators, who act across projects.</summary>
    public string? ProjectId { get; init; }

    public string? DisplayName { get; init; }

    public IReadOnlySet<string> Roles { get; init; } = new HashSet<string>();

    /// <summary>One of <see cref="Channels"/>.</summary>
    public required string Channel { get; init; }

    public string RequestId { get; init; } = NewRequestId();

    public string? ClientAddress { get; init; }

    public bool IsAdmin => Roles.Contains(Tenancy.Roles.Admin);

    /// <summary>Members may act in their project; admins include everything a member may do.</summary>
    public bool IsMember => IsAdmin || Roles.Contains(Tenancy.Roles.Member);

    public bool IsReader => IsMember || Roles.Contains(Tenancy.Roles.Reader);

    /// <summary>An operator at the command line: an admin of every project.</summary>
    public static RequestContext Operator(string userName) => new()
    {
        UserId = userName,
        DisplayName = $"{userName} (command line)",
        Roles = new HashSet<string> { Tenancy.Roles.Admin },
        Channel = Channels.Cli,
    };

    /// <summary>A request id in OpenStack's form, <c>req-&lt;uuid&gt;</c>.</summary>
    public static string NewRequestId() => $"req-{Guid.NewGuid()}";
}
