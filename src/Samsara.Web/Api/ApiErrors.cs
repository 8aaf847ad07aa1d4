using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Common;

namespace Samsara.Web.Api;

/// <summary>Turns service validation failures into RFC 7807 problem details naming the field.</summary>
internal sealed class ValidationProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (UndefinedEnums(context) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The input is not valid.");
        }

        try
        {
            return await next(context);
        }
        catch (InputValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors, title: "The input is not valid.");
        }
    }

    // Query and route values bind enums with Enum.TryParse, which takes any number (`?sort=99`): such a value would
    // reach a switch that does not know it. Names and defined numbers pass; anything else is a 400 naming the choices.
    private static Dictionary<string, string[]>? UndefinedEnums(EndpointFilterInvocationContext context)
    {
        Dictionary<string, string[]>? errors = null;
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<System.Reflection.MethodInfo>()?.GetParameters();
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            if (context.Arguments[i] is Enum value && !Enum.IsDefined(value.GetType(), value))
            {
                var name = parameters is not null && i < parameters.Length ? parameters[i].Name ?? $"argument{i}" : $"argument{i}";
                errors ??= [];
                errors[name] = [$"'{value}' is not a known value; use one of: {string.Join(", ", Enum.GetNames(value.GetType()))}."];
            }
        }

        return errors;
    }
}

internal static class ApiResults
{
    public static NotFound<ProblemDetails> NotFound(string what) =>
        TypedResults.NotFound(new ProblemDetails { Title = $"{what} not found.", Status = StatusCodes.Status404NotFound });
}
