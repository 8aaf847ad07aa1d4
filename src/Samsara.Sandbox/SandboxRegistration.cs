using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Samsara.Sandbox.Infrastructure;
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

    /// <summary>The simulators' state (messages, calls, scripts, faults, request log), bound to <c>Samsara:Sandbox</c>.</summary>
    public static IServiceCollection AddSamsaraSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SandboxMount>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<ScriptBook>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton<TwilioMessageStore>();
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
        BlandEndpoints.Map(root.MapGroup(Paths.Bland));
        RetellEndpoints.Map(root.MapGroup(Paths.Retell));
        DeepgramEndpoints.Map(root.MapGroup(Paths.Deepgram));
        AssemblyAiEndpoints.Map(root.MapGroup(Paths.AssemblyAi));
        AdminEndpoints.Map(root);
        return routes;
    }
}
