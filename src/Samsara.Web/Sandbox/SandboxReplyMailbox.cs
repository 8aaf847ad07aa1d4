using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MimeKit;
using Samsara.Core.Email;
using Samsara.Sandbox.Mailbox;

namespace Samsara.Web.Sandbox;

/// <summary>
/// Demo mode's replies mailbox: the mail the sandbox's scripted candidates sent back, read over loopback HTTP from
/// <c>/_sandbox/sandbox/mailbox</c> the way the IMAP reader reads a folder (UIDs after a cursor, a UIDVALIDITY that
/// says when they restart), parsed as MIME and classified by the same <see cref="InboundEmailClassifier"/>.
/// The cursor lives in memory: the sandbox's mail does too, and a new sandbox starts a new UIDVALIDITY anyway.
/// </summary>
internal sealed partial class SandboxReplyMailbox(
    IHttpClientFactory http, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<SandboxReplyMailbox> logger) : IReplyMailbox
{
    public const string HttpClientName = "sandbox-mailbox";

    /// <summary>Reading loopback memory costs nothing, so the demo polls often enough to feel immediate.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private uint _uidValidity;
    private uint _lastUid;

    public async Task<bool> WatchAsync(Func<InboundEmail, CancellationToken, Task> handle, CancellationToken ct)
    {
        // The sandbox is served by this app's own server, which listens only once the host has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(ct);
        }

        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ProcessNewAsync(handle, ct);
            }
            catch (HttpRequestException e)
            {
                // The sandbox is this app's own server, so this is it stopping or restarting; the next poll reads on.
                LogNotReachable(e.Message);
            }

            await Task.Delay(PollInterval, clock, ct);
        }

        return true;
    }

    /// <summary>One pass: every message after the cursor, in order; the cursor moves past each once it is handled.</summary>
    public async Task<int> ProcessNewAsync(Func<InboundEmail, CancellationToken, Task> handle, CancellationToken ct)
    {
        var page = await ReadAsync(_lastUid, ct);
        if (page.UidValidity != _uidValidity)
        {
            // The sandbox was reset or replaced: its UIDs start again, so read it all.
            _uidValidity = page.UidValidity;
            _lastUid = 0;
            page = await ReadAsync(0, ct);
        }

        foreach (var stored in page.Messages.Where(m => m.Uid > _lastUid).OrderBy(m => m.Uid))
        {
            using var raw = new MemoryStream(Encoding.ASCII.GetBytes(stored.Raw));
            var message = await MimeMessage.LoadAsync(raw, ct);
            var inbound = InboundEmailClassifier.Classify(message) with { Uid = stored.Uid };
            LogClassified(stored.Uid, inbound.Kind, inbound.Reason, inbound.ReplyToken);
            await handle(inbound, ct);
            _lastUid = stored.Uid;
        }

        return page.Messages.Count;
    }

    private async Task<MailboxPage> ReadAsync(uint after, CancellationToken ct) =>
        await http.CreateClient(HttpClientName).GetFromJsonAsync<MailboxPage>($"sandbox/mailbox?after={after}", Json, ct)
        ?? throw new InvalidOperationException("The sandbox mailbox answered with an empty body.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "The sandbox mailbox is not reachable yet: {Reason}")]
    private partial void LogNotReachable(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox mail UID {Uid}: {Kind} ({Reason}), token {Token}")]
    private partial void LogClassified(uint uid, InboundEmailKind kind, string reason, string? token);
}
