using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Providers;

namespace Samsara.Core.Email;

/// <summary>Whatever acts on inbound mail (the outreach engine): stop a sequence, record an opt-out or a bounce.</summary>
public interface IInboundEmailHandler
{
    /// <summary>Called once per message in mailbox order; throwing leaves the message to be handled again.</summary>
    Task HandleAsync(InboundEmail email, CancellationToken ct);
}

/// <summary>
/// Watches the active IMAP account's mailbox and hands each message to the registered handlers. Does nothing
/// when no handler is registered, because reading mail nobody acts on would move the cursor past it.
/// </summary>
public sealed partial class InboundEmailWatcher(
    CredentialStore credentials,
    ImapReplyReader reader,
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

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var account = await credentials.GetActiveForUseAsync(ProviderType.Imap, stoppingToken);
                if (account is null)
                {
                    await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                    continue;
                }

                using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                cycle.CancelAfter(AccountRefresh);
                await reader.WatchAsync(ImapSettings.From(account), account.Secrets.GetValueOrDefault("password"), async (email, ct) =>
                {
                    foreach (var handler in all)
                    {
                        await handler.HandleAsync(email, ct);
                    }
                }, cycle.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The account refresh interval elapsed; reconnect with a fresh copy of the account.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWatchFailed(e);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No inbound email handler is registered; the replies mailbox is not read")]
    private partial void LogNoHandlers();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the replies mailbox failed; retrying after the poll interval")]
    private partial void LogWatchFailed(Exception e);
}
