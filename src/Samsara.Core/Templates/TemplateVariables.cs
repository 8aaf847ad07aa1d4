using System.Text.Json;
using Fluid.Values;
using Samsara.Core.Candidates;
using Samsara.Core.Projects;

namespace Samsara.Core.Templates;

/// <summary>What a scheduling message says about the call, already written in the candidate's local time.</summary>
public sealed record CallVariables(string? Options, string? Time, string? PreviousTime, string? RecruiterTime, string? TimeZone, int DurationMinutes);

/// <summary>The recruiter a message is sent on behalf of.</summary>
public sealed record RecruiterProfile(string? Name, string? Email, string? Signature, string? Phone = null);

/// <summary>
/// The variables a template may use, and their values for one candidate. The catalogue is what save-time validation
/// checks names against; <c>candidate.cv.*</c> is open because CV fields differ from one CV to the next.
/// </summary>
public sealed class TemplateVariables
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Catalogue = new Dictionary<string, IReadOnlyList<string>>
    {
        ["candidate"] = ["first_name", "last_name", "full_name", "email", "phone", "location", "current_title", "years_experience", "cv"],
        ["project"] = ["name", "client_name", "owner"],
        ["job"] = ["title", "description"],
        ["recruiter"] = ["name", "email", "signature", "phone"],
        // Scheduling messages only (offer, confirmation, reminder, change, cancellation); elsewhere they have no value.
        ["call"] = ["options", "time", "previous_time", "recruiter_time", "time_zone", "duration_minutes"],
    };

    /// <summary>Roots whose members are open-ended (any name is accepted at save time).</summary>
    public static readonly IReadOnlySet<string> OpenPaths = new HashSet<string> { "candidate.cv" };

    internal IReadOnlyDictionary<string, VariableScope> Roots { get; }

    private TemplateVariables(IReadOnlyDictionary<string, VariableScope> roots) => Roots = roots;

    public static bool IsKnown(string root, string? member, string? subMember)
    {
        if (!Catalogue.TryGetValue(root, out var members))
        {
            return false;
        }

        if (member is null)
        {
            return true;
        }

        if (!members.Contains(member))
        {
            return false;
        }

        // Only open paths (the CV) have members of their own.
        return subMember is null || OpenPaths.Contains(root + "." + member);
    }

    public static TemplateVariables For(Candidate? candidate, Project? project, JobDescription? job, RecruiterProfile? recruiter)
    {
        // "Unnamed (cv.pdf)" is a placeholder, not a name to greet anyone by.
        var (first, last) = CvIntake.Fields.UnnamedCandidate.Is(candidate?.FullName) ? (null, null) : SplitName(candidate?.FullName);
        var candidateScope = Scope("candidate", new()
        {
            ["first_name"] = Text(first),
            ["last_name"] = Text(last),
            ["full_name"] = Text(candidate?.FullName),
            ["email"] = Text(candidate?.Email),
            ["phone"] = Text(candidate?.Phone),
            ["location"] = Text(candidate?.Location),
            ["current_title"] = Text(candidate?.CurrentTitle),
            ["years_experience"] = candidate?.YearsExperience is { } years ? NumberValue.Create((decimal)years) : null,
            ["cv"] = CvScope(candidate?.CvJson),
        });
        var projectScope = Scope("project", new()
        {
            ["name"] = Text(project?.Name),
            ["client_name"] = Text(project?.ClientName),
            ["owner"] = Text(project?.Owner),
        });
        var jobScope = Scope("job", new()
        {
            ["title"] = Text(job?.Title),
            ["description"] = Text(job?.RawText),
        });
        var recruiterScope = Scope("recruiter", new()
        {
            ["name"] = Text(recruiter?.Name),
            ["email"] = Text(recruiter?.Email),
            ["signature"] = Text(recruiter?.Signature),
            ["phone"] = Text(recruiter?.Phone),
        });
        return new TemplateVariables(new Dictionary<string, VariableScope>
        {
            ["candidate"] = candidateScope,
            ["project"] = projectScope,
            ["job"] = jobScope,
            ["recruiter"] = recruiterScope,
            // Outside scheduling messages every call.* is missing, so a template using one is held back, not sent with a gap.
            ["call"] = Scope("call", []),
        });
    }

    /// <summary>These variables plus <c>call.*</c> for a scheduling message; a member left null has no value.</summary>
    public TemplateVariables WithCall(CallVariables call)
    {
        var roots = new Dictionary<string, VariableScope>(Roots)
        {
            ["call"] = Scope("call", new()
            {
                ["options"] = Text(call.Options),
                ["time"] = Text(call.Time),
                ["previous_time"] = Text(call.PreviousTime),
                ["recruiter_time"] = Text(call.RecruiterTime),
                ["time_zone"] = Text(call.TimeZone),
                ["duration_minutes"] = NumberValue.Create(call.DurationMinutes),
            }),
        };
        return new TemplateVariables(roots);
    }

    internal static (string? First, string? Last) SplitName(string? fullName)
    {
        var parts = (fullName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch
        {
            0 => (null, null),
            1 => (parts[0], null),
            _ => (parts[0], parts[^1]),
        };
    }

    private static VariableScope Scope(string path, Dictionary<string, FluidValue?> members) =>
        new(path, members.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value!));

    private static StringValue? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : new StringValue(value.Trim());

    private static VariableScope CvScope(string? cvJson)
    {
        if (string.IsNullOrWhiteSpace(cvJson))
        {
            return new VariableScope("candidate.cv", new Dictionary<string, FluidValue>());
        }

        try
        {
            using var doc = JsonDocument.Parse(cvJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? ObjectScope("candidate.cv", doc.RootElement)
                : new VariableScope("candidate.cv", new Dictionary<string, FluidValue>());
        }
        catch (JsonException)
        {
            // A damaged CV must not stop templates that do not use it; any cv.* it uses is reported missing.
            return new VariableScope("candidate.cv", new Dictionary<string, FluidValue>());
        }
    }

    private static VariableScope ObjectScope(string path, JsonElement obj)
    {
        var members = new Dictionary<string, FluidValue>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (FromJson(path + "." + property.Name, property.Value) is { } value)
            {
                members[property.Name] = value;
            }
        }

        return new VariableScope(path, members);
    }

    private static FluidValue? FromJson(string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Text(element.GetString());
            case JsonValueKind.Number:
                return NumberValue.Create(element.GetDecimal());
            case JsonValueKind.True:
                return BooleanValue.True;
            case JsonValueKind.False:
                return BooleanValue.False;
            case JsonValueKind.Array:
                var items = element.EnumerateArray().Select(e => FromJson(path, e)).OfType<FluidValue>().ToArray();
                return items.Length == 0 ? null : new ArrayValue(items);
            case JsonValueKind.Object:
                // The CV parser stores fields as { "value": ..., "confidence": ... }; templates want the value.
                return element.TryGetProperty("value", out var inner) ? FromJson(path, inner) : ObjectScope(path, element);
            default:
                return null;
        }
    }
}
