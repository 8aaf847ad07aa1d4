namespace Samsara.Tests.Sandbox.Contract;

/// <summary>The checker must catch what it is there to catch, or the contract tests prove nothing.</summary>
public sealed class ContractCheckerTests
{
    private const string Account = "AC00000000000000000000000000000001";
    private static readonly Uri MessagesUri = new($"http://127.0.0.1/twilio/2010-04-01/Accounts/{Account}/Messages.json");

    private static string Message(string status = "queued", string numSegments = "\"1\"") =>
        $$$"""
        {"sid":"SMded05904ccb347238880ca9264e8fe1c","account_sid":"{{{Account}}}","messaging_service_sid":null,"from":"+15005550006","to":"+15551230001",
         "body":"Hi","num_segments":{{{numSegments}}},"num_media":"0","direction":"outbound-api","status":"{{{status}}}",
         "date_created":"Tue, 24 Nov 2026 10:00:00 +0000","date_updated":"Tue, 24 Nov 2026 10:00:00 +0000",
         "date_sent":"Tue, 24 Nov 2026 10:00:00 +0000","price":null,"price_unit":"USD","error_code":null,"error_message":null,
         "api_version":"2010-04-01","uri":"/2010-04-01/Accounts/{{{Account}}}/Messages/SMded05904ccb347238880ca9264e8fe1c.json","subresource_uris":{}}
        """;

    private static IReadOnlyList<string> CheckTwilioSend(string form, int status, string response) =>
        ContractChecker.Problems(ProviderSpecs.Twilio, "/twilio",
            new HttpExchange("POST", MessagesUri, "application/x-www-form-urlencoded", form, status, "application/json", response));

    [Fact]
    public void Problems_ValidTwilioSend_None()
    {
        var problems = CheckTwilioSend("To=%2B15551230001&From=%2B15005550006&Body=Hi", 201, Message());
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Problems_StatusOutsideEnum_Reported()
    {
        Assert.NotEmpty(CheckTwilioSend("To=%2B15551230001&From=%2B15005550006&Body=Hi", 201, Message(status: "posted")));
    }

    [Fact]
    public void Problems_NumSegmentsAsNumber_Reported()
    {
        Assert.NotEmpty(CheckTwilioSend("To=%2B15551230001&From=%2B15005550006&Body=Hi", 201, Message(numSegments: "1")));
    }

    [Fact]
    public void Problems_InventedFormField_Reported()
    {
        var problems = CheckTwilioSend("To=%2B15551230001&From=%2B15005550006&Body=Hi&IdempotencyKey=abc", 201, Message());
        Assert.Contains(problems, p => p.Contains("IdempotencyKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_UndeclaredQueryParameter_Reported()
    {
        var uri = new Uri(MessagesUri + "?To=%2B15551230001&Direction=inbound");
        var page = """{"messages":[],"page":0,"page_size":50,"start":0,"end":0,"uri":"/x","first_page_uri":"/x","next_page_uri":null,"previous_page_uri":null}""";
        var problems = ContractChecker.Problems(ProviderSpecs.Twilio, "/twilio", new HttpExchange("GET", uri, null, "", 200, "application/json", page));
        Assert.Contains(problems, p => p.Contains("Direction", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_TwilioErrorWithoutMoreInfo_Reported()
    {
        Assert.NotEmpty(CheckTwilioSend("To=%2B1&From=%2B15005550006&Body=Hi", 400, """{"code":21211,"message":"Invalid","status":400}"""));
    }

    [Fact]
    public void Problems_VapiCallWithoutOrgId_Reported()
    {
        var call = """{"id":"c1","createdAt":"2026-11-24T10:00:00.000Z","updatedAt":"2026-11-24T10:00:00.000Z","status":"queued"}""";
        var problems = ContractChecker.Problems(ProviderSpecs.Vapi, "/vapi",
            new HttpExchange("GET", new Uri("http://127.0.0.1/vapi/call/c1"), null, "", 200, "application/json", call));
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Problems_UnknownPath_Reported()
    {
        var problems = ContractChecker.Problems(ProviderSpecs.Retell, "/retell",
            new HttpExchange("POST", new Uri("http://127.0.0.1/retell/v2/create-call"), "application/json", "{}", 201, "application/json", "{}"));
        Assert.Contains(problems, p => p.Contains("no operation", StringComparison.Ordinal));
    }

    [Fact]
    public void DirectoryPath_BareClone_SpecsFoundInsideTheRepository()
    {
        var root = Path.GetFullPath(ProviderSpecs.RepositoryRoot) + Path.DirectorySeparatorChar;
        var folder = Path.GetFullPath(ProviderSpecs.DirectoryPath);

        Assert.StartsWith(root, folder, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(root, "tests", "contracts", "openapi"), folder);
        Assert.NotNull(ProviderSpecs.Retell.Find("GET", "/v2/get-call/abc"));
    }
}
