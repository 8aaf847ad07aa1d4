using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Samsara.Core.Common;

/// <summary>Runs DataAnnotations on an input and names failing fields as the JSON API spells them.</summary>
public static class InputValidation
{
    public static IDictionary<string, string[]> Validate(object input)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        return results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : [""]).Select(m => (Member: JsonNamingPolicy.CamelCase.ConvertName(m), Message: r.ErrorMessage ?? "is invalid")))
            .GroupBy(e => e.Member)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
    }
}

/// <summary>Thrown by services when input is invalid; endpoints turn it into RFC 7807 problem details.</summary>
public sealed class InputValidationException(IDictionary<string, string[]> errors)
    : Exception("Invalid input: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static void ThrowIfInvalid(object input)
    {
        var errors = InputValidation.Validate(input);
        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }
    }
}
