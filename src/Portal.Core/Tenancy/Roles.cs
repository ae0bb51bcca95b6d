namespace Portal.Core.Tenancy;

/// <summary>The portal's roles (contract §5), as they arrive in the role claim.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Member = "member";
    public const string Admin = "admin";

    /// <summary>Every role the portal knows, from the least to the most it may do; other role claims are ignored.</summary>
    public static IReadOnlyList<string> All { get; } = [Reader, Member, Admin];
}
