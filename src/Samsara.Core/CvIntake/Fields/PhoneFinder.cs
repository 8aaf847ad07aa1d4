using PhoneNumbers;

namespace Samsara.Core.CvIntake.Fields;

/// <summary>Phone numbers in E.164, read with libphonenumber so national formats resolve against the project's region.</summary>
internal static class PhoneFinder
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static CvField<IReadOnlyList<string>>? Find(string text, string defaultRegion)
    {
        var region = Util.GetSupportedRegions().Contains(defaultRegion.ToUpperInvariant()) ? defaultRegion.ToUpperInvariant() : "ZZ";
        var found = new List<string>();
        var allInternational = true;
        foreach (var match in Util.FindNumbers(text, region, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
        {
            var e164 = Util.Format(match.Number, PhoneNumberFormat.E164);
            if (!found.Contains(e164))
            {
                found.Add(e164);
                allInternational &= match.RawString.TrimStart().StartsWith('+') || match.RawString.TrimStart().StartsWith("00", StringComparison.Ordinal);
            }
        }

        // A number written without a country code is only as right as the project's region guess.
        return found.Count == 0 ? null : new CvField<IReadOnlyList<string>>(found, allInternational ? 0.95 : 0.85);
    }

    public static string? ToE164(string? phone, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        try
        {
            var number = Util.Parse(phone, defaultRegion.ToUpperInvariant());
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
