namespace BareMetal.Runtime;

/// <summary>
/// Hands the activation under construction to the <see cref="Grain"/> constructor, so grains with
/// primary constructors need not pass a context to their base class (the Orleans convention).
/// </summary>
public static class RuntimeContext
{
    [ThreadStatic]
    private static IGrainContext? t_activationBeingCreated;

    /// <summary>The activation whose grain instance is being constructed on this thread, if any.</summary>
    public static IGrainContext? ActivationBeingCreated => t_activationBeingCreated;

    /// <summary>Marks <paramref name="context"/> as the one being constructed until the scope is disposed.</summary>
    public static CreationScope BeginCreation(IGrainContext context) => new(context);

    /// <summary>Restores the previous value when disposed.</summary>
    public readonly struct CreationScope : IDisposable
    {
        private readonly IGrainContext? _previous;

        internal CreationScope(IGrainContext context)
        {
            _previous = t_activationBeingCreated;
            t_activationBeingCreated = context;
        }

        /// <inheritdoc />
        public void Dispose() => t_activationBeingCreated = _previous;
    }
}
