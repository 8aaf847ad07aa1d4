using Samsara.Core.Ats;
using Samsara.Core.Ats.Mapping;

namespace Samsara.Web.Ats;

/// <summary>Fill requests: to a socket on this node, through another node (team mode), or asked for by the popup.</summary>
public sealed partial class BridgeHub
{
    /// <summary>
    /// Fills the recruiter's current ATS tab: through <paramref name="via"/> when the popup asked, else the most
    /// recently connected extension on this node, else (team mode) the node that holds one.
    /// </summary>
    public async Task<FillOutcome> FillAsync(SubmissionView submission, FillCandidate candidate, IReadOnlyList<FillField> fields, CancellationToken ct, Guid? via = null)
    {
        var connection = Pick(via);
        if (connection is null)
        {
            if (services.GetService<BridgeRelay>() is { Enabled: true } relay)
            {
                return await relay.FillElsewhereAsync(submission, ct);
            }

            var failed = await submissions.RecordFillAsync(submission.Id, [], "The Chrome extension is not connected.", ct);
            return new(false, NotConnected, failed, null);
        }

        if (!await submissions.ClaimAsync(submission.Id, ct))
        {
            return new(false, "This fill was already taken by another extension.", await submissions.GetAsync(submission.Id, ct), null);
        }

        return await SendFillAsync(new PreparedFill(connection, submission, candidate, fields), ct);
    }

    internal const string NotConnected = "The Chrome extension is not connected: open Chrome with the Samsara extension paired.";

    /// <summary>A fill another node offered: taken only if an extension is connected here and no other node took it.</summary>
    internal async Task<PreparedFill?> ClaimRelayedAsync(Guid submissionId, CancellationToken ct)
    {
        if (Pick(null) is not { } connection || !await submissions.ClaimAsync(submissionId, ct))
        {
            return null;
        }

        var submission = await submissions.GetAsync(submissionId, ct);
        if (submission is null)
        {
            return null;
        }

        var mapping = submission.MappingId is { } id ? await mappings.GetAsync(id, ct) : null;
        var name = await submissions.CandidateNameAsync(submission.CandidateId, ct) ?? "";
        return new PreparedFill(connection, submission, new FillCandidate(submission.CandidateId, name), AtsFill.Fields(submission.Values, mapping));
    }

    internal async Task<FillOutcome> SendFillAsync(PreparedFill fill, CancellationToken ct)
    {
        var (connection, submission, candidate, fields) = fill;
        var requestId = Guid.NewGuid().ToString("N");
        var answer = new TaskCompletionSource<BridgeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[requestId] = answer;
        try
        {
            await connection.SendAsync(new BridgeMessage
            {
                Type = "fill",
                RequestId = requestId,
                SubmissionId = submission.Id,
                Vendor = submission.Vendor.ToString(),
                Candidate = candidate,
                Fields = fields,
            }, ct);
            var result = await answer.Task.WaitAsync(options.CurrentValue.FillTimeout, clock, ct);
            var saved = await submissions.GetAsync(submission.Id, ct);
            return new(true, result.Message, saved, result.PageUrl);
        }
        catch (Exception e) when (e is TimeoutException or System.Net.WebSockets.WebSocketException)
        {
            var failed = await submissions.RecordFillAsync(submission.Id, [], "The extension did not answer in time.", ct);
            return new(false, "The extension did not answer in time: is an ATS page open in the current tab?", failed, null);
        }
        finally
        {
            pending.TryRemove(requestId, out _);
        }
    }

    private Connection? Pick(Guid? via) =>
        via is { } id && connections.TryGetValue(id, out var asked) ? asked : connections.Values.MaxBy(c => c.ConnectedAt);

    /// <summary>"Fill this page" for a candidate picked in the popup: the page's site mapping, else its ATS's default.</summary>
    private async Task FillRequestedAsync(Connection connection, BridgeMessage message, Guid projectId, Guid candidateId, CancellationToken ct)
    {
        try
        {
            var vendor = Enum.TryParse<AtsVendor>(message.Vendor, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : AtsVendor.Generic;
            var mapping = await mappings.ForSiteAsync(message.SiteHost, vendor, ct);
            var (start, outcome) = await services.GetRequiredService<AtsFill>()
                .FillAsync(projectId, candidateId, mapping.Id, message.Confirm == true, ct, via: connection.Id);
            if (start.Outcome != StartOutcome.Started)
            {
                await connection.SendAsync(new BridgeMessage
                {
                    Type = "fill.refused",
                    RequestId = message.RequestId,
                    Reason = start.Outcome.ToString(),
                    Message = start.Message ?? "No such candidate.",
                }, ct);
            }
            else if (outcome is { Delivered: false, Problem: { } problem })
            {
                await connection.SendAsync(Error(problem), ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "A fill asked for by the extension failed.");
            try
            {
                await connection.SendAsync(Error("Samsara could not start this fill; see its log."), CancellationToken.None);
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                // The extension is gone; nothing to tell.
            }
        }
    }

    internal sealed record PreparedFill(Connection Connection, SubmissionView Submission, FillCandidate Candidate, IReadOnlyList<FillField> Fields);
}
