using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Samsara.Core.Email;

/// <summary>
/// Decides what an inbound email is, from headers first (RFC 3464 reports, RFC 3834 Auto-Submitted and the
/// de-facto autoresponder headers, our Message-ID in In-Reply-To/References, the plus-addressed token) and from
/// text only as a last resort. Pure: no I/O, so every header variant is unit-tested.
/// </summary>
public static partial class InboundEmailClassifier
{
    /// <summary>The reason given to a human reply asking, in words, to be taken off the list (not a List-Unsubscribe mail).</summary>
    public const string AsksToUnsubscribeReason = "asks to unsubscribe";

    private static readonly string[] RecipientHeaders = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"];

    public static InboundEmail Classify(MimeMessage message)
    {
        var text = NewText(message);
        var (token, unsubscribeAddress) = TokenFromRecipients(message);
        var threadToken = TokenFromThread(message);
        token ??= threadToken ?? HeaderToken(message);

        InboundEmail Result(InboundEmailKind kind, string reason, string? failed = null, string? tokenOverride = null) =>
            new(kind, reason, tokenOverride ?? token, message.MessageId, message.From.Mailboxes.FirstOrDefault()?.Address,
                message.Subject, failed, text, message.Date == default ? null : message.Date);

        if (Bounce(message) is { } bounce)
        {
            return bounce.IsFailure
                ? Result(InboundEmailKind.Bounce, bounce.Reason, bounce.FailedRecipient, token ?? ReturnedToken(message))
                : Result(InboundEmailKind.AutoReply, bounce.Reason, tokenOverride: token ?? ReturnedToken(message));
        }

        if (unsubscribeAddress)
        {
            return Result(InboundEmailKind.Unsubscribe, "sent to the unsubscribe address");
        }

        if (AutomaticReason(message) is { } automatic)
        {
            return Result(InboundEmailKind.AutoReply, automatic);
        }

        if (AsksToUnsubscribe(message.Subject, text))
        {
            return Result(InboundEmailKind.Unsubscribe, AsksToUnsubscribeReason);
        }

        if (threadToken is not null)
        {
            return Result(InboundEmailKind.Reply, "In-Reply-To/References names our message");
        }

        return token is not null
            ? Result(InboundEmailKind.Reply, "sent to a send's reply address")
            : Result(InboundEmailKind.Unrelated, "no reference to any send");
    }

    private sealed record BounceFinding(bool IsFailure, string Reason, string? FailedRecipient);

    private static BounceFinding? Bounce(MimeMessage message)
    {
        var report = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        var isReport = message.Body is MultipartReport mr && string.Equals(mr.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase);
        if (report is not null || isReport)
        {
            var recipients = report is null ? [] : RecipientStatuses(report);
            var failed = recipients.FirstOrDefault(r => r.Action is "failed");
            if (failed is not null)
            {
                return new BounceFinding(true, $"delivery status report: {failed.Action} {failed.Status}".TrimEnd(), failed.Recipient);
            }

            if (recipients.Count > 0 && recipients.All(r => r.Action is "delayed" or "delivered" or "relayed" or "expanded"))
            {
                return new BounceFinding(false, $"delivery status report: {recipients[0].Action}", null);
            }

            return new BounceFinding(true, "delivery status report", FailedRecipientFromText(message));
        }

        var from = message.From.Mailboxes.FirstOrDefault()?.LocalPart ?? "";
        var returnPathEmpty = message.Headers[HeaderId.ReturnPath]?.Trim() is "<>" or "";
        var looksLikeFailure = FailureSubject().IsMatch(message.Subject ?? "");
        if (from.Equals("MAILER-DAEMON", StringComparison.OrdinalIgnoreCase)
            || (from.Equals("postmaster", StringComparison.OrdinalIgnoreCase) && looksLikeFailure)
            || (returnPathEmpty && looksLikeFailure))
        {
            return new BounceFinding(true, from.Equals("MAILER-DAEMON", StringComparison.OrdinalIgnoreCase) ? "from MAILER-DAEMON" : "non-delivery notice", FailedRecipientFromText(message));
        }

        return null;
    }

    private sealed record RecipientStatus(string? Recipient, string? Action, string? Status);

    private static List<RecipientStatus> RecipientStatuses(MessageDeliveryStatus report) =>
        report.StatusGroups.Skip(1)
            .Select(g => new RecipientStatus(
                AddressOf(g["Final-Recipient"] ?? g["Original-Recipient"]),
                g["Action"]?.Trim().ToLowerInvariant(),
                g["Status"]?.Trim()))
            .ToList();

