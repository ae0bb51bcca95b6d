using System.Text;
using Portal.Core.Records;

namespace Portal.Tests.Unit.Core.Records;

/// <summary>The expected texts were printed by Python 3.11's json.dumps, as Cinder runs it.</summary>
public sealed class PythonJsonTests
{
    [Fact]
    public void WriteString_EscapesExactlyAsEnsureAscii()
    {
        var builder = new StringBuilder();

        PythonJson.WriteString(builder, "a\"b\\c\b\f\n\r\t\u0000\u001f\u007f é 😀 <>&'+~");

        Assert.Equal("\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f \\u00e9 \\ud83d\\ude00 <>&'+~\"", builder.ToString());
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e+308, "1.7976931348623157e+308")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(100000.0, "100000.0")]
    [InlineData(1e22, "1e+22")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(-1.25e-7, "-1.25e-07")]
    [InlineData(12345678901234567.0, "1.2345678901234568e+16")]
    public void FloatRepr_MatchesPythonsRepr(double value, string python) => Assert.Equal(python, PythonJson.FloatRepr(value));

    [Fact]
    public void WriteTimestamp_TruncatesToSecondsAndEndsInZ()
    {
        var builder = new StringBuilder();

        PythonJson.WriteTimestamp(builder, new DateTime(2024, 3, 1, 11, 59, 59, 999, DateTimeKind.Utc).AddTicks(9999));

        Assert.Equal("\"2024-03-01T11:59:59Z\"", builder.ToString());
    }
}
