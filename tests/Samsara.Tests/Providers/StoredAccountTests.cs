using Samsara.Core;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Common;
using Samsara.Core.Outreach;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Tests.Providers;

/// <summary>Stored accounts feed the clients at send time, and sent SMS are followed to their final status; once per database.</summary>
public abstract class StoredAccountTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string StoredSid = "ACfeedfacefeedfacefeedfacefeedface";
    private const string StoredToken = "stored-token-4Kq8";
    private const string UkPhone = "+447700900123";
    private ProviderRig rig = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task EngineSend_StoredTwilioAccount_SandboxReceivesItUnderTheStoredAccount()
    {
        // The sandbox accepts only the stored account; the configured one would get 401.
        rig = await ProviderRig.StartAsync(provider, (StoredSid, StoredToken));
        await rig.StoreTwilioAccountAsync(StoredSid, StoredToken);

        await rig.SendFirstSmsAsync(UkPhone);

        var post = Assert.Single(rig.Sandbox.Log.Entries("twilio"), e => e.Method == "POST");
        Assert.Equal($"/twilio/2010-04-01/Accounts/{StoredSid}/Messages.json", post.Path);
        var message = Assert.Single(await rig.OutboundMessagesAsync());
        Assert.Equal(MessageStatus.Sent, message.Status);
        Assert.StartsWith("SM", message.ProviderMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineSend_NoStoredAccount_FallsBackToConfiguration()
    {
        rig = await ProviderRig.StartAsync(provider);

        await rig.SendFirstSmsAsync(UkPhone);

        var post = Assert.Single(rig.Sandbox.Log.Entries("twilio"), e => e.Method == "POST");
        Assert.Equal($"/twilio/2010-04-01/Accounts/{ProviderRig.ConfiguredAccountSid}/Messages.json", post.Path);
        Assert.Equal(MessageStatus.Sent, Assert.Single(await rig.OutboundMessagesAsync()).Status);
    }

    [Fact]
    public async Task EngineSend_StoredAccountInactive_IsNotUsed()
    {
        rig = await ProviderRig.StartAsync(provider);
        var stored = await rig.StoreTwilioAccountAsync(StoredSid, StoredToken);
        await rig.Service<Samsara.Core.Providers.CredentialStore>().UpdateAsync(stored.Id, new()
        {
            ProviderType = stored.ProviderType,
            ProviderName = stored.ProviderName,
            SettingsJson = stored.SettingsJson,
            IsActive = false,
        }, TestContext.Current.CancellationToken);

        await rig.SendFirstSmsAsync(UkPhone);

        Assert.Contains(ProviderRig.ConfiguredAccountSid, Assert.Single(rig.Sandbox.Log.Entries("twilio"), e => e.Method == "POST").Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_SandboxStatusProgression_RecordsDeliveredAndPushesAChange()
    {
        rig = await ProviderRig.StartAsync(provider);
        await rig.SendFirstSmsAsync(UkPhone);
        var tracker = rig.Service<SmsDeliveryTracker>();
        var pushed = new List<ProjectChange>();
        rig.Service<ChangeFeed>().Changed += pushed.Add;

        // Still "queued" at Twilio: the engine's "Sent" (accepted) does not move back.
        Assert.Equal(0, await tracker.PollOnceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(MessageStatus.Sent, Assert.Single(await rig.OutboundMessagesAsync()).Status);

        rig.Time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, await tracker.PollOnceAsync(TestContext.Current.CancellationToken));

        var message = Assert.Single(await rig.OutboundMessagesAsync());
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(rig.Time.GetUtcNow(), message.DeliveredAt);
        Assert.Contains(pushed, c => c.What == "outreach" && c.ProjectId is not null);

        // Final: no longer fetched.
        var fetches = rig.Sandbox.Log.Entries("twilio").Count(e => e.Method == "GET" && e.Path.Contains("/Messages/SM", StringComparison.Ordinal));
        Assert.Equal(0, await tracker.PollOnceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(fetches, rig.Sandbox.Log.Entries("twilio").Count(e => e.Method == "GET" && e.Path.Contains("/Messages/SM", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PollOnce_UndeliverableNumber_FailedWithTwilioErrorCode()
    {
        rig = await ProviderRig.StartAsync(provider);
        rig.Sandbox.Scripts.Set(new CandidateScript(UkPhone, CandidateBehaviour.Bounce));
        await rig.SendFirstSmsAsync(UkPhone);

        rig.Time.Advance(TimeSpan.FromSeconds(3));
        await rig.Service<SmsDeliveryTracker>().PollOnceAsync(TestContext.Current.CancellationToken);

        var message = Assert.Single(await rig.OutboundMessagesAsync());
        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Contains("Undelivered", message.StatusDetail, StringComparison.Ordinal);
        Assert.Contains("30003", message.StatusDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_TwilioDown_KeepsTheMessageForTheNextPass()
    {
        rig = await ProviderRig.StartAsync(provider);
        await rig.SendFirstSmsAsync(UkPhone);
        rig.Sandbox.Faults.Add(new FaultRule("twilio", FaultKind.ServerError, Method: "GET"));
        rig.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(0, await rig.Service<SmsDeliveryTracker>().PollOnceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(MessageStatus.Sent, Assert.Single(await rig.OutboundMessagesAsync()).Status);

        Assert.Equal(1, await rig.Service<SmsDeliveryTracker>().PollOnceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(MessageStatus.Delivered, Assert.Single(await rig.OutboundMessagesAsync()).Status);
    }
}

public sealed class SqliteStoredAccountTests() : StoredAccountTests(DatabaseProvider.Sqlite);

public sealed class PostgresStoredAccountTests() : StoredAccountTests(DatabaseProvider.Postgres);
