using Samsara.Sandbox;

// The provider sandbox as its own process, for benchmarks and manual runs:
//   dotnet run --project src/Samsara.Sandbox.Host -- --urls http://127.0.0.1:5099
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddSamsaraSandbox();

var app = builder.Build();
app.MapSamsaraSandbox();
app.Run();
