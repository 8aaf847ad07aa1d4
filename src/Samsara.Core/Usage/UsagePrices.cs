using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Data;
using Samsara.Core.Providers;

namespace Samsara.Core.Usage;

/// <summary>The unit price configured on a provider account, and which account it is.</summary>
/// <param name="AccountId">The active stored account of the type; null when configuration carries the provider.</param>
/// <param name="UnitPrice">Null when the account has no price set: the cost stays unknown until the provider reports one.</param>
public sealed record PriceQuote(Guid? AccountId, decimal? UnitPrice, string Currency)
{
    public static readonly PriceQuote None = new(null, null, UsagePrices.DefaultCurrency);

    /// <summary>The estimated cost of <paramref name="quantity"/> units, or null without a configured price.</summary>
    public decimal? CostOf(decimal quantity) => UnitPrice is { } p ? Math.Round(p * quantity, 6) : null;

    public static PriceQuote From(Guid? accountId, string? settingsJson)
    {
        var price = UsagePrices.ParsePrice(StoredAccountOverlay.Setting(settingsJson, ProviderCatalog.UnitPriceField));
        var currency = StoredAccountOverlay.Setting(settingsJson, ProviderCatalog.CurrencyField) is { Length: 3 } c ? c.ToUpperInvariant() : UsagePrices.DefaultCurrency;
        return new PriceQuote(accountId, price, currency);
    }
}

/// <summary>
/// Reads the configured unit prices of the active provider accounts (Settings → Providers, the <c>unitPrice</c>
/// setting). Only the non-secret settings are read, nothing is decrypted, so a caller can ask once per batch cheaply.
/// </summary>
public sealed class UsagePrices(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    public const string DefaultCurrency = "USD";

    public async Task<PriceQuote> ForAsync(ProviderType type, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ForAsync(db, type, ct);
    }

    /// <summary>The active account of the type (the oldest when several are active, as the clients pick it).</summary>
    public static async Task<PriceQuote> ForAsync(SamsaraDbContext db, ProviderType type, CancellationToken ct)
    {
        var rows = await db.ProviderCredentials.AsNoTracking().Where(p => p.ProviderType == type && p.IsActive)
            .Select(p => new { p.Id, p.SettingsJson, p.CreatedAt }).ToListAsync(ct);
        return rows.OrderBy(r => r.CreatedAt).FirstOrDefault() is { } row ? PriceQuote.From(row.Id, row.SettingsJson) : PriceQuote.None;
    }

    /// <summary>The provider type whose account carries a usage row's provider name.</summary>
    public static ProviderType? TypeOf(string provider) => provider switch
    {
        "twilio" => ProviderType.Twilio,
        "smtp" => ProviderType.Smtp,
        "sendgrid" => ProviderType.SendGrid,
        "vapi" => ProviderType.Vapi,
        "bland" => ProviderType.Bland,
        "retell" => ProviderType.Retell,
        "deepgram" => ProviderType.Deepgram,
        "assemblyai" => ProviderType.AssemblyAi,
        _ => null,
    };

    // Only a dot for decimals: with thousands separators allowed, a European "0,0079" would read as 79.
    internal static decimal? ParsePrice(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) && price >= 0 ? price : null;

    /// <summary>A clear message when the settings carry a price that is not a non-negative number, or a bad currency.</summary>
    public static string? CheckSettings(string? settingsJson)
    {
        var text = StoredAccountOverlay.Setting(settingsJson, ProviderCatalog.UnitPriceField);
        if (!string.IsNullOrWhiteSpace(text) && ParsePrice(text) is null)
        {
            return $"The price '{text}' is not a number of zero or more (use a dot for decimals, e.g. 0.0079).";
        }

        var currency = StoredAccountOverlay.Setting(settingsJson, ProviderCatalog.CurrencyField);
        return string.IsNullOrWhiteSpace(currency) || (currency.Length == 3 && currency.All(char.IsAsciiLetter))
            ? null
            : $"The currency '{currency}' is not a three-letter ISO code such as USD or EUR.";
    }
}
