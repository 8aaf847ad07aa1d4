using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Samsara.Core.Common;
using Samsara.Core.Outreach.Inbox;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Web.Inbox;

/// <summary>
/// The inbox list and the open conversation, for one project or all. Live: any change in scope reloads the list (and
/// the open thread). Keys j / k / r / e come from app.js while no text field has the focus.
/// </summary>
public sealed partial class InboxView
{
    private const int PageSize = 50;

    /// <summary>Null for the global inbox.</summary>
    [Parameter] public Guid? ProjectId { get; set; }

    private InboxPage? page;
    private InboxThread? thread;
    private Guid? selected;
    private ReplyIntent? intent;
    private MessageChannel? channel;
    private bool includeDone;
    private int shown = PageSize;
    private IReadOnlyList<MessageTemplate> templates = [];
    private InboxThreadView? threadView;
    private DotNetObjectReference<InboxView>? keys;

    /// <summary>When the list was last loaded afresh: conversations read since keep their place (see <see cref="InboxQuery.OrderAsOf"/>).</summary>
    private DateTimeOffset orderAsOf;

    protected override async Task OnParametersSetAsync()
    {
        templates = await Templates.ListAsync(ProjectId);
        await LoadAsync(fresh: true);
    }

    protected override void OnInitialized() => Changes.Changed += OnChanged;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            keys = DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("samsara.inboxKeys", keys);
        }
    }

    private async Task LoadAsync(bool fresh = false)
    {
        if (fresh)
        {
            orderAsOf = Clock.GetUtcNow();
        }

        page = await Inbox.ListAsync(new InboxQuery(ProjectId, intent, channel, includeDone, 1, shown, orderAsOf));
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        if (selected is { } open)
        {
            thread = await Inbox.ThreadAsync(open, markRead: true);
        }
    }

    private void OnChanged(ProjectChange change)
    {
        if (ProjectId is null || change.ProjectId == ProjectId || change.ProjectId is null)
        {
            _ = InvokeAsync(async () =>
            {
                await ReloadAsync();
                StateHasChanged();
            });
        }
    }

    private async Task OpenAsync(Guid sequenceId)
    {
        selected = sequenceId;
        thread = await Inbox.ThreadAsync(sequenceId, markRead: true);
        await LoadAsync();
    }

    private Task CloseAsync()
    {
        selected = null;
        thread = null;
        return Task.CompletedTask;
    }

    private async Task DoneAsync()
    {
        if (selected is not { } open)
        {
            return;
        }

        var next = Neighbour(1) ?? Neighbour(-1);
        await Inbox.MarkDoneAsync(open);
        Snackbar.Add("Marked done", MudBlazor.Severity.Success);
        await LoadAsync();
        if (next is { } n && page!.Items.Any(i => i.SequenceId == n))
        {
            await OpenAsync(n);
        }
        else
        {
            await CloseAsync();
        }
    }

    private Guid? Neighbour(int step)
    {
        if (page is null || page.Items.Count == 0)
        {
            return null;
        }

        var index = selected is { } s ? page.Items.ToList().FindIndex(i => i.SequenceId == s) : -1;
        var next = index < 0 ? (step > 0 ? 0 : page.Items.Count - 1) : index + step;
        return next >= 0 && next < page.Items.Count ? page.Items[next].SequenceId : null;
    }

    /// <summary>Called by app.js for j, k, r and e pressed outside a text field.</summary>
    [JSInvokable]
    public async Task OnInboxKey(string key)
    {
        switch (key)
        {
            case "j" or "k":
                if (Neighbour(key == "j" ? 1 : -1) is { } next)
                {
                    await OpenAsync(next);
                    StateHasChanged();
                    await JS.InvokeVoidAsync("samsara.scrollInboxRow", next.ToString());
                }

                break;
            case "r":
                if (threadView is not null)
                {
                    await threadView.FocusReplyAsync();
                }

                break;
            case "e":
                await DoneAsync();
                StateHasChanged();
                break;
        }
    }

    private async Task SetIntentAsync(ReplyIntent? value)
    {
        intent = value;
        await LoadAsync(fresh: true);
    }

    private async Task SetChannelAsync(MessageChannel? value)
    {
        channel = value;
        await LoadAsync(fresh: true);
    }

    private async Task SetIncludeDoneAsync(bool value)
    {
        includeDone = value;
        await LoadAsync(fresh: true);
    }

    private async Task MoreAsync()
    {
        shown += PageSize;
        await LoadAsync();
    }

    public void Dispose()
    {
        Changes.Changed -= OnChanged;
        if (keys is not null)
        {
            // The page may be leaving because the circuit is gone; then there is no handler left to remove.
            _ = JS.InvokeVoidAsync("samsara.inboxKeys", null).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            keys.Dispose();
        }
    }
}
