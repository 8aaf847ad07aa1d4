using System.Globalization;
using Microsoft.Extensions.Options;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Twilio;

/// <summary>
/// Messages, opt-outs and the scripted candidates' pending replies. Replies are materialised lazily
/// when anything reads the store, using the injected clock, so no background timer is involved.
/// </summary>
public sealed class TwilioMessageStore(TimeProvider time, ScriptBook scripts, IOptions<SandboxOptions> options)
{
    private static readonly string[] OptOutKeywords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"];
    private static readonly string[] OptInKeywords = ["START", "YES", "UNSTOP"];

    private readonly Lock _gate = new();
    private readonly List<StoredMessage> _messages = [];
    private readonly List<(DateTimeOffset Due, StoredMessage Message)> _pendingReplies = [];
    private readonly HashSet<string> _repliedCandidates = new(StringComparer.Ordinal);
    private readonly HashSet<(string Candidate, string Ours)> _optedOut = [];

    private TimeSpan Step => TimeSpan.FromSeconds(options.Value.SmsStepSeconds);

    /// <summary>True when the candidate has sent STOP (or similar) to this number of ours.</summary>
    public bool IsOptedOut(string candidate, string ours)
    {
        lock (_gate)
        {
            Advance();
            return _optedOut.Contains((candidate, ours));
        }
    }

    internal StoredMessage AddOutbound(string accountSid, string? messagingServiceSid, string from, string to, string body)
    {
        lock (_gate)
        {
            Advance();
            var now = time.GetUtcNow();
            var script = scripts.For(to);
            var message = new StoredMessage(
                SandboxIds.TwilioSid("SM"), accountSid, messagingServiceSid, from, to, body, "outbound-api", now,
                WillBounce: script.Behaviour == CandidateBehaviour.Bounce);
            _messages.Add(message);
            ScheduleReply(script, message);
            return message;
        }
    }

    /// <summary>Delivers a message from a candidate to one of our numbers, as if they had texted us.</summary>
    public string AddInbound(string from, string to, string body)
    {
        lock (_gate)
        {
            Advance();
            var message = Inbound(options.Value.TwilioAccountSid, from, to, body, time.GetUtcNow());
            Receive(message);
            return message.Sid;
        }
    }

    internal StoredMessage? Find(string sid)
    {
        lock (_gate)
        {
            Advance();
            return _messages.Find(m => m.Sid == sid);
        }
    }

    internal IReadOnlyList<StoredMessage> Snapshot()
    {
        lock (_gate)
        {
            Advance();
            return [.. _messages];
        }
    }

    internal TwilioMessageResource ToResource(StoredMessage m)
    {
        var now = time.GetUtcNow();
        var (status, updatedAt) = StatusAt(m, now);
        var uri = $"/2010-04-01/Accounts/{m.AccountSid}/Messages/{m.Sid}.json";
        var failed = status == "undelivered";
        return new TwilioMessageResource(
            m.Sid, m.AccountSid, m.MessagingServiceSid, m.From, m.To, m.Body,
            GsmSegments.Count(m.Body).ToString(CultureInfo.InvariantCulture), "0", m.Direction, status,
            Rfc2822(m.CreatedAt), Rfc2822(updatedAt), SentAt(m, now) is { } sent ? Rfc2822(sent) : null,
            Price: status is "delivered" or "received" ? "-0.00790" : null, "USD",
            failed ? TwilioErrorCodes.UnreachableHandset : null,
            failed ? "Unreachable destination handset" : null,
            "2010-04-01", uri,
            new Dictionary<string, string> { ["media"] = uri.Replace(".json", "/Media.json", StringComparison.Ordinal) });
    }

    internal static string Rfc2822(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>
    /// When Twilio sent the message: null while it is queued or accepted, as on Twilio (a client that
    /// looks for a lost send by date_sent alone would miss it and send it twice).
    /// </summary>
    internal DateTimeOffset? SentAt(StoredMessage m) => SentAt(m, time.GetUtcNow());

    private DateTimeOffset? SentAt(StoredMessage m, DateTimeOffset now) =>
        m.Direction == "inbound" ? m.CreatedAt : now >= m.CreatedAt + Step ? m.CreatedAt + Step : null;

    private (string Status, DateTimeOffset UpdatedAt) StatusAt(StoredMessage m, DateTimeOffset now)
    {
        if (m.Direction == "inbound")
        {
            return ("received", m.CreatedAt);
        }

        var sentAt = m.CreatedAt + Step;
        var finalAt = sentAt + Step;
        if (now < sentAt)
        {
            return (m.MessagingServiceSid is null ? "queued" : "accepted", m.CreatedAt);
        }

        if (now < finalAt)
        {
            return ("sent", sentAt);
        }

        return (m.WillBounce ? "undelivered" : "delivered", finalAt);
    }

    private void ScheduleReply(CandidateScript script, StoredMessage sent)
    {
        var text = script.Behaviour switch
        {
            CandidateBehaviour.ReplyAfterDelay => script.ReplyText ?? "Yes, I'm interested. Tell me more.",
            CandidateBehaviour.ReplyStop => "STOP",
            _ => null,
        };

        // A person answers a conversation once, not every message in it.
        if (text is null || !_repliedCandidates.Add(sent.To))
        {
            return;
        }

        var reply = Inbound(sent.AccountSid, sent.To, sent.From, text, sent.CreatedAt + script.ReplyDelay);
        _pendingReplies.Add((reply.CreatedAt, reply));
    }

    private static StoredMessage Inbound(string accountSid, string from, string to, string body, DateTimeOffset at) =>
        new(SandboxIds.TwilioSid("SM"), accountSid, null, from, to, body, "inbound", at, WillBounce: false);

    private void Advance()
    {
        var now = time.GetUtcNow();
        foreach (var due in _pendingReplies.Where(p => p.Due <= now).OrderBy(p => p.Due).ToList())
        {
            _pendingReplies.Remove(due);
            Receive(due.Message);
        }
    }

    private void Receive(StoredMessage inbound)
    {
        _messages.Add(inbound);
        var keyword = inbound.Body.Trim().ToUpperInvariant();
        if (OptOutKeywords.Contains(keyword))
        {
            _optedOut.Add((inbound.From, inbound.To));
        }
        else if (OptInKeywords.Contains(keyword))
        {
            _optedOut.Remove((inbound.From, inbound.To));
        }
    }

    internal void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _pendingReplies.Clear();
            _repliedCandidates.Clear();
            _optedOut.Clear();
        }
    }
}
