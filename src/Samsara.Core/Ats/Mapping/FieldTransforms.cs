using System.Globalization;
using System.Net.Mail;
using PhoneNumbers;

namespace Samsara.Core.Ats.Mapping;

/// <summary>A field's value for the ATS, or why it has none (or a doubtful one).</summary>
public sealed record FieldValue(string Field, string? Value, string? Warning);

/// <summary>Applies a <see cref="FieldRule"/> to a candidate's <see cref="CandidateSources"/>.</summary>
public static class FieldTransforms
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly string[] DateInputs =
        ["O", "yyyy-MM-dd", "yyyy-MM", "yyyy", "dd/MM/yyyy", "MMM yyyy", "MMMM yyyy", "d MMM yyyy", "d MMMM yyyy"];

    public static FieldValue Apply(string field, FieldRule rule, CandidateSources sources)
    {
        if (rule.Transform == AtsTransform.Fixed)
        {
            return new(field, rule.Value ?? "", null);
        }

        var values = rule.Source is null ? [] : sources.Get(rule.Source);
        if (values.Count == 0)
        {
            return new(field, null, rule.Source is null ? "No source is chosen." : $"{rule.Source} is empty for this candidate.");
        }

        var (value, warning) = Shape(rule, values, sources.PhoneRegion);
        return new(field, value, warning);
    }

    private static (string? Value, string? Warning) Shape(FieldRule rule, IReadOnlyList<string> values, string defaultRegion) => rule.Transform switch
    {
        AtsTransform.None => (string.Join(", ", values), null),
        AtsTransform.FirstName => Named(NameSplitter.Split(values[0]).First, "no first name"),
        AtsTransform.LastName => Named(NameSplitter.Split(values[0]).Last, $"\"{values[0]}\" has no last name"),
        AtsTransform.PhoneE164 => Phone(values, rule.Region ?? defaultRegion, PhoneNumberFormat.E164),
        AtsTransform.PhoneNational => Phone(values, rule.Region ?? defaultRegion, PhoneNumberFormat.NATIONAL),
        AtsTransform.FirstEmail => FirstEmail(values),
        AtsTransform.Join => (string.Join(Unescape(rule.Separator ?? ", "), values), null),
        AtsTransform.Date => Date(values[0], rule.Format ?? "yyyy-MM-dd"),
        AtsTransform.Trim => (Collapse(values[0]), null),
        AtsTransform.Upper => (Collapse(values[0]).ToUpperInvariant(), null),
        AtsTransform.Lower => (Collapse(values[0]).ToLowerInvariant(), null),
        AtsTransform.Fixed => (rule.Value ?? "", null),
        AtsTransform.Lookup => Lookup(values[0], rule),
    };

    private static (string?, string?) Named(string part, string problem) => part.Length > 0 ? (part, null) : (null, problem[0..1].ToUpperInvariant() + problem[1..] + ".");

    /// <summary>The first number of a possible length for its country; a number with no country code is read in <paramref name="region"/>.</summary>
    public static (string? Value, string? Warning) Phone(IReadOnlyList<string> values, string region, PhoneNumberFormat format)
    {
        foreach (var raw in values)
        {
            try
            {
                var number = Phones.Parse(raw, region.ToUpperInvariant());
                // "Possible" (right length for the country), not "valid": Ofcom's drama numbers (07700 900xxx),
                // which the sandbox's scripted candidates use, are not assigned but must still reach the form.
                if (Phones.IsPossibleNumber(number))
                {
                    // A national format only makes sense for the recruiter's own country; others keep their country code.
                    var usable = format == PhoneNumberFormat.NATIONAL && number.CountryCode != Phones.GetCountryCodeForRegion(region.ToUpperInvariant())
                        ? PhoneNumberFormat.INTERNATIONAL
                        : format;
                    return (Phones.Format(number, usable), null);
                }
            }
            catch (NumberParseException)
            {
                // Not a number at all; try the next one.
            }
        }

        return (null, $"\"{values[0]}\" is not a phone number in {region.ToUpperInvariant()} or with a country code.");
    }

    private static (string?, string?) FirstEmail(IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            if (MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal))
            {
                return (value, null);
            }
        }

        return (null, $"\"{values[0]}\" is not an email address.");
    }

    private static (string?, string?) Date(string value, string format)
    {
        if (DateTimeOffset.TryParseExact(value, DateInputs, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return (date.ToString(format, CultureInfo.InvariantCulture), null);
        }

        return (null, $"\"{value}\" is not a date.");
    }

    private static (string?, string?) Lookup(string value, FieldRule rule)
    {
        var match = rule.Table?.FirstOrDefault(e => string.Equals(e.Key, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is { Key: not null } found)
        {
            return (found.Value, null);
        }

        return rule.Fallback is { } fallback
            ? (fallback, null)
            : (null, $"No option for \"{value}\" in the lookup table.");
    }

    private static string Collapse(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // Separators typed in a form field: "\n" means a new line.
    private static string Unescape(string separator) => separator.Replace("\\n", "\n", StringComparison.Ordinal);
}
