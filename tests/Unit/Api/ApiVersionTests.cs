using Portal.Api;

namespace Portal.Tests.Unit.Api;

/// <summary>Microversion negotiation as Cinder reads the OpenStack-API-Version header.</summary>
public sealed class ApiVersionTests
{
    [Theory]
    [InlineData(null, "3.0", 200)]
    [InlineData("", "3.0", 200)]
    [InlineData("volume 3.45", "3.45", 200)]
    [InlineData("compute 2.1, volume 3.64", "3.64", 200)]
    [InlineData("volume latest", "3.70", 200)]
    [InlineData("volume 3.70", "3.70", 200)]
    [InlineData("volume 3.71", "3.0", 406)]
    [InlineData("volume 2.9", "3.0", 406)]
    [InlineData("volume 3.x", "3.0", 400)]
    [InlineData("volume 3", "3.0", 400)]
    [InlineData("volume -3.1", "3.0", 400)]
    [InlineData("compute 2.1", "3.0", 400)]
    public void Negotiate_ReadsTheVolumeEntry(string? header, string expected, int status)
    {
        var (version, answer, problem) = ApiVersion.Negotiate(header);

        Assert.Equal((expected, status), (version.ToString(), answer));
        Assert.Equal(status == 200, problem is null);
    }

    [Fact]
    public void Versions_CompareByMajorThenMinor()
    {
        Assert.True(new ApiVersion(3, 9) < new ApiVersion(3, 10));
        Assert.True(new ApiVersion(3, 64).AtLeast(3, 56));
        Assert.False(new ApiVersion(3, 42).AtLeast(3, 43));
    }
}
