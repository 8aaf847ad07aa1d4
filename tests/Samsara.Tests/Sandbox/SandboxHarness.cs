using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.SendGrid;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Channels.Transcription;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Providers;
using Samsara.Sandbox;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

/// <summary>
/// A sandbox on a real loopback port with a fake clock, and Samsara's clients pointed at it through
/// a recorder so every exchange can be checked against the providers' specs.
/// </summary>
internal sealed class SandboxHarness : IAsyncDisposable
{
    public const string OurNumber = "+15005550006";

    private SandboxHarness(SandboxServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public SandboxServer Server { get; }
    public FakeTimeProvider Time { get; }
    public ExchangeRecorder Recorder { get; } = new();

    public static async Task<SandboxHarness> StartAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var server = await SandboxServer.StartAsync(time, ct: TestContext.Current.CancellationToken);
        return new SandboxHarness(server, time);
    }

    public TwilioSmsClient Twilio(Action<TwilioOptions>? configure = null, TimeSpan? timeout = null)
    {
        var options = new TwilioOptions
        {
            BaseUrl = Server.Url(SandboxRegistration.Paths.Twilio),
            AccountSid = Server.Options.TwilioAccountSid,
            AuthToken = Server.Options.TwilioAuthToken,
            FromNumber = OurNumber,
        };
        configure?.Invoke(options);
        return new TwilioSmsClient(Recorder.Client(timeout), Fixed<TwilioOptions>(options), Time);
    }

    public SendGridClient SendGrid(string? apiKey = null) => new(Recorder.Client(), SendGridSettings(apiKey), Time);

    public ProviderSettings<SendGridOptions> SendGridSettings(string? apiKey = null) =>
        Fixed<SendGridOptions>(new()
        {
            BaseUrl = Server.Url(SandboxRegistration.Paths.SendGrid),
            ApiKey = apiKey ?? Server.Options.SendGridApiKey,
        });

    public VapiClient Vapi() =>
        new(Recorder.Client(), Fixed<VapiOptions>(new()
        {
            BaseUrl = Server.Url(SandboxRegistration.Paths.Vapi),
            ApiKey = Server.Options.VapiApiKey,
            AssistantId = "5b0a4a08-133c-4146-9315-0984f8c6be80",
            PhoneNumberId = "9f2c3a51-7d1e-4c55-8a43-2b8e3c1d9e77",
        }), Time);

    public BlandClient Bland() =>
        new(Recorder.Client(), Fixed<BlandOptions>(new()
        {
            BaseUrl = Server.Url(SandboxRegistration.Paths.Bland),
            ApiKey = Server.Options.BlandApiKey,
            FromNumber = OurNumber,
        }), Time);

    public RetellClient Retell() =>
        new(Recorder.Client(), Fixed<RetellOptions>(new()
        {
            BaseUrl = Server.Url(SandboxRegistration.Paths.Retell),
            ApiKey = Server.Options.RetellApiKey,
            FromNumber = OurNumber,
            AgentId = "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
        }), Time);

    public DeepgramClient Deepgram() =>
        new(Recorder.Client(), Fixed<DeepgramOptions>(new()
        {
            BaseUrl = Server.Url(SandboxRegistration.Paths.Deepgram),
            ApiKey = Server.Options.DeepgramApiKey,
        }), Time);

    public AssemblyAiClient AssemblyAi() =>
        new(Recorder.Client(), Fixed<AssemblyAiOptions>(new()
        {
            BaseUrl = Server.Url(SandboxRegistration.Paths.AssemblyAi),
            ApiKey = Server.Options.AssemblyAiApiKey,
        }), Time);

    // Clients built without a container: configuration only, no stored accounts.
    private static ProviderSettings<T> Fixed<T>(T value) where T : class =>
        new(new FixedOptions<T>(value), new NoStoredAccounts(), ProviderType.Twilio, (configured, _) => configured);

    /// <summary>Every recorded exchange under <paramref name="mountPath"/> must match <paramref name="spec"/>.</summary>
    /// <param name="spec">The provider's OpenAPI document.</param>
    /// <param name="mountPath">The simulator's mount, e.g. <c>/twilio</c>.</param>
    /// <param name="responsesOnly">For tests that send a deliberately invalid request to see the provider's error.</param>
    public void AssertContract(ProviderSpec spec, string mountPath, bool responsesOnly = false)
    {
        var exchanges = Recorder.Exchanges.Where(e => e.Uri.AbsolutePath.StartsWith(mountPath + "/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(exchanges);
        var problems = exchanges.SelectMany(e => ContractChecker.Problems(spec, mountPath, e))
            .Where(p => !responsesOnly || !p.Contains(": request ", StringComparison.Ordinal))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    public async ValueTask DisposeAsync()
    {
        Recorder.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Options that never change, for clients built without a container.</summary>
internal sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
