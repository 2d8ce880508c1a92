namespace BareMetal.Runtime.Scheduling;

/// <summary>Runs the non-task work items of an activation's scheduler (turn starts).</summary>
internal interface IActivationWorkRunner
{
    void RunWorkItem(object item);
}
