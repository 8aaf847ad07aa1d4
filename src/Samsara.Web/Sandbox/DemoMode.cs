using Samsara.Core.Channels;
using Samsara.Core.Email;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Web.Sandbox;

/// <summary>Whether the providers are the in-process simulators rather than real accounts.</summary>
public sealed record DemoMode(bool Enabled, Uri? SandboxRoot);

internal static class DemoModeRegistration
{
    public const string SandboxPrefix = "/_sandbox";

    /// <summary>Where in the data folder demo mode writes the sandbox admin secret of this start.</summary>
    public const string AdminSecretFileName = "sandbox-admin.secret";

    /// <summary>
    /// Provider clients, pointed at the in-process sandbox unless real providers are configured (or
    /// <c>Samsara:Sandbox:Enabled</c> says otherwise), so a fresh install can be tried with no accounts.
    /// </summary>
    public static IHostApplicationBuilder AddProvidersOrSandbox(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetValue<bool?>("Samsara:Sandbox:Enabled");
        var realProvider = !string.IsNullOrWhiteSpace(builder.Configuration["Samsara:Providers:Twilio:AccountSid"]);
        var enabled = configured ?? !realProvider;
        Uri? root = null;
        if (enabled)
        {
            root = new Uri(OwnAddress(builder.Configuration["Urls"]) + SandboxPrefix + "/");
            builder.Services.AddSamsaraSandbox();
            builder.Configuration.AddInMemoryCollection(SandboxRegistration.ProviderSettings(root));
            // A sender for the sandbox's SendGrid, so email can be tried end to end too; configured values win.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Samsara:Email:FromAddress"] = builder.Configuration["Samsara:Email:FromAddress"] ?? "recruiter@sandbox.samsara.test",
                ["Samsara:Email:FromName"] = builder.Configuration["Samsara:Email:FromName"] ?? "Samsara (sandbox)",
                ["Samsara:Email:ReplyAddress"] = builder.Configuration["Samsara:Email:ReplyAddress"] ?? "replies@sandbox.samsara.test",
                // Templates may sign with {{ recruiter.name }}: without a name such a message is blocked ("no value"),
                // which is right for a real account but a dead end on a first try.
                ["Samsara:Recruiter:Name"] = builder.Configuration["Samsara:Recruiter:Name"] ?? "Demo Recruiter",
                ["Samsara:Recruiter:Email"] = builder.Configuration["Samsara:Recruiter:Email"] ?? "recruiter@sandbox.samsara.test",
            });
            // Replies come from the sandbox's mailbox (after a stored IMAP account, registered by AddEmail first).
            builder.Services.AddHttpClient(SandboxReplyMailbox.HttpClientName, (sp, c) =>
            {
                c.BaseAddress = root;
                // The mailbox is an admin endpoint: it wants the per-start secret, which this process holds.
                c.DefaultRequestHeaders.Add(SandboxAdminSecret.HeaderName, sp.GetRequiredService<SandboxAdminSecret>().Value);
            });
            builder.Services.AddSingleton<SandboxReplyMailbox>();
            builder.Services.AddSingleton<IReplyMailbox>(sp => sp.GetRequiredService<SandboxReplyMailbox>());
        }

        builder.Services.AddSingleton(new DemoMode(enabled, root));
        builder.AddChannels();
        return builder;
    }

    public static WebApplication MapSandboxIfEnabled(this WebApplication app)
    {
        if (app.Services.GetRequiredService<DemoMode>().Enabled)
        {
            // The sandbox stands in for the providers' clouds and checks their credentials (and its admin secret) itself:
            // the app's own provider clients call it without a user, in team mode as well.
            app.MapGroup("").AllowAnonymous().MapSamsaraSandbox(SandboxPrefix);
            // The admin endpoints want this start's secret; the recruiter's own shell finds it in the (owner-only) data folder.
            var dataDirectory = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Samsara.Core.SamsaraOptions>>().Value.ResolveDataDirectory();
            Samsara.Core.Common.PrivateDataFolder.Ensure(dataDirectory);
            app.Services.GetRequiredService<SandboxAdminSecret>().WriteTo(Path.Combine(dataDirectory, AdminSecretFileName));
            // The documented demo addresses and numbers (docs/email.md) work with no setup.
            DemoCandidates.AddTo(app.Services.GetRequiredService<ScriptBook>());
        }

        return app;
    }

    /// <summary>The first listening address, as the app itself can call it (a wildcard host becomes loopback).</summary>
    internal static string OwnAddress(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5170";
        var uri = new Uri(first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal));
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
