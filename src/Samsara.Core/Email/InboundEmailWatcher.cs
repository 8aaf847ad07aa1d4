using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Providers;

namespace Samsara.Core.Email;

/// <summary>Whatever acts on inbound mail (the outreach engine): stop a sequence, record an opt-out or a bounce.</summary>
public interface IInboundEmailHandler
{
    /// <summary>Called once per message in mailbox order; throwing leaves the message to be handled again.</summary>
    Task HandleAsync(InboundEmail email, CancellationToken ct);
}

/// <summary>
/// Watches the replies mailbox and hands each message to the registered handlers. The mailbox is the first
/// <see cref="IReplyMailbox"/> in registration order that has something to watch: the active IMAP account, else (demo
/// mode) the sandbox's. Does nothing when no handler is registered, because reading mail nobody acts on would move the
/// cursor past it.
/// </summary>
public sealed partial class InboundEmailWatcher(
    IEnumerable<IReplyMailbox> mailboxes,
    ChangeFeed changes,
    IEnumerable<IInboundEmailHandler> handlers,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<InboundEmailWatcher> logger) : BackgroundService
{
    /// <summary>The watch reconnects this often, which also picks up a rotated or replaced account.</summary>
    private static readonly TimeSpan AccountRefresh = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = handlers.ToList();
        if (all.Count == 0)
        {
            LogNoHandlers();
            return;
        }

        var sources = mailboxes.ToList();
        CancellationTokenSource? cycle = null;
        // An added, rotated or removed account applies now rather than at the next refresh.
        void OnChanged(ProjectChange change)
        {
            if (change.What == CredentialStore.ChangeTag)
            {
                CancelQuietly(Volatile.Read(ref cycle));
            }
        }

        changes.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var current = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                current.CancelAfter(AccountRefresh);
                Volatile.Write(ref cycle, current);
                try
                {
                    if (!await WatchFirstAsync(sources, all, current.Token))
                    {
                        await Task.Delay(options.Value.PollInterval, clock, current.Token);
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The refresh interval elapsed or the accounts changed; reconnect with a fresh copy of the account.
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogWatchFailed(e);
                    await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                }
                finally
                {
                    Volatile.Write(ref cycle, null);
                }
            }
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }

    private static async Task<bool> WatchFirstAsync(List<IReplyMailbox> sources, List<IInboundEmailHandler> all, CancellationToken ct)
    {
        foreach (var source in sources)
        {
            if (await source.WatchAsync(async (email, token) =>
                {
                    foreach (var handler in all)
                    {
                        await handler.HandleAsync(email, token);
                    }
                }, ct))
            {
                return true;
            }
        }

        return false;
    }

    private static void CancelQuietly(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That cycle has just ended on its own.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No inbound email handler is registered; the replies mailbox is not read")]
    private partial void LogNoHandlers();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the replies mailbox failed; retrying after the poll interval")]
    private partial void LogWatchFailed(Exception e);
}
