using System.Globalization;
using System.Net;

namespace Samsara.Core.Channels;

/// <summary>Whether repeating a request could repeat its effect (an SMS sent, a call placed).</summary>
public enum RequestKind
{
    /// <summary>Reads: safe to repeat; a lost answer is just transient.</summary>
    Read,
    /// <summary>Creates something at the provider: a lost answer is an unknown outcome.</summary>
    Create,
}

/// <summary>
/// Sends one request once and classifies what came back. No retries here: the caller decides, using
/// the classification, and reconciles unknown outcomes of creations before sending again.
/// </summary>
public static class ProviderCall
{
    /// <summary>Reads a provider's error body into a failure; return null to use the generic HTTP-status rules.</summary>
    public delegate ProviderFailure? ErrorReader(HttpStatusCode status, string body, TimeSpan? retryAfter);

    public static async Task<ProviderResult<T>> SendAsync<T>(
        HttpClient http,
        HttpRequestMessage request,
        RequestKind kind,
        Func<string, HttpResponseMessage, T?> parse,
        ErrorReader readError,
        TimeProvider time,
        CancellationToken ct)
    {
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // The request never reached the provider, so nothing can have been created.
            return Failed<T>(ProviderOutcome.Transient, $"Could not connect to the provider: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            var what = e is TaskCanceledException ? "No answer before the timeout" : $"The connection failed mid-request ({e.Message})";
            return kind == RequestKind.Create
                ? Failed<T>(ProviderOutcome.UnknownOutcome, $"{what}; the provider may have acted on it. Reconcile before resending.")
                : Failed<T>(ProviderOutcome.Transient, what);
        }

        using (response)
        {
            var status = response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return Parse(parse, body, response, kind, status);
            }

            var retryAfter = RetryAfter(response, time);
            var failure = readError(status, body, retryAfter) ?? ByStatus(status, body, retryAfter, kind);
            // Every client's reason passes through here: clipped and without control characters, whatever the host sent.
            return ProviderResult<T>.Fail(failure with
            {
                Reason = ProviderJson.Clip(failure.Reason) ?? $"Provider error {(int)status}",
                HttpStatus = (int)status,
                RetryAfter = failure.RetryAfter ?? retryAfter,
            });
        }
    }

    /// <summary>The rules every provider shares, used when its own error body says nothing more specific.</summary>
    public static ProviderFailure ByStatus(HttpStatusCode status, string body, TimeSpan? retryAfter, RequestKind kind)
    {
        var detail = ProviderJson.ErrorMessage(body) ?? "no error message";
        return (int)status switch
        {
            429 => new(ProviderOutcome.RateLimited, "Rate limited by the provider", RetryAfter: retryAfter),
            401 or 403 => new(ProviderOutcome.Permanent, $"The provider rejected the credentials ({(int)status}): {detail}"),
            408 or 500 or 502 or 503 => new(ProviderOutcome.Transient, $"Provider error {(int)status}: {detail}", RetryAfter: retryAfter),
            // A gateway that gave up waiting says nothing about whether the provider behind it acted.
            504 when kind == RequestKind.Create => new(ProviderOutcome.UnknownOutcome, "Gateway timeout; the provider may have acted. Reconcile before resending."),
            >= 500 => new(ProviderOutcome.Transient, $"Provider error {(int)status}: {detail}"),
            _ => new(ProviderOutcome.Permanent, $"Rejected by the provider ({(int)status}): {detail}"),
        };
    }

    /// <summary>Retry-After as seconds or an HTTP date, else X-RateLimit-Reset (Unix seconds, SendGrid).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(reset);
            return at > now ? at - now : TimeSpan.Zero;
        }

        return null;
    }

    private static ProviderResult<T> Parse<T>(Func<string, HttpResponseMessage, T?> parse, string body, HttpResponseMessage response, RequestKind kind, HttpStatusCode status)
    {
        T? value;
        try
        {
            value = parse(body, response);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Unreadable<T>(kind, status, e.Message);
        }

        return value is null ? Unreadable<T>(kind, status, "empty body") : ProviderResult<T>.Success(value);
    }

    // Success status with a body we cannot read: the thing exists but we do not know its id.
    private static ProviderResult<T> Unreadable<T>(RequestKind kind, HttpStatusCode status, string why) =>
        Failed<T>(kind == RequestKind.Create ? ProviderOutcome.UnknownOutcome : ProviderOutcome.Transient,
            $"Unreadable {(int)status} answer from the provider: {why}");

    private static ProviderResult<T> Failed<T>(ProviderOutcome outcome, string reason) =>
        ProviderResult<T>.Fail(new ProviderFailure(outcome, reason));
}
