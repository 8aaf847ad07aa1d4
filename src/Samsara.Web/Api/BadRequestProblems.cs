using System.Text.Json;
using System.Text.RegularExpressions;

namespace Samsara.Web.Api;

/// <summary>
/// A request the endpoint could not bind (a body that is not the JSON it expects, a query value of the wrong type)
/// answers 400 with a problem naming the field and what is wrong, e.g. <c>"$.channel": "'Sms2' is not one of Sms,
/// Email."</c>, instead of an empty 400. Minimal APIs throw such failures only with
/// <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>, which <see cref="AddBadRequestProblems"/> turns on.
/// </summary>
internal static partial class BadRequestProblems
{
    public static IHostApplicationBuilder AddBadRequestProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new StrictEnumConverter()));
        return builder;
    }

    public static IApplicationBuilder UseBadRequestProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = e.StatusCode;
            var result = e.InnerException is JsonException json
                ? TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [json.Path ?? "$"] = [Describe(json)] },
                    title: "The request body is not valid.")
                : (IResult)TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: "The request is not valid.");
            await result.ExecuteAsync(context);
        }
    });

    /// <summary>Our converters' messages say what to send; the serializer's own name a .NET type, put in words here.</summary>
    private static string Describe(JsonException e)
    {
        if (SerializerMessage().Match(e.Message) is not { Success: true } match)
        {
            return e.Message.Length > 200 ? e.Message[..200] + "…" : e.Message;
        }

        var type = match.Groups["type"].Value;
        var wanted = type[(type.LastIndexOf('.') + 1)..].TrimEnd(']') switch
        {
            "Int32" or "Int64" or "Int16" or "Byte" => "a whole number",
            "Decimal" or "Double" or "Single" => "a number",
            "Boolean" => "true or false",
            "Guid" => "an id (a GUID)",
            "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601)",
            "DateOnly" => "a date (yyyy-mm-dd)",
            "TimeOnly" => "a time of day (hh:mm)",
            "TimeSpan" => "a duration (hh:mm:ss)",
            "String" => "text",
            _ => "a value of another shape",
        };
        return $"Expected {wanted}.";
    }

    [GeneratedRegex(@"could not be converted to (?<type>[^\s.][^\s]*?)\.? Path", RegexOptions.CultureInvariant)]
    private static partial Regex SerializerMessage();
}
