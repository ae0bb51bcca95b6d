using Portal.Core.Clouds;

namespace Portal.Clouds;

public static class CloudWebExtensions
{
    /// <summary>
    /// The connected clouds (<c>Clouds:N:*</c>): a wrong entry stops the portal at start with what to
    /// fix (NoAuth outside Development above all); a cloud that does not answer later stops nothing.
    /// </summary>
    public static IHostApplicationBuilder AddClouds(this IHostApplicationBuilder builder)
    {
        var clouds = builder.Configuration.GetSection(CloudOptions.SectionName).Get<List<CloudOptions>>() ?? [];
        var problems = CloudOptions.ProblemsOf(clouds, builder.Environment.IsDevelopment());
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems.Values));
        }
        builder.Services.AddHostedService<CloudSyncWorker>();
        return builder;
    }
}
