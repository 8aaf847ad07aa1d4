using Microsoft.AspNetCore.Components;
using MudBlazor;
using Samsara.Core.Common;
using Samsara.Core.Outreach.Inbox;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Web.Inbox;

/// <summary>One conversation: both directions with delivery status, intent corrections, and the answer box.</summary>
public sealed partial class InboxThreadView
{
    [Parameter, EditorRequired] public InboxThread Thread { get; set; } = null!;
    [Parameter] public IReadOnlyList<MessageTemplate> Templates { get; set; } = [];
    [Parameter] public EventCallback OnBack { get; set; }
    [Parameter] public EventCallback OnDone { get; set; }
    [Parameter] public EventCallback OnChanged { get; set; }

    private Guid? shownFor;
    private MessageChannel channel;
    private Guid? templateId;
    private string? subject;
    private string? body;
    private string? error;
    private bool sending;
    private MudTextField<string>? replyBox;

    protected override void OnParametersSet()
    {
        if (shownFor == Thread.SequenceId)
        {
            return;
        }

        // Another conversation: answer on the channel the candidate last used, with an empty box.
        shownFor = Thread.SequenceId;
        var last = Thread.Messages.LastOrDefault(m => m.Direction == Core.Outreach.MessageDirection.Inbound);
        channel = last?.Channel ?? (Thread.Phone is not null ? MessageChannel.Sms : MessageChannel.Email);
        (templateId, subject, body, error) = (null, null, null, null);
    }

    public async Task FocusReplyAsync()
    {
        if (replyBox is not null)
        {
            await replyBox.FocusAsync();
        }
    }

    private void SetChannel(MessageChannel value)
    {
        channel = value;
        templateId = null;
        error = null;
    }

    private async Task UseTemplateAsync(Guid? id)
    {
        templateId = id;
        if (id is { } chosen && await Inbox.PreviewAsync(Thread.SequenceId, chosen) is { } rendered)
        {
            if (!rendered.CanSend)
            {
                error = rendered.BlockedReason;
                return;
            }

            body = rendered.Text;
            subject = rendered.Subject ?? subject;
            error = null;
        }
    }

    private async Task SendAsync(bool atAllowedHours)
    {
        sending = true;
        try
        {
            var queued = await Inbox.AnswerAsync(Thread.SequenceId, new AnswerRequest(channel, body, channel == MessageChannel.Email ? subject : null, null, atAllowedHours), Outreach.OutreachEndpoints.RecruiterActor);
            if (queued is null)
            {
                error = "This conversation no longer exists.";
                return;
            }

            Snackbar.Add(queued.DueAt > DateTimeOffset.UtcNow.AddMinutes(1) ? $"Answer queued for {Thread.Hours.NextAllowedLocal} their time" : "Answer on its way", Severity.Success);
            (templateId, subject, body, error) = (null, null, null, null);
            await OnChanged.InvokeAsync();
        }
        catch (InputValidationException e)
        {
            // What was typed stays in the box.
            error = string.Join(" ", e.Errors.Values.SelectMany(v => v));
        }
        finally
        {
            sending = false;
        }
    }

    private async Task CorrectAsync(ThreadMessage message, ReplyIntent to)
    {
        var result = await Inbox.CorrectAsync(message.Id, new IntentCorrection(to), Outreach.OutreachEndpoints.RecruiterActor);
        if (result.Outcome == CorrectionOutcome.NeedsConfirmation)
        {
            var sure = await Dialogs.ShowMessageBoxAsync("Take back the opt-out?", result.Message, yesText: "Take it back", cancelText: "Keep the opt-out");
            if (sure != true)
            {
                return;
            }

            result = await Inbox.CorrectAsync(message.Id, new IntentCorrection(to, ConfirmOptIn: true), Outreach.OutreachEndpoints.RecruiterActor);
        }

        Snackbar.Add(result.Message, result.Outcome == CorrectionOutcome.Corrected ? Severity.Success : Severity.Info);
        await OnChanged.InvokeAsync();
    }

    private static Color StatusColor(Core.Outreach.MessageStatus status) => status switch
    {
        Core.Outreach.MessageStatus.Delivered or Core.Outreach.MessageStatus.Sent => Color.Success,
        Core.Outreach.MessageStatus.Failed => Color.Error,
        Core.Outreach.MessageStatus.Queued => Color.Warning,
        Core.Outreach.MessageStatus.Received => Color.Default,
    };
}
