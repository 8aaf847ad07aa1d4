using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Samsara.Sandbox.Infrastructure;
using Samsara.Sandbox.Mailbox;
using Samsara.Sandbox.SendGrid;
using Samsara.Sandbox.Transcription;
using Samsara.Sandbox.Twilio;
using Samsara.Sandbox.Voice;

namespace Samsara.Sandbox;

public static class SandboxRegistration
{
    /// <summary>Path segment under which each simulator is mounted; point a client's base URL at it.</summary>
    public static class Paths
    {
        public const string Twilio = "/twilio";
        public const string SendGrid = "/sendgrid";
        public const string Vapi = "/vapi";
        public const string Bland = "/bland";
        public const string Retell = "/retell";
        public const string Deepgram = "/deepgram";
        public const string AssemblyAi = "/assemblyai";
    }

    /// <summary>
    /// Configuration that points Samsara's provider clients (<c>Samsara:Providers:*</c>) at a sandbox
    /// whose simulators live under <paramref name="sandboxRoot"/> (the server root plus any prefix),
    /// with the sandbox's fake credentials. Add it to the app's configuration in demo mode.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> ProviderSettings(Uri sandboxRoot, SandboxOptions? accounts = null, string fromNumber = "+15005550006")
    {
        var a = accounts ?? new SandboxOptions();
        var root = sandboxRoot.ToString().TrimEnd('/');
        return new Dictionary<string, string?>
        {
            ["Samsara:Providers:Twilio:BaseUrl"] = root + Paths.Twilio,
            ["Samsara:Providers:Twilio:AccountSid"] = a.TwilioAccountSid,
            ["Samsara:Providers:Twilio:AuthToken"] = a.TwilioAuthToken,
            ["Samsara:Providers:Twilio:FromNumber"] = fromNumber,
            ["Samsara:Providers:SendGrid:BaseUrl"] = root + Paths.SendGrid,
            ["Samsara:Providers:SendGrid:ApiKey"] = a.SendGridApiKey,
            ["Samsara:Providers:Vapi:BaseUrl"] = root + Paths.Vapi,
            ["Samsara:Providers:Vapi:ApiKey"] = a.VapiApiKey,
            ["Samsara:Providers:Vapi:AssistantId"] = "5b0a4a08-133c-4146-9315-0984f8c6be80",
            ["Samsara:Providers:Vapi:PhoneNumberId"] = "9f2c3a51-7d1e-4c55-8a43-2b8e3c1d9e77",
            ["Samsara:Providers:Bland:BaseUrl"] = root + Paths.Bland,
            ["Samsara:Providers:Bland:ApiKey"] = a.BlandApiKey,
            ["Samsara:Providers:Bland:FromNumber"] = fromNumber,
            ["Samsara:Providers:Retell:BaseUrl"] = root + Paths.Retell,
            ["Samsara:Providers:Retell:ApiKey"] = a.RetellApiKey,
            ["Samsara:Providers:Retell:FromNumber"] = fromNumber,
            ["Samsara:Providers:Deepgram:BaseUrl"] = root + Paths.Deepgram,
            ["Samsara:Providers:Deepgram:ApiKey"] = a.DeepgramApiKey,
            ["Samsara:Providers:AssemblyAi:BaseUrl"] = root + Paths.AssemblyAi,
            ["Samsara:Providers:AssemblyAi:ApiKey"] = a.AssemblyAiApiKey,
        };
    }

    /// <summary>The simulators' state (messages, calls, scripts, faults, request log), bound to <c>Samsara:Sandbox</c>.</summary>
    public static IServiceCollection AddSamsaraSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SandboxMount>();
        services.AddSingleton<SandboxAdminSecret>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<ScriptBook>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton<TwilioMessageStore>();
        services.AddSingleton<RepliesMailbox>();
        services.AddSingleton<ScriptedMailAnswers>();
        services.AddSingleton<SentMailStore>();
        services.AddSingleton<CallStore>();
        services.AddSingleton<TranscriptStore>();
        return services;
    }

    /// <summary>
    /// Maps every simulator under <paramref name="prefix"/> (e.g. <c>/twilio/2010-04-01/…</c>) and the
    /// admin endpoints under <c>{prefix}/sandbox</c>. Each provider gets its own path segment so that
    /// their routes (Vapi's <c>/call</c>, Retell's and AssemblyAI's <c>/v2</c>) cannot collide.
    /// </summary>
    public static IEndpointRouteBuilder MapSamsaraSandbox(this IEndpointRouteBuilder routes, string prefix = "")
    {
        routes.ServiceProvider.GetRequiredService<SandboxMount>().Prefix = prefix;
        var root = routes.MapGroup(prefix).ExcludeFromDescription();
        TwilioEndpoints.Map(root.MapGroup(Paths.Twilio));
        SendGridEndpoints.Map(root.MapGroup(Paths.SendGrid));
        VapiEndpoints.Map(root.MapGroup(Paths.Vapi));
        VapiEndpoints.MapControl(root);
        BlandEndpoints.Map(root.MapGroup(Paths.Bland));
        RetellEndpoints.Map(root.MapGroup(Paths.Retell));
        DeepgramEndpoints.Map(root.MapGroup(Paths.Deepgram));
        AssemblyAiEndpoints.Map(root.MapGroup(Paths.AssemblyAi));
        AdminEndpoints.Map(root);
        return routes;
    }
}
