using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Samsara.Core.Channels.Voice;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

/// <summary>Retell's <c>POST /v3/list-calls</c> in the sandbox and in <see cref="RetellClient"/>.</summary>
public sealed class RetellListCallsTests : IAsyncLifetime
{
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Body)> ListAsync(string json)
    {
        using var http = _h.Recorder.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, _h.Server.Url(SandboxRegistration.Paths.Retell) + "/v3/list-calls")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _h.Server.Options.RetellApiKey);
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    private async Task PlaceAsync(string to, string reference)
    {
        var started = await _h.Retell().StartAsync(new ScreeningCall(to, reference), Ct);
        Assert.True(started.Succeeded, started.ToString());
        _h.Time.Advance(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ListCalls_ThreeCallsPagesOfTwo_SecondPageFollowsKeyAndEnds()
    {
        await PlaceAsync("+15551239001", "r1");
        await PlaceAsync("+15551239002", "r2");
        await PlaceAsync("+15551239003", "r3");

        var (status, first) = await ListAsync("""{"limit":2,"sort_order":"ascending"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["+15551239001", "+15551239002"], first!["items"]!.AsArray().Select(i => (string?)i!["to_number"]));
        Assert.True((bool)first["has_more"]!);
        var key = (string)first["pagination_key"]!;

        var (_, second) = await ListAsync($$"""{"limit":2,"sort_order":"ascending","pagination_key":"{{key}}"}""");
        Assert.Equal(["+15551239003"], second!["items"]!.AsArray().Select(i => (string?)i!["to_number"]));
        Assert.False((bool)second["has_more"]!);
        Assert.Null(second["pagination_key"]);
        _h.AssertContract(ProviderSpecs.Retell, SandboxRegistration.Paths.Retell);
    }

    [Fact]
    public async Task ListCalls_ToNumberAndMetadataFilters_OnlyMatchingCallWithoutTranscript()
    {
        // An answered call has a transcript and recording on get-call; the v3 list leaves them out.
        _h.Server.Scripts.Set(new CandidateScript("+15551239001", CandidateBehaviour.AnswerAndPass));
        await PlaceAsync("+15551239001", "r1");
        await PlaceAsync("+15551239001", "r2");
        await PlaceAsync("+15551239002", "r2");
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var (status, page) = await ListAsync("""
            {"filter_criteria":{"to_number":{"type":"string","op":"eq","value":"+15551239001"},
             "metadata":[{"key":"samsara_reference","type":"string","op":"eq","value":"r2"}]}}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var item = Assert.Single(page!["items"]!.AsArray())!;
        Assert.Equal("+15551239001", (string?)item["to_number"]);
        Assert.Equal("r2", (string?)item["metadata"]!["samsara_reference"]);
        Assert.Equal("ended", (string?)item["call_status"]);
        Assert.Null(item["transcript"]);
        Assert.Null(item["recording_url"]);
    }

    [Fact]
    public async Task ListCalls_UnsupportedFilter_BadRequestNamingIt()
    {
        var (status, body) = await ListAsync("""{"filter_criteria":{"user_sentiment":{"type":"enum","op":"in","value":["Positive"]}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("user_sentiment", (string?)body!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconcileAsync_CallPlaced_FoundThroughV3List()
    {
        await PlaceAsync("+15551239001", "other");
        await PlaceAsync("+15551239001", "wanted");

        var reconciled = await _h.Retell().ReconcileAsync(new ScreeningCall("+15551239001", "wanted"), _h.Time.GetUtcNow(), Ct);

        Assert.True(reconciled.Succeeded, reconciled.ToString());
        Assert.NotNull(reconciled.Value);
        var lists = _h.Server.Log.Entries("retell").Where(e => e.Path.Contains("list-calls", StringComparison.Ordinal)).ToList();
        Assert.All(lists, e => Assert.EndsWith("/v3/list-calls", e.Path, StringComparison.Ordinal));
        Assert.NotEmpty(lists);
        _h.AssertContract(ProviderSpecs.Retell, SandboxRegistration.Paths.Retell);
    }

    [Fact]
    public async Task CheckAccessAsync_ValidKey_ListsThroughV3()
    {
        await PlaceAsync("+15551239001", "r1");

        var access = await _h.Retell().CheckAccessAsync(Ct);

        Assert.True(access.Succeeded, access.ToString());
        Assert.Equal(1, access.Value);
        Assert.Contains(_h.Server.Log.Entries("retell"), e => e.Path.EndsWith("/v3/list-calls", StringComparison.Ordinal));
    }
}
