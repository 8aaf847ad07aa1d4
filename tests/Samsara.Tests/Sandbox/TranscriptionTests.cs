using Samsara.Core.Channels;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Sandbox.Transcription;
using Samsara.Testing;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

public sealed class TranscriptionTests : IAsyncLifetime
{
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    /// <summary>
    /// Ten seconds of 8 kHz 16-bit mono silence with a real WAV header: a size-based guess at 16 kHz
    /// would call it five seconds.
    /// </summary>
    private static MemoryStream TenSecondsOfAudio() => new(Wav(sampleRate: 8000, channels: 1, seconds: 10));

    private static byte[] Wav(int sampleRate, short channels, int seconds, bool withListChunk = false)
    {
        var data = sampleRate * channels * 2 * seconds;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(0);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write(channels);
        w.Write(sampleRate);
        w.Write(sampleRate * channels * 2);
        w.Write((short)(channels * 2));
        w.Write((short)16);
        if (withListChunk)
        {
            // Recorders put metadata chunks (odd-sized ones padded) before the samples.
            w.Write("LIST"u8);
            w.Write(5);
            w.Write("INFOx"u8);
            w.Write((byte)0);
        }

        w.Write("data"u8);
        w.Write(data);
        w.Write(new byte[data]);
        w.Flush();
        var bytes = stream.ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), bytes.Length - 8);
        return bytes;
    }

    [Theory]
    [InlineData(8000, 1, 10, false)]
    [InlineData(44100, 2, 3, true)]
    [InlineData(16000, 1, 7, false)]
    public void AudioDurationOfWav_RealHeader_SecondsFromByteRate(int sampleRate, short channels, int seconds, bool withListChunk)
    {
        Assert.Equal(seconds, AudioDuration.OfWav(Wav(sampleRate, channels, seconds, withListChunk)));
    }

    public static TheoryData<string> EncodedSpeech() => ["mp3", "plain-mp3", "m4a", "opus", "vorbis"];

    [Theory]
    [MemberData(nameof(EncodedSpeech))]
    public void AudioDurationOf_SpeechEncodedByFfmpeg_LengthAsFfprobeReadsIt(string kind)
    {
        var path = kind switch
        {
            "mp3" => SpeechFiles.Mp3,
            "plain-mp3" => SpeechFiles.PlainMp3,
            "m4a" => SpeechFiles.M4a,
            "opus" => SpeechFiles.Opus,
            _ => SpeechFiles.Vorbis,
        };

        var seconds = AudioDuration.Of(File.ReadAllBytes(path));

        // Not the unknown minute: a few seconds of espeak-ng speech, as ffprobe measures it (encoders pad a few ms).
        Assert.InRange(seconds, SpeechFiles.ProbedSeconds(path) - 0.1, SpeechFiles.ProbedSeconds(path) + 0.1);
    }

    [Fact]
    public void AudioDurationOf_NotWav_UnknownMinute()
    {
        Assert.Null(AudioDuration.OfWav(new byte[44 + 320_000]));
        Assert.Equal(AudioDuration.Unknown, AudioDuration.Of("ID3\u0004 not a wav"u8));
    }

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
        Assert.Equal("<160044 bytes>", Assert.Single(_h.Server.Log.Entries("deepgram")).Body);
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

    [Fact]
    public async Task AssemblyAiCreateTranscript_NoSpeechModels_AcceptedAsTheLiveApiDoes()
    {
        using var http = _h.Recorder.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, _h.Server.Url(SandboxRegistration.Paths.AssemblyAi) + "/v2/transcript")
        {
            Content = new StringContent("""{"audio_url":"https://example.test/call.wav","speaker_labels":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", _h.Server.Options.AssemblyAiApiKey);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"queued\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // The snapshot of AssemblyAI's spec still marks speech_models required; the response must match it.
        _h.AssertContract(ProviderSpecs.AssemblyAi, SandboxRegistration.Paths.AssemblyAi, responsesOnly: true);
    }
}
