using Samsara.Core;
using Samsara.Core.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddSamsaraCore();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
app.MapGet("/", () => "Samsara");
await app.RunAsync();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
