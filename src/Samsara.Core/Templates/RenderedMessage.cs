namespace Samsara.Core.Templates;

/// <summary>
/// A template rendered for one candidate. When <see cref="CanSend"/> is false the message must not go out;
/// <see cref="BlockedReason"/> says why in words for the timeline and the send ledger.
/// </summary>
public sealed record RenderedMessage(
    MessageChannel Channel,
    bool CanSend,
    string? BlockedReason,
    IReadOnlyList<string> MissingVariables,
    string? Subject,
    string? Text,
    string? Html,
    SmsPreview? Sms)
{
    public static RenderedMessage Blocked(MessageChannel channel, string reason, IReadOnlyList<string> missing) =>
        new(channel, false, reason, missing, null, null, null, null);
}

/// <summary>An unsaved template checked and, when it has no problems and a candidate was given, rendered.</summary>
public sealed record DraftPreview(IReadOnlyList<string> Problems, RenderedMessage? Rendered);
