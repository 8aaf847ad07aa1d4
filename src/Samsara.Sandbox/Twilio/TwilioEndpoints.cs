using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Twilio;

/// <summary>Twilio Programmable Messaging, 2010-04-01: send, fetch and list Messages.</summary>
internal static partial class TwilioEndpoints
{
    private const int MaxBodyLength = 1600;
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private static readonly TwilioProfile Profile = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/2010-04-01/Accounts/{accountSid}").AddEndpointFilter(new ProviderFilter(Profile));
        group.MapPost("/Messages.json", Send);
        group.MapGet("/Messages.json", List);
        group.MapGet("/Messages/{sid}.json", Fetch);
    }

    private static IResult Send(string accountSid, HttpContext context, TwilioMessageStore store)
    {
        if (WrongAccount(accountSid, context) is { } wrong)
        {
            return wrong;
        }

        var form = QueryHelpers.ParseQuery(ProviderFilter.BodyOf(context));
        var to = Single(form, "To");
        var from = Single(form, "From");
        var serviceSid = Single(form, "MessagingServiceSid");
        var body = Single(form, "Body") ?? "";
        var hasMedia = form.ContainsKey("MediaUrl") || form.ContainsKey("ContentSid");

        if (string.IsNullOrEmpty(to))
        {
            return Profile.Error(400, "A 'To' phone number is required.", TwilioErrorCodes.ToRequired);
        }

        if (!E164().IsMatch(to))
        {
            return Profile.Error(400, $"Invalid 'To' Phone Number: {to}", TwilioErrorCodes.InvalidTo);
        }

        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(serviceSid))
        {
            return Profile.Error(400, "A 'From' phone number is required.", TwilioErrorCodes.FromRequired);
        }

        if (!string.IsNullOrEmpty(from) && !E164().IsMatch(from))
        {
            return Profile.Error(400, $"Invalid 'From' Phone Number: {from}", TwilioErrorCodes.InvalidFrom);
        }

        if (body.Length == 0 && !hasMedia)
        {
            return Profile.Error(400, "Message body is required.", TwilioErrorCodes.BodyRequired);
        }

        if (body.Length > MaxBodyLength)
        {
            return Profile.Error(400, "The concatenated message body exceeds the 1600 character limit.", TwilioErrorCodes.BodyTooLong);
        }

        // A Messaging Service picks its own sender; the sandbox answers from the service SID itself.
        var sender = string.IsNullOrEmpty(from) ? serviceSid! : from;
        if (store.IsOptedOut(to, sender))
        {
            return Profile.OptedOut();
        }

        var message = store.AddOutbound(accountSid, string.IsNullOrEmpty(serviceSid) ? null : serviceSid, sender, to, body);
        return TypedResults.Json(store.ToResource(message), SandboxJson.SnakeCase, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Fetch(string accountSid, string sid, HttpContext context, TwilioMessageStore store)
    {
        if (WrongAccount(accountSid, context) is { } wrong)
        {
            return wrong;
        }

        var message = store.Find(sid);
        return message is null || message.AccountSid != accountSid
            ? Profile.Error(404, $"The requested resource {context.Request.Path} was not found", TwilioErrorCodes.NotFound)
            : TypedResults.Json(store.ToResource(message), SandboxJson.SnakeCase);
    }

    private static IResult List(string accountSid, HttpContext context, TwilioMessageStore store)
    {
        if (WrongAccount(accountSid, context) is { } wrong)
        {
            return wrong;
        }

        var query = context.Request.Query;
        var pageSize = Math.Clamp(IntOr(query["PageSize"], DefaultPageSize), 1, MaxPageSize);
        var page = Math.Max(0, IntOr(query["Page"], 0));
        if (!TryDateFilter(query, out var filter, out var badDate))
        {
            return Profile.Error(400, $"Invalid DateSent filter: {badDate}", TwilioErrorCodes.InvalidParameter);
        }

        // Newest first, as Twilio lists them; the SID breaks ties so the order is stable across pages.
        var matching = store.Snapshot()
            .Where(m => m.AccountSid == accountSid)
            .Where(m => Matches(query["To"], m.To) && Matches(query["From"], m.From) && filter(store.SentAt(m)))
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Sid, StringComparer.Ordinal)
            .ToList();

        // PageToken carries the last SID of the previous page, so new messages do not shift later pages.
        var token = query["PageToken"].ToString();
        var startIndex = token.StartsWith("PA", StringComparison.Ordinal)
            ? matching.FindIndex(m => m.Sid == token[2..]) + 1
            : page * pageSize;
        var items = matching.Skip(startIndex).Take(pageSize).ToList();
        var hasMore = startIndex + items.Count < matching.Count;

        var basePath = $"/2010-04-01/Accounts/{accountSid}/Messages.json";
        string PageUri(int number, string? pageToken)
        {
            var parameters = FilterParameters(query);
            parameters.Add(new("PageSize", pageSize.ToString(CultureInfo.InvariantCulture)));
            parameters.Add(new("Page", number.ToString(CultureInfo.InvariantCulture)));
            if (pageToken is not null)
            {
                parameters.Add(new("PageToken", pageToken));
            }

            return QueryHelpers.AddQueryString(basePath, parameters);
        }

        var result = new TwilioMessagePage(
            [.. items.Select(store.ToResource)],
            page,
            pageSize,
            startIndex,
            startIndex + Math.Max(items.Count - 1, 0),
            PageUri(page, token.Length > 0 ? token : null),
            PageUri(0, null),
            hasMore && items.Count > 0 ? PageUri(page + 1, "PA" + items[^1].Sid) : null,
            page > 0 ? PageUri(page - 1, null) : null);
        return TypedResults.Json(result, SandboxJson.SnakeCase);
    }

    private static IResult? WrongAccount(string accountSid, HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value;
        return accountSid == options.TwilioAccountSid
            ? null
            : Profile.Error(404, $"The requested resource {context.Request.Path} was not found", TwilioErrorCodes.NotFound);
    }

    private static List<KeyValuePair<string, string?>> FilterParameters(IQueryCollection query) =>
        [.. query.Where(q => q.Key is "To" or "From" || q.Key.StartsWith("DateSent", StringComparison.Ordinal))
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))];

    private static bool Matches(StringValues wanted, string actual) =>
        StringValues.IsNullOrEmpty(wanted) || wanted.ToString() == actual;

    /// <summary>
    /// Twilio puts the inequality in the parameter name: <c>DateSent&gt;=2026-01-01</c> arrives as the
    /// key <c>DateSent&gt;</c>. Twilio documents these filters as whole UTC days, and its SDKs send full
    /// timestamps, so only the day of a timestamp counts. A message not sent yet (no date_sent) matches
    /// no DateSent filter.
    /// </summary>
    private static bool TryDateFilter(IQueryCollection query, out Func<DateTimeOffset?, bool> filter, out string? bad)
    {
        var checks = new List<Func<DateTime, bool>>();
        bad = null;
        foreach (var (key, compare) in new (string, Func<DateTime, DateTime, bool>)[]
                 {
                     ("DateSent", (sentDay, day) => sentDay == day),
                     ("DateSent>", (sentDay, day) => sentDay >= day),
                     ("DateSent<", (sentDay, day) => sentDay <= day),
                 })
        {
            var raw = query[key].ToString();
            if (raw.Length == 0)
            {
                continue;
            }

            DateTime day;
            if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                day = date.ToDateTime(TimeOnly.MinValue);
            }
            else if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                day = at.UtcDateTime.Date;
            }
            else
            {
                bad = raw;
                filter = _ => false;
                return false;
            }

            checks.Add(sentDay => compare(sentDay, day));
        }

        filter = sentAt => checks.Count == 0 || (sentAt is { } at && checks.TrueForAll(check => check(at.UtcDateTime.Date)));
        return true;
    }

    private static int IntOr(StringValues raw, int fallback) =>
        int.TryParse(raw.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string? Single(Dictionary<string, StringValues> form, string key) =>
        form.TryGetValue(key, out var values) ? values.ToString() : null;

    [GeneratedRegex(@"^\+[1-9]\d{1,14}$")]
    private static partial Regex E164();
}
