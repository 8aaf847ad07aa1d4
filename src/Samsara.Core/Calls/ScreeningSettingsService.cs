using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.Calls;

/// <summary>The screening settings as the API and the settings page read and write them.</summary>
public sealed record ScreeningSettingsView(
    string OpeningLine,
    IReadOnlyList<ScreeningQuestion> Questions,
    string Provider,
    string? AssistantId,
    int MaxCallMinutes,
    bool RecordingEnabled,
    string RecordingDisclosure,
    VoicemailPolicy VoicemailPolicy,
    string? VoicemailMessage,
    int MaxRetries,
    int RetryGapMinutes)
{
    public static ScreeningSettingsView From(ScreeningSettings s) => new(
        s.OpeningLine, s.Questions(), s.Provider, s.AssistantId, s.MaxCallMinutes, s.RecordingEnabled, s.RecordingDisclosure,
        s.VoicemailPolicy, s.VoicemailMessage, s.MaxRetries, s.RetryGapMinutes);
}

public sealed class ScreeningSettingsInput : IValidatableObject
{
    public static readonly string[] Providers = ["vapi", "bland", "retell"];

    [Required, StringLength(500, MinimumLength = 1)]
    public string OpeningLine { get; set; } = "";

    [Required]
    public List<ScreeningQuestion> Questions { get; set; } = [];

    [Required]
    public string Provider { get; set; } = "vapi";

    [StringLength(200)]
    public string? AssistantId { get; set; }

    [Range(1, 30)]
    public int MaxCallMinutes { get; set; } = 10;

    public bool RecordingEnabled { get; set; } = true;

    [StringLength(500)]
    public string? RecordingDisclosure { get; set; } = ScreeningSettings.DefaultDisclosure;

    public VoicemailPolicy VoicemailPolicy { get; set; }

    [StringLength(500)]
    public string? VoicemailMessage { get; set; }

    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Retries are never a burst: at least two hours apart.</summary>
    [Range(120, 7 * 24 * 60, ErrorMessage = "Retries must be at least 120 minutes (2 hours) apart, and at most a week.")]
    public int RetryGapMinutes { get; set; } = 120;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Questions.Count is < 3 or > 10)
        {
            yield return new($"Give 3 to 10 questions (there are {Questions.Count}).", [nameof(Questions)]);
        }

        for (var i = 0; i < Questions.Count; i++)
        {
            var q = Questions[i];
            if (string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > 300)
            {
                yield return new($"Question {i + 1} needs a text of at most 300 characters.", [nameof(Questions)]);
            }

            if (q.KnockOutAnswer is { } k && (string.IsNullOrWhiteSpace(k) || k.Length > 100))
            {
                yield return new($"Question {i + 1}'s knock-out answer must be 1-100 characters, or left out.", [nameof(Questions)]);
            }
        }

        if (!Providers.Contains(Provider))
        {
            yield return new($"Provider must be one of {string.Join(", ", Providers)}.", [nameof(Provider)]);
        }

        if (RecordingEnabled && string.IsNullOrWhiteSpace(RecordingDisclosure))
        {
            yield return new("The recording disclosure cannot be empty while recording is on.", [nameof(RecordingDisclosure)]);
        }

        if (VoicemailPolicy == VoicemailPolicy.LeaveMessage && string.IsNullOrWhiteSpace(VoicemailMessage))
        {
            yield return new("Write the voicemail message, or choose to hang up.", [nameof(VoicemailMessage)]);
        }
    }
}

public sealed class ScreeningSettingsService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes)
{
    /// <returns>Null when there is no such project.</returns>
    public async Task<ScreeningSettingsView?> GetAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, projectId, ct) is { } s ? ScreeningSettingsView.From(s) : null;
    }

    /// <summary>The saved settings, or the defaults for a project that never saved any; null when there is no such project.</summary>
    internal static async Task<ScreeningSettings?> LoadAsync(SamsaraDbContext db, Guid projectId, CancellationToken ct) =>
        await db.ScreeningSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId, ct)
        ?? (await db.Projects.AnyAsync(p => p.Id == projectId, ct) ? ScreeningSettings.Default(projectId) : null);

    /// <exception cref="InputValidationException">The input is invalid; nothing is saved.</exception>
    /// <returns>Null when there is no such project.</returns>
    public async Task<ScreeningSettingsView?> SaveAsync(Guid projectId, ScreeningSettingsInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var row = await db.ScreeningSettings.FirstOrDefaultAsync(s => s.ProjectId == projectId, ct);
        if (row is null)
        {
            row = ScreeningSettings.Default(projectId);
            db.ScreeningSettings.Add(row);
        }

        row.OpeningLine = input.OpeningLine.Trim();
        row.QuestionsJson = JsonSerializer.Serialize(
            input.Questions.Select(q => new ScreeningQuestion(q.Text.Trim(), string.IsNullOrWhiteSpace(q.KnockOutAnswer) ? null : q.KnockOutAnswer.Trim())).ToList(),
            JsonSerializerOptions.Web);
        row.Provider = input.Provider;
        row.AssistantId = string.IsNullOrWhiteSpace(input.AssistantId) ? null : input.AssistantId.Trim();
        row.MaxCallMinutes = input.MaxCallMinutes;
        row.RecordingEnabled = input.RecordingEnabled;
        // With recording off the disclosure is kept (not spoken), so turning recording back on restores it.
        row.RecordingDisclosure = string.IsNullOrWhiteSpace(input.RecordingDisclosure) ? row.RecordingDisclosure : input.RecordingDisclosure.Trim();
        row.VoicemailPolicy = input.VoicemailPolicy;
        row.VoicemailMessage = string.IsNullOrWhiteSpace(input.VoicemailMessage) ? null : input.VoicemailMessage.Trim();
        row.MaxRetries = input.MaxRetries;
        row.RetryGapMinutes = input.RetryGapMinutes;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        changes.Publish(projectId, "screening");
        return ScreeningSettingsView.From(row);
    }
}
