using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.Ats.Mapping;

/// <summary>A mapping as the API and the editor see it.</summary>
public sealed record AtsMappingInput
{
    public AtsVendor Vendor { get; init; }
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, FieldRule>? Fields { get; init; }
    public bool IsDefault { get; init; }
    public string? SiteHost { get; init; }
}

public sealed record AtsMappingView(Guid Id, AtsVendor Vendor, string Name, bool IsDefault, string? SiteHost, IReadOnlyDictionary<string, FieldRule> Fields, DateTimeOffset UpdatedAt)
{
    public static AtsMappingView From(AtsFieldMapping m) =>
        new(m.Id, Enum.Parse<AtsVendor>(m.AtsVendor), m.MappingName, m.IsDefault, m.SiteHost, FieldMap.FromJson(m.FieldMapJson), m.UpdatedAt);
}

/// <summary>Mappings: the built-in ones are created on first use; each ATS has exactly one default.</summary>
public sealed class AtsMappingService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxFields = 100;

    public async Task<IReadOnlyList<AtsMappingView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureBuiltInsAsync(db, ct);
        var all = await db.AtsFieldMappings.AsNoTracking().ToListAsync(ct);
        return [.. all.OrderBy(m => m.AtsVendor, StringComparer.Ordinal).ThenByDescending(m => m.IsDefault).ThenBy(m => m.MappingName, StringComparer.Ordinal).Select(AtsMappingView.From)];
    }

    public async Task<AtsMappingView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AtsFieldMappings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is { } m ? AtsMappingView.From(m) : null;
    }

    /// <summary>The vendor's default mapping (the built-in one until the recruiter picks another).</summary>
    public async Task<AtsMappingView> DefaultForAsync(AtsVendor vendor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureBuiltInsAsync(db, ct);
        var name = vendor.ToString();
        var m = await db.AtsFieldMappings.AsNoTracking().Where(m => m.AtsVendor == name && m.IsDefault).FirstAsync(ct);
        return AtsMappingView.From(m);
    }

    /// <summary>
    /// The mapping for a fill started from the extension: the newest one picked on that site ("Pick fields"),
    /// else the default of the ATS the page was detected as.
    /// </summary>
    public async Task<AtsMappingView> ForSiteAsync(string? siteHost, AtsVendor vendor, CancellationToken ct = default)
    {
        if (NormaliseHost(siteHost) is { } host)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var picked = await db.AtsFieldMappings.AsNoTracking().Where(m => m.SiteHost == host).ToListAsync(ct);
            if (picked.OrderByDescending(m => m.UpdatedAt).FirstOrDefault() is { } newest)
            {
                return AtsMappingView.From(newest);
            }
        }

        return await DefaultForAsync(vendor, ct);
    }

    public async Task<AtsMappingView> CreateAsync(AtsMappingInput input, CancellationToken ct = default)
    {
        var fields = Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureBuiltInsAsync(db, ct);
        var now = clock.GetUtcNow();
        var mapping = new AtsFieldMapping
        {
            Id = Guid.CreateVersion7(now),
            AtsVendor = input.Vendor.ToString(),
            MappingName = input.Name!.Trim(),
            FieldMapJson = FieldMap.ToJson(fields),
            SiteHost = NormaliseHost(input.SiteHost),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.AtsFieldMappings.Add(mapping);
        await SaveWithDefaultAsync(db, mapping, input.IsDefault, ct);
        return AtsMappingView.From(mapping);
    }

    public async Task<AtsMappingView?> UpdateAsync(Guid id, AtsMappingInput input, CancellationToken ct = default)
    {
        var fields = Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mapping = await db.AtsFieldMappings.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mapping is null)
        {
            return null;
        }

        if (mapping.AtsVendor != input.Vendor.ToString())
        {
            throw Invalid("vendor", "A mapping's ATS cannot change; copy it instead.");
        }

        if (mapping.IsDefault && !input.IsDefault)
        {
            throw Invalid("isDefault", "Each ATS keeps one default: make another mapping the default instead.");
        }

        mapping.MappingName = input.Name!.Trim();
        mapping.FieldMapJson = FieldMap.ToJson(fields);
        mapping.SiteHost = NormaliseHost(input.SiteHost);
        mapping.UpdatedAt = clock.GetUtcNow();
        await SaveWithDefaultAsync(db, mapping, input.IsDefault, ct);
        return AtsMappingView.From(mapping);
    }

    /// <summary>A copy under a new name, never the default (the recruiter edits it, then makes it the default).</summary>
    public async Task<AtsMappingView?> CopyAsync(Guid id, string? name, CancellationToken ct = default)
    {
        var source = await GetAsync(id, ct);
        return source is null
            ? null
            : await CreateAsync(new AtsMappingInput { Vendor = source.Vendor, Name = string.IsNullOrWhiteSpace(name) ? source.Name + " (copy)" : name, Fields = source.Fields, SiteHost = source.SiteHost }, ct);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mapping = await db.AtsFieldMappings.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mapping is null)
        {
            return false;
        }

        if (mapping.IsDefault)
        {
            throw Invalid("id", "The default mapping cannot be deleted: make another mapping the default first.");
        }

        db.AtsFieldMappings.Remove(mapping);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Each field's value for the candidate, with a warning where the source is empty or a transform fails.</summary>
    public static IReadOnlyList<FieldValue> Preview(IReadOnlyDictionary<string, FieldRule> fields, CandidateSources sources) =>
        [.. fields.Select(f => FieldTransforms.Apply(f.Key, f.Value, sources))];

    /// <summary>Checks a mapping before it is saved or previewed; every problem is named by its field.</summary>
    public static IReadOnlyDictionary<string, FieldRule> Validate(AtsMappingInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(input.Vendor))
        {
            errors["vendor"] = ["Choose Bullhorn, JobAdder, Vincere or Generic."];
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            errors["name"] = ["Give the mapping a name of at most 200 characters."];
        }

        var fields = input.Fields ?? new Dictionary<string, FieldRule>();
        if (fields.Count is 0 or > MaxFields)
        {
            errors["fields"] = [$"A mapping has between 1 and {MaxFields} fields."];
        }

        foreach (var (field, rule) in fields)
        {
            var problems = RuleProblems(field, rule).ToArray();
            if (problems.Length > 0)
            {
                errors[$"fields.{field}"] = problems;
            }
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        return fields;
    }

    private static IEnumerable<string> RuleProblems(string field, FieldRule rule)
    {
        if (string.IsNullOrWhiteSpace(field) || field.Length > 100)
        {
            yield return "An ATS field name has 1 to 100 characters.";
        }

        if (!Enum.IsDefined(rule.Transform))
        {
            yield return "Unknown transform.";
            yield break;
        }

        if (rule.Transform != AtsTransform.Fixed && (rule.Source is null || !CandidateSources.Catalogue.ContainsKey(rule.Source)))
        {
            yield return $"Unknown source \"{rule.Source}\"; choose one of {string.Join(", ", CandidateSources.Catalogue.Keys)}.";
        }

        switch (rule.Transform)
        {
            case AtsTransform.Fixed when rule.Value is null:
                yield return "A fixed value needs its value.";
                break;
            case AtsTransform.Lookup when rule.Table is null || rule.Table.Count == 0:
                yield return "A lookup needs a table of Samsara value → ATS option.";
                break;
            case AtsTransform.Date when !IsDateFormat(rule.Format):
                yield return $"\"{rule.Format}\" is not a date format (try yyyy-MM-dd or dd/MM/yyyy).";
                break;
            case AtsTransform.PhoneE164 or AtsTransform.PhoneNational when rule.Region is { } region
                && !PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant()):
                yield return $"\"{region}\" is not a country code (such as GB, US, DE).";
                break;
            default:
                break;
        }

        if ((rule.Selector?.Length ?? 0) > 500 || (rule.Label?.Length ?? 0) > 200 || (rule.Value?.Length ?? 0) > 2000)
        {
            yield return "Selector, label or value is too long.";
        }
    }

    private static bool IsDateFormat(string? format)
    {
        if (format is null)
        {
            return true;
        }

        try
        {
            var probe = new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero).ToString(format, CultureInfo.InvariantCulture);
            // A format with no date part at all ("hello") echoes itself back.
            return format.Length > 0 && probe != format;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string? NormaliseHost(string? host) =>
        string.IsNullOrWhiteSpace(host) ? null : host.Trim().ToLowerInvariant()[..Math.Min(host.Trim().Length, 253)];

    private static InputValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private static async Task SaveWithDefaultAsync(SamsaraDbContext db, AtsFieldMapping mapping, bool makeDefault, CancellationToken ct)
    {
        if (makeDefault && !mapping.IsDefault)
        {
            await db.AtsFieldMappings.Where(m => m.AtsVendor == mapping.AtsVendor && m.IsDefault && m.Id != mapping.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsDefault, false), ct);
            mapping.IsDefault = true;
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task EnsureBuiltInsAsync(SamsaraDbContext db, CancellationToken ct)
    {
        var present = await db.AtsFieldMappings.Where(m => m.IsDefault).Select(m => m.AtsVendor).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var missing = Enum.GetValues<AtsVendor>().Where(v => !present.Contains(v.ToString())).ToList();
        foreach (var vendor in missing)
        {
            db.AtsFieldMappings.Add(new AtsFieldMapping
            {
                Id = Guid.CreateVersion7(now),
                AtsVendor = vendor.ToString(),
                MappingName = $"{vendor} (built-in)",
                FieldMapJson = FieldMap.ToJson(DefaultMappings.For(vendor)),
                IsDefault = true,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        if (missing.Count > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request created them at the same moment; theirs are as good.
                db.ChangeTracker.Clear();
            }
        }
    }
}
