using Microsoft.CodeAnalysis;

namespace BareMetal.Runtime.CodeGenerator.Diagnostics;

/// <summary>The errors the generator reports for grain interfaces and grain classes it cannot generate code for.</summary>
internal static class GrainDiagnostics
{
    private const string Category = "BareMetal.CodeGenerator";

    public static readonly DiagnosticDescriptor InvalidReturnType = new(
        id: "BMGEN001",
        title: "Grain method has an unsupported return type",
        messageFormat: "Grain method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidParameter = new(
        id: "BMGEN002",
        title: "Grain method parameter cannot be sent as a message",
        messageFormat: "Parameter '{0}' of grain method '{1}' {2}; grain method parameters must be passed by value",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        id: "BMGEN003",
        title: "Grain interface declares a member that is not an instance method",
        messageFormat: "Grain interface '{0}' declares the {1} '{2}'; grain interfaces may only declare instance methods",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericMethod = new(
        id: "BMGEN004",
        title: "Grain method is generic",
        messageFormat: "Grain method '{0}' is generic; generic grain methods are not supported",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericInterface = new(
        id: "BMGEN005",
        title: "Grain interface is generic",
        messageFormat: "Grain interface '{0}' is generic (or nested in a generic type); generic grain interfaces are not supported",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MultipleCancellationTokens = new(
        id: "BMGEN006",
        title: "Grain method takes more than one CancellationToken",
        messageFormat: "Grain method '{0}' takes more than one CancellationToken; at most one is allowed",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OneWayWithResult = new(
        id: "BMGEN007",
        title: "One-way grain method has a result",
        messageFormat: "Grain method '{0}' is [OneWay] but returns '{1}'; one-way methods must return Task or ValueTask",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidResponseTimeout = new(
        id: "BMGEN008",
        title: "ResponseTimeout value is not a valid TimeSpan",
        messageFormat: "[ResponseTimeout(\"{1}\")] on grain method '{0}' is not a valid positive TimeSpan (expected a value such as \"00:00:05\")",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InaccessibleType = new(
        id: "BMGEN009",
        title: "Grain type is not accessible to generated code",
        messageFormat: "Grain {0} '{1}' must be accessible within its assembly (public or internal, and not nested in a private type) so generated code can refer to it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
