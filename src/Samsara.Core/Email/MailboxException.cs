namespace Samsara.Core.Email;

/// <summary>The replies mailbox could not be read; <see cref="IsAuthentication"/> means the account needs fixing.</summary>
public sealed class MailboxException(string message, bool isAuthentication, Exception? inner = null) : Exception(message, inner)
{
    public bool IsAuthentication { get; } = isAuthentication;
}
