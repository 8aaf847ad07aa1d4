using Samsara.Core.Channels;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

public sealed class TranscriptionTests : IAsyncLifetime
{
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Ten seconds of 16 kHz 16-bit mono silence with a WAV header.</summary>
    private static MemoryStream TenSecondsOfAudio() => new(new byte[44 + 320_000]);

    [Fact]
    public async Task DeepgramTranscribeAsync_Audio_TwoSpeakersWithTimings()
    {
        var result = await _h.Deepgram().TranscribeAsync(TenSecondsOfAudio(), "audio/wav", Ct);

        Assert.True(result.Succeeded, result.ToString());
        var transcript = result.Value!;
        Assert.Equal(TimeSpan.FromSeconds(10), transcript.AudioDuration);
        Assert.Equal(2, transcript.Turns.Select(t => t.Speaker).Distinct().Count());
        Assert.All(transcript.Turns, t => Assert.True(t.End > t.Start && t.End <= TimeSpan.FromSeconds(10)));
        Assert.Contains("This call is recorded.", transcript.Text, StringComparison.Ordinal);
        _h.AssertContract(ProviderSpecs.Deepgram, SandboxRegistration.Paths.Deepgram);
    }

    [Fact]
    public async Task DeepgramTranscribeAsync_TooManyRequests_RateLimited()
    {
        _h.Server.Faults.Add(new FaultRule("deepgram", FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(3)));

        var result = await _h.Deepgram().TranscribeAsync(TenSecondsOfAudio(), "audio/wav", Ct);

        Assert.Equal(ProviderOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Failure!.RetryAfter);
    }

    [Fact]
    public async Task AssemblyAiStartAsync_ThenPoll_QueuedThenCompletedWithUtterances()
    {
        var client = _h.AssemblyAi();

        var started = await client.StartAsync(TenSecondsOfAudio(), Ct);
        Assert.True(started.Succeeded, started.ToString());
        Assert.Equal("queued", started.Value!.Status);
        Assert.False(started.Value.IsDone);

        _h.Time.Advance(TimeSpan.FromSeconds(10));
        var done = await client.GetAsync(started.Value.Id, Ct);

        Assert.True(done.Succeeded, done.ToString());
        Assert.Equal("completed", done.Value!.Status);
        var transcript = done.Value.Result!;
        Assert.Equal(["Speaker A", "Speaker B"], transcript.Turns.Select(t => t.Speaker).Distinct().Order());
        Assert.Equal(TimeSpan.FromSeconds(10), transcript.AudioDuration);
        _h.AssertContract(ProviderSpecs.AssemblyAi, SandboxRegistration.Paths.AssemblyAi);
    }

    [Fact]
    public async Task AssemblyAiGetAsync_UnknownId_Permanent()
    {
        var result = await _h.AssemblyAi().GetAsync("3e2f0d8c-0000-4000-8000-000000000000", Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Equal(404, result.Failure!.HttpStatus);
        _h.AssertContract(ProviderSpecs.AssemblyAi, SandboxRegistration.Paths.AssemblyAi);
    }
}
