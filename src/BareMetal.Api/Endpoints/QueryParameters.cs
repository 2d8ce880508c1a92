using System.Globalization;
using BareMetal.Api.Errors;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Endpoints;

/// <summary>Strict parsing of query parameters: a value that does not parse is a 400 naming the parameter, never ignored.</summary>
internal static class QueryParameters
{
    public static string? Text(HttpRequest request, string name)
    {
        var values = request.Query[name];
        if (values.Count > 1)
        {
            throw ApiProblemException.BadRequest($"The query parameter '{name}' is given more than once.");
        }

        return values.Count == 0 || values[0] is not { Length: > 0 } value ? null : value;
    }

    public static void AllowOnly(HttpRequest request, params string[] names)
    {
        if (!request.QueryString.HasValue)
        {
            // Nothing to check, and no need to parse the (empty) query.
            return;
        }

        foreach (var key in request.Query.Keys)
        {
            if (!names.Contains(key, StringComparer.Ordinal))
            {
                throw ApiProblemException.BadRequest($"Unknown query parameter '{key}'; this endpoint accepts: {string.Join(", ", names)}.");
            }
        }
    }

    public static int Limit(HttpRequest request, int fallback = 100, int max = 1000)
    {
        var text = Text(request, "limit");
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max
            ? limit
            : throw ApiProblemException.BadRequest($"The query parameter 'limit' must be a whole number from 1 to {max} (was '{text}').");
    }

    public static bool? Boolean(HttpRequest request, string name)
    {
        var text = Text(request, name);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => throw ApiProblemException.BadRequest($"The query parameter '{name}' must be true or false (was '{text}')."),
        };
    }

    public static ProvisionState? ProvisionStateOf(HttpRequest request)
    {
        var text = Text(request, "provisionState");
        return text is null ? null
            : ProvisionStateNames.TryParse(text, out var state) ? state
            : throw ApiProblemException.BadRequest($"The query parameter 'provisionState' must be an Ironic provision state such as 'available' or 'wait call-back' (was '{text}').");
    }

    public static PowerState? PowerStateOf(HttpRequest request)
    {
        var text = Text(request, "powerState");
        return text is null ? null
            : PowerStateNames.TryParse(text, out var state) ? state
            : throw ApiProblemException.BadRequest($"The query parameter 'powerState' must be 'power on', 'power off' or 'error' (was '{text}').");
    }

    public static OperationStatus? StatusOf(HttpRequest request)
    {
        var text = Text(request, "status");
        if (text is null)
        {
            return null;
        }

        foreach (var status in Enum.GetValues<OperationStatus>())
        {
            if (string.Equals(StatusName(status), text, StringComparison.Ordinal))
            {
                return status;
            }
        }

        throw ApiProblemException.BadRequest(
            $"The query parameter 'status' must be one of {string.Join(", ", Enum.GetValues<OperationStatus>().Select(StatusName))} (was '{text}').");
    }

    public static long? Version(HttpRequest request, string name)
    {
        var text = Text(request, name);
        return text is null ? null
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
            : throw ApiProblemException.BadRequest($"The query parameter '{name}' must be a non-negative whole number (was '{text}').");
    }

    /// <summary>A duration: "20s", "500ms", "1m", or a number of seconds.</summary>
    public static TimeSpan? Duration(HttpRequest request, string name, TimeSpan max)
    {
        var text = Text(request, name);
        if (text is null)
        {
            return null;
        }

        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            throw ApiProblemException.BadRequest($"The query parameter '{name}' must be a duration such as '20s' or '500ms' (was '{text}').");
        }

        var duration = TimeSpan.FromSeconds(value * scale);
        return duration <= max
            ? duration
            : throw ApiProblemException.BadRequest($"The query parameter '{name}' may be at most {max.TotalSeconds:0} s (was '{text}').");
    }

    public static string StatusName(OperationStatus status) => status switch
    {
        OperationStatus.TimedOut => "timed_out",
        _ => status.ToString().ToLowerInvariant(),
    };
}
