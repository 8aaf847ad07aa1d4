using Samsara.Core.Outreach.Engine;
using Samsara.Core.Scheduling.Notices;
using Samsara.Core.Scheduling.Offers;

namespace Samsara.Core.Scheduling;

/// <summary>Scheduling's share of each engine pass: read answers to offered times, then send due scheduling messages.</summary>
internal sealed class SchedulingPass(OfferReplies replies, CallNoticeSender sender) : IOutreachPassPart
{
    public async Task<IReadOnlyList<Guid>> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var read = await replies.ReadAsync(now, ct);
        var sent = await sender.SendDueAsync(now, ct);
        return [.. read.Concat(sent).Distinct()];
    }

    /// <summary>Answers already stored (email replies arrive without Twilio) and the due emails; texts wait for an account.</summary>
    public async Task<IReadOnlyList<Guid>> RunWithoutSmsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var read = await replies.ReadAsync(now, ct);
        var sent = await sender.SendDueAsync(now, ct, emailOnly: true);
        return [.. read.Concat(sent).Distinct()];
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) => sender.NextDueAsync(ct);
}
