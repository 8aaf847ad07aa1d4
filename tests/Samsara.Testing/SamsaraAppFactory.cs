using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Calls.Engine;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;

namespace Samsara.Testing;

/// <summary>
/// Samsara as a user runs it, in a temp data folder, on the database a test asks for. Exposes what a
/// test wants to do ("create a project") rather than the container behind it.
/// </summary>
public class SamsaraAppFactory : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TestDatabase database;
    private readonly Dictionary<string, string?> settings;
    private int? browserPort;

    public SamsaraAppFactory(TestDatabase? database = null, IDictionary<string, string?>? settings = null)
    {
        this.database = database ?? TestDatabase.CreateAsync(DatabaseProvider.Sqlite).GetAwaiter().GetResult();
        DataDirectory = Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
    }

    public string DataDirectory { get; }

    /// <summary>Set before the first request to drive time by hand.</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>Set before the first request to record every log line at every level (for tests that scan logs).</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>A stand-in for the sentence model (one that waits or fails on request); null keeps MiniLM.</summary>
    public Samsara.Core.Matching.Semantic.ISentenceEmbedder? SentenceModel { get; init; }

    /// <summary>
    /// The app in demo mode on a real loopback port, so its provider clients reach the in-process sandbox over HTTP
    /// (as a user's fresh install does). Settings may change the sandbox's accepted credentials (<c>Samsara:Sandbox:*</c>).
    /// A <paramref name="clock"/> drives the app and its sandbox (scripted replies are due by it) by hand.
    /// </summary>
    public static SamsaraAppFactory StartWithSandbox(
        TestDatabase? database = null, IDictionary<string, string?>? settings = null, CapturedLogs? logs = null, FakeTimeProvider? clock = null)
    {
        var port = FreePort();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Urls"] = $"http://127.0.0.1:{port}" };
        var app = new SamsaraAppFactory(database, all) { Logs = logs, Clock = clock };
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }


    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // the build output, as in Development
        builder.UseSetting("Samsara:DataDirectory", DataDirectory);
        if (!settings.ContainsKey("ConnectionStrings:Samsara") && !settings.ContainsKey("Samsara:DataDirectory"))
        {
            database.PrepareDataDirectory(DataDirectory);
        }

        // A test never opens the machine's browser.
        builder.UseSetting("Samsara:OpenBrowser", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        // Tests drive the outreach engine with RunOnceAsync; a test that wants the loop sets this back.
        builder.UseSetting("Samsara:Outreach:RunInBackground", "false");
        builder.UseSetting("Samsara:Calls:RunInBackground", "false");
        // Loading the sentence model is for tests about the semantic stage (settings set it back); the rest score by words.
        builder.UseSetting("Samsara:Matching:Semantic", "false");
        builder.UseSetting("Samsara:Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Samsara", database.ConnectionString ?? "");
        // PostgreSQL would mean team mode (sign-in); tests about team mode turn it on, the rest test the app itself.
        builder.UseSetting("Samsara:TeamMode", "Off");
        if (browserPort is { } port)
        {
            builder.UseSetting("Urls", $"http://127.0.0.1:{port}");
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (Logs is not null)
        {
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        }

        if (Clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        if (SentenceModel is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(SentenceModel));
        }
    }

    /// <summary>Starts a real Kestrel server on a free loopback port (for the browser) and returns its address.</summary>
    public Uri StartBrowserServer()
    {
        // A known port, so demo mode's provider clients can reach the in-process sandbox at the app's own address.
        browserPort = FreePort();
        UseKestrel(browserPort.Value);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// A user in the app's database before it starts: team mode refuses to start without an admin, so a team-mode test
    /// makes its users first, through Identity's own store (hashing as the app does).
    /// </summary>
    public async Task AddUserBeforeStartAsync(string email, string password, Samsara.Core.Users.UserRole role)
    {
        database.PrepareDataDirectory(DataDirectory);
        var services = new ServiceCollection().AddLogging();
        services.AddDbContext<Samsara.Core.Data.SamsaraDbContext>(o =>
            Samsara.Core.Data.DataRegistration.Configure(o, database.Provider, database.ConnectionString, DataDirectory));
        // The app's policy (12 characters, no composition rules) lives in the web project; this store only hashes.
        services.AddIdentityCore<Samsara.Core.Users.SamsaraUser>(o =>
            {
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<Samsara.Core.Data.SamsaraDbContext>();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Samsara.Core.Users.SamsaraUser>>();
        var user = new Samsara.Core.Users.SamsaraUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = email.Split('@')[0],
            Role = role,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Completes once this node hears other nodes' live updates (PostgreSQL LISTEN is in place).</summary>
    public Task ListeningToOtherNodesAsync() => Service<Samsara.Core.Common.CrossNodeChanges>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

    public Task<Project> CreateProjectAsync(string name = "Senior Backend Engineer", string? client = "Acme Ltd") =>
        Service<ProjectService>().CreateAsync(new ProjectInput { Name = name, ClientName = client });

    public async Task<Candidate> AddCandidateAsync(Guid projectId, string name, string? email = null, string? phone = null, string? location = null) =>
        await Service<CandidateService>().AddAsync(projectId, new CandidateInput { FullName = name, Email = email, Phone = phone, Location = location })
        ?? throw new InvalidOperationException($"Project {projectId} does not exist.");

    /// <summary>
    /// <paramref name="count"/> candidates written in bulk (not one request each) and all enrolled, for screens and
    /// benchmarks that need a project of thousands. Numbers are unique UK mobiles; every tenth has no email.
    /// </summary>
    public async Task EnrolManyAsync(Guid projectId, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var factory = Service<Microsoft.EntityFrameworkCore.IDbContextFactory<Samsara.Core.Data.SamsaraDbContext>>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(2_000))
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Candidates.AddRange(chunk.Select(i => new Candidate
            {
                Id = Guid.CreateVersion7(now),
                ProjectId = projectId,
                FullName = $"Candidate {i:D5}",
                Phone = "+4477" + (10_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Email = i % 10 == 0 ? null : $"c{i}@example.com",
                CreatedAt = now,
                UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        await Service<Samsara.Core.Outreach.OutreachService>().EnrolAsync(projectId, new Samsara.Core.Outreach.EnrolRequest(All: true), "recruiter");
    }

    /// <summary>Imports CV files as a drop on the CVs page would, and waits until every file is done.</summary>
    public async Task<CvImportStatus> ImportCvsAsync(Guid projectId, params (string Name, byte[] Content)[] files)
    {
        var imports = Service<CvImportService>();
        var started = await imports.StartAsync(projectId, files.Select(f => new UploadedCv(f.Name, new MemoryStream(f.Content))).ToList())
            ?? throw new InvalidOperationException($"Project {projectId} does not exist.");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await imports.GetStatusAsync(projectId, started.ImportId) ?? throw new InvalidOperationException("The import vanished.");
            if (status.Finished)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The import did not finish: {status.Done} of {status.Total} files done.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Moves an enrolled candidate to AI_CALLING by hand, as a reply timeout would.</summary>
    public Task ReachAiCallingAsync(Guid projectId, Guid candidateId) => WalkAsync(projectId, candidateId, CandidateState.AiCalling);

    /// <summary>Enrols a candidate and moves them by hand to AWAITING_REPLY, as a sent first message would.</summary>
    public Task AwaitingReplyAsync(Guid projectId, Guid candidateId) => WalkAsync(projectId, candidateId, CandidateState.AwaitingReply);

    private async Task WalkAsync(Guid projectId, Guid candidateId, CandidateState last)
    {
        var outreach = Service<OutreachService>();
        await outreach.EnrolAsync(projectId, new EnrolRequest(CandidateIds: [candidateId]), "recruiter");
        CandidateState[] path = [CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Timeout, CandidateState.AiCalling];
        foreach (var to in path[..(Array.IndexOf(path, last) + 1)])
        {
            var moved = await outreach.TransitionAsync(projectId, candidateId, to, "walked to the AI call", "recruiter");
            if (moved.Outcome != TransitionOutcome.Moved)
            {
                throw new InvalidOperationException(moved.Describe());
            }
        }
    }

    /// <summary>Runs the call engine as its loop would, a pass every 5 s of <see cref="Clock"/> (or real time when none is set).</summary>
    public async Task RunCallsAsync(TimeSpan duration)
    {
        var engine = Service<CallEngine>();
        var time = Clock ?? TimeProvider.System;
        for (var done = TimeSpan.Zero; done <= duration; done += TimeSpan.FromSeconds(5))
        {
            await engine.RunOnceAsync(time.GetUtcNow());
            if (Clock is null)
            {
                return;
            }

            Clock.Advance(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>A pairing token, as the recruiter copies it from the ATS page into the extension.</summary>
    public async Task<string> PairExtensionAsync(string label = "Chrome extension") =>
        (await Service<Samsara.Core.Ats.Bridge.BridgePairingService>().CreateAsync(label)).Token;

    /// <summary>Enrols the candidate and walks them through screening to ATS_READY, as the recruiter would.</summary>
    public async Task MoveToAtsReadyAsync(Guid projectId, Guid candidateId)
    {
        var outreach = Service<Samsara.Core.Outreach.OutreachService>();
        await outreach.EnrolAsync(projectId, new Samsara.Core.Outreach.EnrolRequest([candidateId]), "test");
        Samsara.Core.Outreach.CandidateState[] path =
        [
            Samsara.Core.Outreach.CandidateState.OutreachSent, Samsara.Core.Outreach.CandidateState.AwaitingReply,
            Samsara.Core.Outreach.CandidateState.Replied, Samsara.Core.Outreach.CandidateState.Scheduling,
            Samsara.Core.Outreach.CandidateState.Scheduled, Samsara.Core.Outreach.CandidateState.CallDone,
            Samsara.Core.Outreach.CandidateState.Transcribed, Samsara.Core.Outreach.CandidateState.AtsReady,
        ];
        foreach (var state in path)
        {
            var moved = await outreach.TransitionAsync(projectId, candidateId, state, "screened for the test", "test");
            if (moved.Outcome != Samsara.Core.Outreach.TransitionOutcome.Moved)
            {
                throw new InvalidOperationException($"Could not move to {state}: {moved.Outcome}.");
            }
        }
    }

    /// <summary>Waits until the Chrome extension is (or is no longer) connected to the ATS bridge.</summary>
    public async Task ExtensionConnectedAsync(bool connected = true, int timeoutSeconds = 30)
    {
        var hub = Service<Samsara.Web.Ats.BridgeHub>();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (hub.IsConnected != connected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(connected ? "The extension did not connect to the ATS bridge." : "The extension stayed connected.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the candidate's latest ATS submission is saved in the ATS (the recruiter pressed Save), and returns it.</summary>
    public async Task<Samsara.Core.Ats.SubmissionView> SubmittedToAtsAsync(Guid projectId, Guid candidateId, int timeoutSeconds = 30)
    {
        var submissions = Service<Samsara.Core.Ats.AtsSubmissionService>();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var all = await submissions.ListAsync(projectId, candidateId);
            var latest = all.Count > 0 ? all[0] : null;
            if (latest?.Status == Samsara.Core.Ats.AtsSubmissionStatus.Completed)
            {
                return latest;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The submission was not confirmed: {latest?.Status}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The candidate's outreach state now.</summary>
    public async Task<Samsara.Core.Outreach.CandidateState?> CandidateStateAsync(Guid projectId, Guid candidateId) =>
        (await Service<Samsara.Core.Outreach.OutreachService>().ListAsync(projectId))?.SingleOrDefault(r => r.CandidateId == candidateId)?.State;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file briefly on slow machines; the temp folder is cleaned by the OS.
        }
    }
}
