namespace Samsara.Core.Ats.Mapping;

/// <summary>
/// The built-in mapping for each ATS. Field names are the ATS's own candidate fields (Bullhorn's REST entity,
/// JobAdder's v2 API, Vincere's v2 API; see docs/ats-fields.md); the extension finds them on the page by these names.
/// </summary>
public static class DefaultMappings
{
    private static readonly Dictionary<string, string> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Import"] = "CV Upload",
        ["Manual"] = "Recruiter",
    };

    public static IReadOnlyDictionary<string, FieldRule> For(AtsVendor vendor) => vendor switch
    {
        AtsVendor.Bullhorn => new Dictionary<string, FieldRule>
        {
            ["firstName"] = Rule("candidate.full_name", AtsTransform.FirstName),
            ["lastName"] = Rule("candidate.full_name", AtsTransform.LastName),
            ["email"] = Rule("candidate.email", AtsTransform.FirstEmail),
            ["mobile"] = Rule("candidate.phone", AtsTransform.PhoneE164),
            ["address.city"] = Rule("candidate.location", AtsTransform.Trim),
            ["occupation"] = Rule("candidate.current_title", AtsTransform.Trim),
            ["skillSet"] = new() { Source = "cv.skills", Transform = AtsTransform.Join, Separator = ", " },
            ["source"] = new() { Source = "candidate.source", Transform = AtsTransform.Lookup, Table = Sources, Fallback = "Other" },
            ["status"] = new() { Transform = AtsTransform.Fixed, Value = "New Lead" },
            ["dateAvailable"] = new() { Source = "today", Transform = AtsTransform.Date, Format = "MM/dd/yyyy" },
            ["comments"] = Rule("screening.notes", AtsTransform.Trim),
        },
        AtsVendor.JobAdder => new Dictionary<string, FieldRule>
        {
            ["firstName"] = Rule("candidate.full_name", AtsTransform.FirstName),
            ["lastName"] = Rule("candidate.full_name", AtsTransform.LastName),
            ["email"] = Rule("candidate.email", AtsTransform.FirstEmail),
            ["mobile"] = Rule("candidate.phone", AtsTransform.PhoneE164),
            ["phone"] = Rule("candidate.phone", AtsTransform.PhoneNational),
            ["address.city"] = Rule("candidate.location", AtsTransform.Trim),
            ["currentPosition"] = Rule("candidate.current_title", AtsTransform.Trim),
            ["skillTags"] = new() { Source = "cv.skills", Transform = AtsTransform.Join, Separator = ", " },
            ["source"] = new() { Source = "candidate.source", Transform = AtsTransform.Lookup, Table = Sources, Fallback = "Other" },
            ["summary"] = Rule("screening.notes", AtsTransform.Trim),
        },
        AtsVendor.Vincere => new Dictionary<string, FieldRule>
        {
            ["first_name"] = Rule("candidate.full_name", AtsTransform.FirstName),
            ["last_name"] = Rule("candidate.full_name", AtsTransform.LastName),
            ["email"] = Rule("candidate.email", AtsTransform.FirstEmail),
            ["phone"] = Rule("candidate.phone", AtsTransform.PhoneE164),
            ["current_location"] = Rule("candidate.location", AtsTransform.Trim),
            ["job_title"] = Rule("candidate.current_title", AtsTransform.Trim),
            ["company"] = Rule("candidate.current_company", AtsTransform.Trim),
            ["skills"] = new() { Source = "cv.skills", Transform = AtsTransform.Join, Separator = ", " },
            ["registration_date"] = new() { Source = "today", Transform = AtsTransform.Date, Format = "yyyy-MM-dd" },
            ["note"] = Rule("screening.notes", AtsTransform.Trim),
        },
        AtsVendor.Generic => new Dictionary<string, FieldRule>
        {
            ["first_name"] = Rule("candidate.full_name", AtsTransform.FirstName),
            ["last_name"] = Rule("candidate.full_name", AtsTransform.LastName),
            ["email"] = Rule("candidate.email", AtsTransform.FirstEmail),
            ["phone"] = Rule("candidate.phone", AtsTransform.PhoneE164),
            ["location"] = Rule("candidate.location", AtsTransform.Trim),
            ["title"] = Rule("candidate.current_title", AtsTransform.Trim),
            ["skills"] = new() { Source = "cv.skills", Transform = AtsTransform.Join, Separator = ", " },
            ["notes"] = Rule("screening.notes", AtsTransform.Trim),
        },
    };

    private static FieldRule Rule(string source, AtsTransform transform) => new() { Source = source, Transform = transform };
}
