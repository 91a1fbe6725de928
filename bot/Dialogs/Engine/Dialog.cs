using System.Text.Json;

namespace CollectionsBot.Bot.Dialogs.Engine;

/// <summary>Where a dialog is after a turn.</summary>
public enum DialogStatus
{
    /// <summary>It asked something and waits for the debtor's answer; it stays on the stack.</summary>
    Waiting = 0,

    /// <summary>It is done; it leaves the stack.</summary>
    Complete = 1,

    /// <summary>It gave up (or the conversation was handed off); it leaves the stack.</summary>
    Cancelled = 2,
}

/// <summary>
/// A unit of conversation (verify, negotiate a plan, take a dispute) with its own typed state, kept on the
/// conversation's persisted dialog stack between turns. Begin starts it, Continue feeds it the debtor's next
/// message, Reprompt repeats its question after an interruption was answered.
/// </summary>
public abstract class Dialog
{
    /// <summary>Stable id, stored in the stack.</summary>
    public abstract string Id { get; }

    /// <summary>Bump when the state's shape or the steps change: live conversations on the old shape restart cleanly.</summary>
    public virtual int Version => 1;

    internal abstract Task<DialogStatus> BeginAsync(TurnContext turn, DialogFrame frame);

    internal abstract Task<DialogStatus> ContinueAsync(TurnContext turn, DialogFrame frame);

    internal abstract void Reprompt(TurnContext turn, DialogFrame frame);

    internal abstract bool Accepts(TurnContext turn, DialogFrame frame);
}

/// <summary>A dialog whose state is a typed record, serialized into its stack frame.</summary>
/// <typeparam name="TState">The dialog's state; a class with public settable properties.</typeparam>
public abstract class Dialog<TState> : Dialog
    where TState : class, new()
{
    /// <summary>Starts the dialog on the message that called for it.</summary>
    protected abstract Task<DialogStatus> BeginAsync(TurnContext turn, TState state);

    /// <summary>Takes the debtor's next message.</summary>
    protected abstract Task<DialogStatus> ContinueAsync(TurnContext turn, TState state);

    /// <summary>Asks the pending question again.</summary>
    protected abstract void Reprompt(TurnContext turn, TState state);

    /// <summary>Whether the pending question takes this message, before global interruptions and new topics.</summary>
    protected virtual bool Accepts(TurnContext turn, TState state) => false;

    internal sealed override async Task<DialogStatus> BeginAsync(TurnContext turn, DialogFrame frame)
    {
        var state = new TState();
        var status = await BeginAsync(turn, state).ConfigureAwait(false);
        frame.State = JsonSerializer.SerializeToElement(state, DialogFrame.Json);
        return status;
    }

    internal sealed override async Task<DialogStatus> ContinueAsync(TurnContext turn, DialogFrame frame)
    {
        var state = frame.Read<TState>();
        var status = await ContinueAsync(turn, state).ConfigureAwait(false);
        frame.State = JsonSerializer.SerializeToElement(state, DialogFrame.Json);
        return status;
    }

    internal sealed override void Reprompt(TurnContext turn, DialogFrame frame) => Reprompt(turn, frame.Read<TState>());

    internal sealed override bool Accepts(TurnContext turn, DialogFrame frame) => Accepts(turn, frame.Read<TState>());
}
