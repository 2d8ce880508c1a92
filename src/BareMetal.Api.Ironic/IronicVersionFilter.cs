using BareMetal.Api.Errors;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Ironic;

/// <summary>
/// Runs around every /v1 endpoint: negotiates the microversion (406 outside the range), puts the version headers on
/// every answer (errors included, as clients read them to renegotiate) and turns refusals into Ironic's error bodies.
/// </summary>
internal sealed partial class IronicVersionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Response.Headers;
        headers[ApiVersion.MinimumHeader] = ApiVersion.Minimum.ToString();
        headers[ApiVersion.MaximumHeader] = ApiVersion.Maximum.ToString();
        headers[RequestIds.HeaderName] = RequestIds.New();
        var requested = http.Request.Headers[ApiVersion.Header].ToString();
        ApiVersion version;
        if (string.IsNullOrWhiteSpace(requested))
        {
            version = ApiVersion.Minimum;
        }
        else if (string.Equals(requested.Trim(), "latest", StringComparison.OrdinalIgnoreCase))
        {
            version = ApiVersion.Maximum;
        }
        else if (!ApiVersion.TryParse(requested, out var parsed))
        {
            return IronicError.Result(406, $"Invalid value for {ApiVersion.Header} header: '{requested}'. Expected the format 1.N or 'latest'.");
        }
        else if (parsed.Value.CompareTo(ApiVersion.Minimum) < 0 || parsed.Value.CompareTo(ApiVersion.Maximum) > 0)
        {
            return IronicError.Result(
                406,
                $"Version {parsed.Value} was requested but the minor version is not supported by this service. The supported version range is: [{ApiVersion.Minimum}, {ApiVersion.Maximum}].");
        }
        else
        {
            version = parsed.Value;
        }

        headers[ApiVersion.Header] = version.ToString();
        IronicRequest.Attach(http, version);
        try
        {
            return await next(context);
        }
        catch (IronicApiException refused)
        {
            if (refused.RetryAfterSeconds is { } seconds)
            {
                headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return IronicError.Result(refused);
        }
        catch (NodeNotFoundException missing)
        {
            return IronicError.Result(404, missing.NodeId is null ? missing.Message : $"Node {missing.NodeId} could not be found.");
        }
        catch (NodeQueueFullException full)
        {
            headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(full.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return IronicError.Result(503, full.Message);
        }
        catch (NodeRequestRefusedException refused)
        {
            return IronicError.Result(400, refused.Reason ?? refused.Message);
        }
        catch (OperationConflictException conflict)
        {
            return IronicError.Result(409, conflict.Message);
        }
        catch (PortAddressTakenException taken)
        {
            return IronicError.Result(409, taken.Message);
        }
        catch (NotSupportedException unsupported)
        {
            return IronicError.Result(501, unsupported.Message);
        }
        catch (ApiProblemException problem)
        {
            // The shared body reader's refusals (413, 415, 400): their text, in Ironic's error body.
            if (problem.RetryAfter is { } delay)
            {
                headers.RetryAfter = ApiProblems.RetryAfterSeconds(delay).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return IronicError.Result(problem.Status, problem.Message);
        }
        catch (BadHttpRequestException bad)
        {
            return IronicError.Result(bad.StatusCode, bad.Message);
        }
        catch (Exception failure) when (ClusterUnavailability.Classify(failure) is { } unavailable)
        {
            // A silo down or restarting, a busy gateway, a call that timed out: the native API's 503s, so that clients
            // of either API retry them.
            UnavailableAnswerLog.Log(http.RequestServices.GetRequiredService<ILogger<IronicVersionFilter>>(), http.Request, failure, unavailable.Kind);
            headers.RetryAfter = ApiProblems.RetryAfterSeconds(ClusterUnavailability.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return IronicError.Result(503, unavailable.Detail);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Log.RequestFailed(http.RequestServices.GetRequiredService<ILogger<IronicVersionFilter>>(), http.Request.Method, http.Request.Path, failure);
            return IronicError.Result(500, "The request failed inside the service; see its log.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Ironic API {Method} {Path} failed")]
        public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);
    }
}
