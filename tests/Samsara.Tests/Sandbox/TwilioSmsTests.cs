using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

public sealed class TwilioSmsTests : IAsyncLifetime
{
    private const string Candidate = "+15551230001";
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private int SandboxPosts() => _h.Server.Log.Entries("twilio").Count(e => e.Method == "POST");

    [Theory]
    [InlineData("07700900123")]
    [InlineData("+44 7700 900123")]
    [InlineData("+0123456789")]
    [InlineData("")]
    public async Task SendAsync_NotE164_FailsPermanentWithoutAnyRequest(string to)
    {
        var result = await _h.Twilio().SendAsync(new SmsToSend(to, "Hello"), Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Contains("E.164", result.Failure!.Reason, StringComparison.Ordinal);
        Assert.Empty(_h.Server.Log.Entries());
    }

    [Fact]
    public async Task SendAsync_ValidMessage_ProgressesQueuedSentDelivered()
    {
        var client = _h.Twilio();
        var sent = await client.SendAsync(new SmsToSend(Candidate, "Hi Ada, are you open to a new role?"), Ct);

        Assert.True(sent.Succeeded, sent.ToString());
        Assert.Equal("queued", sent.Value!.Status);
        Assert.Equal("outbound-api", sent.Value.Direction);
        Assert.StartsWith("SM", sent.Value.Sid, StringComparison.Ordinal);
        Assert.Equal(_h.Time.GetUtcNow(), sent.Value.CreatedAt);

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("sent", (await client.FetchAsync(sent.Value.Sid, Ct)).Value!.Status);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("delivered", (await client.FetchAsync(sent.Value.Sid, Ct)).Value!.Status);
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_BodyOver1600Characters_Permanent21617()
    {
        var result = await _h.Twilio().SendAsync(new SmsToSend(Candidate, new string('a', 1601)), Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Equal("21617", result.Failure!.ProviderCode);
        Assert.Equal(400, result.Failure.HttpStatus);
        Assert.Empty(_h.Server.Sms.Snapshot());
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_Exactly1600Characters_IsAccepted()
    {
        var result = await _h.Twilio().SendAsync(new SmsToSend(Candidate, new string('a', 1600)), Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("11", result.Value!.NumSegments);
    }

    [Fact]
    public async Task SendAsync_RateLimited_RateLimitedWithRetryAfter()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(7)));

        var result = await _h.Twilio().SendAsync(new SmsToSend(Candidate, "Hello"), Ct);

        Assert.Equal(ProviderOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Failure!.RetryAfter);
        Assert.Equal("20429", result.Failure.ProviderCode);
        Assert.Empty(_h.Server.Sms.Snapshot());
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_ServerErrorStorm_EveryAttemptTransientAndNothingSent()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.ServerError, Times: 5));
        var client = _h.Twilio();

        var outcomes = new List<ProviderOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add((await client.SendAsync(new SmsToSend(Candidate, "Hello"), Ct)).Outcome);
        }

        Assert.All(outcomes, o => Assert.Equal(ProviderOutcome.Transient, o));
        Assert.Empty(_h.Server.Sms.Snapshot());