    // "rfc822; someone@example.com"
    private static string? AddressOf(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var semicolon = field.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon >= 0 ? field[(semicolon + 1)..] : field).Trim().Trim('<', '>');
        return address.Length == 0 ? null : address;
    }

    private static string? FailedRecipientFromText(MimeMessage message)
    {
        var header = message.Headers["X-Failed-Recipients"];
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Split(',')[0].Trim();
        }

        var body = message.TextBody ?? "";
        var match = BouncedAddressInText().Match(body);
        return match.Success ? match.Groups["address"].Value : null;
    }

    private static string? AutomaticReason(MimeMessage message)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"];
        if (autoSubmitted is not null && !autoSubmitted.Split(';')[0].Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {autoSubmitted.Trim()}";
        }

        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains("X-Autoresponder"))
        {
            return "autoresponder header";
        }

        var precedence = message.Headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list" or "auto_reply")
        {
            return $"Precedence: {precedence}";
        }

        if (message.Headers.Contains("X-Auto-Response-Suppress"))
        {
            return "X-Auto-Response-Suppress";
        }

        if (message.Headers.Contains(HeaderId.ListId) || message.Headers.Contains(HeaderId.ListUnsubscribe))
        {
            return "mailing-list headers";
        }

        if (OutOfOfficeSubject().IsMatch(message.Subject ?? ""))
        {
            return "out-of-office subject";
        }

        return null;
    }

    private static bool AsksToUnsubscribe(string? subject, string? text) =>
        UnsubscribeSubject().IsMatch(subject ?? "") || UnsubscribeWords().IsMatch(text ?? "");

    private static (string? Token, bool Unsubscribe) TokenFromRecipients(MimeMessage message)
    {
        string? found = null;
        foreach (var name in RecipientHeaders)
        {
            foreach (var header in message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (Match m in AddressLike().Matches(header.Value))
                {
                    if (ReplyToken.FromAddress(m.Value, out var unsubscribe) is { } token)
                    {
                        if (unsubscribe)
                        {
                            return (token, true);
                        }

                        found ??= token;
                    }
                }
            }
        }

        return (found, false);
    }

    private static string? TokenFromThread(MimeMessage message) =>
        ReplyToken.FromMessageId(message.InReplyTo)
        ?? message.References.Select(ReplyToken.FromMessageId).FirstOrDefault(t => t is not null);

    private static string? HeaderToken(MimeMessage message) =>
        message.Headers[ReplyToken.HeaderName] is { } value && ReplyToken.ToMessageId(value.Trim()) is not null ? value.Trim().ToLowerInvariant() : null;

    /// <summary>A bounce returns our message (or its headers) inside it; the token is in there.</summary>
    private static string? ReturnedToken(MimeMessage message)
    {
        var text = new StringBuilder();
        using var parts = new MimeIterator(message);
        while (parts.MoveNext())
        {
            switch (parts.Current)
            {
                case MessagePart { Message: { } returned }:
                    text.AppendJoin('\n', returned.Headers.Select(h => h.ToString())).Append('\n');
                    break;
                case TextPart textPart:
                    text.Append(textPart.Text).Append('\n');
                    break;
            }
        }

        return ReplyToken.FindIn(text.ToString());
    }

    /// <summary>The sender's own words: the plain text without quoted lines and what follows a reply header.</summary>
    internal static string? NewText(MimeMessage message)
    {
        var body = message.TextBody ?? (message.HtmlBody is { } html ? Templates.EmailBody.HtmlToText(html) : null);
        if (body is null)
        {
            return null;
        }

        var lines = new List<string>();
        foreach (var line in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (QuoteHeader().IsMatch(line))
            {
                break;
            }

            if (!line.TrimStart().StartsWith('>'))
            {
                lines.Add(line);
            }
        }

        return string.Join('\n', lines).Trim();
    }

    [GeneratedRegex(@"[^\s<>,;""]+@[^\s<>,;""]+", RegexOptions.CultureInvariant)]
    private static partial Regex AddressLike();

    [GeneratedRegex(@"undeliver|delivery (status|failure|has failed|notification)|failure notice|returned mail|mail delivery failed|non-?delivery", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FailureSubject();

    [GeneratedRegex(@"<(?<address>[^\s<>@]+@[^\s<>]+)>:", RegexOptions.CultureInvariant)]
    private static partial Regex BouncedAddressInText();

    [GeneratedRegex(@"out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|away from (the )?office|on vacation|on holiday|abwesenheitsnotiz|automatische antwort|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|risposta automatica", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutOfOfficeSubject();

    [GeneratedRegex(@"^\s*((re|aw|sv|fwd?)\s*:\s*)*(unsubscribe|opt[- ]?out|stop)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnsubscribeSubject();

    [GeneratedRegex(@"\bunsubscribe\b|\bopt me out\b|\bremove me from\b|^\s*(stop|remove me|opt[- ]?out)\s*[.!]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex UnsubscribeWords();

    [GeneratedRegex(@"^\s*(On .+ wrote:|Le .+ a écrit ?:|Am .+ schrieb .+:|-{2,}\s*Original Message\s*-{2,}|From:\s.+@)", RegexOptions.CultureInvariant)]
    private static partial Regex QuoteHeader();
}
