namespace Samsara.Core.Email;

/// <summary>Why a send failed, in the terms the outreach engine acts on.</summary>
public enum EmailSendFailure
{
    /// <summary>Host unreachable, TLS failure, timeout before anything was sent: retry later.</summary>
    ConnectionFailed,

    /// <summary>The server refused the login: the recruiter has to fix the account.</summary>
    AuthenticationFailed,

    /// <summary>The recipient was refused permanently (5xx); do not retry.</summary>
    RecipientRejected,

    /// <summary>The server refused for now (4xx); retry later.</summary>
    Transient,

    /// <summary>The server refused the message or sender permanently (5xx).</summary>
    Permanent,

    /// <summary>The connection broke while the message was being handed over: it may or may not have been accepted.</summary>
    UnknownOutcome,

    /// <summary>The account's settings are incomplete or invalid.</summary>
    Misconfigured,
}

public sealed class EmailSendException(EmailSendFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public EmailSendFailure Failure { get; } = failure;

    public bool IsRetryable => Failure is EmailSendFailure.ConnectionFailed or EmailSendFailure.Transient;
}
