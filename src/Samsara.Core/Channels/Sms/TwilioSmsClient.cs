using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.Sms;

/// <summary>
/// Twilio Programmable Messaging over plain HTTP: send, fetch, list (with <c>DateSent&gt;=</c> paging)
/// and reconcile. Sends are never retried here; see <see cref="ReconcileAsync"/>.
/// </summary>
public sealed class TwilioSmsClient(HttpClient http, ProviderSettings<TwilioOptions> settings, TimeProvider time)
{
    private const int MaxPages = 100;

    // Twilio stamps messages to the second and our clock may be a little ahead of theirs.
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(2);

    /// <summary>Who our messages come from, for per-sender rate limits: the number, else the messaging service.</summary>
    public async ValueTask<string?> SenderAsync(CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        return string.IsNullOrEmpty(o.FromNumber) ? o.MessagingServiceSid : o.FromNumber;
    }

    public async Task<ProviderResult<TwilioMessage>> SendAsync(SmsToSend sms, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        var from = sms.From ?? o.FromNumber;
        if (E164.Check(sms.To, "Recipient") is { } badTo)
        {
            return ProviderResult<TwilioMessage>.Fail(badTo);
        }

        if (from is null && string.IsNullOrEmpty(o.MessagingServiceSid))
        {
            return ProviderResult<TwilioMessage>.Fail(new(ProviderOutcome.Permanent, "No sender: configure a Twilio From number or Messaging Service."));
        }

        if (from is not null && E164.Check(from, "Sender") is { } badFrom)
        {
            return ProviderResult<TwilioMessage>.Fail(badFrom);
        }

        var form = new List<KeyValuePair<string, string>> { new("To", sms.To), new("Body", sms.Body) };
        form.Add(from is not null ? new("From", from) : new("MessagingServiceSid", o.MessagingServiceSid!));
        if ((sms.StatusCallback ?? o.StatusCallbackUrl) is { } callback)
        {
            form.Add(new("StatusCallback", callback.ToString()));
        }

        using var request = Request(o, HttpMethod.Post, MessagesUrl(o));
        request.Content = new FormUrlEncodedContent(form);
        return await ProviderCall.SendAsync(http, request, RequestKind.Create, ParseMessage, ReadError, time, ct);
    }