        // The storm is over: the sixth attempt goes through.
        Assert.True((await client.SendAsync(new SmsToSend(Candidate, "Hello"), Ct)).Succeeded);
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedAfterSending_UnknownOutcomeReconciledWithoutDuplicate()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.DropAfterProcessing, Method: "POST"));
        var client = _h.Twilio();
        var sms = new SmsToSend(Candidate, "Hi Ada, quick question about a role [ref 7f3a]");
        var attemptedAt = _h.Time.GetUtcNow();

        var first = await client.SendAsync(sms, Ct);
        Assert.Equal(ProviderOutcome.UnknownOutcome, first.Outcome);

        var reconciled = await client.ReconcileAsync(sms, attemptedAt, Ct);
        Assert.True(reconciled.Succeeded, reconciled.ToString());
        Assert.NotNull(reconciled.Value);
        Assert.Equal(sms.Body, reconciled.Value!.Body);

        // Found, so not resent: the provider holds exactly one message and received one send.
        Assert.Single(_h.Server.Sms.Snapshot(), m => m.To == Candidate);
        Assert.Equal(1, SandboxPosts());
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task ReconcileAsync_AcceptedButNotSentYet_FoundWithoutDateSentAndNotSentTwice()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.DropAfterProcessing, Method: "POST"));
        var client = _h.Twilio();
        var sms = new SmsToSend(Candidate, "Still in Twilio's queue [ref 0q0q]");
        var attemptedAt = _h.Time.GetUtcNow();
        Assert.Equal(ProviderOutcome.UnknownOutcome, (await client.SendAsync(sms, Ct)).Outcome);

        // Twilio has the message but has not sent it: no date_sent, so a DateSent filter cannot see it.
        var reconciled = await client.ReconcileAsync(sms, attemptedAt, Ct);

        Assert.True(reconciled.Succeeded, reconciled.ToString());
        Assert.Equal("queued", reconciled.Value!.Status);
        Assert.Null(reconciled.Value.DateSent);
        Assert.DoesNotContain(_h.Server.Log.Entries("twilio"), e => e.Method == "GET" && e.QueryString.Contains("DateSent", StringComparison.Ordinal));
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(_h.Server.Sms.Snapshot(), m => m.To == Candidate);
        Assert.Equal(1, SandboxPosts());
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task FetchAsync_QueuedThenSent_DateSentOnlyOnceSent()
    {
        var client = _h.Twilio();
        var sent = await client.SendAsync(new SmsToSend(Candidate, "Hello"), Ct);
        Assert.Null(sent.Value!.DateSent);

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var fetched = (await client.FetchAsync(sent.Value.Sid, Ct)).Value!;

        Assert.Equal("sent", fetched.Status);
        Assert.Equal(_h.Time.GetUtcNow(), fetched.SentAt);
    }

    [Fact]
    public async Task SendAsync_DroppedOnPooledConnection_NotSilentlyRetriedByTheHandler()
    {
        // A reused keep-alive connection is where an HTTP stack may replay a request that got no answer.
        var client = _h.Twilio();
        var warm = await client.SendAsync(new SmsToSend("+15551230077", "Warm the connection pool"), Ct);
        Assert.True(warm.Succeeded);
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.DropAfterProcessing, Method: "POST"));

        var dropped = await client.SendAsync(new SmsToSend(Candidate, "Only once [ref 55aa]"), Ct);

        Assert.Equal(ProviderOutcome.UnknownOutcome, dropped.Outcome);
        Assert.Single(_h.Server.Sms.Snapshot(), m => m.To == Candidate);
        Assert.Equal(2, SandboxPosts());
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedBeforeSending_ReconcileFindsNothingAndResendSendsOnce()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.DropBeforeProcessing, Method: "POST"));
        var client = _h.Twilio();
        var sms = new SmsToSend(Candidate, "Hi Ada [ref 19bc]");
        var attemptedAt = _h.Time.GetUtcNow();

        Assert.Equal(ProviderOutcome.UnknownOutcome, (await client.SendAsync(sms, Ct)).Outcome);
        var reconciled = await client.ReconcileAsync(sms, attemptedAt, Ct);
        Assert.True(reconciled.Succeeded);
        Assert.Null(reconciled.Value);

        Assert.True((await client.SendAsync(sms, Ct)).Succeeded);
        Assert.Single(_h.Server.Sms.Snapshot(), m => m.To == Candidate);
    }

    [Fact]
    public async Task ReconcileAsync_OtherMessagesToSameNumber_DoesNotMatchThem()
    {
        var client = _h.Twilio();
        Assert.True((await client.SendAsync(new SmsToSend(Candidate, "An earlier message [ref aaaa]"), Ct)).Succeeded);

        var reconciled = await client.ReconcileAsync(new SmsToSend(Candidate, "The lost message [ref bbbb]"), _h.Time.GetUtcNow(), Ct);

        Assert.True(reconciled.Succeeded);
        Assert.Null(reconciled.Value);
    }

    [Fact]
    public async Task SendAsync_NoAnswerBeforeTimeout_UnknownOutcome()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.Timeout, Method: "POST"));

        var result = await _h.Twilio(timeout: TimeSpan.FromMilliseconds(500)).SendAsync(new SmsToSend(Candidate, "Hello"), Ct);

        Assert.Equal(ProviderOutcome.UnknownOutcome, result.Outcome);
    }

    [Fact]
    public async Task FetchAsync_ConnectionDropped_TransientNotUnknown()
    {
        var client = _h.Twilio();
        var sent = await client.SendAsync(new SmsToSend(Candidate, "Hello"), Ct);
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.DropBeforeProcessing, Method: "GET"));

        var fetched = await client.FetchAsync(sent.Value!.Sid, Ct);

        Assert.Equal(ProviderOutcome.Transient, fetched.Outcome);
    }

    [Fact]
    public async Task SendAsync_AfterCandidateRepliesStop_OptedOut21610()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.ReplyStop, TimeSpan.FromMinutes(5)));
        var client = _h.Twilio();
        var start = _h.Time.GetUtcNow();
        Assert.True((await client.SendAsync(new SmsToSend(Candidate, "Hi Ada"), Ct)).Succeeded);

        _h.Time.Advance(TimeSpan.FromMinutes(5));
        var inbound = await client.ListInboundAsync(start, ct: Ct);
        var stop = Assert.Single(inbound.Value!);
        Assert.Equal("STOP", stop.Body);
        Assert.Equal(Candidate, stop.From);

        var again = await client.SendAsync(new SmsToSend(Candidate, "Following up"), Ct);
        Assert.Equal(ProviderOutcome.OptedOut, again.Outcome);
        Assert.Equal("21610", again.Failure!.ProviderCode);
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_OptedOutFault_ClassifiedOptedOut()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.OptedOut));

        var result = await _h.Twilio().SendAsync(new SmsToSend(Candidate, "Hello"), Ct);

        Assert.Equal(ProviderOutcome.OptedOut, result.Outcome);
        Assert.Equal("21610", result.Failure!.ProviderCode);
    }

    [Fact]
    public async Task ListInboundAsync_RepliesOverSeveralPages_ReturnsEveryReplySinceTheCut()
    {
        var client = _h.Twilio(o => o.PageSize = 2);
        _h.Server.Sms.AddInbound("+15551230009", SandboxHarness.OurNumber, "Too early");
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var since = _h.Time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            _h.Server.Sms.AddInbound($"+1555123010{i}", SandboxHarness.OurNumber, $"Reply {i}");
            _h.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.True((await client.SendAsync(new SmsToSend("+15551230100", "Outbound, not a reply"), Ct)).Succeeded);

        var inbound = await client.ListInboundAsync(since, ct: Ct);

        Assert.True(inbound.Succeeded, inbound.ToString());
        Assert.Equal(["Reply 0", "Reply 1", "Reply 2", "Reply 3", "Reply 4"], inbound.Value!.Select(m => m.Body).Order());
        Assert.True(_h.Recorder.Exchanges.Count(e => e.Method == "GET") >= 3, "expected the list to span several pages");
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_ReplyAfterDelayScript_ReplyAppearsOnlyAfterTheDelay()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.ReplyAfterDelay, TimeSpan.FromMinutes(10), "Yes, call me at 3pm"));
        var client = _h.Twilio();
        var start = _h.Time.GetUtcNow();
        await client.SendAsync(new SmsToSend(Candidate, "Hi Ada"), Ct);

        _h.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty((await client.ListInboundAsync(start, ct: Ct)).Value!);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var reply = Assert.Single((await client.ListInboundAsync(start, ct: Ct)).Value!);
        Assert.Equal("Yes, call me at 3pm", reply.Body);
        Assert.Equal("received", reply.Status);
    }

    [Fact]
    public async Task SendAsync_BounceScript_EndsUndelivered30003()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.Bounce));
        var client = _h.Twilio();
        var sent = await client.SendAsync(new SmsToSend(Candidate, "Hi"), Ct);

        _h.Time.Advance(TimeSpan.FromSeconds(5));
        var fetched = await client.FetchAsync(sent.Value!.Sid, Ct);

        Assert.Equal("undelivered", fetched.Value!.Status);
        Assert.Equal(30003, fetched.Value.ErrorCode);
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_WrongAuthToken_Permanent20003()
    {
        var result = await _h.Twilio(o => o.AuthToken = "wrong").SendAsync(new SmsToSend(Candidate, "Hello"), Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Equal("20003", result.Failure!.ProviderCode);
        Assert.Equal(401, result.Failure.HttpStatus);
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task SendAsync_NumSegments_AgreesWithTheTemplatePreview()
    {
        var bodies = new[] { new string('a', 160), new string('a', 161), "€" + new string('a', 159), "Hi 👋 " + new string('b', 66) };
        var client = _h.Twilio();
        foreach (var body in bodies)
        {
            var sent = await client.SendAsync(new SmsToSend(Candidate, body), Ct);
            Assert.Equal(Samsara.Core.Templates.SmsPreview.For(body).Segments.ToString(System.Globalization.CultureInfo.InvariantCulture), sent.Value!.NumSegments);
        }
    }
}
