namespace Samsara.Core.Email;

/// <summary>
/// Where replies to our sends arrive: the active IMAP account's folder (<see cref="ImapReplyMailbox"/>) or, in demo
/// mode, the sandbox's generated mail. Every source hands <see cref="InboundEmailWatcher"/> mail classified by
/// <see cref="InboundEmailClassifier"/> from real MIME, so what the engine does with it never depends on the source.
/// </summary>
public interface IReplyMailbox
{
    /// <summary>
    /// Hands each new message to <paramref name="handle"/> until <paramref name="ct"/> is cancelled. Returns false at
    /// once when this source has nothing to watch (no account), so the watcher tries the next one.
    /// </summary>
    Task<bool> WatchAsync(Func<InboundEmail, CancellationToken, Task> handle, CancellationToken ct);
}

/// <summary>The replies folder of the active stored IMAP account, read by <see cref="ImapReplyReader"/>.</summary>
public sealed class ImapReplyMailbox(Providers.CredentialStore credentials, ImapReplyReader reader) : IReplyMailbox
{
    public async Task<bool> WatchAsync(Func<InboundEmail, CancellationToken, Task> handle, CancellationToken ct)
    {
        var account = await credentials.GetActiveForUseAsync(Providers.ProviderType.Imap, ct);
        if (account is null)
        {
            return false;
        }

        await reader.WatchAsync(ImapSettings.From(account), account.Secrets.GetValueOrDefault("password"), handle, ct);
        return true;
    }
}
