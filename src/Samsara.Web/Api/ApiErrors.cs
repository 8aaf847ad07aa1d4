using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Common;

namespace Samsara.Web.Api;

/// <summary>Turns service validation failures into RFC 7807 problem details naming the field.</summary>
internal sealed class ValidationProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InputValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors, title: "The input is not valid.");
        }
    }
}

internal static class ApiResults
{
    public static NotFound<ProblemDetails> NotFound(string what) =>
        TypedResults.NotFound(new ProblemDetails { Title = $"{what} not found.", Status = StatusCodes.Status404NotFound });
}
