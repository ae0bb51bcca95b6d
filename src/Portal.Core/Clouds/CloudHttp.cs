using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Portal.Core.Clouds;

/// <summary>
/// How the portal talks HTTP to clouds: every call gets a few tries with growing, jittered pauses
/// when the answer is a 5xx, a 408/429 or none at all (a real Cinder answers 500 "database is
/// locked" under load, and a restarting one refuses connections), and each try has a time limit.
/// </summary>
internal static class CloudHttp
{
    public static void Add(IServiceCollection services) =>
        services.AddHttpClient(CloudRegistry.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("cloud", pipeline =>
            {
                // Pauses and time limits are real time, whatever clock the portal's records use
                // (tests drive that one by hand; a retry must not wait for them).
                pipeline.TimeProvider = TimeProvider.System;
                pipeline
                    .AddTimeout(TimeSpan.FromMinutes(2))
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = 4,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(250),
                    })
                    .AddTimeout(TimeSpan.FromSeconds(30));
            });

    /// <summary>
    /// A JSON body with its length: Keystone under uwsgi reads no chunked body ("Expecting to find
    /// auth in request body"), which is what a streamed JsonContent is sent as.
    /// </summary>
    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
