using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.Email;

/// <summary>
/// Reads the replies mailbox over IMAP: every message after the stored cursor is classified and handed to the
/// caller, and the cursor moves past it only once the handler has finished, so a crash re-reads at most the
/// message in hand and never skips one. Messages are opened read-only; the mailbox is left as the recruiter sees it.
/// </summary>
public sealed partial class ImapReplyReader(ImapCursorStore cursors, IOptions<EmailOptions> options, TimeProvider clock, ILogger<ImapReplyReader> logger)
{
    /// <summary>One pass: connect, handle everything new, disconnect. Returns how many messages were handled.</summary>
    public async Task<int> ProcessNewAsync(ImapSettings mailbox, string? password, Func<InboundEmail, CancellationToken, Task> handle, CancellationToken ct = default)
    {
        using var client = await ConnectAsync(mailbox, password, ct);
        var folder = await OpenAsync(client, mailbox, ct);
        var handled = await HandleNewAsync(folder, mailbox, handle, ct);
        await client.DisconnectAsync(true, ct);
        return handled;
    }

    /// <summary>The Settings page's "test" button: logs in and opens the folder, reads nothing.</summary>
    /// <exception cref="MailboxException">The server cannot be reached, refuses the login, or has no such folder.</exception>
    public async Task TestConnectionAsync(ImapSettings mailbox, string? password, CancellationToken ct = default)
    {
        using var client = await ConnectAsync(mailbox, password, ct);
        try
        {
            await OpenAsync(client, mailbox, ct);
        }
        catch (FolderNotFoundException e)
        {
            throw new MailboxException($"The mailbox '{mailbox.Username}' has no folder '{mailbox.Folder}'.", false, e);
        }

        await client.DisconnectAsync(true, ct);
    }

    /// <summary>
    /// Keeps one connection and handles mail as it arrives: IMAP IDLE when the server offers it (re-issued every
    /// <see cref="EmailOptions.IdleRefresh"/>), polling every <see cref="EmailOptions.PollInterval"/> otherwise.
    /// Returns when <paramref name="ct"/> is cancelled (ending IDLE politely); connection errors are thrown to the
    /// caller, which reconnects.
    /// </summary>
    public async Task WatchAsync(ImapSettings mailbox, string? password, Func<InboundEmail, CancellationToken, Task> handle, CancellationToken ct)
    {
        using var client = await ConnectAsync(mailbox, password, ct);
        var folder = await OpenAsync(client, mailbox, ct);
        var idle = options.Value.UseIdle && client.Capabilities.HasFlag(ImapCapabilities.Idle);
        LogWatching(mailbox.Username, mailbox.Host, idle ? "IDLE" : "polling");

        // The server reports new mail (EXISTS) whenever it has a chance, also in the middle of our SEARCH or FETCH. Mail
        // that lands while we read is reported then, not again once IDLE starts, so a change seen at any time is kept
        // and ends (or skips) the next IDLE: otherwise that reply would wait for the next IDLE refresh, minutes later.
        var changed = 0;
        CancellationTokenSource? idling = null;
        void OnCountChanged(object? sender, EventArgs e)
        {
            Volatile.Write(ref changed, 1);
            idling?.Cancel();
        }

        folder.CountChanged += OnCountChanged;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Volatile.Write(ref changed, 0);
                await HandleNewAsync(folder, mailbox, handle, ct);
                if (!idle)
                {
                    await Task.Delay(options.Value.PollInterval, clock, ct);
                    await client.NoOpAsync(ct);
                }
                else
                {
                    using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    done.CancelAfter(options.Value.IdleRefresh);
                    idling = done;
                    try
                    {
                        // "done" ends IDLE politely (DONE is sent); ct aborts the whole watch. Mail reported while we
                        // were reading is read first.
                        if (Volatile.Read(ref changed) == 0)
                        {
                            await client.IdleAsync(done.Token, ct);
                        }
                    }
                    finally
                    {
                        idling = null;
                    }
                }
            }
        }
        finally
        {
            folder.CountChanged -= OnCountChanged;
        }
    }

    private async Task<int> HandleNewAsync(IMailFolder folder, ImapSettings mailbox, Func<InboundEmail, CancellationToken, Task> handle, CancellationToken ct)
    {
        var cursor = await cursors.GetAsync(mailbox, ct);
        var after = 0u;
        if (cursor is not null && cursor.UidValidity == folder.UidValidity)
        {
            after = cursor.LastUid;
        }
        else if (cursor is not null)
        {
            // The server renumbered the folder: old UIDs mean nothing. Re-read it all; handlers deduplicate by Message-ID.
            LogUidValidityChanged(mailbox.Username, cursor.UidValidity, folder.UidValidity);
        }

        var range = new UniqueIdRange(new UniqueId(folder.UidValidity, after + 1), UniqueId.MaxValue);
        // "n:*" always matches the highest message, even one at or below n, so filter again.
        var uids = (await folder.SearchAsync(SearchQuery.Uids(range), ct)).Where(u => u.Id > after).OrderBy(u => u.Id).ToList();
        foreach (var uid in uids)
        {
            var message = await folder.GetMessageAsync(uid, ct);
            var inbound = InboundEmailClassifier.Classify(message) with { Uid = uid.Id };
            LogClassified(uid.Id, inbound.Kind, inbound.Reason, inbound.ReplyToken);
            await handle(inbound, ct);
            // Not cancellable: once handled, the message must be marked as such even if we are stopping.
            await cursors.SaveAsync(mailbox, new ImapCursor(folder.UidValidity, uid.Id), CancellationToken.None);
        }

        return uids.Count;
    }

    private async Task<ImapClient> ConnectAsync(ImapSettings mailbox, string? password, CancellationToken ct)
    {
        var client = new ImapClient { Timeout = options.Value.ConnectTimeoutSeconds * 1000 };
        var where = $"{mailbox.Host}:{mailbox.Port}";
        try
        {
            await client.ConnectAsync(mailbox.Host, mailbox.Port, SmtpEmailSender.ToSocketOptions(mailbox.Security), ct);
            await client.AuthenticateAsync(mailbox.Username, password ?? "", ct);
            return client;
        }
        catch (AuthenticationException e)
        {
            client.Dispose();
            throw new MailboxException($"The IMAP server {where} refused the login for '{mailbox.Username}': check the username and password.", true, e);
        }
        catch (Exception e) when (e is SocketException or IOException or SslHandshakeException or ImapProtocolException or TimeoutException or NotSupportedException)
        {
            client.Dispose();
            throw new MailboxException($"Cannot connect to the IMAP server {where}: {e.Message}", false, e);
        }
    }

    private static async Task<IMailFolder> OpenAsync(ImapClient client, ImapSettings mailbox, CancellationToken ct)
    {
        var folder = string.Equals(mailbox.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(mailbox.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadOnly, ct);
        return folder;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching mailbox {User} at {Host} with {Mode}")]
    private partial void LogWatching(string user, string host, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "UIDVALIDITY of {User}'s folder changed from {Old} to {New}; re-reading it")]
    private partial void LogUidValidityChanged(string user, uint old, uint @new);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail UID {Uid}: {Kind} ({Reason}), token {Token}")]
    private partial void LogClassified(uint uid, InboundEmailKind kind, string reason, string? token);
}