    public async Task<ProviderResult<TwilioMessage>> FetchAsync(string sid, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, $"{Root(o)}/2010-04-01/Accounts/{o.AccountSid}/Messages/{Uri.EscapeDataString(sid)}.json");
        return await ProviderCall.SendAsync(http, request, RequestKind.Read, ParseMessage, ReadError, time, ct);
    }

    /// <summary>
    /// Every message to <paramref name="to"/> sent on or after <paramref name="since"/>, following
    /// next_page_uri. Twilio's DateSent filter is by whole UTC day, so the exact cut is made here.
    /// </summary>
    public async Task<ProviderResult<IReadOnlyList<TwilioMessage>>> ListAsync(
        string to, DateTimeOffset since, string? from = null, CancellationToken ct = default)
    {
        if (E164.Check(to, "Listed") is { } bad)
        {
            return ProviderResult<IReadOnlyList<TwilioMessage>>.Fail(bad);
        }

        var o = await settings.CurrentAsync(ct);
        var query = new List<KeyValuePair<string, string?>>
        {
            new("To", to),
            new("DateSent>", since.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("PageSize", o.PageSize.ToString(CultureInfo.InvariantCulture)),
        };
        if (from is not null)
        {
            query.Insert(1, new("From", from));
        }

        var listed = await ListPagesAsync(o, query, stopBefore: null, ct);
        return listed.Succeeded
            ? ProviderResult<IReadOnlyList<TwilioMessage>>.Success([.. listed.Value!.Where(m => (m.SentAt ?? m.CreatedAt) >= since - ClockTolerance)])
            : listed;
    }

    /// <summary>Follows next_page_uri (newest first); stops early once a page reaches messages created before <paramref name="stopBefore"/>.</summary>
    private async Task<ProviderResult<IReadOnlyList<TwilioMessage>>> ListPagesAsync(
        TwilioOptions o, List<KeyValuePair<string, string?>> query, DateTimeOffset? stopBefore, CancellationToken ct)
    {
        var url = QueryHelpers.AddQueryString(MessagesUrl(o), query);
        var all = new List<TwilioMessage>();
        for (var page = 0; page < MaxPages && url is not null; page++)
        {
            using var request = Request(o, HttpMethod.Get, url);
            var result = await ProviderCall.SendAsync(http, request, RequestKind.Read,
                (body, _) => JsonSerializer.Deserialize<TwilioMessagePage>(body, ProviderJson.SnakeCase), ReadError, time, ct);
            if (!result.Succeeded)
            {
                return result.As<IReadOnlyList<TwilioMessage>>();
            }

            var messages = result.Value!.Messages ?? [];
            all.AddRange(messages);
            url = result.Value.NextPageUri is { Length: > 0 } next ? Root(o) + next : null;
            if (stopBefore is { } cut && messages.Any(m => m.CreatedAt < cut))
            {
                break;
            }
        }

        return ProviderResult<IReadOnlyList<TwilioMessage>>.Success(all);
    }

    /// <summary>Replies from candidates to our number since a moment (Twilio has no direction filter).</summary>
    public async Task<ProviderResult<IReadOnlyList<TwilioMessage>>> ListInboundAsync(
        DateTimeOffset since, string? ourNumber = null, CancellationToken ct = default)
    {
        var number = ourNumber ?? (await settings.CurrentAsync(ct)).FromNumber;
        var listed = await ListAsync(number!, since, ct: ct);
        return listed.Succeeded
            ? ProviderResult<IReadOnlyList<TwilioMessage>>.Success([.. listed.Value!.Where(m => m.IsInbound && m.SentAt >= since)])
            : listed;
    }

    /// <summary>
    /// After an <see cref="ProviderOutcome.UnknownOutcome"/> send: looks for the message in Twilio's
    /// list (same recipient, sender and body, created since the attempt). A found message means it
    /// was sent and must not be sent again; null means it is safe to send.
    /// </summary>
    public async Task<ProviderResult<TwilioMessage?>> ReconcileAsync(SmsToSend sms, DateTimeOffset attemptedAt, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        var from = sms.From ?? o.FromNumber;
        if (E164.Check(sms.To, "Listed") is { } bad)
        {
            return ProviderResult<TwilioMessage?>.Fail(bad);
        }

        // No DateSent filter: a message Twilio accepted but has not sent yet has no date_sent and
        // would be filtered out, then sent twice. To and From are what the list filters on; the
        // creation time and body are matched here, newest first, until the pages pass the attempt.
        var since = attemptedAt - ClockTolerance;
        var query = new List<KeyValuePair<string, string?>>
        {
            new("To", sms.To),
            new("PageSize", o.PageSize.ToString(CultureInfo.InvariantCulture)),
        };
        if (from is not null)
        {
            query.Insert(1, new("From", from));
        }

        var listed = await ListPagesAsync(o, query, stopBefore: since, ct);
        if (!listed.Succeeded)
        {
            return listed.As<TwilioMessage?>();
        }

        var match = listed.Value!
            .Where(m => !m.IsInbound && m.CreatedAt >= since && m.To == sms.To && m.Body == sms.Body && (from is null || m.From == from))
            .OrderBy(m => m.CreatedAt)
            .FirstOrDefault();
        return ProviderResult<TwilioMessage?>.Success(match);
    }

    private static TwilioMessage? ParseMessage(string body, HttpResponseMessage _) =>
        JsonSerializer.Deserialize<TwilioMessage>(body, ProviderJson.SnakeCase);

    private static ProviderFailure? ReadError(HttpStatusCode status, string body, TimeSpan? retryAfter)
    {
        TwilioErrorBody? error;
        try
        {
            error = JsonSerializer.Deserialize<TwilioErrorBody>(body, ProviderJson.SnakeCase);
        }
        catch (JsonException)
        {
            return null;
        }

        if (error?.Code is not { } code)
        {
            return null;
        }

        var reason = $"Twilio {code}: {error.Message}";
        var codeText = code.ToString(CultureInfo.InvariantCulture);
        return code switch
        {
            21610 => new(ProviderOutcome.OptedOut, reason, ProviderCode: codeText),
            20429 => new(ProviderOutcome.RateLimited, reason, ProviderCode: codeText, RetryAfter: retryAfter),
            _ when (int)status >= 500 => new(ProviderOutcome.Transient, reason, ProviderCode: codeText),
            _ when (int)status == 429 => new(ProviderOutcome.RateLimited, reason, ProviderCode: codeText, RetryAfter: retryAfter),
            _ => new(ProviderOutcome.Permanent, reason, ProviderCode: codeText),
        };
    }

    private static HttpRequestMessage Request(TwilioOptions o, HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.AccountSid}:{o.AuthToken}")));
        return request;
    }

    private static string Root(TwilioOptions o) => o.BaseUrl.ToString().TrimEnd('/');

    private static string MessagesUrl(TwilioOptions o) => $"{Root(o)}/2010-04-01/Accounts/{o.AccountSid}/Messages.json";
}
