using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.Providers;

/// <summary>
/// Provider accounts with their secrets encrypted by Data Protection. Secrets go in through
/// <see cref="ProviderAccountInput"/> and come out only through <see cref="GetForUseAsync"/>, at send time.
/// At most one account of each provider type is active (the one used at send time): saving an account as active, or
/// <see cref="ActivateAsync"/>, makes the others of its type inactive in the same transaction.
/// </summary>
public sealed partial class CredentialStore(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    TimeProvider clock,
    ChangeFeed changes,
    ProviderEndpointPolicy endpoints,
    ILogger<CredentialStore> logger) : IStoredProviderAccounts
{
    public const int MaxTestMessageLength = 1000;

    /// <summary>The <see cref="ChangeFeed"/> tag of account changes (Settings → Providers refreshes on it).</summary>
    public const string ChangeTag = "providers";

    // The purpose string isolates these payloads: nothing else protected by the app can decrypt them.
    private readonly IDataProtector protector = dataProtection.CreateProtector("Samsara.Providers.Credentials.v1");

    public async Task<IReadOnlyList<ProviderAccountSummary>> ListAsync(ProviderType? type = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ProviderCredentials.AsNoTracking()
            .Where(p => type == null || p.ProviderType == type)
            .ToListAsync(ct);
        return rows.OrderBy(r => r.ProviderType).ThenBy(r => r.ProviderName, StringComparer.OrdinalIgnoreCase).Select(Summarise).ToList();
    }

    public async Task<ProviderAccountSummary?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ProviderCredentials.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return row is null ? null : Summarise(row);
    }

    public async Task<ProviderAccountSummary> AddAsync(ProviderAccountInput input, CancellationToken ct = default)
    {
        Validate(input, requireSecrets: true);
        var now = clock.GetUtcNow();
        var row = new ProviderCredential
        {
            Id = Guid.CreateVersion7(now),
            ProviderType = input.ProviderType,
            ProviderName = input.ProviderName!.Trim(),
            CredentialsEncrypted = Protect(input.Secrets!),
            SettingsJson = NormaliseSettings(input.SettingsJson),
            IsActive = input.IsActive,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ProviderCredentials.Add(row);
        await db.SaveChangesAsync(ct);
        if (row.IsActive)
        {
            await DeactivateOthersAsync(db, row, ct);
        }

        await tx.CommitAsync(ct);
        LogAdded(row.Id, row.ProviderType, row.ProviderName);
        changes.Publish(null, ChangeTag);
        return Summarise(row);
    }

    /// <summary>
    /// Changes settings and rotates the secret fields given with a value; a field left out or left empty keeps its
    /// stored value (the form's write-only fields are blank unless the recruiter types a new secret). Changing where the
    /// account connects (type, base URL, host, port, security) is refused unless every stored secret is entered again,
    /// so one edit cannot send the stored secrets to a new address.
    /// </summary>
    /// <returns>The updated account, or null when there is no such account.</returns>
    public async Task<ProviderAccountSummary?> UpdateAsync(Guid id, ProviderAccountInput input, CancellationToken ct = default)
    {
        Validate(input, requireSecrets: false);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.ProviderCredentials.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        var rotated = input.Secrets?.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToList() ?? [];
        var moved = ProviderEndpointPolicy.DestinationChanged(row.ProviderType, row.SettingsJson, input.ProviderType, input.SettingsJson);
        if (moved)
        {
            RequireAllSecretsAgain(row, rotated.Select(kv => kv.Key));
        }

        row.ProviderType = input.ProviderType;
        row.ProviderName = input.ProviderName!.Trim();
        row.SettingsJson = NormaliseSettings(input.SettingsJson);
        row.IsActive = input.IsActive;
        if (rotated.Count > 0)
        {
            // After a move nothing of the old secrets is kept: they all were entered again.
            var secrets = moved ? [] : Unprotect(row);
            foreach (var (field, value) in rotated)
            {
                secrets[field] = value;
            }

            row.CredentialsEncrypted = Protect(secrets);
        }

        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        if (row.IsActive)
        {
            await DeactivateOthersAsync(db, row, ct);
        }

        await tx.CommitAsync(ct);
        var rotatedNames = string.Join(", ", rotated.Select(kv => kv.Key));
        LogUpdated(row.Id, row.ProviderType, rotatedNames);
        changes.Publish(null, ChangeTag);
        return Summarise(row);
    }

    /// <summary>Makes this account the one its provider type uses at send time; the others of that type become inactive.</summary>
    /// <returns>The account, or null when there is no such account.</returns>
    public async Task<ProviderAccountSummary?> ActivateAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.ProviderCredentials.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        row.IsActive = true;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await DeactivateOthersAsync(db, row, ct);
        await tx.CommitAsync(ct);
        LogActivated(row.Id, row.ProviderType);
        changes.Publish(null, ChangeTag);
        return Summarise(row);
    }

    private async Task DeactivateOthersAsync(SamsaraDbContext db, ProviderCredential active, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.ProviderCredentials
            .Where(p => p.ProviderType == active.ProviderType && p.Id != active.Id && p.IsActive)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, false).SetProperty(p => p.UpdatedAt, now), ct);
    }

    /// <summary>Rotates the secret fields given with a value; the others keep their stored values.</summary>
    public async Task<ProviderAccountSummary?> RotateAsync(Guid id, IReadOnlyDictionary<string, string>? secrets, CancellationToken ct = default)
    {
        if (secrets is null || !secrets.Any(kv => !string.IsNullOrWhiteSpace(kv.Key) && !string.IsNullOrEmpty(kv.Value)))
        {
            throw new InputValidationException(new Dictionary<string, string[]> { ["secrets"] = ["Give at least one secret field with its new value."] });
        }

        var current = await GetAsync(id, ct);
        if (current is null)
        {
            return null;
        }

        return await UpdateAsync(id, new ProviderAccountInput
        {
            ProviderType = current.ProviderType,
            ProviderName = current.ProviderName,
            SettingsJson = current.SettingsJson,
            IsActive = current.IsActive,
            Secrets = new Dictionary<string, string>(secrets),
        }, ct);
    }

    /// <summary>Records the outcome of a connection test, shown as the account's status.</summary>
    public async Task RecordTestAsync(Guid id, bool succeeded, string message, CancellationToken ct = default)
    {
        var trimmed = message.Length <= MaxTestMessageLength ? message : message[..MaxTestMessageLength];
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ProviderCredentials.Where(p => p.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(p => p.LastTestAt, now)
            .SetProperty(p => p.LastTestSucceeded, succeeded)
            .SetProperty(p => p.LastTestMessage, trimmed), ct);
        changes.Publish(null, ChangeTag);
    }

    public async Task<bool> RemoveAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = await db.ProviderCredentials.Where(p => p.Id == id).ExecuteDeleteAsync(ct) > 0;
        if (removed)
        {
            LogRemoved(id);
            changes.Publish(null, ChangeTag);
        }

        return removed;
    }

    /// <summary>Decrypts an account's secrets for immediate use (a send, a connection test). Do not keep the result.</summary>
    public async Task<ProviderAccount?> GetForUseAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ProviderCredentials.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return row is null ? null : new ProviderAccount(row.Id, row.ProviderType, row.ProviderName, row.SettingsJson, new ProviderSecrets(Unprotect(row)));
    }

    /// <summary>
    /// The active account of a type, decrypted for use; null when none is configured. Accounts saved before activation
    /// became exclusive may leave several active: the oldest of them is used until the recruiter picks one.
    /// </summary>
    public async Task<ProviderAccount?> GetActiveForUseAsync(ProviderType type, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ProviderCredentials.AsNoTracking().Where(p => p.ProviderType == type && p.IsActive).ToListAsync(ct);
        var row = rows.OrderBy(r => r.CreatedAt).FirstOrDefault();
        return row is null ? null : new ProviderAccount(row.Id, row.ProviderType, row.ProviderName, row.SettingsJson, new ProviderSecrets(Unprotect(row)));
    }

    private byte[] Protect(Dictionary<string, string> secrets) =>
        protector.Protect(JsonSerializer.SerializeToUtf8Bytes(secrets));

    private Dictionary<string, string> Unprotect(ProviderCredential row)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(row.CredentialsEncrypted)) ?? [];
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // Usually a lost or replaced key ring: the account has to be entered again.
            throw new InvalidOperationException(
                $"The secrets of provider account '{row.ProviderName}' ({row.Id}) cannot be decrypted with this key ring; enter them again.", e);
        }
    }

    private ProviderAccountSummary Summarise(ProviderCredential row)
    {
        var fields = SecretFieldNames(row);
        return new ProviderAccountSummary(row.Id, row.ProviderType, row.ProviderName, row.SettingsJson, row.IsActive,
            fields.Count > 0, fields, row.CreatedAt, row.UpdatedAt, row.LastTestAt, row.LastTestSucceeded, row.LastTestMessage);
    }

    private List<string> SecretFieldNames(ProviderCredential row)
    {
        try
        {
            return Unprotect(row).Where(kv => kv.Value.Length > 0).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    private void RequireAllSecretsAgain(ProviderCredential row, IEnumerable<string> given)
    {
        List<string> stored;
        try
        {
            stored = Unprotect(row).Where(kv => kv.Value.Length > 0).Select(kv => kv.Key).ToList();
        }
        catch (InvalidOperationException)
        {
            stored = [];
        }

        var missing = stored.Except(given, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || !given.Any())
        {
            var names = missing.Count > 0 ? string.Join(", ", missing) : "the account's secrets";
            throw new InputValidationException(new Dictionary<string, string[]>
            {
                ["secrets"] = [$"Changing where this account connects (provider type, base URL, host, port or security) needs its secrets entered again: {names}."],
            });
        }
    }

    private void Validate(ProviderAccountInput input, bool requireSecrets)
    {
        var errors = InputValidation.Validate(input);
        if (!Enum.IsDefined(input.ProviderType))
        {
            errors["providerType"] = ["Unknown provider type."];
        }
        else if (!string.IsNullOrWhiteSpace(input.SettingsJson) && endpoints.RefuseBaseUrl(input.ProviderType, input.SettingsJson) is { } refusal)
        {
            errors["settingsJson"] = [refusal];
        }

        if (requireSecrets && (input.Secrets is null || input.Secrets.Count == 0 || input.Secrets.Values.All(string.IsNullOrEmpty)))
        {
            errors["secrets"] = ["At least one secret (token, key or password) is required."];
        }

        if (input.Secrets?.Keys.Any(string.IsNullOrWhiteSpace) == true)
        {
            errors["secrets"] = ["Secret field names must not be empty."];
        }

        if (!string.IsNullOrWhiteSpace(input.SettingsJson))
        {
            try
            {
                using var doc = JsonDocument.Parse(input.SettingsJson);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors["settingsJson"] = ["Settings must be a JSON object."];
                }
                else if (Enum.IsDefined(input.ProviderType) && ProviderCatalog.RefuseSettings(input.ProviderType, input.SettingsJson) is { } refusal)
                {
                    errors[ProviderCatalog.MaxConcurrentCalls] = [refusal];
                }
            }
            catch (JsonException e)
            {
                errors["settingsJson"] = [$"Settings are not valid JSON: {e.Message}"];
            }
        }

        if (!errors.ContainsKey("settingsJson") && Usage.UsagePrices.CheckSettings(input.SettingsJson) is { } priceProblem)
        {
            errors["settingsJson"] = [priceProblem];
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }
    }

    private static string? NormaliseSettings(string? json) => string.IsNullOrWhiteSpace(json) ? null : json.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider account {Id} added ({Type}, {Name})")]
    private partial void LogAdded(Guid id, ProviderType type, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider account {Id} ({Type}) updated; secret fields rotated: [{Rotated}]")]
    private partial void LogUpdated(Guid id, ProviderType type, string rotated);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider account {Id} ({Type}) is now the active one of its type")]
    private partial void LogActivated(Guid id, ProviderType type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider account {Id} removed")]
    private partial void LogRemoved(Guid id);
}
