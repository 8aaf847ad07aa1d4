using Samsara.Core;
using Samsara.Core.Channels.Sms;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction.Isolation;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Privacy;
using Samsara.Core.Providers;
using Samsara.Core.Templates;
using Samsara.Web;
using Samsara.Web.Api;
using Samsara.Web.Ats;
using Samsara.Web.Calls;
using Samsara.Web.Candidates;
using Samsara.Web.ClientPackages;
using Samsara.Web.Components;
using Samsara.Web.CvIntake;
using Samsara.Web.Demo;
using Samsara.Web.Inbox;
using Samsara.Web.Launch;
using Samsara.Web.Outreach;
using Samsara.Web.Privacy;
using Samsara.Web.Projects;
using Samsara.Web.Providers;
using Samsara.Web.Sandbox;
using Samsara.Web.Scheduling;
using Samsara.Web.Security;
using Samsara.Web.Templates;
using Samsara.Web.Usage;

// A self-contained single-file build has no dotnet to run Samsara.CvWorker with, so its parser workers are this
// same executable started with --cv-worker (docs/decisions/single-file-cv-worker.md): nothing of the web app starts.
if (args is [ParserWorkerLoop.WorkerArgument])
{
    return ParserWorkerLoop.RunOnConsole();
}

var usersCommand = UsersCommand.IsCommand(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = LaunchArguments.Normalise(usersCommand ? UsersCommand.ConfigurationArguments(args) : args),
    ContentRootPath = PublishedLayout.ContentRoot(args),
});
builder.AddSamsaraCore();
builder.AddTeamAuth();
builder.AddCredentials();
builder.AddTemplates();
builder.AddEmail();
builder.AddProvidersOrSandbox();
builder.AddSmsDeliveryTracking();
builder.AddOutreachEngine();
builder.AddCvIntake();
builder.AddCallsSection();
builder.AddSchedulingSection();
builder.AddAtsBridge();
builder.AddClientPackagesSection();
builder.AddPrivacy();
builder.AddSamsaraWeb();
builder.AddDemoProject();

var app = builder.Build();
if (usersCommand)
{
    await app.Services.InitializeDatabaseAsync();
    return await UsersCommand.RunAsync(app.Services, args, Console.In, Console.IsInputRedirected, Console.Out, Console.Error);
}

// A second start on the same data folder opens the running one rather than failing on its port.
if (await RunningInstance.FindAsync(app.Configuration) is { } running)
{
    Console.WriteLine($"Samsara is already running at {running}");
    BrowserOpener.TryOpen(LaunchOptions.From(app.Configuration), running, Console.Error.WriteLine);
    return 0;
}

await app.Services.InitializeDatabaseAsync();
if (app.Services.GetRequiredService<TeamMode>() is { On: true } team && !await UsersCommand.AdminExistsAsync(app.Services))
{
    await Console.Error.WriteLineAsync($"Samsara is in team mode ({team.Reason}) and has no admin yet, so it will not start. Add one with:\n"
        + "  dotnet run --project src/Samsara.Web -- users add-admin EMAIL\n(Samsara:TeamMode=Off keeps a loopback-only, single-recruiter install.)");
    return 3;
}

RunningInstance.Announce(app);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseBadRequestProblems();
app.UseFriendlyNotFound();
// Routing after the status-code and exception pages, so a re-executed request (/not-found, /error) is routed again.
app.UseRouting();
app.UseTeamAuthentication();
app.UseAtsBridge();
app.UseMiddleware<OriginCheckMiddleware>();
app.UseAuthorization();
app.UseMiddleware<ViewerReadOnlyMiddleware>();
app.UseAntiforgery();
// What a signed-out browser needs to show the sign-in form, and the health probe, are the only open doors in team mode.
app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapAccountEndpoints();
app.MapProjectEndpoints();
app.MapCandidateEndpoints();
app.MapOutreachEndpoints();
app.MapInboxEndpoints();
app.MapSequenceEndpoints();
app.MapTemplateEndpoints();
app.MapProviderEndpoints();
app.MapTwilioWebhooks();
app.MapSandboxIfEnabled();
app.MapCvIntakeEndpoints();
app.MapCallEndpoints();
app.MapSchedulingEndpoints();
app.MapAtsEndpoints();
app.MapClientPackageEndpoints();
app.MapUsageEndpoints();
app.MapPrivacyEndpoints();
app.MapSandboxAtsPagesIfDemo();
app.MapDemoProjectEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
