namespace Portal.Auth.DevIdp;

/// <summary>A demo account of the development identity provider. Its password is its user name.</summary>
public sealed record DevIdpUser(string UserName, string Subject, string Name, string ProjectId, string Role);

public static class DevIdpUsers
{
    /// <summary>Users in two projects, with each role (contract §5).</summary>
    public static IReadOnlyList<DevIdpUser> All { get; } =
    [
        new("alice", "u-alice", "Alice Admin", "p-100", "admin"),
        new("bob", "u-bob", "Bob Member", "p-100", "member"),
        new("dave", "u-dave", "Dave Reader", "p-100", "reader"),
        new("carol", "u-carol", "Carol Member", "p-200", "member"),
    ];
}
