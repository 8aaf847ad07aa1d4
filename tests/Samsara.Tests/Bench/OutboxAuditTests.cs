using Samsara.Testing.Bench;

namespace Samsara.Tests.Bench;

/// <summary>The crash benchmark's verdict must be able to fail: planted duplicates and losses are found.</summary>
public sealed class OutboxAuditTests
{
    private static readonly string[] Enrolled = ["+447710000000", "+447710000001", "+447710000002"];

    [Fact]
    public void Compare_EachSentOnceAndRecorded_Passes()
    {
        var verdict = OutboxAudit.Compare(Enrolled, [.. Enrolled.Reverse()], Enrolled);

        Assert.True(verdict.Passed);
        Assert.Empty(verdict.Duplicates);
        Assert.Empty(verdict.Lost);
    }

    [Fact]
    public void Compare_PlantedDuplicateRequest_FailsNamingTheNumber()
    {
        var verdict = OutboxAudit.Compare(Enrolled, [.. Enrolled, "+447710000001"], Enrolled);

        Assert.False(verdict.Passed);
        Assert.Equal(["+447710000001"], verdict.Duplicates);
        Assert.Empty(verdict.Lost);
        Assert.StartsWith("FAIL", verdict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_PlantedLossNeverReceived_FailsNamingTheNumber()
    {
        var verdict = OutboxAudit.Compare(Enrolled, ["+447710000000", "+447710000002"], Enrolled);

        Assert.False(verdict.Passed);
        Assert.Equal(["+447710000001"], verdict.Lost);
        Assert.Empty(verdict.Duplicates);
    }

    [Fact]
    public void Compare_ReceivedButNotRecordedAsSent_CountsAsLost()
    {
        var verdict = OutboxAudit.Compare(Enrolled, Enrolled, ["+447710000000", "+447710000001"]);

        Assert.False(verdict.Passed);
        Assert.Equal(["+447710000002"], verdict.Lost);
    }

    [Fact]
    public void Compare_RequestForANumberNobodyEnrolled_FailsAsUnexpected()
    {
        var verdict = OutboxAudit.Compare(Enrolled, [.. Enrolled, "+447799999999"], Enrolled);

        Assert.False(verdict.Passed);
        Assert.Equal(["+447799999999"], verdict.Unexpected);
    }
}
