using Samsara.Core.Ats.Mapping;

namespace Samsara.Tests.Ats;

public sealed class FieldTransformsTests
{
    private static CandidateSources Sources(string path, params string[] values) =>
        CandidateSources.From(new Dictionary<string, IReadOnlyList<string>> { [path] = values }, phoneRegion: "GB");

    private static FieldValue Apply(FieldRule rule, params string[] values) =>
        FieldTransforms.Apply("field", rule, Sources(rule.Source ?? "candidate.notes", values));

    [Theory]
    [InlineData(AtsTransform.FirstName, "Ludwig van der Berg", "Ludwig")]
    [InlineData(AtsTransform.LastName, "Ludwig van der Berg", "van der Berg")]
    [InlineData(AtsTransform.LastName, "Seán O'Brien", "O'Brien")]
    public void Apply_NameParts_SplitsTheFullName(AtsTransform transform, string full, string expected)
    {
        var result = Apply(new FieldRule { Source = "candidate.full_name", Transform = transform }, full);

        Assert.Equal(expected, result.Value);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void Apply_LastNameOfASingleName_WarnsAndGivesNothing()
    {
        var result = Apply(new FieldRule { Source = "candidate.full_name", Transform = AtsTransform.LastName }, "Madonna");

        Assert.Null(result.Value);
        Assert.Contains("has no last name", result.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("07700 900123", "GB", "+447700900123")]
    [InlineData("+44 7700 900123", "US", "+447700900123")]
    [InlineData("(415) 555-2671", "US", "+14155552671")]
    [InlineData("030 901820", "DE", "+4930901820")]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("0412 345 678", "AU", "+61412345678")]
    [InlineData("098765 43210", "IN", "+919876543210")]
    public void Apply_PhoneE164_ReadsNationalNumbersInTheRegion(string raw, string region, string expected)
    {
        var result = Apply(new FieldRule { Source = "candidate.phone", Transform = AtsTransform.PhoneE164, Region = region }, raw);

        Assert.Equal(expected, result.Value);
        Assert.Null(result.Warning);
    }

    [Theory]
    [InlineData("+447700900123", "GB", "07700 900123")]
    [InlineData("+14155552671", "US", "(415) 555-2671")]
    [InlineData("+4930901820", "DE", "030 901820")]
    [InlineData("+33612345678", "FR", "06 12 34 56 78")]
    // A foreign number keeps its country code: a national format would dial the wrong country.
    [InlineData("+33612345678", "GB", "+33 6 12 34 56 78")]
    public void Apply_PhoneNational_FormatsForTheRecruitersCountry(string raw, string region, string expected)
    {
        var result = Apply(new FieldRule { Source = "candidate.phone", Transform = AtsTransform.PhoneNational, Region = region }, raw);

        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Apply_PhoneWithNoValidNumber_WarnsNamingTheValue()
    {
        var result = Apply(new FieldRule { Source = "candidate.phone", Transform = AtsTransform.PhoneE164 }, "call me maybe", "123");

        Assert.Null(result.Value);
        Assert.Contains("\"call me maybe\" is not a phone number in GB", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_PhoneFirstInvalidSecondValid_TakesTheFirstValidOne()
    {
        var result = Apply(new FieldRule { Source = "candidate.phone", Transform = AtsTransform.PhoneE164 }, "n/a", "07700 900456");

        Assert.Equal("+447700900456", result.Value);
    }

    [Fact]
    public void Apply_FirstEmail_SkipsValuesThatAreNotAddresses()
    {
        var result = Apply(new FieldRule { Source = "candidate.email", Transform = AtsTransform.FirstEmail }, "ana at example", "ana@example.com", "a@b.org");

        Assert.Equal("ana@example.com", result.Value);
    }

    [Fact]
    public void Apply_FirstEmailWithNone_Warns()
    {
        var result = Apply(new FieldRule { Source = "candidate.email", Transform = AtsTransform.FirstEmail }, "nobody");

        Assert.Null(result.Value);
        Assert.NotNull(result.Warning);
    }

    [Theory]
    [InlineData(null, "C#, SQL, Kubernetes")]
    [InlineData(" | ", "C# | SQL | Kubernetes")]
    [InlineData("\\n", "C#\nSQL\nKubernetes")]
    public void Apply_Join_UsesTheSeparator(string? separator, string expected)
    {
        var result = Apply(new FieldRule { Source = "cv.skills", Transform = AtsTransform.Join, Separator = separator }, "C#", "SQL", "Kubernetes");

        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("2026-12-01T22:52:00.0000000+00:00", "dd/MM/yyyy", "01/12/2026")]
    [InlineData("2026-12-01", "MM/dd/yyyy", "12/01/2026")]
    [InlineData("2019-03", "yyyy-MM-dd", "2019-03-01")]
    [InlineData("March 2019", "MMM yyyy", "Mar 2019")]
    public void Apply_Date_ReformatsTheDate(string raw, string format, string expected)
    {
        var result = Apply(new FieldRule { Source = "today", Transform = AtsTransform.Date, Format = format }, raw);

        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Apply_DateThatIsNotADate_Warns()
    {
        var result = Apply(new FieldRule { Source = "today", Transform = AtsTransform.Date }, "soon");

        Assert.Null(result.Value);
        Assert.Contains("\"soon\" is not a date", result.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AtsTransform.Trim, "  Senior   Data  Engineer ", "Senior Data Engineer")]
    [InlineData(AtsTransform.Upper, " london ", "LONDON")]
    [InlineData(AtsTransform.Lower, "ANA@EXAMPLE.COM", "ana@example.com")]
    public void Apply_CaseAndSpace_ShapesTheText(AtsTransform transform, string raw, string expected)
    {
        Assert.Equal(expected, Apply(new FieldRule { Source = "candidate.current_title", Transform = transform }, raw).Value);
    }

    [Fact]
    public void Apply_Fixed_GivesTheValueWithoutASource()
    {
        var result = FieldTransforms.Apply("status", new FieldRule { Transform = AtsTransform.Fixed, Value = "New Lead" }, Sources("x"));

        Assert.Equal("New Lead", result.Value);
        Assert.Null(result.Warning);
    }

    [Theory]
    [InlineData("import", null, "CV Upload")]
    [InlineData("Referral", "Other", "Other")]
    public void Apply_Lookup_MapsIgnoringCaseOrFallsBack(string raw, string? fallback, string expected)
    {
        var rule = new FieldRule
        {
            Source = "candidate.source",
            Transform = AtsTransform.Lookup,
            Fallback = fallback,
            Table = new Dictionary<string, string> { ["Import"] = "CV Upload", ["Manual"] = "Recruiter" },
        };

        Assert.Equal(expected, Apply(rule, raw).Value);
    }

    [Fact]
    public void Apply_LookupWithNoMatchAndNoFallback_WarnsNamingTheValue()
    {
        var rule = new FieldRule { Source = "candidate.source", Transform = AtsTransform.Lookup, Table = new Dictionary<string, string> { ["Import"] = "CV" } };

        var result = Apply(rule, "Referral");

        Assert.Null(result.Value);
        Assert.Equal("No option for \"Referral\" in the lookup table.", result.Warning);
    }

    [Fact]
    public void Apply_EmptySource_WarnsNamingTheSource()
    {
        var result = FieldTransforms.Apply("email", new FieldRule { Source = "candidate.email", Transform = AtsTransform.FirstEmail }, Sources("candidate.email"));

        Assert.Null(result.Value);
        Assert.Equal("candidate.email is empty for this candidate.", result.Warning);
    }

    [Fact]
    public void Apply_NoneWithSeveralValues_JoinsThem()
    {
        Assert.Equal("a@x.com, b@y.com", Apply(new FieldRule { Source = "candidate.email" }, "a@x.com", "b@y.com").Value);
    }
}
