using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Redfish;

/// <summary>
/// Talks to one BMC for one driver call: authenticates (a cached session, logging in again once when the BMC says it
/// expired, or basic auth), bounds each request by <see cref="RedfishDriverOptions.RequestTimeout"/> and by the
/// silo's <see cref="RedfishRequestLimiter"/>, and turns transport failures into <see cref="DriverException"/>s that
/// name the BMC and never a credential. An error status from the BMC becomes a <see cref="RedfishRequestException"/>,
/// so the caller can react to it (a stale ETag, for one).
/// </summary>
internal sealed partial class RedfishBmcClient(
    HttpClient http,
    RedfishDriverInfo info,
    string nodeId,
    RedfishSessionCache sessions,
    RedfishRequestLimiter limiter,
    RedfishDriverOptions options,
    ILogger logger)
{
    /// <summary>The path of the service root.</summary>
    public const string ServiceRootPath = "/redfish/v1/";

    /// <summary>The path where sessions are created (fixed by the Redfish specification).</summary>
    public const string SessionsPath = "/redfish/v1/SessionService/Sessions";

    private static readonly MediaTypeWithQualityHeaderValue s_json = new("application/json");

    /// <summary>The BMC's address, for messages.</summary>
    public Uri Address => info.Address;

    /// <summary>Reads the service root, which Redfish serves without authentication.</summary>
    public async Task<RedfishResource> GetServiceRootAsync(CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(HttpMethod.Get, ServiceRootPath, null, null, Credentials.None, cancellationToken).ConfigureAwait(false);
        return Resource(ServiceRootPath, EnsureSuccess(HttpMethod.Get, ServiceRootPath, reply));
    }

    /// <summary>Reads a resource.</summary>
    public async Task<RedfishResource> GetAsync(string path, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        return Resource(path, reply);
    }

    /// <summary>Changes a resource, sending <paramref name="ifMatch"/> when known so that a concurrent change is detected.</summary>
    public Task PatchAsync(string path, JsonObject body, string? ifMatch, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, path, body, ifMatch, cancellationToken);

    /// <summary>Invokes an action.</summary>
    public Task PostAsync(string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, null, cancellationToken);

    /// <summary>Ends <paramref name="session"/> on the BMC (DELETE of its resource); failures only get logged, the BMC expires it anyway.</summary>
    public async Task LogOutAsync(RedfishSession session, CancellationToken cancellationToken)
    {
        if (session.Location is not { } location)
        {
            return;
        }

        try
        {
            var reply = await ExchangeAsync(HttpMethod.Delete, location, null, null, Credentials.Token(session.Token), cancellationToken).ConfigureAwait(false);
            LogLoggedOut(info.Address, location, (int)reply.Status);
        }
        catch (DriverException exception)
        {
            LogLogOutFailed(info.Address, location, exception.Message);
        }
    }

    private async Task<Reply> SendAsync(HttpMethod method, string path, JsonObject? body, string? ifMatch, CancellationToken cancellationToken)
    {
        if (!info.HasCredentials)
        {
            return EnsureSuccess(method, path, await ExchangeAsync(method, path, body, ifMatch, Credentials.None, cancellationToken).ConfigureAwait(false));
        }

        if (info.AuthType == RedfishAuthType.Basic || (info.AuthType == RedfishAuthType.Auto && sessions.IsBasicOnly(info)))
        {
            return await SendBasicAsync(method, path, body, ifMatch, cancellationToken).ConfigureAwait(false);
        }

        var session = sessions.Get(info) ?? await LogInAsync(cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return await SendBasicAsync(method, path, body, ifMatch, cancellationToken).ConfigureAwait(false);
        }

        var reply = await ExchangeAsync(method, path, body, ifMatch, Credentials.Token(session.Token), cancellationToken).ConfigureAwait(false);
        if (reply.Status == HttpStatusCode.Unauthorized)
        {
            // Sessions expire (idle timeout, BMC reboot): log in once more, then the credentials themselves are wrong.
            LogSessionRejected(nodeId, info.Address);
            sessions.Remove(info, session);
            session = await LogInAsync(cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return await SendBasicAsync(method, path, body, ifMatch, cancellationToken).ConfigureAwait(false);
            }

            reply = await ExchangeAsync(method, path, body, ifMatch, Credentials.Token(session.Token), cancellationToken).ConfigureAwait(false);
            if (reply.Status == HttpStatusCode.Unauthorized)
            {
                throw CredentialsRejected(reply);
            }
        }

        return EnsureSuccess(method, path, reply);
    }

    private async Task<Reply> SendBasicAsync(HttpMethod method, string path, JsonObject? body, string? ifMatch, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(method, path, body, ifMatch, Credentials.Basic(info.Username!, info.Password ?? string.Empty), cancellationToken).ConfigureAwait(false);
        return reply.Status == HttpStatusCode.Unauthorized ? throw CredentialsRejected(reply) : EnsureSuccess(method, path, reply);
    }

    // Null when the BMC has no session service and "auto" allows falling back to basic auth.
    private async Task<RedfishSession?> LogInAsync(CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["UserName"] = info.Username, ["Password"] = info.Password };
        var reply = await ExchangeAsync(HttpMethod.Post, SessionsPath, body, null, Credentials.None, cancellationToken).ConfigureAwait(false);
        switch (reply.Status)
        {
            case HttpStatusCode.OK or HttpStatusCode.Created when reply.AuthToken is { Length: > 0 } token:
                var session = new RedfishSession(token, reply.Location is null ? null : LocalPath(reply.Location));
                sessions.Set(info, session);
                LogLoggedIn(nodeId, info.Address, session.Location);
                return session;
            case HttpStatusCode.OK or HttpStatusCode.Created:
                throw new DriverException(nodeId, $"the BMC at {info.Address} granted a session without an X-Auth-Token header");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest:
                throw CredentialsRejected(reply);
            case HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented when info.AuthType == RedfishAuthType.Auto:
                LogNoSessionService(nodeId, info.Address, (int)reply.Status);
                sessions.MarkBasicOnly(info);
                return null;
            case HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented:
                throw new DriverException(nodeId, $"the BMC at {info.Address} offers no Redfish sessions (HTTP {(int)reply.Status} on POST {SessionsPath}); set {RedfishDriverInfoKeys.AuthType} to basic or auto");
            default:
                throw new DriverException(nodeId, $"the BMC at {info.Address} refused to open a session: {Describe(reply)}");
        }
    }

    private DriverException CredentialsRejected(Reply reply)
    {
        LogCredentialsRejected(nodeId, info.Address, (int)reply.Status);
        return new DriverException(
            nodeId,
            $"the BMC at {info.Address} rejected the credentials in {RedfishDriverInfoKeys.Username}/{RedfishDriverInfoKeys.Password} ({Describe(reply)})");
    }

    private Reply EnsureSuccess(HttpMethod method, string path, Reply reply) =>
        (int)reply.Status is >= 200 and < 300 ? reply : throw new RedfishRequestException(reply.Status, $"{method} {path}: {Describe(reply)}");

    private RedfishResource Resource(string path, Reply reply)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(reply.Body);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is not JsonObject body)
        {
            throw new DriverException(nodeId, $"the BMC at {info.Address} answered GET {path} with something other than a JSON object");
        }

        var etag = reply.ETag ?? (body["@odata.etag"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
        return new RedfishResource(path, body, etag);
    }

    private async Task<Reply> ExchangeAsync(HttpMethod method, string path, JsonObject? body, string? ifMatch, Credentials credentials, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(info.Address, path));
        request.Headers.Accept.Add(s_json);
        request.Headers.TryAddWithoutValidation("OData-Version", "4.0");
        credentials.Apply(request);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var slot = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            LogExchange(nodeId, method.Method, path, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new Reply(
                response.StatusCode,
                text,
                response.Headers.ETag?.ToString() ?? Header(response, "ETag"),
                Header(response, "X-Auth-Token"),
                response.Headers.Location?.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            LogTimedOut(nodeId, info.Address, method.Method, path, options.RequestTimeout);
            throw new DriverException(nodeId, $"the BMC at {info.Address} did not answer {method} {path} within {seconds} s");
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(nodeId, info.Address, exception.HttpRequestError);
            throw new DriverException(nodeId, Unreachable(exception), exception);
        }
    }

    private string Unreachable(HttpRequestException exception)
    {
        if (exception.InnerException is AuthenticationException tls)
        {
            return $"the TLS certificate of the BMC at {info.Address} was not accepted ({tls.Message}); give {RedfishDriverInfoKeys.VerifyCa} "
                + "the path of the CA bundle that signed it, or false to skip the check";
        }

        return $"cannot reach the BMC at {info.Address}: {exception.Message}";
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string LocalPath(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : location;

    private static string Describe(Reply reply) =>
        RedfishErrorBody.Describe(reply.Body) is { } said ? $"HTTP {(int)reply.Status} {said}" : $"HTTP {(int)reply.Status}";

    private sealed record Reply(HttpStatusCode Status, string Body, string? ETag, string? AuthToken, string? Location);

    // What a request carries to authenticate; ToString hides the secret, so it never reaches a log line by accident.
    private sealed class Credentials
    {
        private readonly string? _token;
        private readonly string? _basic;

        private Credentials(string? token, string? basic)
        {
            _token = token;
            _basic = basic;
        }

        public static Credentials None { get; } = new(null, null);

        public static Credentials Token(string token) => new(token, null);

        public static Credentials Basic(string username, string password) =>
            new(null, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

        public void Apply(HttpRequestMessage request)
        {
            if (_token is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Auth-Token", _token);
            }
            else if (_basic is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basic);
            }
        }

        public override string ToString() => "(credentials)";
    }
}
