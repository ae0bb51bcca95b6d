using Portal.Core.Tenancy;

namespace Portal.Tests.Shared;

/// <summary>Callers of the Core services, as the doors would build them.</summary>
public static class Contexts
{
    public static RequestContext Member(string projectId = CinderVectors.ImporterProjectId, string userId = CinderVectors.ImporterUserId) =>
        User(userId, projectId, Roles.Member);

    public static RequestContext Reader(string projectId = CinderVectors.ImporterProjectId) =>
        User("reader-user", projectId, Roles.Reader);

    public static RequestContext Admin(string projectId = "admin-project") => User("admin-user", projectId, Roles.Admin);

    private static RequestContext User(string userId, string projectId, string role) => new()
    {
        UserId = userId,
        ProjectId = projectId,
        DisplayName = $"{role} {userId}",
        Roles = new HashSet<string> { role },
        Channel = Channels.Ui,
        ClientAddress = "127.0.0.1",
    };
}
