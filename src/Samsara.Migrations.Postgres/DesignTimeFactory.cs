using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Samsara.Core;
using Samsara.Core.Data;

namespace Samsara.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider without the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SamsaraDbContext>
{
    public SamsaraDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SamsaraDbContext>();
        DataRegistration.Configure(options, DatabaseProvider.Postgres, "Host=localhost;Database=samsara_design", Path.GetTempPath());
        return new SamsaraDbContext(options.Options);
    }
}
