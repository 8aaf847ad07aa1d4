using System.Text.RegularExpressions;
using MimeKit;

namespace Samsara.Core.Email;

/// <summary>
/// The per-send token that ties inbound mail to the send it answers. It is the outbound message's id
/// (32 hex digits), carried in our Message-ID, the plus-addressed Reply-To, the unsubscribe mailto and
/// the <c>X-Samsara-Token</c> header, so any one of them surviving a reply or a bounce is enough.
/// </summary>
public static partial class ReplyToken
{
    public const string HeaderName = "X-Samsara-Token";
    private const string UnsubscribePrefix = "unsub-";

    public static string For(Guid messageId) => messageId.ToString("N");

    public static Guid? ToMessageId(string? token) => Guid.TryParseExact(token, "N", out var id) ? id : null;

    public static string MessageIdFor(string token, string domain) => $"samsara.{token}@{domain}";

    public static MailboxAddress ReplyAddress(MailboxAddress replies, string token) => PlusAddress(replies, token);

    public static MailboxAddress UnsubscribeAddress(MailboxAddress replies, string token) => PlusAddress(replies, UnsubscribePrefix + token);

    /// <summary>A token in one of our Message-IDs (as found in In-Reply-To or References).</summary>
    public static string? FromMessageId(string? messageId) =>
        messageId is not null && OurMessageId().Match(messageId) is { Success: true } m ? m.Groups["token"].Value.ToLowerInvariant() : null;

    /// <summary>A token in a plus-address; <paramref name="isUnsubscribe"/> tells the unsubscribe mailto apart.</summary>
    public static string? FromAddress(string? address, out bool isUnsubscribe)
    {
        isUnsubscribe = false;
        if (address is null || PlusToken().Match(address) is not { Success: true } m)
        {
            return null;
        }

        isUnsubscribe = m.Groups["unsub"].Success;
        return m.Groups["token"].Value.ToLowerInvariant();
    }

    /// <summary>Any token mentioned anywhere in a blob of text (a bounce's returned headers).</summary>
    public static string? FindIn(string text)
    {
        var header = HeaderToken().Match(text);
        if (header.Success)
        {
            return header.Groups["token"].Value.ToLowerInvariant();
        }

        var id = OurMessageId().Match(text);
        return id.Success ? id.Groups["token"].Value.ToLowerInvariant() : null;
    }

    public static string Domain(MailboxAddress address) => address.Domain;

    private static MailboxAddress PlusAddress(MailboxAddress mailbox, string detail)
    {
        var local = mailbox.LocalPart;
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        var baseLocal = plus < 0 ? local : local[..plus];
        return new MailboxAddress(mailbox.Name, $"{baseLocal}+{detail}@{mailbox.Domain}");
    }

    [GeneratedRegex(@"samsara\.(?<token>[0-9a-fA-F]{32})@", RegexOptions.CultureInvariant)]
    private static partial Regex OurMessageId();

    [GeneratedRegex(@"\+(?<unsub>unsub-)?(?<token>[0-9a-fA-F]{32})@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PlusToken();

    [GeneratedRegex(@"X-Samsara-Token:\s*(?<token>[0-9a-fA-F]{32})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HeaderToken();
}
