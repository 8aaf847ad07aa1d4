using Microsoft.Extensions.Configuration;

namespace Samsara.Tests.Security.TeamMode;

/// <summary><c>Samsara:TeamMode</c> auto | on | off, and what "auto" decides from where the app listens and its database.</summary>
public sealed class TeamModeDecisionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5170", null, false)]
    [InlineData("http://localhost:5170;http://[::1]:5170", null, false)]
    [InlineData("http://0.0.0.0:5170", null, true)]
    [InlineData("http://*:5170", null, true)]
    [InlineData("http://+:80", null, true)]
    [InlineData("http://127.0.0.1:5170;http://192.168.1.10:5170", null, true)]
    [InlineData("http://127.0.0.1:5170", "Postgres", true)]
    public void From_Auto_IsTeamModeWhenListeningBeyondLoopbackOrOnPostgres(string urls, string? provider, bool expected)
    {
        var mode = Samsara.Web.Security.TeamMode.From(Config(("Urls", urls), ("Samsara:Database:Provider", provider)));

        Assert.Equal(expected, mode.On);
    }

    [Fact]
    public void From_HttpPortsSet_IsTeamMode() =>
        Assert.True(Samsara.Web.Security.TeamMode.From(Config(("Urls", null), ("HTTP_PORTS", "8080"))).On);

    [Theory]
    [InlineData("On", "http://127.0.0.1:5170", true)]
    [InlineData("off", "http://0.0.0.0:5170", false)]
    public void From_Explicit_WinsOverWhereTheAppListens(string setting, string urls, bool expected) =>
        Assert.Equal(expected, Samsara.Web.Security.TeamMode.From(Config(("Urls", urls), ("Samsara:TeamMode", setting))).On);

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
